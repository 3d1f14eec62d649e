import OracleArithmetic
import OracleLinearAlgebra

/// The factors q(Z)q(π)Πₖq(μₖ): Cat(zₙ; rₙ), Dir(π; α), N(μₖ; mₖ, vₖ).
public struct BayesianGMMFactors<S: RealScalar>: Sendable, Equatable {
    /// r_nk, N × K.
    public var responsibilities: [[S]]
    /// α (Dirichlet concentrations).
    public var concentrations: [S]
    /// mₖ.
    public var means: [S]
    /// vₖ (variances of q(μₖ)).
    public var variances: [S]

    public init(responsibilities: [[S]], concentrations: [S], means: [S], variances: [S]) {
        self.responsibilities = responsibilities
        self.concentrations = concentrations
        self.means = means
        self.variances = variances
    }
}

/// A Bayesian Gaussian mixture on ℝ with conjugate priors and mean-field CAVI
/// (`Proofs/10-mean-field.md`, MF-14, MF-15):
///   π ~ Dir(α₀, …, α₀), μₖ ~ N(m₀, s₀²), zₙ | π ~ Cat(π), xₙ | zₙ = k, μ ~ N(μₖ, σ²),
/// with the component variance σ² known. q(μ₁…μ_K) is one block: the μₖ are independent given
/// q(Z), so updating them together is still exact coordinate ascent. Factors: 0 = q(Z),
/// 1 = q(π), 2 = q(μ).
///
/// **Edge Cases:** empty data, K < 1, a non-finite value, or σ², s₀², α₀ ≤ 0 (an improper prior)
/// throws `ModelInputError`.
public struct BayesianGaussianMixture<S: RealScalar>: Sendable {
    public let data: [S]
    public let componentCount: Int
    /// σ².
    public let componentVariance: S
    /// α₀.
    public let concentration: S
    /// m₀.
    public let priorMean: S
    /// s₀².
    public let priorVariance: S

    public init(data: [S], componentCount: Int, componentVariance: S, concentration: S, priorMean: S, priorVariance: S)
        throws
    {
        guard !data.isEmpty else { throw ModelInputError.empty(what: "data") }
        guard componentCount >= 1 else {
            throw ModelInputError.notPositive(what: "componentCount", value: "\(componentCount)")
        }
        try Validate.finite(data, "data")
        try Validate.finite([componentVariance, concentration, priorMean, priorVariance], "hyperparameters")
        try Validate.positive([
            ("componentVariance", componentVariance), ("concentration", concentration),
            ("priorVariance", priorVariance),
        ])
        self.data = data
        self.componentCount = componentCount
        self.componentVariance = componentVariance
        self.concentration = concentration
        self.priorMean = priorMean
        self.priorVariance = priorVariance
    }

    /// E_q[ln πₖ] = ψ(αₖ) − ψ(Σⱼ αⱼ).
    public static func expectedLogWeights(_ alpha: [S]) throws -> [S] {
        let total = try GammaFunctions.digamma(alpha.reduce(S.zero, +))
        return try alpha.map { try GammaFunctions.digamma($0) - total }
    }

    /// E_q[(xₙ − μₖ)²] = (xₙ − mₖ)² + vₖ.
    func expectedSquare(_ n: Int, _ k: Int, _ q: BayesianGMMFactors<S>) -> S {
        (data[n] - q.means[k]).squared + q.variances[k]
    }

    func validate(_ q: BayesianGMMFactors<S>) throws {
        guard q.responsibilities.count == data.count, q.concentrations.count == componentCount,
            q.means.count == componentCount, q.variances.count == componentCount,
            q.responsibilities.allSatisfy({ $0.count == componentCount })
        else {
            throw ModelInputError.shapeMismatch(
                what: "factors", expected: [data.count, componentCount],
                actual: [q.responsibilities.count, q.means.count])
        }
        for value in q.concentrations + q.variances where !(value > .zero) {
            throw ModelInputError.notPositive(what: "factor concentration or variance", value: "\(value)")
        }
    }
}

extension BayesianGaussianMixture: MeanFieldModel {
    public typealias Scalar = S
    public typealias Factors = BayesianGMMFactors<S>

    /// J = 3: q(Z), q(π), q(μ).
    public var factorCount: Int { 3 }

    /// MF-14: ln q(zₙ = k) = E[ln πₖ] − E[(xₙ − μₖ)²]/(2σ²) + const; q(π) = Dir(α₀ + Nₖ);
    /// q(μₖ) = N(mₖ, vₖ) with 1/vₖ = 1/s₀² + Nₖ/σ², mₖ = vₖ(m₀/s₀² + Σₙ r_nk xₙ/σ²).
    public func update(_ j: Int, of q: BayesianGMMFactors<S>) throws -> BayesianGMMFactors<S> {
        try validate(q)
        var next = q
        let kRange = 0..<componentCount
        switch j {
        case 0:
            let eLogPi = try Self.expectedLogWeights(q.concentrations)
            next.responsibilities = try data.indices.map { n in
                let row = kRange.map { k in eLogPi[k] - expectedSquare(n, k, q) / (S(2) * componentVariance) }
                let normalizer = try logSumExp(row)
                return row.map { S.exp($0 - normalizer) }
            }
        case 1:
            next.concentrations = kRange.map { k in concentration + q.responsibilities.reduce(S.zero) { $0 + $1[k] } }
        case 2:
            for k in kRange {
                let nk = q.responsibilities.reduce(S.zero) { $0 + $1[k] }
                let weighted = data.indices.reduce(S.zero) { $0 + q.responsibilities[$1][k] * data[$1] }
                let precision = S.one / priorVariance + nk / componentVariance
                next.variances[k] = S.one / precision
                next.means[k] = (priorMean / priorVariance + weighted / componentVariance) / precision
            }
        default:
            throw ModelInputError.outOfDomain(what: "coordinate", value: "\(j)", requirement: "0 ≤ j < 3")
        }
        return next
    }
}

extension BayesianGaussianMixture: MeanFieldELBO {
    /// MF-15: L = E[ln p(X | Z, μ)] + E[ln p(Z | π)] + E[ln p(π)] + E[ln p(μ)]
    ///          + H[q(Z)] + H[q(π)] + H[q(μ)], every term closed form in ψ and ln Γ.
    public func elbo(_ q: BayesianGMMFactors<S>) throws -> S {
        try validate(q)
        let half = S.one / S(2)
        let logTwoPi = try S.log(S(2) * S.pi)
        let k = S(componentCount)
        let eLogPi = try Self.expectedLogWeights(q.concentrations)
        let alphaHat = q.concentrations.reduce(S.zero, +)
        var sum = NeumaierSum<S>()
        let logSigma2 = try S.log(componentVariance)
        for n in data.indices {
            for j in 0..<componentCount where q.responsibilities[n][j] > .zero {
                let r = q.responsibilities[n][j]
                // E[ln N(xₙ; μⱼ, σ²)] + E[ln πⱼ] − ln r_nj.
                sum.add(
                    r
                        * (-half * (logTwoPi + logSigma2) - expectedSquare(n, j, q) / (S(2) * componentVariance)
                            + eLogPi[j] - (try S.log(r))))
            }
        }
        // E[ln p(π)] = ln Γ(Kα₀) − K ln Γ(α₀) + (α₀ − 1) Σ E[ln πⱼ].
        sum.add(try GammaFunctions.logGamma(k * concentration) - k * (try GammaFunctions.logGamma(concentration)))
        // H[Dir(α)] = −ln Γ(α̂) + Σ ln Γ(αⱼ) − Σ (αⱼ − 1) E[ln πⱼ].
        sum.add(-(try GammaFunctions.logGamma(alphaHat)))
        for j in 0..<componentCount {
            sum.add(
                (concentration - q.concentrations[j]) * eLogPi[j] + (try GammaFunctions.logGamma(q.concentrations[j])))
            // E[ln N(μⱼ; m₀, s₀²)] + H[N(mⱼ, vⱼ)].
            sum.add(
                -half * (logTwoPi + (try S.log(priorVariance))) - ((q.means[j] - priorMean).squared + q.variances[j])
                    / (S(2) * priorVariance)
                    + half * (S.one + logTwoPi + (try S.log(q.variances[j]))))
        }
        return sum.value
    }
}
