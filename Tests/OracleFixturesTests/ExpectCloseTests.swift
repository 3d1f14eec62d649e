import Testing
import OracleArithmetic
import OracleTestSupport

/// The reporting assertions: a failure is an issue whose message names both values (decimal and
/// hexadecimal), their distance and the tolerance's reason; a pass records nothing.
@Suite("expectClose and expectWithin report what failed")
struct ExpectCloseTests {
    static func text(_ issue: Issue) -> String { issue.comments.map(\.rawValue).joined(separator: "\n") }

    @Test("a failing Double comparison reports both values, the distance and the reason")
    func doubleFailureReport() {
        let tolerance = Tolerance.ulps(1, "one correctly rounded operation")
        withKnownIssue {
            expectClose(1.0.nextUp.nextUp, 1.0, within: tolerance, "case x")
        } matching: { issue in
            let message = Self.text(issue)
            return message.contains("1.0000000000000004") && message.contains("0x1.0000000000002p+0")
                && message.contains("bits 0x3FF0000000000002") && message.contains("actual:")
                && message.contains("expected:  1.0 (0x1p+0, bits 0x3FF0000000000000)")
                && message.contains("2.0 ulps") && message.contains("absolute 4.440892098500626e-16")
                && message.contains("≤ 1.0 ulps") && message.contains("one correctly rounded operation")
                && message.contains("case x")
        }
        #expect(expectClose(1.0.nextUp, 1.0, within: tolerance))
    }

    @Test("an array report names the worst element, its index and how many failed")
    func arrayFailureReport() {
        withKnownIssue {
            expectClose([1, 2.001, 3.1], [1, 2, 3], within: .absolute(0.01, "three O(1) sums"))
        } matching: { issue in
            let message = Self.text(issue)
            return message.contains("1 of 3 elements") && message.contains("worst at index 2")
                && message.contains("3.1") && message.contains("three O(1) sums")
        }
        withKnownIssue {
            expectClose([1], [1, 2], within: .exact("same length"))
        } matching: {
            Self.text($0).contains("lengths differ")
        }
    }

    @Test("a matrix report names the worst entry as (row, column)")
    func matrixFailureReport() {
        withKnownIssue {
            expectClose([[1, 2], [3, 4]], [[1, 2], [3, 4.5]], within: .relative(1e-12, "exact data"))
        } matching: {
            Self.text($0).contains("worst at (1, 1)")
        }
    }

    @Test("Rational and BigFloat values are compared exactly in ℚ")
    func exactComparison() throws {
        let third = try Rational(numerator: 1, denominator: 3)
        #expect(expectClose(third, third + Rational(exactly: 0x1p-60)!, within: .absolute(0x1p-60, "bound")))
        withKnownIssue {
            expectClose(third, third + Rational(exactly: 0x1p-59)!, within: .absolute(0x1p-60, "bound"))
        } matching: {
            Self.text($0).contains("|difference|") && Self.text($0).contains("bound")
        }
    }

    @Test("expectWithin reports the error, the bound, their ratio and the reason")
    func withinFailureReport() {
        #expect(expectWithin(error: 1e-13, bound: 1e-12, "κ u with κ ≈ 4.5e3"))
        withKnownIssue {
            expectWithin(error: 3e-12, bound: 1e-12, "κ u with κ ≈ 4.5e3", "degree 3")
        } matching: { issue in
            let message = Self.text(issue)
            return message.contains("error:  3e-12") && message.contains("bound:  1e-12")
                && message.contains("ratio:  error / bound = 3") && message.contains("κ u with κ ≈ 4.5e3")
                && message.contains("degree 3")
        }
        withKnownIssue {
            expectWithin(error: .nan, bound: 1, "any")
        } matching: {
            Self.text($0).contains("nan")
        }
    }

    @Test("expectBelow is strict: an error equal to its bound fails")
    func belowIsStrict() {
        #expect(expectBelow(error: 0.5, bound: 1, "half"))
        withKnownIssue {
            expectBelow(error: 1, bound: 1, "strict bound")
        } matching: {
            Self.text($0).contains("(strict)") && Self.text($0).contains("strict bound")
        }
    }

    @Test("hexadecimal floats are spelled as C's %a")
    func hexFloatSpelling() {
        #expect(expectCloseHex(3) == "0x1.8p+1")
        #expect(expectCloseHex(-0.0) == "-0x0p+0")
        #expect(expectCloseHex(.leastNonzeroMagnitude) == "0x0.0000000000001p-1022")
        #expect(expectCloseHex(0.1) == "0x1.999999999999ap-4")
        #expect(expectCloseHex(-.infinity) == "-inf")
    }
}
