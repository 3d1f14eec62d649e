import Foundation
import LatentDerivations
import OracleFixtures
import OracleArithmetic
import OracleLinearAlgebra
import OracleRandom

/// `latent-oracle bench certified-cost`: the time of a certified value against the plain float64
/// computation of the same thing by the same generic code, for `scripts/bench`.
///
/// Computations (`--computation em|kl`, sizes by `--points N`, `--dimension d`):
/// - `em`: an EM trace of 10 iterations, K = 5, full covariances, on N points of dimension d
///   (default N = 10⁴, d = 10) by `GMMBenchmark`'s data recipe and λ⁰. Certified: the corpus's
///   route, the generic driver at `BigFloat` 128 and 192 bits whose roundings must agree
///   (`MixturesExporter.certified`); float64: the same driver at `Double`.
/// - `kl`: KL(p ‖ q) of two full d-dimensional Gaussians (default d = 100), Σ = BBᵀ + I/4 with
///   B a d × 4 matrix of dyadic entries in {−3/4, …, 3/4} (SplitMix64, seed 5), μ dyadic.
///   Certified: the `divergences/gaussian-kl/full` evaluator, the route of `compute` and `serve`
///   (exact LDLᵀ over ℚ, correctly rounded by Ziv, with its tolerance); float64:
///   `MultivariateGaussianKL.divergence` at `Double`.
///
/// Report: `{computation}_certified_seconds`, `{computation}_float64_seconds` (minimum over the
/// repetitions), `{computation}_certified_value` and `{computation}_float64_value` (for the
/// script to compare with its mpmath run), and for `em` also `em_128_seconds`, `em_192_seconds`.
public struct CertifiedCostKernel: BenchmarkKernel {
    public let name = "certified-cost"
    public let summary = "a certified value's time against the float64 computation of the same thing (em, kl)"
    public init() {}

    public func run(_ arguments: [String]) throws -> String {
        var computation = "em", points = 10_000, dimension: Int?, repetitions = 3
        var rest = arguments[...]
        while let option = rest.popFirst() {
            guard let text = rest.popFirst(), let value = option == "--computation" ? 0 : Int(text), value >= 0 else {
                throw BenchmarkError(
                    "certified-cost takes --computation em|kl, --points N, --dimension d, "
                        + "--repetitions R with whole numbers, not '\(arguments.joined(separator: " "))'")
            }
            switch option {
            case "--computation" where ["em", "kl"].contains(text): computation = text
            case "--points" where value >= 5: points = value
            case "--dimension" where value >= 1: dimension = value
            case "--repetitions" where value >= 1: repetitions = value
            default: throw BenchmarkError("certified-cost: bad option '\(option) \(text)'")
            }
        }
        let fields =
            computation == "em"
            ? try em(points: points, dimension: dimension ?? 10, repetitions: repetitions)
            : try kl(dimension: dimension ?? 100, repetitions: repetitions)
        return "{" + fields.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
    }

    static let emIterations = 10, emComponents = 5

    /// ε added to every covariance's diagonal in the M-step (2⁻²⁰, exact in every precision): the
    /// recipe's points lie near a few lines within a cluster, so at a few hundred points a
    /// component's unregularized covariance can become singular.
    static let emRegularizer = 0x1p-20

    func em(points: Int, dimension d: Int, repetitions: Int) throws -> [(key: String, value: Double)] {
        let data = (0..<points).map { n in
            (0..<d).map { j in
                let noise = Double((n &* 2_654_435_761 &+ j &* 40503) % 65536) / 65536 - 0.5
                return Double((7 * (n % Self.emComponents) + 3 * j) % 11) - 5 + 2 * noise
            }
        }
        func trace<S: RealScalar>(_: S.Type) throws -> Double {
            let initial = MixtureParameters(
                weights: [S](repeating: S(0.2), count: Self.emComponents),
                means: data.prefix(Self.emComponents).map { $0.map { S($0) } },
                covariances: [Matrix<S>](repeating: .identity(d), count: Self.emComponents))
            let result = try MixtureEM.run(
                data: data.map { $0.map { S($0) } }, initial: initial, covarianceType: .full,
                covarianceRegularizer: S(Self.emRegularizer),
                stopping: EMStoppingRule(maximumIterations: Self.emIterations, logLikelihoodTolerance: nil))
            return result.records.last!.logLikelihood.doubleValue
        }
        var low = 0.0, high = 0.0, plain = 0.0
        let seconds128 = try minimumSeconds(repetitions: repetitions) {
            low = try BigFloat.withPrecision(128) { try trace(BigFloat.self) }
        }
        let seconds192 = try minimumSeconds(repetitions: repetitions) {
            high = try BigFloat.withPrecision(192) { try trace(BigFloat.self) }
        }
        let float64 = try minimumSeconds(repetitions: repetitions) { plain = try trace(Double.self) }
        guard low == high else { throw ArithmeticBenchmarkError("em: the 128- and 192-bit traces round differently") }
        return [
            ("em_certified_seconds", seconds128 + seconds192), ("em_float64_seconds", float64),
            ("em_128_seconds", seconds128), ("em_192_seconds", seconds192),
            ("em_certified_value", high), ("em_float64_value", plain),
        ]
    }

    func kl(dimension d: Int, repetitions: Int) throws -> [(key: String, value: Double)] {
        var generator = SplitMix64(seed: 5)
        func covariance() -> [[Double]] {
            let b = (0..<d).map { _ in (0..<4).map { _ in Double(Int(generator.next() % 7) - 3) / 4 } }
            return (0..<d).map { i in
                (0..<d).map { j in
                    (0..<4).reduce(0.0) { $0 + b[i][$1] * b[j][$1] } + (i == j ? 0.25 : 0)
                }
            }
        }
        func mean() -> [Double] { (0..<d).map { _ in Double(Int(generator.next() % 17) - 8) / 8 } }
        let sigma1 = covariance(), sigma2 = covariance(), mean1 = mean(), mean2 = mean()
        func matrix(_ m: [[Double]]) -> FixtureValue {
            .array(shape: [d, d], data: m.flatMap { $0.map { FixtureValue.exactReal($0) } })
        }
        let inputs: OrderedMap<FixtureValue> = [
            "mean1": .vector(mean1.map { .exactReal($0) }), "covariance1": matrix(sigma1),
            "mean2": .vector(mean2.map { .exactReal($0) }), "covariance2": matrix(sigma2),
        ]
        let evaluator = try EvaluatorRegistry.evaluator(named: "divergences/gaussian-kl/full")
        var certified = 0.0, plain = 0.0
        let certifiedSeconds = try minimumSeconds(repetitions: repetitions) {
            guard case .values(let expected) = try evaluator.evaluate(inputs).expected,
                case .real(let kl)? = expected["kl"]
            else {
                throw ArithmeticBenchmarkError("kl: the evaluator gave no kl")
            }
            certified = kl.value
        }
        let float64 = try minimumSeconds(repetitions: repetitions) {
            plain = try MultivariateGaussianKL.divergence(
                mean1: mean1, covariance1: try Matrix(sigma1), mean2: mean2, covariance2: try Matrix(sigma2))
        }
        return [
            ("kl_certified_seconds", certifiedSeconds), ("kl_float64_seconds", float64),
            ("kl_certified_value", certified), ("kl_float64_value", plain),
        ]
    }
}
