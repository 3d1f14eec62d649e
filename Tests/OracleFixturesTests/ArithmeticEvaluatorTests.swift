import Foundation
import Testing
@testable import OracleFixtures

/// The arithmetic evaluators: bad inputs name the field, and the correctly rounded log-sum-exp
/// agrees with glibc's stable routes where those are within half an ulp.
struct ArithmeticEvaluatorTests {
    @Test("a missing x, an array x, NaN and a malformed decimal are one-line errors naming the field")
    func badInputsNameTheField() {
        let log1p = ElementaryFunctionEvaluator(.log1p)
        let decimal = DecimalToDoubleEvaluator(group: "easy")
        let logsumexp = LogSumExpEvaluator()
        let cases: [(any GroupEvaluator, OrderedMap<FixtureValue>, EvaluationError.Kind, String)] = [
            (log1p, [:], .missingInput, "x"),
            (log1p, ["x": .vector([.exactReal(1)])], .mistypedInput, "x"),
            (log1p, ["x": .exactReal(.nan)], .notFinite, "x"),
            (decimal, ["decimal": .string("1.2.3")], .mistypedInput, "decimal"),
            (logsumexp, ["x": .vector([.exactReal(1), .exactReal(.infinity)])], .notFinite, "x"),
            (logsumexp, ["x": .vector([])], .shapeMismatch, "x"),
        ]
        for (evaluator, inputs, kind, field) in cases {
            let error = #expect(throws: EvaluationError.self) { try evaluator.evaluate(inputs) }
            #expect(error?.kind == kind && error?.field == field, "\(String(describing: error))")
            #expect(error.map { !$0.description.contains("\n") } == true)
        }
    }

    @Test("ln(1 + x) of x ≤ −1 is refused with domain-error")
    func log1pRefuses() throws {
        let evaluation = try ElementaryFunctionEvaluator(.log1p).evaluate(["x": .exactReal(-1)])
        #expect(evaluation == .refusal("domain-error"))
    }

    @Test("log-sum-exp: K = 1 is exact, ln(2eˣ) = x + ln 2, and far arguments need no overflow")
    func logSumExpValues() throws {
        #expect(try ArithmeticEvaluators.correctlyRoundedLogSumExp([-1e5]) == -1e5)
        #expect(try ArithmeticEvaluators.correctlyRoundedLogSumExp([0, 0]) == Foundation.log(2.0))
        #expect(try ArithmeticEvaluators.correctlyRoundedLogSumExp([1e5, 1e5]) == 1e5 + Foundation.log(2.0))
        // ln(1 + e^(−1e300)) is far below the least subnormal: +0.
        let tiny = try ArithmeticEvaluators.correctlyRoundedLogSumExp([0, -1e300])
        #expect(tiny == 0 && tiny.sign == .plus)
    }
}
