import OracleArithmetic
import OracleLinearAlgebra

/// The conjugate linear-Gaussian latent model (PPCA): z ~ N(0, Iₖ), x | z ~ N(Wz + μ, σ²I_d)
/// (`Proofs/05-elbo-identity.md`, ELBO-6, ELBO-7). The evidence, the posterior and the ELBO of
/// a Gaussian q are all in closed form:
///
///     p(x) = N(x; μ, WWᵀ + σ²I),   p(z | x) = N(m, S),  S = (I + WᵀW/σ²)⁻¹,  m = S Wᵀ(x − μ)/σ²,
///     ELBO(N(m_q, S_q)) = −(d/2) ln(2πσ²) − [‖x − μ − W m_q‖² + tr(W S_q Wᵀ)]/(2σ²)
///                         − KL(N(m_q, S_q) ‖ N(0, I)).
///
/// Every Gaussian quantity goes through a Cholesky factor (no inverse of a covariance; S itself is
/// the posterior's parameter and is obtained by a Cholesky solve); the evidence factors only the
/// k × k matrix σ²I + WᵀW (the determinant lemma), never the d × d WWᵀ + σ²I.
public struct LinearGaussianELBO<Scalar: RealScalar>: Sendable {
    /// W, d × k.
    public let loading: Matrix<Scalar>
    /// μ ∈ ℝᵈ.
    public let mean: [Scalar]
    /// σ² > 0 (the variance, not σ).
    public let noiseVariance: Scalar

    /// - Throws: `ModelInputError` for shapes, non-finite entries or σ² ≤ 0.
    public init(loading: Matrix<Scalar>, mean: [Scalar], noiseVariance: Scalar) throws {
        guard !mean.isEmpty, loading.columns > 0 else { throw ModelInputError.empty(what: "W or μ") }
        guard loading.rows == mean.count else {
            throw ModelInputError.shapeMismatch(
                what: "W", expected: [mean.count, loading.columns], actual: [loading.rows, loading.columns])
        }
        try Validate.finite(loading.entries, "W")
        try Validate.finite(mean, "μ")
        guard noiseVariance.isFinite, noiseVariance > .zero else {
            throw ModelInputError.notPositive(what: "σ²", value: noiseVariance.description)
        }
        self.loading = loading
        self.mean = mean
        self.noiseVariance = noiseVariance
    }

    var latentDimension: Int { loading.columns }

    /// ln p(x) = ln N(x; μ, WWᵀ + σ²I) (ELBO-6), through the k × k matrix M = σ²I + WᵀW only.
    ///
    /// **Accuracy (`Double`):** the rounding errors of M's Cholesky factor (κ₂(M) = κ₂(I + WᵀW/σ²))
    /// and of the residual x − μ − W m̂ formed before squaring; the d × d marginal covariance, whose
    /// eigenvalues ‖W‖² and σ² may be 1e15 apart, is never formed.
    public func evidence(_ x: [Scalar]) throws -> Scalar {
        try Validate.count(x, mean.count, "x")
        try Validate.finite(x, "x")
        let w = loading
        let (d, k) = (mean.count, latentDimension)
        // The determinant lemma: det(WWᵀ + σ²I_d) = σ^{2(d − k)} det(σ²I_k + WᵀW); and
        // rᵀ(WWᵀ + σ²I)⁻¹r = min_z ‖r − Wz‖²/σ² + ‖z‖² = ‖r − W m̂‖²/σ² + ‖m̂‖², m̂ = M⁻¹Wᵀr.
        let gram = Matrix(rows: k, columns: k) { i, j in
            var s = NeumaierSum<Scalar>()
            for r in 0..<d { s.add(w[r, i] * w[r, j]) }
            return (i == j ? noiseVariance : .zero) + s.value
        }
        let factor = try CholeskyFactorization(gram)
        let residual = try subtract(x, mean)
        let projected = (0..<k).map { c in compensatedSum((0..<d).map { r in w[r, c] * residual[r] }) }
        let fitted = try factor.solve(projected)
        var misfit = NeumaierSum<Scalar>()
        for r in 0..<d {
            let fit = compensatedSum((0..<k).map { c in w[r, c] * fitted[c] })
            misfit.add((residual[r] - fit).squared)
        }
        let shrinkage = compensatedSum(fitted.map(\.squared))
        let logDeterminant = Scalar(d - k) * (try Scalar.log(noiseVariance)) + factor.logDeterminant
        let logTwoPi = try Scalar.log(Scalar(2) * Scalar.pi)
        let quadratic = misfit.value / noiseVariance + shrinkage
        return -(Scalar(d) * logTwoPi + logDeterminant + quadratic) / Scalar(2)
    }

    /// p(z | x) = N(S Wᵀ(x − μ)/σ², S) with S = (I + WᵀW/σ²)⁻¹ (ELBO-6).
    public func posterior(_ x: [Scalar]) throws -> MultivariateGaussian<Scalar> {
        try Validate.count(x, mean.count, "x")
        let w = loading
        let k = latentDimension
        let precision = Matrix(rows: k, columns: k) { i, j in
            var s = NeumaierSum<Scalar>()
            for r in 0..<w.rows { s.add(w[r, i] * w[r, j]) }
            return (i == j ? Scalar.one : .zero) + s.value / noiseVariance
        }
        let factor = try CholeskyFactorization(precision)
        let covariance = try factor.solve(Matrix<Scalar>.identity(k)).symmetrized
        let residual = try subtract(x, mean)
        let projected = (0..<k).map { c in
            compensatedSum((0..<w.rows).map { r in w[r, c] * residual[r] }) / noiseVariance
        }
        return try MultivariateGaussian(mean: try factor.solve(projected), covariance: covariance)
    }

    /// ELBO(q) for a Gaussian q = N(m_q, S_q) on z, in closed form (ELBO-7).
    public func elbo(_ x: [Scalar], q: MultivariateGaussian<Scalar>) throws -> Scalar {
        try Validate.count(x, mean.count, "x")
        guard q.dimension == latentDimension else {
            throw ModelInputError.shapeMismatch(what: "q", expected: [latentDimension], actual: [q.dimension])
        }
        let w = loading
        let d = mean.count
        // x − μ − W m_q and tr(W S_q Wᵀ) = ‖W L_q‖²_F.
        var residual = NeumaierSum<Scalar>()
        var trace = NeumaierSum<Scalar>()
        let lq = q.cholesky.lower
        for r in 0..<d {
            let fitted = compensatedSum((0..<latentDimension).map { c in w[r, c] * q.mean[c] })
            residual.add((x[r] - mean[r] - fitted).squared)
            for c in 0..<latentDimension {
                let entry = compensatedSum((c..<latentDimension).map { t in w[r, t] * lq[t, c] })
                trace.add(entry.squared)
            }
        }
        let twoPiSigma2 = Scalar(2) * Scalar.pi * noiseVariance
        let expectedLogLikelihood =
            -(Scalar(d) * (try Scalar.log(twoPiSigma2)) + (residual.value + trace.value) / noiseVariance) / Scalar(2)
        let prior = try MultivariateGaussian(
            mean: [Scalar](repeating: .zero, count: latentDimension),
            covariance: .identity(latentDimension))
        return expectedLogLikelihood - (try q.klDivergence(to: prior))
    }

    /// KL(q ‖ p(z | x)) in closed form (ELBO-3 for this model).
    public func klToPosterior(_ x: [Scalar], q: MultivariateGaussian<Scalar>) throws -> Scalar {
        try q.klDivergence(to: posterior(x))
    }
}
