import Foundation
import Testing
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport

@Suite("log-sum-exp")
struct LogSumExpTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let values: [Double]
        let name: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(values: [1000, 1000], name: "overflow: (1000, 1000) → 1000 + ln 2"),
        Case(values: [-1000], name: "underflow: (−1000) → −1000"),
        Case(values: [-1000, -1000, -1000], name: "underflow: 3×(−1000) → −1000 + ln 3"),
        Case(values: [0, -40], name: "one dominant term: log1p(e⁻⁴⁰)"),
        Case(values: [710, 709, -800, 0.5], name: "mixed magnitudes"),
        Case(values: (0..<100).map { Double($0) / 10 - 5 }, name: "100 terms in [−5, 5)"),
        Case(values: [1e-20, -1e-20], name: "tiny: log 2 + O(1e-40)"),
    ]

    @Test("against a 200-bit BigFloat evaluation of the same formula", arguments: cases)
    func againstBigFloat(_ c: Case) throws {
        let observed = try logSumExp(c.values)
        // The reference is the same algorithm at 200 bits on the exact inputs: its error is
        // ≲ (n + 3)·2⁻²⁰⁰·max(1, |result|), far below a Double ulp, so its Double image is the
        // correctly rounded value except within ~2⁻¹⁴⁰ ulp of a rounding boundary.
        let reference = try BigFloat.withPrecision(200) {
            try logSumExp(c.values.map { BigFloat($0) }).doubleValue
        }
        // Bound: u·|result| + (n + 3)·u (see the `logSumExp` documentation), in ulps of the result.
        let n = Double(c.values.count)
        let bound = unitRoundoff * abs(reference) + (n + 3) * unitRoundoff
        expectClose(
            observed, reference,
            within: .absolute(
                bound,
                "logSumExp's documented bound u·|result| + (n + 3)·u; the 200-bit reference errs ≲ (n + 3)·2⁻²⁰⁰, "
                    + "far below it"))
        #expect(observed.isFinite)
        print("[worst] logSumExp \(c.name): \(ulpDistance(observed, reference)) ulps")
    }

    @Test("closed forms: (1000, 1000) is 1000 + ln 2 within 1 ulp, (−1000) is −1000 exactly")
    func closedForms() throws {
        // 1000 + ln 2 rounded once (ln 2's Double error 1e-17 is ≪ ulp(1000) = 1.1e-13).
        expectClose(
            try logSumExp([1000.0, 1000]), 1000 + M_LN2,
            within: .ulps(
                1, "1000 + ln 2 rounded once: ln 2's Double error 1e-17 ≪ ulp(1000) = 1.1e-13"))
        #expect(try logSumExp([-1000.0]) == -1000)
        // The unshifted formula fails: exp(1000) = ∞, and log(exp(−1000)) = log 0 = −∞.
        #expect(log(exp(1000.0) + exp(1000.0)) == .infinity)
        #expect(log(exp(-1000.0)) == -.infinity)
    }

    @Test("non-finite and empty input")
    func edgeCases() throws {
        #expect(try logSumExp([-Double.infinity, -.infinity]) == -.infinity)
        #expect(try logSumExp([1.0, .infinity]) == .infinity)
        #expect(try logSumExp([-Double.infinity, 3]) == 3)
        #expect(throws: LinearAlgebraError.nonFinite(row: 1, column: 0)) { try logSumExp([1.0, .nan]) }
        #expect(throws: LinearAlgebraError.emptyMatrix) { try logSumExp([Double]()) }
    }
}
