import Foundation
import Testing
import GSLReference
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport

@Suite("Symmetric eigendecomposition (cyclic Jacobi)")
struct SymmetricEigendecompositionTests {
    static let tolerance = 1e-15

    @Test("eigenvalues and eigenvectors agree with GSL (symmv)", arguments: conditionNumbers)
    func againstGSL(kappa: Double) throws {
        var valueError = WorstError("Jacobi eigenvalues max|λ−λ_gsl|/‖A‖₂", condition: kappa)
        var vectorError = WorstError("Jacobi eigenvectors ‖v−v_gsl‖·gap", condition: kappa)
        var orthogonality = WorstError("Jacobi ‖VᵀV−I‖_F", condition: kappa)
        for n in sizes {
            let a = symmetricPositiveDefinite(n, condition: kappa, seed: UInt64(n) &* 271828)
            let ours = try SymmetricEigendecomposition(a, tolerance: Self.tolerance)
            let gsl = try GSL.symmetricEigen(rowArrays(a))
            // Both methods are backward stable, so (Weyl) each eigenvalue is within
            // (tolerance + c·n·s·u)·‖A‖_F of the exact one with s ≤ 10 sweeps, ‖A‖_F ≤ √n‖A‖₂ =
            // √n;
            // GSL's QR iteration is within c·n·u·‖A‖₂. c = 1, doubled for the two.
            let norm = 1.0  // ‖A‖₂ = σ₁ = 1 by construction
            let valueBound = 2 * (Self.tolerance + 10 * Double(n) * unitRoundoff) * Double(n).squareRoot() * norm
            for k in 0..<n {
                valueError.record(abs(ours.values[k] - gsl.values[k]) / norm, bound: valueBound)
            }
            // Davis–Kahan: the angle between computed and exact eigenvectors is ≤ (perturbation)/gap.
            // Both use the sign convention "first largest-magnitude entry positive", so the vectors
            // are compared directly; ‖v − v_gsl‖ ≤ 2 sin(angle/2)·… ≤ 2·valueBound/gap (first order).
            for k in 0..<n {
                let gap = (0..<n).filter { $0 != k }.map { abs(gsl.values[$0] - gsl.values[k]) }.min() ?? .infinity
                let v = ours.vectors.column(k)
                let distance = norm2(zip(v, gsl.vectors[k]).map { $0 - $1 })
                let scaled = gap.isFinite ? distance * gap : distance
                vectorError.record(scaled, bound: 2 * valueBound)
            }
            let gram = try ours.vectors.transposed * ours.vectors
            // Each of the ≤ s·n²/2 rotations is orthogonal to within a few u: ‖VᵀV − I‖_F ≲ c·s·n·u.
            orthogonality.record(frobenius(try gram - .identity(n)), bound: 10 * 10 * Double(n) * unitRoundoff)
        }
        for worst in [valueError, vectorError, orthogonality] { worst.report() }
    }

    @Test("hand-checked 2×2: [[2, 1], [1, 2]] has eigenvalues 3, 1 with vectors (1, 1)/√2, (−1, 1)/√2")
    func small() throws {
        let e = try SymmetricEigendecomposition(try Matrix<Double>([[2, 1], [1, 2]]), tolerance: 1e-15)
        // One rotation with θ = 0, t = 1: exact up to the 1/√2 rounding.
        #expect(e.values == [3, 1])
        let r = 0.5.squareRoot()
        expectClose(
            e.vectors.column(0), [r, r], within: .ulps(1, "one rotation with t = 1: exact up to the rounding of √½"))
        // Sign convention: the first largest-magnitude entry is positive, so (−1, 1)/√2 becomes (1, −1)/√2.
        expectClose(e.vectors[0, 1], r, within: .ulps(1, "one rotation with t = 1: exact up to the rounding of √½"))
        expectClose(e.vectors[1, 1], -r, within: .ulps(1, "one rotation with t = 1: exact up to the rounding of √½"))
    }

    @Test("refuses bad arguments and reports non-convergence")
    func badArguments() throws {
        let a = try Matrix<Double>([[2, 1], [1, 2]])
        #expect(throws: LinearAlgebraError.invalidArgument(name: "tolerance", requirement: "0 < tolerance < ∞")) {
            try SymmetricEigendecomposition(a, tolerance: 0)
        }
        #expect(throws: LinearAlgebraError.notSymmetric(row: 1, column: 0)) {
            try SymmetricEigendecomposition(try Matrix<Double>([[2, 1], [0, 2]]), tolerance: 1e-15)
        }
        #expect(throws: LinearAlgebraError.nonFinite(row: 0, column: 0)) {
            try SymmetricEigendecomposition(try Matrix<Double>([[.nan]]), tolerance: 1e-15)
        }
        // One sweep cannot diagonalize a generic 6×6 matrix to 1e-15.
        let hard = symmetricPositiveDefinite(6, condition: 1e3, seed: 5)
        #expect(throws: LinearAlgebraError.noConvergence(algorithm: "cyclic Jacobi", iterations: 1)) {
            try SymmetricEigendecomposition(hard, tolerance: 1e-15, maximumSweeps: 1)
        }
    }
}
