import OracleArithmetic

/// The test functions f whose gradient ∇_φ E_{N(μ,σ²)}[f(x)] the estimators target
/// (`Proofs/08-gradient-estimators.md`, GE-8; Mohamed et al., JMLR 2020, §3 and Figs. 2–3).
public enum EstimatorTestFunction<Scalar: FieldScalar>: Hashable, Sendable {
    /// f(x) = (x − k)².
    case squaredDistance(k: Scalar)
    /// f(x) = exp(−k x²), k > 0.
    case gaussianBump(k: Scalar)
    /// f(x) = cos(k x).
    case cosine(k: Scalar)
    /// f(x) = Σⱼ aⱼ xʲ, e.g. the Gaussian log-likelihood term of an ELBO
    /// (`EstimatorTestFunction.gaussianLogLikelihood`).
    case polynomial(coefficients: [Scalar])

    /// f and f′ as kernel expansions in ε for x = μ + σε (GE-8).
    public func expansions(mean mu: Scalar, standardDeviation sigma: Scalar) -> (
        value: KernelExpansion<Scalar>, derivative: KernelExpansion<Scalar>
    ) {
        let x = EpsilonPolynomial([mu, sigma])
        switch self {
        case .squaredDistance(let k):
            let a = EpsilonPolynomial([mu - k, sigma])
            return (KernelExpansion(a * a), KernelExpansion(a.scaled(by: Scalar(2))))
        case .gaussianBump(let k):
            let kernel = EstimatorKernel(gaussianRate: k, frequency: .zero, isSine: false)
            // f′(x) = −2k x exp(−k x²).
            return (KernelExpansion(.constant(.one), kernel), KernelExpansion(x.scaled(by: -Scalar(2) * k), kernel))
        case .cosine(let k):
            let n = EstimatorKernel<Scalar>.normalized(rate: .zero, frequency: k, sine: false)
            let s = EstimatorKernel<Scalar>.normalized(rate: .zero, frequency: k, sine: true)
            // f′(x) = −k sin(k x).
            return (KernelExpansion(.constant(n.sign), n.kernel), KernelExpansion(.constant(-k * s.sign), s.kernel))
        case .polynomial(let a):
            var value = EpsilonPolynomial<Scalar>([]), derivative = EpsilonPolynomial<Scalar>([])
            for (j, c) in a.enumerated() {
                value = value + x.power(j).scaled(by: c)
                if j > 0 { derivative = derivative + x.power(j - 1).scaled(by: c * Scalar(j)) }
            }
            return (KernelExpansion(value), KernelExpansion(derivative))
        }
    }

    /// The function's parameters, for validation.
    var parameters: [Scalar] {
        switch self {
        case .squaredDistance(let k), .gaussianBump(let k), .cosine(let k): return [k]
        case .polynomial(let a): return a
        }
    }

    /// A short name: `squared-distance`, `gaussian-bump`, `cosine`, `polynomial`.
    public var name: String {
        switch self {
        case .squaredDistance: return "squared-distance"
        case .gaussianBump: return "gaussian-bump"
        case .cosine: return "cosine"
        case .polynomial: return "polynomial"
        }
    }
}

extension EstimatorTestFunction where Scalar: RealScalar {
    /// The ELBO's Gaussian log-likelihood term as a function of the latent z:
    /// f(z) = ln N(y; w z + b, s²) = −½ ln(2πs²) − (y − b − w z)²/(2s²), a quadratic in z (GE-8).
    /// - Throws: `ModelInputError.notPositive` for s² ≤ 0.
    public static func gaussianLogLikelihood(
        observation y: Scalar, weight w: Scalar, offset b: Scalar, noiseVariance s2: Scalar
    ) throws -> EstimatorTestFunction {
        guard s2 > .zero else { throw ModelInputError.notPositive(what: "noise variance s²", value: s2.description) }
        let r = y - b
        let two = Scalar(2)
        let c0 = -(try Scalar.log(two * Scalar.pi * s2)) / two - r * r / (two * s2)
        return .polynomial(coefficients: [c0, w * r / s2, -(w * w) / (two * s2)])
    }

    /// (f(x), f′(x)) evaluated directly (not through the expansion): the per-sample route (GE-2).
    public func valueAndDerivative(at x: Scalar) throws -> (value: Scalar, derivative: Scalar) {
        switch self {
        case .squaredDistance(let k):
            return ((x - k) * (x - k), Scalar(2) * (x - k))
        case .gaussianBump(let k):
            let e = Scalar.exp(-k * x * x)
            return (e, -Scalar(2) * k * x * e)
        case .cosine(let k):
            let (c, s) = try TrigonometricSeries.cosineAndSine(k * x)
            return (c, -k * s)
        case .polynomial(let a):
            var v = Scalar.zero, d = Scalar.zero
            // Horner for p and p′ together: d ← d·x + v before v ← v·x + c.
            for c in a.reversed() {
                d = d * x + v
                v = v * x + c
            }
            return (v, d)
        }
    }
}
