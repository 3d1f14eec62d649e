import OracleArithmetic

/// The univariate Gaussian with unknown mean μ and precision τ under the conjugate Normal-Gamma
/// prior (`Proofs/10-mean-field.md`, MF-8 … MF-11; `Proofs/11-type-ii-ml.md`, T2-1 … T2-3):
///   xₙ | μ, τ ~ N(μ, 1/τ),  μ | τ ~ N(μ₀, 1/(λ₀τ)),  τ ~ Gam(a₀, b₀) (shape a₀, RATE b₀).
///
/// Generic over `FieldScalar`: the data statistics, the exact posterior and the mean-field
/// updates are rational in the inputs.
///
/// **Edge Cases:** empty data, a non-finite value, or a hyperparameter λ₀, a₀, b₀ ≤ 0 (an
/// improper prior) throws `ModelInputError`.
public struct NormalGammaModel<S: FieldScalar>: Sendable {
    /// x₁ … x_N.
    public let data: [S]
    /// μ₀.
    public let priorMean: S
    /// λ₀ (the prior precision of μ is λ₀τ).
    public let priorPrecisionScale: S
    /// a₀ (shape).
    public let priorShape: S
    /// b₀ (rate).
    public let priorRate: S

    public init(data: [S], priorMean: S, priorPrecisionScale: S, priorShape: S, priorRate: S) throws {
        guard !data.isEmpty else { throw ModelInputError.empty(what: "data") }
        try Validate.finite(data, "data")
        try Validate.finite([priorMean, priorPrecisionScale, priorShape, priorRate], "hyperparameters")
        try Validate.positive([("lambda0", priorPrecisionScale), ("a0", priorShape), ("b0", priorRate)])
        self.data = data
        self.priorMean = priorMean
        self.priorPrecisionScale = priorPrecisionScale
        self.priorShape = priorShape
        self.priorRate = priorRate
    }

    /// N.
    public var count: S { S(data.count) }

    /// Σₙ xₙ.
    var sum: S { data.reduce(S.zero, +) }

    /// The exact posterior p(μ, τ | X) = N(μ; μ_N, 1/(κ_N τ)) Gam(τ; a_N, b_N) (MF-8):
    /// κ_N = λ₀ + N, μ_N = (λ₀μ₀ + Σxₙ)/κ_N, a_N = a₀ + N/2,
    /// b_N = b₀ + ½[Σ(xₙ − x̄)² + λ₀N(x̄ − μ₀)²/κ_N].
    public var exactPosterior: NormalGammaPosterior<S> {
        let n = count
        let kappa = priorPrecisionScale + n
        let xbar = sum / n
        let scatter = data.reduce(S.zero) { $0 + ($1 - xbar).squared }
        let half = S.one / S(2)
        return NormalGammaPosterior(
            mean: (priorPrecisionScale * priorMean + sum) / kappa, precisionScale: kappa,
            shape: priorShape + half * n,
            rate: priorRate + half * (scatter + priorPrecisionScale * n * (xbar - priorMean).squared / kappa))
    }
}

/// A Normal-Gamma distribution N(μ; mean, 1/(precisionScale·τ)) Gam(τ; shape, rate).
public struct NormalGammaPosterior<S: FieldScalar>: Sendable, Equatable {
    public let mean: S
    public let precisionScale: S
    public let shape: S
    public let rate: S

    /// E[τ] = a/b.
    public var expectedPrecision: S { shape / rate }

    /// The marginal variance of μ, b/((a − 1)κ) (a Student-t), defined for a > 1; nil otherwise.
    public var marginalVarianceOfMean: S? {
        shape > .one ? rate / ((shape - .one) * precisionScale) : nil
    }
}
