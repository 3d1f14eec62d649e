import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport
import OracleRandom

/// Seeded random GMM problems shared by the mixture tests: data drawn from a random mixture,
/// with dyadic coordinates (exact in Double, BigFloat and ℚ) and an initialisation λ⁰ built from
/// data points, equal weights and a covariance of the right type.
struct MixtureProblem {
    let data: [[Double]]
    let initial: MixtureParameters<Double>
    let type: CovarianceType
    var componentCount: Int { initial.componentCount }
    var dimension: Int { initial.dimension }

    static func random(seed: UInt64, maxPoints: Int, maxK: Int, maxD: Int, type: CovarianceType) -> MixtureProblem {
        var rng = SplitMix64(seed: seed)
        let d = Int.random(in: 1...maxD, using: &rng)
        let k = Int.random(in: 1...maxK, using: &rng)
        let lower = max(k + 2, 6)
        let n = Int.random(in: lower...max(maxPoints, lower), using: &rng)
        // Anisotropic centres and scales; coordinates on the grid 2⁻⁸ so every input is exact.
        let centres = (0..<k).map { _ in (0..<d).map { _ in Double.random(in: -6...6, using: &rng) } }
        let scales = (0..<k).map { _ in (0..<d).map { _ in Double.random(in: 0.2...3, using: &rng) } }
        var data: [[Double]] = []
        for i in 0..<n {
            let c = i % k
            data.append(
                (0..<d).map { j in
                    let z = gaussian(&rng)
                    return ((centres[c][j] + scales[c][j] * z) * 256).rounded() / 256
                })
        }
        var picks = Array(0..<n)
        picks.shuffle(using: &rng)
        let means = (0..<k).map { data[picks[$0]] }
        let variance = (0..<d).map { j -> Double in
            let m = data.reduce(0) { $0 + $1[j] } / Double(n)
            return max(data.reduce(0) { $0 + ($1[j] - m) * ($1[j] - m) } / Double(n), 0.25)
        }
        let spherical = (variance.reduce(0, +) / Double(d) * 4).rounded(.up) / 4
        let covariance: Matrix<Double> =
            switch type {
            case .spherical: Matrix.diagonal([Double](repeating: spherical, count: d))
            default: Matrix.diagonal(variance.map { ($0 * 4).rounded(.up) / 4 })
            }
        // Weights 1/K are not dyadic for K = 3, 5, 6: use dyadic weights that sum to 1 exactly.
        var weights = [Double](repeating: (1.0 / Double(k) * 1024).rounded(.down) / 1024, count: k)
        weights[k - 1] = 1 - weights[..<(k - 1)].reduce(0, +)
        let initial = MixtureParameters(
            weights: weights, means: means, covariances: [Matrix](repeating: covariance, count: k))
        return MixtureProblem(data: data, initial: initial, type: type)
    }

    static func gaussian(_ rng: inout SplitMix64) -> Double {
        let u1 = Double.random(in: Double.ulpOfOne...1, using: &rng)
        let u2 = Double.random(in: 0..<1, using: &rng)
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    /// The problem converted to another real scalar (exact: every input is a Double).
    func converted<S: RealScalar>(to: S.Type) -> (data: [[S]], initial: MixtureParameters<S>) {
        (
            data.map { $0.map { S($0) } },
            MixtureParameters(
                weights: initial.weights.map { S($0) }, means: initial.means.map { $0.map { S($0) } },
                covariances: initial.covariances.map { $0.map { S($0) } })
        )
    }
}

/// λ as a flat list of Doubles (weights, means, covariance entries), for comparisons.
func flatten<S: RealScalar>(_ p: MixtureParameters<S>) -> [Double] {
    p.weights.map(\.doubleValue) + p.means.flatMap { $0.map(\.doubleValue) }
        + p.covariances.flatMap { $0.entries.map(\.doubleValue) }
}

/// κ₂(Σ) = λ_max/λ_min of a symmetric positive-definite Σ, by Jacobi in Σ's own scalar (a nearly
/// singular BigFloat Σ need not be positive definite once rounded to Double). κ only scales
/// rounding bounds, so a few correct digits suffice.
func conditionNumber<S: RealScalar>(_ sigma: Matrix<S>) throws -> Double {
    let e = try SymmetricEigendecomposition(sigma, tolerance: S(1e-14))
    return (e.values.max()! / e.values.min()!).doubleValue
}
