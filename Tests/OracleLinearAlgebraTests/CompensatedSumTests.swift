import Testing
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport

@Suite("Compensated (Neumaier) summation")
struct CompensatedSumTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let terms: [Double]
        var testDescription: String { "\(terms.prefix(4))… (\(terms.count) terms)" }
    }

    static let adversarial: [Case] = [
        Case(terms: [1, 1e100, 1, -1e100]),
        Case(terms: [1e16, 1, -1e16]),
        Case(terms: [0x1p53, 1, 1, 1, 1, -0x1p53]),
        Case(terms: [1, 0x1p-60, 0x1p-60, 0x1p-60, -1]),
        Case(terms: (0..<1000).map { i in i % 2 == 0 ? 0.1 : -0.1 + 1e-17 }),
        Case(terms: (1...500).flatMap { k in [1e20 / Double(k), 1.0 / Double(k), -1e20 / Double(k)] }),
    ]

    @Test("adversarial sums against the exact rational sum", arguments: adversarial)
    func againstExact(_ c: Case) {
        let exact = c.terms.reduce(Rational(0)) { $0 + Rational(exactly: $1)! }
        let compensated: Double = compensatedSum(c.terms)
        // Neumaier: |error| ≤ 2u·|S| + 2n²u²·Σ|xᵢ| (Higham §4.3). The second term, with Σ|x| ≤ 1e23
        // and n ≤ 1500, is ≤ 1e-7·… — stated exactly below.
        let sumAbs = c.terms.reduce(0) { $0 + abs($1) }
        let n = Double(c.terms.count)
        let bound = 2 * unitRoundoff * abs(exact.doubleValue) + 2 * n * n * unitRoundoff * unitRoundoff * sumAbs
        expectClose(
            compensated, exact.doubleValue,
            within: .absolute(bound, "Neumaier: |error| ≤ 2u·|S| + 2n²u²·Σ|xᵢ| (Higham §4.3)"))
    }

    @Test("[1, 1e100, 1, −1e100] sums to exactly 2; plain summation gives 0")
    func classic() {
        let terms: [Double] = [1, 1e100, 1, -1e100]
        #expect(compensatedSum(terms) == 2.0)
        #expect(terms.reduce(0, +) == 0)
    }

    @Test("exact types add exactly; non-finite terms follow IEEE semantics")
    func edgeCases() {
        #expect(compensatedSum([Rational(1) / Rational(3), Rational(1) / Rational(6)]) == Rational(1) / Rational(2))
        #expect(compensatedSum([1.0, .infinity, 1.0]) == .infinity)
        #expect(compensatedSum([Double.infinity, -.infinity]).isNaN)
        #expect(compensatedSum([1.0, .nan]).isNaN)
        #expect(compensatedSum([Double]()) == 0)
        var s = NeumaierSum<Double>()
        s.add(0.1)
        s.add(0.2)
        s.add(-0.3)
        // 0.1 + 0.2 − 0.3 in exact binary: 2⁻⁵⁵ + … ; the compensated value is the correctly rounded sum.
        let exact = Rational(exactly: 0.1)! + Rational(exactly: 0.2)! - Rational(exactly: 0.3)!
        #expect(s.value == exact.doubleValue)
    }
}
