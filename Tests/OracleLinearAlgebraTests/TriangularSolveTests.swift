import Testing
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport
import OracleRandom

@Suite("Triangular solves")
struct TriangularSolveTests {
    @Test("forward and backward substitution are exact over Rational and read one triangle", arguments: Array(1...8))
    func exact(n: Int) throws {
        var g = RandomRationals(seed: UInt64(100 + n))
        // Non-zero diagonal: |p/q| with p ∈ 1…9; junk in the unread triangle must not matter.
        let full = Matrix<Rational>(rows: n, columns: n) { i, j in
            i == j ? Rational(Int(i % 9) + 1) / Rational(j % 3 + 1) : g.next()
        }
        let lower = Matrix<Rational>(rows: n, columns: n) { i, j in j <= i ? full[i, j] : .zero }
        let upper = Matrix<Rational>(rows: n, columns: n) { i, j in j >= i ? full[i, j] : .zero }
        let b = rationalVector(n)
        #expect(try lower * (try TriangularSolve.forward(full, b)) == b)
        #expect(try upper * (try TriangularSolve.backward(full, b)) == b)
        let unitLower = Matrix<Rational>(rows: n, columns: n) { i, j in i == j ? .one : lower[i, j] }
        #expect(try unitLower * (try TriangularSolve.forward(full, b, unitDiagonal: true)) == b)
    }

    @Test("Double substitution against exact rational substitution: backward error n·u")
    func doubleAccuracy() throws {
        // Lᵢⱼ ∈ [−1, 1) with diagonal in [1, 2): well conditioned in practice (κ ≲ 1e3 for n = 12).
        let n = 12
        var g = SplitMix64(seed: 42)
        let l = Matrix<Double>(rows: n, columns: n) { i, j in
            i == j ? 1.5 + uniform(&g) / 2 : (j < i ? uniform(&g) : 0)
        }
        let b = randomVector(n, seed: 43)
        let x = try TriangularSolve.forward(l, b)
        let exact = try TriangularSolve.forward(l.map { Rational(exactly: $0)! }, b.map { Rational(exactly: $0)! })
        // Exact componentwise: |x − x̂| ≤ n·u·|L⁻¹|·|L|·|x̂| / (1 − n·u) (Higham Thm 8.5); we bound it
        // by the exact rational value of that expression, evaluated once.
        let lr = l.map { Rational(exactly: $0)! }
        let absInverse = try Bareiss.inverse(lr).map { $0.absoluteValue }
        let absL = lr.map { $0.absoluteValue }
        let absX = exact.map { $0.absoluteValue }
        let componentBound = try (try absInverse * absL) * absX
        for i in 0..<n {
            let error = abs(x[i] - exact[i].doubleValue)
            // The final rounding of exact[i] to Double adds ≤ u·|xᵢ|.
            expectWithin(
                error: error,
                bound: 1.01 * Double(n) * unitRoundoff * componentBound[i].doubleValue + unitRoundoff * abs(x[i]),
                "Higham Thm 8.5: |x − x̂| ≤ n·u·(|L⁻¹||L||x̂|)ᵢ/(1 − n·u), with 1.01 for the denominator, plus u·|xᵢ| "
                    + "for rounding the exact xᵢ to Double")
        }
    }
}
