import OracleArithmetic
import OracleLinearAlgebra

extension MultivariateGaussianKL {
    /// The split KL = rationalPart + ½·ln(logArgument) of `decomposition` (KL-9), over ℚ by a
    /// second route that stays fast in high dimension (k = 100 in about a second, where the
    /// rational LDLᵀ of `decomposition` takes minutes).
    ///
    /// Positive definiteness and the determinants come from the leading principal minors by
    /// integer elimination (Sylvester's criterion: Σ is positive definite iff every Δₖ > 0, and
    /// |Σ| = Δₖ at k = n); tr(Σ₂⁻¹Σ₁) and the Mahalanobis term come from one exact solve
    /// Σ₂[X | y] = [Σ₁ | μ₂ − μ₁] by the multi-modular solver, verified exactly (`Bareiss.solve`).
    ///
    /// **Accuracy:** exact; equal to `decomposition` over `Rational` value for value.
    ///
    /// - Throws: as `decomposition`: `ModelInputError.empty`/`.shapeMismatch`/`.nonFinite`,
    ///   `LinearAlgebraError.notSymmetric` or `.notPositiveDefinite(pivot:)` with the index of
    ///   the first LDLᵀ pivot that is not positive (the first Δⱼ₊₁ ≤ 0).
    public static func exactDecomposition(
        mean1: [Rational], covariance1: Matrix<Rational>, mean2: [Rational], covariance2: Matrix<Rational>
    ) throws -> GaussianKLDecomposition<Rational> {
        try validateShapes(mean1: mean1, covariance1: covariance1, mean2: mean2, covariance2: covariance2)
        let determinant1 = try positiveDefiniteDeterminant(covariance1)
        let determinant2 = try positiveDefiniteDeterminant(covariance2)
        let k = mean1.count
        let difference = try subtract(mean2, mean1)
        var augmented = [Rational]()
        augmented.reserveCapacity(k * (k + 1))
        for i in 0..<k {
            augmented.append(contentsOf: covariance1.entries[(i * k)..<((i + 1) * k)])
            augmented.append(difference[i])
        }
        // KL-10: [X | y] = Σ₂⁻¹[Σ₁ | μ₂ − μ₁], never forming Σ₂⁻¹; tr(Σ₂⁻¹Σ₁) = tr X.
        let solution = try Bareiss.solve(covariance2, try Matrix(rows: k, columns: k + 1, entries: augmented))
        var trace = Rational.zero
        var mahalanobis = Rational.zero
        for i in 0..<k {
            trace += solution[i, i]
            mahalanobis += difference[i] * solution[i, k]
        }
        return GaussianKLDecomposition(
            rationalPart: (trace - Rational(k) + mahalanobis) / Rational(2),
            logArgument: determinant2 / determinant1)
    }

    /// |Σ| for a symmetric positive definite rational Σ, by Sylvester's criterion.
    static func positiveDefiniteDeterminant(_ sigma: Matrix<Rational>) throws -> Rational {
        guard sigma.isSymmetric else { throw LinearAlgebraError.notSymmetric(row: 0, column: 1) }
        let minors = try Bareiss.leadingPrincipalMinors(sigma)
        // LDLᵀ's pivot dⱼ is Δⱼ₊₁/Δⱼ: the first non-positive pivot is the first non-positive minor.
        if let j = minors.firstIndex(where: { !($0 > .zero) }) {
            throw LinearAlgebraError.notPositiveDefinite(pivot: j)
        }
        return minors[sigma.rows - 1]
    }
}
