@testable import OracleFixtures

/// The four Gaussian gradient estimators as the `gradient-estimators/gaussian` conventions define
/// them, written out apart from the oracle's code: x = μ + σε; scores ε/σ, (ε² − 1)/σ, ε² − 1 and
/// ∂x/∂φ = 1, ε, σε for φ = μ, σ, ln σ; b* = E[f s²]/E[s²] by a Gauss–Hermite rule.
struct GaussianEstimatorConventions {
    /// The estimators in the files' order: score function, with the case's baseline, with b*, pathwise.
    static let names = ["sf", "sf-baseline", "sf-optimal-baseline", "pw"]

    let f: (Double) -> Double
    let fPrime: (Double) -> Double
    let mean: Double
    let sigma: Double
    let baseline: Double
    /// b* for μ, σ, ln σ.
    let optimalBaselines: [Double]

    init(
        f: @escaping (Double) -> Double, fPrime: @escaping (Double) -> Double, mean: Double, sigma: Double,
        baseline: Double, rule: GaussHermiteRule
    ) {
        (self.f, self.fPrime, self.mean, self.sigma, self.baseline) = (f, fPrime, mean, sigma, baseline)
        let score = Self.scores(sigma)
        optimalBaselines = (0..<3).map { p in
            rule.expectation { f(mean + sigma * $0) * score[p]($0) * score[p]($0) }
                / rule.expectation { score[p]($0) * score[p]($0) }
        }
    }

    static func scores(_ sigma: Double) -> [(Double) -> Double] {
        [{ $0 / sigma }, { ($0 * $0 - 1) / sigma }, { $0 * $0 - 1 }]
    }

    /// Estimator `e` (an index into `names`) for parameter `p` (μ, σ, ln σ) at the draw ε.
    func estimate(_ e: Int, _ p: Int, _ eps: Double) -> Double {
        let x = mean + sigma * eps
        let score = Self.scores(sigma)[p](eps)
        switch e {
        case 0: return f(x) * score
        case 1: return (f(x) - baseline) * score
        case 2: return (f(x) - optimalBaselines[p]) * score
        default: return fPrime(x) * [1, eps, sigma * eps][p]
        }
    }
}
