import OracleArithmetic
import OracleLinearAlgebra

/// KL(p ‖ q) between multivariate Gaussians p = N(μ₁, Σ₁), q = N(μ₂, Σ₂) on ℝᵏ (M. Gales, 4F10,
/// Cambridge 2018, "KL Divergence for Gaussians"; `Proofs/02-gaussian-kl.md`, KL-8 … KL-11):
///
///     KL(p ‖ q) = ½ [tr(Σ₂⁻¹Σ₁) − k + (μ₂ − μ₁)ᵀΣ₂⁻¹(μ₂ − μ₁) +
///     ln(|Σ₂|/|Σ₁|)].
public enum MultivariateGaussianKL {
    /// The exact split KL = rationalPart + ½·ln(logArgument) with
    /// rationalPart = ½[tr(Σ₂⁻¹Σ₁) − k + (μ₂ − μ₁)ᵀΣ₂⁻¹(μ₂ − μ₁)] and logArgument =
    /// |Σ₂|/|Σ₁| (KL-9), over any field: exact over `Rational`.
    ///
    /// Uses LDLᵀ of Σ₂ (no pivoting, which exists exactly for positive definite Σ₂): the trace is
    /// tr(X) for the solution X of Σ₂X = Σ₁ and the Mahalanobis term (μ₂ − μ₁)ᵀy for Σ₂y = μ₂ −
    /// μ₁; the determinant ratio is the product of the ratios of the LDLᵀ pivots.
    ///
    /// - Throws: `ModelInputError.empty`/`.shapeMismatch` for mismatched dimensions,
    ///   `ModelInputError.nonFinite`, `LinearAlgebraError.notSymmetric` or
    ///   `.notPositiveDefinite` when a covariance is not symmetric positive definite (singular
    ///   included).
    public static func decomposition<S: FieldScalar>(
        mean1: [S], covariance1: Matrix<S>, mean2: [S], covariance2: Matrix<S>
    ) throws -> GaussianKLDecomposition<S> {
        try validateShapes(mean1: mean1, covariance1: covariance1, mean2: mean2, covariance2: covariance2)
        let ldl1 = try positiveDefiniteLDL(covariance1)
        let ldl2 = try positiveDefiniteLDL(covariance2)
        let k = mean1.count
        // KL-10: tr(Σ₂⁻¹Σ₁) by solving Σ₂X = Σ₁, never forming Σ₂⁻¹.
        let trace = try ldl2.solve(covariance1).trace
        let difference = try subtract(mean2, mean1)
        let mahalanobis = try dot(difference, ldl2.solve(difference))
        let half = S.one / S(2)
        // |Σ₂|/|Σ₁| = Π d₂ᵢ/d₁ᵢ (every LDLᵀ pivot is > 0): the same rational over ℚ, and in floating
        // point a product of ratios that stays in range where |Σ| itself overflows (ln|Σ| > 709).
        return GaussianKLDecomposition(
            rationalPart: half * (trace - S(k) + mahalanobis),
            logArgument: zip(ldl2.d, ldl1.d).reduce(S.one) { $0 * ($1.0 / $1.1) })
    }

    /// KL(p ‖ q) in `Scalar` through the Cholesky factors Σ₁ = L₁L₁ᵀ, Σ₂ = L₂L₂ᵀ, never an
    /// inverse (KL-10, KL-11). With M = L₂⁻¹L₁ (lower triangular, by forward substitution),
    /// tr(Σ₂⁻¹Σ₁) = ‖M‖²_F and ln(|Σ₁|/|Σ₂|) = Σᵢ ln Mᵢᵢ², so
    ///
    ///     KL = ½ [ Σᵢ (Mᵢᵢ² − 1 − ln Mᵢᵢ²) + Σ_{i>j} Mᵢⱼ² + ‖L₂⁻¹(μ₂ − μ₁)‖²
    ///     ],
    ///
    /// a sum of non-negative terms (Gibbs, KL-12). Each Mᵢᵢ² − 1 − ln Mᵢᵢ² is evaluated as
    /// δ − ln(1 + δ) with δ = (L₁ᵢᵢ − L₂ᵢᵢ)(L₁ᵢᵢ + L₂ᵢᵢ)/L₂ᵢᵢ² when |δ| ≤ ½,
    /// so near-equal covariances do not cancel ~k against ~k (the bug class `cancellation-near-equal`),
    /// and as r − 1 − 2 ln(L₁ᵢᵢ/L₂ᵢᵢ) with r = (L₁ᵢᵢ/L₂ᵢᵢ)² otherwise (δ could round to
    /// −1 when r ≪ 1).
    ///
    /// **Accuracy (`Double`):** absolute error ≲ c·k·u·κ(Σ₂)·(KL + k) from the factorisations and
    /// the triangular solve; relative error near p = q is ≲ c·k·u·κ/|δ| rather than u·k/KL.
    ///
    /// **Edge Cases:** KL(p ‖ p) = 0 exactly (M = I, δ = 0, μ₂ − μ₁ = 0).
    public static func divergence<S: RealScalar>(
        mean1: [S], covariance1: Matrix<S>, mean2: [S], covariance2: Matrix<S>
    ) throws -> S {
        try validateShapes(mean1: mean1, covariance1: covariance1, mean2: mean2, covariance2: covariance2)
        let p = try MultivariateGaussian(mean: mean1, covariance: covariance1)
        let q = try MultivariateGaussian(mean: mean2, covariance: covariance2)
        return try p.klDivergence(to: q)
    }

    static func validateShapes<S: FieldScalar>(
        mean1: [S], covariance1: Matrix<S>, mean2: [S], covariance2: Matrix<S>
    ) throws(ModelInputError) {
        guard !mean1.isEmpty else { throw .empty(what: "mean of p") }
        try Validate.count(mean2, mean1.count, "mean of q")
        try Validate.finite(mean1, "mean of p")
        try Validate.finite(mean2, "mean of q")
        let k = mean1.count
        for (name, sigma) in [("covariance of p", covariance1), ("covariance of q", covariance2)]
        where sigma.rows != k || sigma.columns != k {
            throw .shapeMismatch(what: name, expected: [k, k], actual: [sigma.rows, sigma.columns])
        }
    }

    static func positiveDefiniteLDL<S: FieldScalar>(_ sigma: Matrix<S>) throws -> LDLFactorization<S> {
        guard sigma.isSymmetric else {
            throw LinearAlgebraError.notSymmetric(row: 0, column: 1)
        }
        let ldl = try LDLFactorization(sigma)
        if let j = ldl.d.firstIndex(where: { !($0 > .zero) }) { throw LinearAlgebraError.notPositiveDefinite(pivot: j) }
        return ldl
    }
}

extension MultivariateGaussian {
    /// KL(self ‖ q) through the Cholesky factors (see `MultivariateGaussianKL.divergence`; KL-11).
    /// - Throws: `ModelInputError.shapeMismatch` when the dimensions differ.
    public func klDivergence(to q: MultivariateGaussian) throws -> Scalar {
        guard q.dimension == dimension else {
            throw ModelInputError.shapeMismatch(what: "q", expected: [dimension], actual: [q.dimension])
        }
        let k = dimension
        let l1 = cholesky.lower
        let l2 = q.cholesky.lower
        // M = L₂⁻¹L₁ column by column (lower triangular because both factors are).
        var m = [[Scalar]]()
        for j in 0..<k { m.append(try TriangularSolve.forward(l2, l1.column(j))) }
        var sum = NeumaierSum<Scalar>()
        for j in 0..<k {
            for i in (j + 1)..<k { sum.add(m[j][i] * m[j][i]) }
            // KL-11: Mⱼⱼ² − 1 − ln Mⱼⱼ² = δ − ln(1 + δ), δ = (L₁ⱼⱼ² −
            // L₂ⱼⱼ²)/L₂ⱼⱼ², no cancellation. When |δ| > ½ there is no cancellation to avoid, but δ = r
            // − 1 with r = (a/b)² may round to −1 (r tiny), so use r − 1 − 2 ln(a/b) there.
            let (a, b) = (l1[j, j], l2[j, j])
            let delta = (a - b) * (a + b) / (b * b)
            let half = Scalar.one / Scalar(2)
            if delta.absoluteValue <= half {
                sum.add(delta - (try Scalar.log1p(delta)))
            } else {
                let ratio = a / b
                sum.add(ratio * ratio - .one - Scalar(2) * (try Scalar.log(ratio)))
            }
        }
        sum.add(try q.cholesky.mahalanobisSquared(subtract(q.mean, mean)))
        return sum.value / Scalar(2)
    }
}

/// KL(p ‖ q) between Gaussians with diagonal covariances diag(σ₁²), diag(σ₂²): the sum of the
/// univariate KLs (additivity over independent coordinates, KL-13).
public enum DiagonalGaussianKL {
    /// Σᵢ KL(N(μ₁ᵢ, σ₁ᵢ²) ‖ N(μ₂ᵢ, σ₂ᵢ²)); the variances (not the standard deviations) are
    /// given.
    /// - Throws: `ModelInputError` for empty or mismatched vectors, `UnivariateGaussianError` for a
    ///   non-positive or non-finite parameter.
    public static func divergence<S: RealScalar>(mean1: [S], variance1: [S], mean2: [S], variance2: [S]) throws -> S {
        var sum = NeumaierSum<S>()
        for (p, q) in try pairs(mean1: mean1, variance1: variance1, mean2: mean2, variance2: variance2) {
            sum.add(try p.klDivergence(to: q))
        }
        return sum.value
    }

    /// The exact split: Σᵢ of the univariate rational parts, and ∏ᵢ σ₂ᵢ²/σ₁ᵢ² as the log argument.
    public static func decomposition<S: FieldScalar>(mean1: [S], variance1: [S], mean2: [S], variance2: [S]) throws
        -> GaussianKLDecomposition<S>
    {
        var rational = S.zero
        var argument = S.one
        for (p, q) in try pairs(mean1: mean1, variance1: variance1, mean2: mean2, variance2: variance2) {
            let part = p.klDivergenceDecomposition(to: q)
            rational += part.rationalPart
            argument *= part.logArgument
        }
        return GaussianKLDecomposition(rationalPart: rational, logArgument: argument)
    }

    static func pairs<S: FieldScalar>(mean1: [S], variance1: [S], mean2: [S], variance2: [S]) throws -> [(
        UnivariateGaussian<S>, UnivariateGaussian<S>
    )] {
        guard !mean1.isEmpty else { throw ModelInputError.empty(what: "mean of p") }
        let k = mean1.count
        try Validate.count(variance1, k, "variance of p")
        try Validate.count(mean2, k, "mean of q")
        try Validate.count(variance2, k, "variance of q")
        return try (0..<k).map { i in
            (
                try UnivariateGaussian(mean: mean1[i], variance: variance1[i]),
                try UnivariateGaussian(mean: mean2[i], variance: variance2[i])
            )
        }
    }
}
