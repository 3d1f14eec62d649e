import OracleArithmetic
import OracleLinearAlgebra

/// The log evidence ln p(y | α, β) of the linear Gaussian model with the isotropic prior
/// θ ~ N(0, α⁻¹I) and noise precision β = 1/σ², as a function of the hyperparameters (LG-12):
/// the objective of type-II maximum likelihood (T. Rainforth, Advanced Topics in Statistical ML,
/// Oxford 2024, "Model Learning / Type-II Maximum Likelihood"), maximised over (α, β) rather
/// than θ.
///
///   ln p(y | α, β) = (p/2) ln α + (n/2) ln β − (β/2)‖y − Aμ_N‖² − (α/2)‖μ_N‖² − ½ ln|Λ_N|
///   − (n/2) ln 2π,
///   Λ_N = αI + βAᵀA,  μ_N = βΛ_N⁻¹Aᵀy.
///
/// AᵀA and Aᵀy are computed once (in `model`), so each evaluation costs one p×p LDLᵀ.
/// Exact over `Rational` for rational α, β: the terms' rational parts are exact and the value is
/// correctly rounded by `GaussianLogDensityTerms.correctlyRoundedValue()`.
public struct EvidenceFunction<S: FieldScalar>: Sendable {
    /// The data A, y.
    public let model: LinearGaussianModel<S>

    public init(model: LinearGaussianModel<S>) {
        self.model = model
    }

    /// The posterior and evidence at (α, β). Throws `ModelInputError.notPositive` unless α, β > 0.
    public func evaluate(priorPrecision alpha: S, noisePrecision beta: S) throws -> EvidenceEvaluation<S> {
        try Validate.finite([alpha, beta], "hyperparameters (alpha, beta)")
        guard alpha > .zero else { throw ModelInputError.notPositive(what: "priorPrecision alpha", value: "\(alpha)") }
        guard beta > .zero else { throw ModelInputError.notPositive(what: "noisePrecision beta", value: "\(beta)") }
        let p = model.parameters
        let posterior = try GaussianPosterior(
            model: model, priorMean: [S](repeating: .zero, count: p),
            priorPrecision: Matrix<S>.diagonal([S](repeating: alpha, count: p)),
            priorDeterminantFactors: [.init(base: S.one / alpha, exponent: p)],
            noiseVariance: S.one / beta, linearTerm: model.moment.map { beta * $0 })
        return try EvidenceEvaluation(model: model, alpha: alpha, beta: beta, posterior: posterior)
    }
}

/// The evidence and the quantities a type-II (MacKay) update needs, at one (α, β) (LG-12).
public struct EvidenceEvaluation<S: FieldScalar>: Sendable {
    /// α (prior precision).
    public let alpha: S
    /// β (noise precision).
    public let beta: S
    /// The posterior N(μ_N, Σ_N) at (α, β).
    public let posterior: GaussianPosterior<S>
    /// ‖y − Aμ_N‖² (twice MacKay's E_D).
    public let residualSumOfSquares: S
    /// ‖μ_N‖² (twice MacKay's E_W).
    public let meanSquaredNorm: S
    /// γ = p − α tr Σ_N = Σᵢ λᵢ/(α + λᵢ) over the eigenvalues λᵢ of βAᵀA: the effective number of
    /// well-determined parameters (exact over ℚ, no eigenvalues needed).
    public let effectiveParameters: S

    init(model: LinearGaussianModel<S>, alpha: S, beta: S, posterior: GaussianPosterior<S>) throws {
        self.alpha = alpha
        self.beta = beta
        self.posterior = posterior
        residualSumOfSquares = try model.residualSumOfSquares(at: posterior.mean)
        meanSquaredNorm = normSquared(posterior.mean)
        effectiveParameters = S(model.parameters) - alpha * (try posterior.covariance.trace)
    }

    /// ln p(y | α, β) in parts (see `GaussianPosterior.logEvidenceTerms`).
    public var logEvidenceTerms: GaussianLogDensityTerms<S> { posterior.logEvidenceTerms }
}
