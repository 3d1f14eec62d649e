import Foundation
import Testing
import GSLReference
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport

@Suite("Householder QR least squares")
struct HouseholderQRTests {
    /// Wedin's bound for a backward-stable least-squares solver (Higham Thm 20.3): relative forward
    /// error ≤ ε_b·(κ + κ²·‖r‖/(‖A‖₂‖x‖)) to first order, with backward error ε_b ≲ c·m·n·u
    /// (Higham Thm 19.4/20.3, c = 1 taken; the observed ratios below show the margin). Two solvers: 2×.
    static func bound(m: Int, n: Int, kappa: Double, residual: Double, solution: Double) -> Double {
        let epsilonB = Double(m * n) * unitRoundoff
        return 2 * epsilonB * (kappa + kappa * kappa * residual / solution)
    }

    @Test("least squares agrees with GSL QR and GSL SVD", arguments: conditionNumbers)
    func againstGSL(kappa: Double) throws {
        var qrError = WorstError("QR least squares vs GSL QR", condition: kappa)
        var svdError = WorstError("QR least squares vs GSL SVD", condition: kappa)
        for n in sizes {
            let m = n + 3
            let a = general(m, n, condition: kappa, seed: UInt64(n) &* 6007)
            // b = A·x + 1e-9·r: a nearly consistent system, so the κ² term stays below the κ term
            // up to κ ≈ 1e8 and the comparison is still informative at κ = 1e12.
            let x = randomVector(n, seed: UInt64(n) &+ 17)
            let noise = randomVector(m, seed: UInt64(n) &+ 18)
            let b = zip(try a * x, noise).map { $0 + 1e-9 * $1 }
            let ours = try HouseholderQR(a).leastSquares(b)
            let gslQR = try GSL.leastSquaresQR(rowArrays(a), b)
            let gslSVD = try GSL.leastSquaresSVD(rowArrays(a), b)
            let residual = norm2(zip(try a * gslSVD.solution, b).map { $0 - $1 })
            let bound = Self.bound(m: m, n: n, kappa: kappa, residual: residual, solution: norm2(gslSVD.solution))
            qrError.record(relativeDistance(ours, gslQR), bound: bound)
            svdError.record(relativeDistance(ours, gslSVD.solution), bound: bound)
            // The singular values from GSL confirm the construction's condition number.
            let sv = gslSVD.singularValues
            if n > 1 {
                expectClose(
                    sv[0] / sv[n - 1], kappa,
                    within: .relative(
                        1e-3,
                        "σ₁/σₙ = κ by construction; forming UΣVᵀ in Double and GSL's backward-stable SVD "
                            + "perturb A by O(u)‖A‖, changing κ by a factor 1 + O(u·κ) ≤ 1 + 1e-4 for κ ≤ 1e12"),
                    "n = \(n)")
            }
        }
        qrError.report()
        svdError.report()
    }

    @Test("exact fit of a line: y = 1 + 2t through four points")
    func line() throws {
        let a = try Matrix<Double>([[1, 0], [1, 1], [1, 2], [1, 3]])
        let x = try HouseholderQR(a).leastSquares([1, 3, 5, 7])
        // Consistent system with κ₂ ≈ 4.4: error ≤ 2·m·n·u·κ ≈ 1e-14.
        expectClose(
            x[0], 1,
            within: .absolute(
                1e-14,
                "consistent system, κ₂ ≈ 4.4: error ≤ 2·m·n·u·κ ≈ 1e-14"))
        expectClose(
            x[1], 2,
            within: .absolute(
                1e-14,
                "consistent system, κ₂ ≈ 4.4: error ≤ 2·m·n·u·κ ≈ 1e-14"))
        #expect(try HouseholderQR(a).r.diagonal.allSatisfy { $0 != 0 })
    }

    @Test("rank-deficient and malformed input")
    func badInput() throws {
        // Third column = first + second: numerically rank 2 (|r₃₃| ~ u).
        let dependent = try Matrix<Double>([[1, 0, 1], [0, 1, 1], [1, 1, 2], [2, 1, 3]])
        let qr = try HouseholderQR(dependent)
        #expect(qr.rank == 2)
        #expect(throws: LinearAlgebraError.singular(rank: 2, size: 3)) { try qr.leastSquares([1, 2, 3, 4]) }
        #expect(
            throws: LinearAlgebraError.shapeMismatch(
                operation: "HouseholderQR (needs rows ≥ columns)", left: [2, 3], right: [3, 3])
        ) {
            try HouseholderQR(try Matrix<Double>([[1, 2, 3], [4, 5, 6]]))
        }
        #expect(
            throws: LinearAlgebraError.shapeMismatch(operation: "HouseholderQR.leastSquares", left: [4, 3], right: [2])
        ) {
            try qr.leastSquares([1, 2])
        }
        #expect(throws: LinearAlgebraError.nonFinite(row: 1, column: 0)) {
            try HouseholderQR(try Matrix<Double>([[1], [.infinity]]))
        }
    }
}
