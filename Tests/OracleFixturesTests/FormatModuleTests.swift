import Foundation
import Testing
@testable import OracleFixtureFormat
import OracleFixtures
import OracleTestSupport

/// The format module stands alone, and tests and fixtures judge values with one tolerance type.
struct FormatModuleTests {
    static let sources = RepositoryRoot.appending("Sources/OracleFixtureFormat")

    /// Every source of OracleFixtureFormat imports Foundation or OracleArithmetic and nothing else,
    /// so the format can be read and verified without the derivations, linear algebra or GSL.
    @Test func formatImportsOnlyFoundationAndArithmetic() throws {
        let files = try #require(FileManager.default.enumerator(atPath: Self.sources.path))
            .compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        #expect(files.count >= 20)
        for file in files {
            let text = try String(contentsOf: Self.sources.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasPrefix("import ") || line.contains(" import ") {
                let module = line.split(separator: " ").last.map(String.init) ?? ""
                #expect(["Foundation", "OracleArithmetic"].contains(module), "\(file): \(line)")
            }
        }
    }

    /// The tests' `Tolerance` is the fixtures' `ToleranceSpec`: `exact` refuses −0 against +0
    /// in both, accepts NaN against NaN, and a ulp bound counts −0 and +0 as equal.
    @Test func testToleranceIsTheFixtureTolerance() {
        let test: Tolerance = .exact("bitwise")
        let fixture: ToleranceSpec = .exact("bitwise")
        #expect(test == fixture)
        #expect(!test.accepts(-0.0, 0.0))
        #expect(!test.accepts(0.0, -0.0))
        #expect(test.accepts(.nan, .nan))
        #expect(test.accepts(-0.0, -0.0))
        #expect(Tolerance.ulps(0, "ulp line").accepts(-0.0, 0.0))
        #expect(!Tolerance.ulps(0, "ulp line").accepts(0x1p-1074, 0.0))
        #expect(Tolerance.ulps(1, "ulp line").accepts(0x1p-1074, -0.0))
        #expect("\(Tolerance.relative(1e-12, "two terms"))" == "relative ≤ 1e-12 (two terms)")
    }

    /// The verifier's name for a refusal output is the one the flag-effect tables use.
    @Test func refusalOutputNameAgrees() {
        #expect(Verifier.refusalOutput == FlagEffects.refusal)
    }

    /// A repeated key is refused whether the object is small (keys compared) or large (keys
    /// hashed), and whether the repeat is of an early or a late key.
    @Test(arguments: [(2, 0), (8, 7), (9, 0), (9, 8), (40, 3), (40, 39)])
    func repeatedKeyIsRefused(keys: Int, repeatOf: Int) {
        let members = (0..<keys).map { "\"k\($0)\": \($0)" } + ["\"k\(repeatOf)\": 0"]
        let text = "{" + members.joined(separator: ", ") + "}"
        #expect(throws: FixtureError.self) { try JSONParser.parse(Array(text.utf8), source: "t") }
        do {
            _ = try JSONParser.parse(Array(text.utf8), source: "t")
        } catch {
            #expect(error.kind == .malformedJSON && error.problem.contains("appears twice"), "\(error)")
        }
        let distinct = "{" + (0..<keys + 1).map { "\"k\($0)\": \($0)" }.joined(separator: ", ") + "}"
        #expect(throws: Never.self) { try JSONParser.parse(Array(distinct.utf8), source: "t") }
    }

    /// The byte test of a case name accepts exactly the ASCII letters, digits, '-', '.' and '_'
    /// (the scalars whose Unicode properties say alphabetic or digit, within ASCII), and no byte
    /// of a multi-byte UTF-8 sequence.
    @Test func caseNameBytesAreTheASCIINameCharacters() {
        for b in UInt8.min...UInt8.max {
            let scalar = Unicode.Scalar(b)
            let byProperties =
                b < 0x80
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || "-._".unicodeScalars.contains(scalar))
            #expect(FixtureCase.isCaseNameByte(b) == byProperties, "byte \(b)")
        }
    }
}
