import Foundation
import Testing
@testable import OracleFixtures

/// A real's `exact` rational, its Double and its accuracy must agree, decided in ℚ (Fixtures/README.md:
/// `exact` equal, `correctly-rounded` the rational rounded to nearest-even, `bound:<x>` within x).
struct ExactValueConsistencyTests {
    @Test("exact / correctly-rounded / bound: agreement decided in ℚ, including a tie and a non-reduced p/q")
    func decidedInRationals() {
        #expect(RealNumber.inconsistency(exact: "1/10", double: 0.1, accuracy: .correctlyRounded) == nil)
        // 0.1 is 3602879701896397/36028797018963968, not 1/10.
        #expect(RealNumber.inconsistency(exact: "1/10", double: 0.1, accuracy: .exact) != nil)
        #expect(RealNumber.inconsistency(exact: "1/10", double: 0.1.nextUp, accuracy: .correctlyRounded) != nil)
        #expect(RealNumber.inconsistency(exact: "-1/2", double: -0.5, accuracy: .exact) == nil)
        #expect(RealNumber.inconsistency(exact: "0", double: 0, accuracy: .exact) == nil)
        #expect(RealNumber.inconsistency(exact: "2/4", double: 0.5, accuracy: .exact)?.contains("not reduced") == true)
        // 1 + 2⁻⁵³ is a tie between 1 and 1 + 2⁻⁵², and rounds to the even 1.
        #expect(
            RealNumber.inconsistency(exact: "9007199254740993/9007199254740992", double: 1, accuracy: .correctlyRounded)
                == nil)
        #expect(
            RealNumber.inconsistency(
                exact: "9007199254740993/9007199254740992", double: 1.0.nextUp, accuracy: .correctlyRounded) != nil)
        // |1/3 − 0.3| = 0.0333…: within 0.04, not within 0.03.
        #expect(RealNumber.inconsistency(exact: "1/3", double: 0.3, accuracy: .bound(0.04)) == nil)
        #expect(RealNumber.inconsistency(exact: "1/3", double: 0.3, accuracy: .bound(0.03)) != nil)
    }

    @Test("a committed fixture whose exact value was edited is refused with a located inconsistentNumber error")
    func editedFileRefused() throws {
        let url = URL(fileURLWithPath: TestFixtures.repositoryFixtures.path).appendingPathComponent(
            "divergences/gaussian-kl.json")
        let text = try String(contentsOf: url, encoding: .utf8)
        // The first non-negative exact value gets a leading digit 7: still a well-spelled rational.
        let anchor = try #require(text.range(of: #""exact": "[0-9]"#, options: .regularExpression))
        var edited = text
        edited.replaceSubrange(anchor, with: "\"exact\": \"7" + text[anchor].suffix(1))
        _ = try FixtureFile.decode(Array(text.utf8), source: "gaussian-kl.json")
        let error = try #require(throws: FixtureError.self) {
            try FixtureFile.decode(Array(edited.utf8), source: "gaussian-kl.json")
        }
        #expect(error.kind == .inconsistentNumber, "\(error)")
        #expect(error.description.contains("the exact value 7"), "\(error)")
        #expect(error.location.hasPrefix("gaussian-kl.json:"))
    }
}
