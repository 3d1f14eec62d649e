import LatentDerivations
import OracleArithmetic

/// The (test function, μ, σ) grid shared by the gradient-estimator tests; every value is a
/// Double exactly, so the same case can be built over Double, BigFloat and (for polynomials)
/// Rational.
struct EstimatorCase: CustomStringConvertible, Sendable {
    enum Kind: Sendable { case squaredDistance, gaussianBump, cosine, logLikelihood }
    let kind: Kind
    let k: Double
    let mean: Double
    let sigma: Double

    var description: String { "\(kind) k=\(k) μ=\(mean) σ=\(sigma)" }

    /// The ELBO log-likelihood term's parameters: y, w, b, s².
    static let likelihood = (y: 1.5, w: 0.75, b: 0.25, s2: 0.5)

    func function<S: RealScalar>(_: S.Type) throws -> EstimatorTestFunction<S> {
        switch kind {
        case .squaredDistance: return .squaredDistance(k: S(k))
        case .gaussianBump: return .gaussianBump(k: S(k))
        case .cosine: return .cosine(k: S(k))
        case .logLikelihood:
            let l = Self.likelihood
            return try .gaussianLogLikelihood(
                observation: S(l.y), weight: S(l.w), offset: S(l.b), noiseVariance: S(l.s2))
        }
    }

    func problem<S: RealScalar>(_: S.Type) throws -> GaussianGradientProblem<S> {
        try GaussianGradientProblem(function: function(S.self), mean: S(mean), standardDeviation: S(sigma))
    }

    static let all: [EstimatorCase] = {
        var cases: [EstimatorCase] = []
        for (m, s) in [(0.5, 1.0), (-1.0, 0.5), (0.25, 2.0)] {
            cases.append(EstimatorCase(kind: .squaredDistance, k: 1, mean: m, sigma: s))
            cases.append(EstimatorCase(kind: .gaussianBump, k: 0.5, mean: m, sigma: s))
            cases.append(EstimatorCase(kind: .cosine, k: 1.5, mean: m, sigma: s))
            cases.append(EstimatorCase(kind: .logLikelihood, k: 0, mean: m, sigma: s))
        }
        return cases
    }()

    static let estimators: [GradientEstimator<Double>] = [
        .scoreFunction, .scoreFunctionWithBaseline(0.5), .scoreFunctionWithOptimalBaseline, .pathwise,
    ]
}

extension GradientEstimator {
    /// The same estimator over another scalar (the constant baseline converted exactly).
    func converted<T: RealScalar>(_: T.Type) -> GradientEstimator<T> where Scalar == Double {
        switch self {
        case .scoreFunction: return .scoreFunction
        case .scoreFunctionWithBaseline(let b): return .scoreFunctionWithBaseline(T(b))
        case .scoreFunctionWithOptimalBaseline: return .scoreFunctionWithOptimalBaseline
        case .pathwise: return .pathwise
        }
    }
}
