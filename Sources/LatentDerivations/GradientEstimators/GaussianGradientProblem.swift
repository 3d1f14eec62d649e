import OracleArithmetic

/// The parameter φ of q_φ = N(μ, σ²) that a gradient is taken with respect to.
public enum GaussianParameter: String, CaseIterable, Hashable, Sendable {
    /// μ.
    case mean
    /// σ (the standard deviation, not σ²).
    case standardDeviation
    /// ρ = ln σ: ∂/∂ρ = σ ∂/∂σ (the chain rule, GE-5).
    case logStandardDeviation
}

/// An estimator of ∇_φ E_q[f] from one draw x = μ + σε (`Proofs/08-gradient-estimators.md`).
public enum GradientEstimator<Scalar: FieldScalar>: Hashable, Sendable {
    /// f(x) ∇_φ ln q(x) (GE-1, the log-derivative trick).
    case scoreFunction
    /// (f(x) − b) ∇_φ ln q(x) for a constant b (GE-3): unbiased because E[∇ ln q] = 0.
    case scoreFunctionWithBaseline(Scalar)
    /// (f(x) − b*) ∇_φ ln q(x) with the variance-optimal constant b* = E[f s²]/E[s²] (GE-4).
    case scoreFunctionWithOptimalBaseline
    /// ∇_φ f(μ + σε) = f′(x) ∂x/∂φ (GE-2, the reparameterization trick).
    case pathwise
}

/// Mean, variance and fourth central moment of one estimator (GE-4, GE-9).
public struct EstimatorMoments<Scalar: FieldScalar>: Hashable, Sendable {
    /// E[ĝ], which equals the true gradient for an unbiased estimator.
    public let mean: Scalar
    /// Var ĝ = E[(ĝ − E ĝ)²].
    public let variance: Scalar
    /// E[(ĝ − E ĝ)⁴], for the sample-variance check (GE-9).
    public let fourthCentralMoment: Scalar
}

/// ∇_φ E_{N(μ,σ²)}[f(x)] and its estimators, with exact expectations, gradients and estimator
/// variances (`Proofs/08-gradient-estimators.md`, GE-1 … GE-9).
///
/// Every reference is the expectation of a `KernelExpansion`, evaluated by a rule the caller
/// picks: `polynomialExpectation` (exact over `Rational`, polynomial test functions) or the
/// closed form `expectation(mean:standardDeviation:)` (any `RealScalar`, e.g. `BigFloat`).
///
/// **Edge Cases:** σ ≤ 0, or a non-finite μ, σ or function parameter, throws `ModelInputError`.
public struct GaussianGradientProblem<Scalar: FieldScalar>: Hashable, Sendable {
    /// f.
    public let function: EstimatorTestFunction<Scalar>
    /// μ.
    public let mean: Scalar
    /// σ > 0.
    public let standardDeviation: Scalar

    /// The problem for q = N(mean, standardDeviation²).
    public init(function: EstimatorTestFunction<Scalar>, mean: Scalar, standardDeviation: Scalar)
        throws(ModelInputError)
    {
        try Validate.finite([mean, standardDeviation] + function.parameters, "problem parameters (μ, σ, f's)")
        guard standardDeviation > .zero else {
            throw .notPositive(what: "standard deviation σ", value: standardDeviation.description)
        }
        if case .gaussianBump(let k) = function, !(k > .zero) {
            throw .notPositive(what: "bump rate k", value: k.description)
        }
        self.function = function
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// ∇_φ ln q(x) as a polynomial in ε (GE-1): ∂_μ ln q = (x − μ)/σ² = ε/σ,
    /// ∂_σ ln q = (x − μ)²/σ³ − 1/σ = (ε² − 1)/σ, ∂_ρ ln q = σ ∂_σ ln q = ε² − 1.
    public func score(_ parameter: GaussianParameter) -> KernelExpansion<Scalar> {
        let s = standardDeviation
        switch parameter {
        case .mean: return KernelExpansion(EpsilonPolynomial([.zero, .one / s]))
        case .standardDeviation: return KernelExpansion(EpsilonPolynomial([-(.one / s), .zero, .one / s]))
        case .logStandardDeviation: return KernelExpansion(EpsilonPolynomial([-.one, .zero, .one]))
        }
    }

    /// ∂x/∂φ for x = μ + σε (GE-2): 1, ε, σε.
    public func pathDerivative(_ parameter: GaussianParameter) -> KernelExpansion<Scalar> {
        switch parameter {
        case .mean: return .constant(.one)
        case .standardDeviation: return KernelExpansion(.epsilon)
        case .logStandardDeviation: return KernelExpansion(EpsilonPolynomial([.zero, standardDeviation]))
        }
    }

    /// The estimator as a kernel expansion in ε, with an explicit baseline b for the baseline
    /// variants (GE-1 … GE-3).
    public func estimatorExpansion(
        _ estimator: GradientEstimator<Scalar>, _ parameter: GaussianParameter, baseline b: Scalar = .zero
    ) -> KernelExpansion<Scalar> {
        let (f, fPrime) = function.expansions(mean: mean, standardDeviation: standardDeviation)
        switch estimator {
        case .scoreFunction: return f * score(parameter)
        case .scoreFunctionWithBaseline(let c): return (f - .constant(c)) * score(parameter)
        case .scoreFunctionWithOptimalBaseline: return (f - .constant(b)) * score(parameter)
        case .pathwise: return fPrime * pathDerivative(parameter)
        }
    }

    /// E_q[f] under the rule `E`.
    public func objective(_ E: (KernelExpansion<Scalar>) throws -> Scalar) rethrows -> Scalar {
        try E(function.expansions(mean: mean, standardDeviation: standardDeviation).value)
    }

    /// The true gradient ∂_φ E_q[f] = E[f s_φ] (GE-1; equal to E[f′ ∂x/∂φ] by GE-2).
    public func gradient(_ parameter: GaussianParameter, _ E: (KernelExpansion<Scalar>) throws -> Scalar) rethrows
        -> Scalar
    {
        try E(estimatorExpansion(.scoreFunction, parameter))
    }

    /// b* = E[f s²]/E[s²], the constant baseline minimising Var[(f − b)s] (GE-4): the variance
    /// is the quadratic E[f²s²] − 2b E[f s²] + b² E[s²] − g² in b.
    public func optimalBaseline(_ parameter: GaussianParameter, _ E: (KernelExpansion<Scalar>) throws -> Scalar)
        rethrows -> Scalar
    {
        let f = function.expansions(mean: mean, standardDeviation: standardDeviation).value
        let s2 = score(parameter) * score(parameter)
        // E[s²] > 0: 1/σ², 2/σ² or 2 (GE-4), never zero.
        return try E(f * s2) / E(s2)
    }

    /// Mean, variance and fourth central moment of an estimator (GE-4, GE-9):
    /// Var = E[(ĝ − m)²], μ₄ = E[(ĝ − m)⁴] with m = E[ĝ], each the expectation of an expansion.
    public func moments(
        _ estimator: GradientEstimator<Scalar>, _ parameter: GaussianParameter,
        _ E: (KernelExpansion<Scalar>) throws -> Scalar
    ) rethrows -> EstimatorMoments<Scalar> {
        var b = Scalar.zero
        if case .scoreFunctionWithOptimalBaseline = estimator { b = try optimalBaseline(parameter, E) }
        let g = estimatorExpansion(estimator, parameter, baseline: b)
        let m = try E(g)
        let centred = g - .constant(m)
        let c2 = centred * centred
        return EstimatorMoments(mean: m, variance: try E(c2), fourthCentralMoment: try E(c2 * c2))
    }

    /// The exact expectation rule: E over polynomial expansions, exact over `Rational`.
    public static var polynomialRule: (KernelExpansion<Scalar>) throws -> Scalar {
        { try $0.polynomialExpectation() }
    }
}

extension GaussianGradientProblem where Scalar: RealScalar {
    /// The closed-form expectation rule for this problem's μ and σ (GE-6, GE-7).
    public var closedFormRule: (KernelExpansion<Scalar>) throws -> Scalar {
        { [mean, standardDeviation] in try $0.expectation(mean: mean, standardDeviation: standardDeviation) }
    }

    /// One estimate from the draw ε, computed directly from f(x) and f′(x) at x = μ + σε
    /// (GE-1 … GE-3), not through the expansion. `baseline` is used by the baseline variants
    /// (pass b* for `.scoreFunctionWithOptimalBaseline`).
    public func estimate(
        _ estimator: GradientEstimator<Scalar>, _ parameter: GaussianParameter, epsilon e: Scalar,
        baseline: Scalar = .zero
    ) throws -> Scalar {
        let s = standardDeviation
        let x = mean + s * e
        let (f, fPrime) = try function.valueAndDerivative(at: x)
        let scoreValue: Scalar
        switch parameter {
        case .mean: scoreValue = e / s
        case .standardDeviation: scoreValue = (e * e - .one) / s
        case .logStandardDeviation: scoreValue = e * e - .one
        }
        switch estimator {
        case .scoreFunction: return f * scoreValue
        case .scoreFunctionWithBaseline(let b): return (f - b) * scoreValue
        case .scoreFunctionWithOptimalBaseline: return (f - baseline) * scoreValue
        case .pathwise:
            switch parameter {
            case .mean: return fPrime
            case .standardDeviation: return fPrime * e
            case .logStandardDeviation: return fPrime * e * s
            }
        }
    }
}
