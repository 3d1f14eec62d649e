import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// `latent-oracle bench gmm-em`: `Double` EM iterations of the generic driver
/// (`MixtureEM.run`, the same code that runs at `BigFloat`) on N = 100 000
/// points, K = 5, d = 2 and d = 10, from a fixed λ⁰; `scripts/bench gmm` runs scikit-learn's
/// `GaussianMixture` from the same λ⁰ on the same data.
///
/// The data are a closed-form integer recipe both sides evaluate exactly: point n is in cluster
/// c = n mod 5, with x_nj = ((7c + 3j) mod 11) − 5 + 2·(((n·2654435761 + j·40503) mod 65536)/65536 − ½).
/// λ⁰: μ_k = x_k (k < 5, one point per cluster), Σ_k = I, π_k = 1/5, full covariances, ε = 0.
public struct GMMBenchmark: RepeatedBenchmarkKernel {
    public let name = "gmm-em"
    public let summary = "Double EM for a Gaussian mixture (generic driver), N = 100000, K = 5, d = 2 and 10"
    public static let pointCount = 100_000
    public static let componentCount = 5
    public static let iterations = 5

    public init() {}

    public static func data(dimension d: Int) -> [[Double]] {
        (0..<pointCount).map { n in
            let c = n % componentCount
            return (0..<d).map { j in
                let noise = Double((n &* 2_654_435_761 &+ j &* 40503) % 65536) / 65536 - 0.5
                return Double((7 * c + 3 * j) % 11) - 5 + 2 * noise
            }
        }
    }

    public static func initial(_ data: [[Double]]) -> MixtureParameters<Double> {
        let d = data[0].count
        return MixtureParameters(
            weights: [Double](repeating: 0.2, count: componentCount), means: Array(data.prefix(componentCount)),
            covariances: [Matrix<Double>](repeating: .identity(d), count: componentCount))
    }

    public func run(repetitions: Int) throws -> [(key: String, value: Double)] {
        var out: [(key: String, value: Double)] = []
        for d in [2, 10] {
            let data = Self.data(dimension: d)
            let initial = Self.initial(data)
            var trace: EMTrace<Double>?
            let seconds = try minimumSeconds(repetitions: repetitions) {
                trace = try MixtureEM.run(
                    data: data, initial: initial, covarianceType: .full, covarianceRegularizer: 0,
                    stopping: EMStoppingRule(maximumIterations: Self.iterations, logLikelihoodTolerance: nil))
            }
            out.append((key: "d\(d)_iterations_per_second", value: Double(Self.iterations) / seconds))
            for (k, record) in (trace?.records ?? []).enumerated() {
                out.append((key: "d\(d)_loglik_\(k)", value: record.logLikelihood))
            }
        }
        return out
    }
}
