import Foundation
import Testing
import GSLReference
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport

@Suite("LU factorization with partial pivoting")
struct LUFactorizationTests {
    /// Both solves are backward stable with growth ρ (observed ≤ 2 for these random orthogonal
    /// products; Higham §9.4): each has ‖x̂ − x‖/‖x‖ ≲ 2n·u·ρ·κ, so the two differ by ≤
    /// 2·(2n·u·2·κ).
    static func solveBound(_ n: Int, _ kappa: Double) -> Double { 8 * Double(n) * unitRoundoff * kappa }

    @Test("solve, determinant and inverse agree with GSL within the conditioning bound", arguments: conditionNumbers)
    func againstGSL(kappa: Double) throws {
        var solveError = WorstError("LU solve ‖x−x_gsl‖/‖x_gsl‖", condition: kappa)
        var determinantError = WorstError("LU det |Δ|/|det_gsl|", condition: kappa)
        var inverseError = WorstError("LU inverse ‖X−X_gsl‖_F/‖X_gsl‖_F", condition: kappa)
        var backward = WorstError("LU backward ‖LU−PA‖_F/‖A‖_F", condition: kappa)
        for n in sizes {
            let a = general(n, n, condition: kappa, seed: UInt64(n) &* 31337)
            let b = randomVector(n, seed: UInt64(n) &+ 99)
            let lu = try LUFactorization(a)
            solveError.record(
                relativeDistance(try lu.solve(b), try GSL.luSolve(rowArrays(a), b)),
                bound: Self.solveBound(n, kappa))
            // δdet/det = tr(A⁻¹ΔA) ≤ n·κ·‖ΔA‖/‖A‖ per factorization (first order), plus n roundings
            // of the product: 2·(n·κ·2n·u·ρ + n·u) with ρ = 2.
            let gslDet = try GSL.luDeterminant(rowArrays(a))
            determinantError.record(
                abs(lu.determinant - gslDet) / abs(gslDet),
                bound: 2 * (4 * Double(n * n) * unitRoundoff * kappa + Double(n) * unitRoundoff))
            // Each column of the inverse is a solve: the same bound as solve, column by column.
            let gslInverse = try Matrix<Double>(try GSL.inverse(rowArrays(a)))
            inverseError.record(relativeDistance(try lu.inverse(), gslInverse), bound: Self.solveBound(n, kappa))
            // Backward error ‖L̂Û − PA‖ ≤ γₙ‖L̂‖‖Û‖ (Higham Thm 9.3), independent of κ;
            // ‖L‖_F ≤ n
            // (multipliers ≤ 1) and ‖U‖_F ≤ √n·ρ‖A‖_F: bound n·u·n·√n·ρ, ρ = 2.
            let pa = Matrix<Double>(rows: n, columns: n) { i, j in a[lu.permutation[i], j] }
            let product = try lu.lower * lu.upper
            backward.record(
                relativeDistance(product, pa),
                bound: 2 * Double(n * n) * Double(n).squareRoot() * unitRoundoff)
        }
        for worst in [solveError, determinantError, inverseError, backward] { worst.report() }
    }

    @Test("hand-checked 3×3 with pivoting")
    func small() throws {
        let a = try Matrix<Double>([[1, 2, 0], [4, 5, 6], [0, 1, 1]])
        let lu = try LUFactorization(a)
        // Column 0's largest entry is in row 1.
        #expect(lu.permutation.first == 1)
        // det = 1·(5 − 6) − 2·(4 − 0) = −9, exact in Double (small integers, exact products).
        #expect(lu.determinant == -9)
        #expect(try solve(a, [3, 15, 2]) == [1, 1, 1])
    }
}
