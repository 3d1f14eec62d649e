import Testing
@testable import OracleFixtures

/// The optional absolute floor of an `ulps` or `relative` tolerance: the canonical writer and
/// the strict reader agree on it, the reader refuses it where it is meaningless, and `verify`
/// accepts a real within the floor and says so.
struct AbsoluteFloorTests {
    static let floored = ToleranceSpec(
        kind: .relative, value: 1e-12, absoluteFloor: 1e-20,
        reason: "relative 1e-12; absolute floor 1e-20 at the zero entries")

    /// A one-case file whose expected reals are `expected`, under `tolerance`.
    static func file(_ tolerance: ToleranceSpec, expected: [Double]) -> FixtureFile {
        SyntheticFixtureFiles.oneCase(.vector(expected.map(FixtureValue.exactReal)), tolerance: tolerance)
    }

    static func verdict(_ tolerance: ToleranceSpec, expected: [Double], observed: [String]) throws -> CaseVerdict {
        let results = ResultsFile(
            family: "test", variant: "v", implementation: "t",
            results: ["test/v/g/c": .outputs(["y": .list(observed.map { .number($0) })])])
        let report = try Verifier.verify(results, against: file(tolerance, expected: expected), resultsSource: "r")
        return try #require(report.verdicts.first)
    }

    @Test("the writer puts absoluteFloor between value and reason, the reader reads it back; no floor, no key")
    func roundTrip() throws {
        let text = Self.file(Self.floored, expected: [0, 1]).canonicalText
        #expect(text.contains("\"kind\": \"relative\",\n"))
        #expect(text.contains("\"value\": 1e-12,\n") && text.contains("\"absoluteFloor\": 1e-20,\n"))
        let value = try #require(text.range(of: "\"value\"")), floor = try #require(text.range(of: "\"absoluteFloor\""))
        let reason = try #require(text.range(of: "\"reason\""))
        #expect(value.upperBound < floor.lowerBound && floor.upperBound < reason.lowerBound)
        let reread = try FixtureFile.decode(TestFixtures.bytes(text), source: "floor.json")
        #expect(reread.cases.first?.tolerance == Self.floored)
        #expect(reread.canonicalText == text)

        let plain = ToleranceSpec.relative(1e-12, "no floor")
        let plainText = Self.file(plain, expected: [1]).canonicalText
        #expect(!plainText.contains("absoluteFloor"))
        let plainRead = try FixtureFile.decode(TestFixtures.bytes(plainText), source: "plain.json")
        #expect(plainRead.cases.first?.tolerance.absoluteFloor == nil)
    }

    @Test(
        "the reader refuses a floor on exact or absolute, a floor ≤ 0, and a floor that is not a number",
        arguments: [
            ("\"kind\": \"relative\"", "\"kind\": \"absolute\"", "not allowed for kind absolute"),
            ("\"kind\": \"relative\"", "\"kind\": \"exact\"", "not allowed for kind exact"),
            ("\"absoluteFloor\": 1e-20", "\"absoluteFloor\": 0.0", "the absolute floor 0.0 is not allowed"),
            ("\"absoluteFloor\": 1e-20", "\"absoluteFloor\": -1e-20", "the absolute floor -1e-20 is not allowed"),
            ("\"absoluteFloor\": 1e-20", "\"absoluteFloor\": \"1e-20\"", "expected a finite number"),
        ])
    func refused(find: String, replace: String, phrase: String) throws {
        var text = Self.file(Self.floored, expected: [0]).canonicalText
        let range = try #require(text.range(of: find))
        text.replaceSubrange(range, with: replace)
        if replace.contains("exact") {
            text = text.replacingOccurrences(of: "\"value\": 1e-12", with: "\"value\": 0.0")
        }
        let error = try #require(throws: FixtureError.self) {
            try FixtureFile.decode(TestFixtures.bytes(text), source: "f.json")
        }
        #expect(error.description.contains(phrase), "\(error)")
        #expect(!error.description.contains("\n"))
    }

    @Test("withAbsoluteFloor refuses exact and absolute tolerances and floors that are not positive and finite")
    func builderRefuses() throws {
        #expect(throws: FixtureError.self) { try ToleranceSpec.absolute(1e-9, "r").withAbsoluteFloor(1e-20, "f") }
        #expect(throws: FixtureError.self) { try ToleranceSpec.exact("r").withAbsoluteFloor(1e-20, "f") }
        #expect(throws: FixtureError.self) { try ToleranceSpec.relative(1e-12, "r").withAbsoluteFloor(0, "f") }
        #expect(throws: FixtureError.self) { try ToleranceSpec.ulps(1, "r").withAbsoluteFloor(.infinity, "f") }
        #expect(try ToleranceSpec.ulps(1, "r").withAbsoluteFloor(1e-300, "f").reason == "r; f")
    }

    @Test("verify: a near-zero value within the floor passes and is counted; one outside fails and names both bounds")
    func verifierFloor() throws {
        let within = try Self.verdict(Self.floored, expected: [0, 1], observed: ["1e-21", "1.0000000000005"])
        #expect(within.status == .passed)
        #expect(
            within.detail.contains("1 real within the absolute floor only (worst absolute 1e-21)"),
            "\(within.detail)")
        // The nonzero entry is still judged by its relative bound (5e-13 ≤ 1e-12), not hidden by ∞.
        #expect(within.worst.map { $0 > 4e-13 && $0 < 6e-13 } == true, "\(String(describing: within.worst))")

        let outside = try Self.verdict(Self.floored, expected: [0, 1], observed: ["2e-20", "1.0"])
        #expect(outside.status == .failed)
        #expect(outside.detail.contains("y[0] = 2e-20"), "\(outside.detail)")
        #expect(
            outside.detail.contains("(absolute 2e-20), allowed relative ≤ 1e-12 or absolute ≤ 1e-20"),
            "\(outside.detail)")

        // The floor is absolute: a nonzero entry off by more than both bounds fails.
        let far = try Self.verdict(Self.floored, expected: [0, 1e-15], observed: ["0.0", "1.1e-15"])
        #expect(far.status == .failed)
        // Without a floor, only a bit-exact zero passes a relative bound at 0.
        let plain = ToleranceSpec.relative(1e-12, "no floor")
        #expect(try Self.verdict(plain, expected: [0], observed: ["1e-300"]).status == .failed)
        #expect(try Self.verdict(plain, expected: [0], observed: ["-0.0"]).status == .passed)
        // NaN is never within a floor.
        #expect(try Self.verdict(Self.floored, expected: [0], observed: ["NaN"]).status == .failed)
    }
}
