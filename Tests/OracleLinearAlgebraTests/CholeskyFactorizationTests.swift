import Foundation
import Testing
import GSLReference
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport

@Suite("Cholesky factorization")
struct CholeskyFactorizationTests {
    /// Both our factor and GSL's are backward stable, L̂L̂ᵀ = A + ΔA with ‖ΔA‖ ≤ c·n·u·‖A‖
    /// (Higham Thm 10.3, c ≈ 2 for the Crout and the Cholesky–Banachiewicz orders), so each is
    /// within the forward bound ‖ΔL‖/‖L‖ ≲ κ₂(A)·‖ΔA‖/‖A‖ (Sun 1991, first order) of the exact
    /// L,
    /// and the two within twice that: 2·2·n·u·κ.
    static func factorBound(_ n: Int, _ kappa: Double) -> Double { 4 * Double(n) * unitRoundoff * kappa }

    @Test("factor and log-determinant agree with GSL within the conditioning bound", arguments: conditionNumbers)
    func againstGSL(kappa: Double) throws {
        var factor = WorstError("Cholesky factor ‖L−L_gsl‖_F/‖L_gsl‖_F", condition: kappa)
        var logDet = WorstError("Cholesky log det |Δ|", condition: kappa)
        var backward = WorstError("Cholesky backward ‖LLᵀ−A‖_F/‖A‖_F", condition: kappa)
        for n in sizes {
            let a = symmetricPositiveDefinite(n, condition: kappa, seed: UInt64(n) &* 7919)
            let ours = try CholeskyFactorization(a)
            let gslL = try Matrix<Double>(try GSL.cholesky(rowArrays(a)))
            factor.record(relativeDistance(ours.lower, gslL), bound: Self.factorBound(n, kappa))
            // log det: first-order change tr(A⁻¹ΔA) ≤ n·‖A⁻¹‖₂‖ΔA‖₂ ≤ n·κ·c·n·u per
            // factorization, plus
            // the n logarithms and the sum (≲ n·u·|log det|); two factorizations: 2·(2n²uκ + n u |ld|).
            let gslLogDet = try GSL.choleskyLogDeterminant(rowArrays(a))
            let n2 = Double(n * n)
            logDet.record(
                abs(ours.logDeterminant - gslLogDet),
                bound: 2 * (2 * n2 * unitRoundoff * kappa + Double(n) * unitRoundoff * abs(gslLogDet)))
            // Backward error is independent of κ: ‖L̂L̂ᵀ − A‖_F ≤ c·n·u·‖A‖_F (plus the product's
            // own
            // rounding, n·u·‖L‖²_F ≤ n·u·√n‖A‖_F). c = 2.
            let product = try ours.lower * ours.lower.transposed
            backward.record(
                relativeDistance(product, a), bound: 2 * Double(n) * unitRoundoff * (1 + Double(n).squareRoot()))
        }
        for worst in [factor, logDet, backward] { worst.report() }
    }

    @Test("log-determinant agrees with the exact spectrum Σ log σᵢ", arguments: conditionNumbers)
    func logDeterminantAgainstSpectrum(kappa: Double) throws {
        var worst = WorstError("Cholesky log det vs Σ log σᵢ", condition: kappa)
        for n in sizes {
            let a = symmetricPositiveDefinite(n, condition: kappa, seed: UInt64(n) &* 7919)
            let exact = spectrum(n, condition: kappa).reduce(0) { $0 + log($1) }
            // A itself is Q diag(σ) Qᵀ up to rounding of relative size ≲ 2n·u (three products and
            // Q's departure from orthogonality), which moves log det by ≲ n·κ·2n·u; the
            // factorization adds 2n²uκ (see above): total 4n²uκ + n·u·|log det|.
            let n2 = Double(n * n)
            worst.record(
                abs(try CholeskyFactorization(a).logDeterminant - exact),
                bound: 4 * n2 * unitRoundoff * kappa + Double(n) * unitRoundoff * abs(exact) + 8 * n2 * unitRoundoff
                    * kappa)
        }
        worst.report()
    }

    @Test("solve and Mahalanobis form against LU and the definition", arguments: conditionNumbers)
    func solveAndMahalanobis(kappa: Double) throws {
        var solveError = WorstError("Cholesky solve vs GSL LU solve", condition: kappa)
        var mahalanobis = WorstError("Cholesky vᵀA⁻¹v vs vᵀ(LU solve)", condition: kappa)
        for n in sizes {
            let a = symmetricPositiveDefinite(n, condition: kappa, seed: UInt64(n) &* 104729)
            let b = randomVector(n, seed: UInt64(n))
            let cholesky = try CholeskyFactorization(a)
            let x = try cholesky.solve(b)
            let reference = try GSL.luSolve(rowArrays(a), b)
            // Two backward-stable solves: each within c·n·u·κ (c ≈ 2, growth ρ ≈ 1 for SPD) of x.
            solveError.record(relativeDistance(x, reference), bound: 4 * Double(n) * unitRoundoff * kappa)
            // vᵀA⁻¹v = ‖L⁻¹v‖²: relative error ≲ 2·c·n·u·κ(L) = 4n·u·√κ for ours, ≲
            // 2n·u·κ for the
            // LU route (which is the less accurate of the two); the bound adds both.
            let viaSolve = try dot(b, reference)
            let ours = try cholesky.mahalanobisSquared(b)
            mahalanobis.record(
                abs(ours - viaSolve) / abs(viaSolve),
                bound: 4 * Double(n) * unitRoundoff * (kappa + kappa.squareRoot()))
        }
        solveError.report()
        mahalanobis.report()
    }

    @Test("hand-checked 2×2: L = [[2, 0], [1, √2]] for A = [[4, 2], [2, 3]]")
    func small() throws {
        let c = try CholeskyFactorization(try Matrix<Double>([[4, 2], [2, 3]]))
        #expect(c.lower.entries == [2, 0, 1, 2.0.squareRoot()])
        // det = 8: log 8 = 3 ln 2, correctly rounded within 2 ulps (two logs and a sum).
        expectClose(
            c.logDeterminant, 3 * Double.ln2,
            within: .ulps(
                2, "det = 8: log det = 2(ln 2 + ln √2) with √2 rounded, two logs and a sum, a few roundings: ≤ 2 ulps"))
        #expect(try c.solve([4, 2]) == [1, 0])
    }
}
