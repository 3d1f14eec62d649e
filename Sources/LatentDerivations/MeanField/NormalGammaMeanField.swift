import OracleArithmetic

/// The factors q(μ)q(τ) = N(μ; m, 1/λ) Gam(τ; a, b) (shape a, RATE b).
public struct NormalGammaFactors<S: FieldScalar>: Sendable, Equatable {
    /// m = E[μ].
    public var meanOfMu: S
    /// λ, the precision of q(μ) (its variance is 1/λ).
    public var precisionOfMu: S
    /// a.
    public var shape: S
    /// b.
    public var rate: S

    public init(meanOfMu: S, precisionOfMu: S, shape: S, rate: S) {
        self.meanOfMu = meanOfMu
        self.precisionOfMu = precisionOfMu
        self.shape = shape
        self.rate = rate
    }

    /// E_q[τ] = a/b.
    public var expectedTau: S { shape / rate }
}

/// Mean-field VI for `NormalGammaModel` with q(μ, τ) = q(μ)q(τ) (`Proofs/10-mean-field.md`,
/// MF-8 … MF-11). Factor 0 is q(μ), factor 1 is q(τ).
public struct NormalGammaMeanField<S: FieldScalar>: Sendable {
    public let model: NormalGammaModel<S>

    public init(model: NormalGammaModel<S>) { self.model = model }

    func validate(_ q: NormalGammaFactors<S>) throws {
        try Validate.finite([q.meanOfMu, q.precisionOfMu, q.shape, q.rate], "factors")
        try Validate.positive([("precisionOfMu", q.precisionOfMu), ("shape", q.shape), ("rate", q.rate)])
    }

    /// E_q(μ)[Σₙ(xₙ − μ)² + λ₀(μ − μ₀)²] = Σₙ(xₙ − m)² + λ₀(m − μ₀)² + (N +
    /// λ₀)/λ (MF-9): the expectation of a square keeps the variance 1/λ.
    public func expectedSquares(_ q: NormalGammaFactors<S>) -> S {
        let m = q.meanOfMu
        let residual = model.data.reduce(S.zero) { $0 + ($1 - m).squared }
        return residual + model.priorPrecisionScale * (m - model.priorMean).squared
            + (model.count + model.priorPrecisionScale) / q.precisionOfMu
    }

    /// The fixed point of the two updates in closed form (MF-10): with t = E_q[τ],
    /// b = b₀ + ½[c + 1/t] where c = Σ(xₙ − μ_N)² + λ₀(μ_N − μ₀)², and a = a₀ + (N+1)/2, so
    /// t = a/b gives t = (a₀ + N/2)/(b₀ + c/2): E_q[τ] equals the exact posterior's E[τ].
    public var optimum: NormalGammaFactors<S> {
        let exact = model.exactPosterior
        let t = exact.shape / exact.rate
        let shape = model.priorShape + (model.count + .one) / S(2)
        return NormalGammaFactors(
            meanOfMu: exact.mean, precisionOfMu: exact.precisionScale * t, shape: shape, rate: shape / t)
    }
}

extension NormalGammaMeanField: MeanFieldModel {
    public typealias Scalar = S
    public typealias Factors = NormalGammaFactors<S>

    /// J = 2: q(μ) then q(τ).
    public var factorCount: Int { 2 }

    /// MF-9. j = 0: ln q(μ) = E_τ[ln p] + const ⇒ m = (λ₀μ₀ + Σxₙ)/(λ₀ + N), λ = (λ₀ + N)E[τ].
    /// j = 1: ln q(τ) = E_μ[ln p] + const ⇒ a = a₀ + (N + 1)/2, b = b₀ + ½ E_μ[squares].
    public func update(_ j: Int, of q: NormalGammaFactors<S>) throws -> NormalGammaFactors<S> {
        try validate(q)
        var next = q
        switch j {
        case 0:
            let kappa = model.priorPrecisionScale + model.count
            next.meanOfMu = (model.priorPrecisionScale * model.priorMean + model.sum) / kappa
            next.precisionOfMu = kappa * q.expectedTau
        case 1:
            next.shape = model.priorShape + (model.count + .one) / S(2)
            next.rate = model.priorRate + expectedSquares(q) / S(2)
        default:
            throw ModelInputError.outOfDomain(what: "coordinate", value: "\(j)", requirement: "0 ≤ j < 2")
        }
        return next
    }
}

extension NormalGammaMeanField: MeanFieldELBO where S: RealScalar {
    /// E_q[ln τ] = ψ(a) − ln b (MF-11), not ln E[τ] = ln a − ln b (Jensen: it is smaller).
    public static func expectedLogTau(_ q: NormalGammaFactors<S>) throws -> S {
        try GammaFunctions.digamma(q.shape) - (try S.log(q.rate))
    }

    /// The entropy of Gam(a, b): a − ln b + ln Γ(a) + (1 − a)ψ(a) (MF-11).
    public static func gammaEntropy(shape a: S, rate b: S) throws -> S {
        a - (try S.log(b)) + (try GammaFunctions.logGamma(a)) + (S.one - a) * (try GammaFunctions.digamma(a))
    }

    /// L(q) = E[ln p(X | μ, τ)] + E[ln p(μ | τ)] + E[ln p(τ)] + H[q(μ)] + H[q(τ)] (MF-11), with
    /// E[τ] = a/b, E[ln τ] = ψ(a) − ln b and E[(x − μ)²] = (x − m)² + 1/λ.
    public func elbo(_ q: NormalGammaFactors<S>) throws -> S {
        try validate(q)
        let half = S.one / S(2)
        let logTwoPi = try S.log(S(2) * S.pi)
        let eTau = q.expectedTau
        let eLogTau = try Self.expectedLogTau(q)
        let n = model.count
        let a0 = model.priorShape, b0 = model.priorRate
        // E[ln p(X|μ,τ)] + E[ln p(μ|τ)]: (N + 1)/2 (E ln τ − ln 2π) + ½ ln λ₀ − ½E[τ]·E[squares].
        let likelihoodAndMuPrior =
            half * (n + .one) * (eLogTau - logTwoPi)
            + half * (try S.log(model.priorPrecisionScale)) - half * eTau * expectedSquares(q)
        // E[ln p(τ)] = a₀ ln b₀ − ln Γ(a₀) + (a₀ − 1)E[ln τ] − b₀E[τ].
        let tauPrior = a0 * (try S.log(b0)) - (try GammaFunctions.logGamma(a0)) + (a0 - .one) * eLogTau - b0 * eTau
        // H[q(μ)] = ½(1 + ln 2π − ln λ).
        let muEntropy = half * (S.one + logTwoPi - (try S.log(q.precisionOfMu)))
        return likelihoodAndMuPrior + tauPrior + muEntropy + (try Self.gammaEntropy(shape: q.shape, rate: q.rate))
    }
}

extension NormalGammaModel where S: RealScalar {
    /// ln p(X) = ln Γ(a_N) − ln Γ(a₀) + a₀ ln b₀ − a_N ln b_N + ½ ln(λ₀/κ_N) − (N/2) ln 2π
    /// (T2-1): the evidence as a function of the hyperparameters (μ₀, λ₀, a₀, b₀).
    public func logEvidence() throws -> S {
        let post = exactPosterior
        let half = S.one / S(2)
        return (try GammaFunctions.logGamma(post.shape)) - (try GammaFunctions.logGamma(priorShape))
            + priorShape * (try S.log(priorRate)) - post.shape * (try S.log(post.rate))
            + half * (try S.log(priorPrecisionScale / post.precisionScale))
            - half * count * (try S.log(S(2) * S.pi))
    }
}
