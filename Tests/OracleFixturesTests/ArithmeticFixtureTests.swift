import Foundation
import OracleArithmetic
import Testing
import OracleTestSupport
@testable import OracleFixtures

/// The arithmetic fixtures agree with an independent route: the C library's correctly rounded
/// `strtod` (Swift's `Double(String)`) for decimals, and glibc's `exp`/`log` within 1 ulp.
struct ArithmeticFixtureTests {
    static let exported = Computed { try ArithmeticExporter().makeFiles() }
    static var files: [FixtureFile] { get throws { try exported.get() } }

    static func expectedReal(_ fixtureCase: FixtureCase, _ name: String) -> Double? {
        guard case .values(let values) = fixtureCase.expected, case .real(let r)? = values[name] else { return nil }
        return r.value
    }

    @Test("every decimal case equals strtod's correctly rounded Double, bit for bit")
    func decimalsMatchStrtod() throws {
        let file = try #require(try Self.files.first { $0.variant == "decimal-to-double" })
        #expect(file.cases.count > 30)
        for fixtureCase in file.cases {
            guard case .string(let text)? = fixtureCase.inputs["decimal"] else {
                Issue.record("no decimal input")
                continue
            }
            let strtod = try #require(Double(text))
            #expect(Self.expectedReal(fixtureCase, "value")?.bitPattern == strtod.bitPattern, "\(fixtureCase.id)")
        }
    }

    @Test("every exp/log case is within 1 ulp of glibc and refuses x <= 0 for log")
    func functionsMatchLibm() throws {
        let file = try #require(try Self.files.first { $0.variant == "exp-log" })
        var errors = 0
        for fixtureCase in file.cases {
            guard case .real(let x)? = fixtureCase.inputs["x"] else {
                Issue.record("no x")
                continue
            }
            guard let y = Self.expectedReal(fixtureCase, "y") else {
                #expect(fixtureCase.expected == .error(kind: "domain-error") && x.value <= 0)
                errors += 1
                continue
            }
            let libm = fixtureCase.id.contains("/exp/") ? Foundation.exp(x.value) : Foundation.log(x.value)
            expectClose(
                libm, y,
                within: .ulps(
                    1,
                    "the expected y is correctly rounded (≤ ½ ulp) and glibc's exp and log err < 1 ulp: two "
                        + "Doubles < 1.5 ulps apart"),
                "\(fixtureCase.id)")
        }
        #expect(errors == 2)
    }

    @Test("exp cases flagged subnormal-flush expect a subnormal that 0 misses by more than the tolerance")
    func subnormalFlushIsVisible() throws {
        let file = try #require(try Self.files.first { $0.variant == "exp-log" })
        let flagged = file.cases.filter { $0.flags.contains("subnormal-flush") }
        #expect(flagged.count == 3)
        for fixtureCase in file.cases where fixtureCase.id.contains("/exp/") {
            guard let y = Self.expectedReal(fixtureCase, "y"), y > 0, y < Double.leastNormalMagnitude else { continue }
            // A flushed result (0) fails exactly when the case carries the flag; e^−745 (one ulp
            // from 0) cannot carry it under a 1-ulp tolerance.
            let flushFails = !fixtureCase.tolerance.accepts(0, y)
            #expect(flushFails == fixtureCase.flags.contains("subnormal-flush"), "\(fixtureCase.id)")
        }
        let subnormal = { (y: Double?) in y.map { $0 > 0 && $0 < Double.leastNormalMagnitude } == true }
        #expect(flagged.allSatisfy { subnormal(Self.expectedReal($0, "y")) })
    }

    @Test(
        "exact decimal expansions of dyadic rationals",
        arguments: [
            (0.5, "0.5"), (-0.375, "-0.375"), (9007199254740992.0, "9007199254740992"), (0x1p-3, "0.125"),
        ])
    func expansions(value: Double, text: String) throws {
        #expect(try ExactDecimal.expansion(Rational(exactly: value)!) == text)
    }

    @Test("the tie above 1 and its neighbours are spelled exactly")
    func tieAboveOne() throws {
        let tie = try #require(try ExactDecimal.expansion(try ExactDecimal.midpointAbove(1.0)))
        #expect(tie == "1.00000000000000011102230246251565404236316680908203125")  // 1 + 2^-53
        #expect(try ExactDecimal.nudged(tie, up: true) == tie + "1")
        #expect(try ExactDecimal.nudged(tie, up: false) == "1.000000000000000111022302462515654042363166809082031249")
        #expect(try ExactDecimal.nudged("9007199254740993", up: false) == "9007199254740992.9")
    }
}
