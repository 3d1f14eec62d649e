import Foundation
import LatentDerivations
import OracleFixtures
import OracleArithmetic
import OracleLinearAlgebra
import OracleRandom

/// `latent-oracle bench certified-cost`: the time of a certified value against the plain float64
/// computation of the same thing by the same generic code, for `scripts/bench`.
///
/// Computations (`--computation em|kl|ppca|evidence`, sizes by `--points N`, `--dimension d`):
/// - `em`: an EM trace of 10 iterations, K = 5, full covariances, on N points of dimension d
///   (default N = 10⁴, d = 10) by `GMMBenchmark`'s data recipe and λ⁰. Certified: the corpus's
///   route, the generic driver at 128 and 192 bits whose roundings must agree
///   (`MixturesEvaluators.certified`), at `FixedPrecisionFloat<Precision128>` and `<Precision192>`
///   (`--bigfloat 1`: at `BigFloat`, the same values bit for bit, for comparison); float64: the
///   same driver at `Double`.
/// - `kl`: KL(p ‖ q) of two full d-dimensional Gaussians (default d = 100), Σ = BBᵀ + I/4 with
///   B a d × 4 matrix of dyadic entries in {−3/4, …, 3/4} (SplitMix64, seed 5), μ dyadic.
///   Certified: the `divergences/gaussian-kl/full` evaluator, the route of `compute` and `serve`
///   (exact LDLᵀ over ℚ, correctly rounded by Ziv, with its tolerance); float64:
///   `MultivariateGaussianKL.divergence` at `Double`.
/// - `ppca`: the closed-form ML PPCA fit (q = 5) to N points of dimension d (default N = 200,
///   d = 50), x = Wz + e with W (d × 5), z (5) in {−3/4, …, 3/4} and e in {−1/2, …, 1/2} by
///   sixteenths (SplitMix64, seed 7: W, then z and e per point; every x is exact in float64).
///   Certified: the `factor-models/closed-form/ppca` evaluator, the route of the fixtures
///   (BigFloat Jacobi at 200 and 256 bits whose roundings must agree, else a 1-ulp bound);
///   float64: `PPCAClosedForm` at `Double` with the same outputs (eigenvalues, σ², WWᵀ, U_qU_qᵀ,
///   ln L).
/// - `evidence`: the type-II log evidence ln p(y | α, β) of the linear Gaussian model with n
///   observations and p = 10 parameters (default n = 400), α = 1/2, β = 4, design entries and y
///   in {−1, …, 1} by eighths (SplitMix64, seed 11: A row by row, then y). Certified: the route
///   of `linear-gaussian/bayesian/evidence-hyperparameters`, `EvidenceFunction` over ℚ (AᵀA,
///   Aᵀy and a p × p LDLᵀ, exact) and `GaussianLogDensityTerms.correctlyRoundedValue()` (Ziv);
///   float64: `EvidenceFunction` at `Double` and `GaussianLogDensityTerms.value`.
///
/// Report: `{computation}_certified_seconds`, `{computation}_float64_seconds` (minimum over the
/// repetitions), `{computation}_certified_value` and `{computation}_float64_value` (for the
/// script to compare with its mpmath run), for `em` also `em_128_seconds`, `em_192_seconds`, for
/// `ppca` also `ppca_noise_variance` and `ppca_top_eigenvalue` (the certified σ² and λ₁).
public struct CertifiedCostKernel: BenchmarkKernel {
    public let name = "certified-cost"
    public let summary =
        "a certified value's time against the float64 computation of the same thing (em, kl, ppca, evidence)"
    public init() {}

    public func run(_ arguments: [String]) throws -> String {
        var computation = "em", points: Int?, dimension: Int?, repetitions = 3, bigFloat = false
        var rest = arguments[...]
        while let option = rest.popFirst() {
            guard let text = rest.popFirst(), let value = option == "--computation" ? 0 : Int(text), value >= 0 else {
                throw BenchmarkError(
                    "certified-cost takes --computation em|kl|ppca|evidence, --points N, --dimension d, "
                        + "--repetitions R, --bigfloat 0|1 with whole numbers, "
                        + "not '\(arguments.joined(separator: " "))'")
            }
            switch option {
            case "--computation" where ["em", "kl", "ppca", "evidence"].contains(text): computation = text
            case "--points" where value >= 5: points = value
            case "--dimension" where value >= 1: dimension = value
            case "--repetitions" where value >= 1: repetitions = value
            case "--bigfloat" where value <= 1: bigFloat = value == 1
            default: throw BenchmarkError("certified-cost: bad option '\(option) \(text)'")
            }
        }
        let fields: [(key: String, value: Double)]
        switch computation {
        case "em":
            fields = try em(
                points: points ?? 10_000, dimension: dimension ?? 10, repetitions: repetitions, bigFloat: bigFloat)
        case "kl": fields = try kl(dimension: dimension ?? 100, repetitions: repetitions)
        case "ppca": fields = try ppca(points: points ?? 200, dimension: dimension ?? 50, repetitions: repetitions)
        default: fields = try evidence(observations: points ?? 400, repetitions: repetitions)
        }
        return "{" + fields.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
    }

    static let emIterations = 10, emComponents = 5

    /// ε added to every covariance's diagonal in the M-step (2⁻²⁰, exact in every precision): the
    /// recipe's points lie near a few lines within a cluster, so at a few hundred points a
    /// component's unregularized covariance can become singular.
    static let emRegularizer = 0x1p-20

    func em(points: Int, dimension d: Int, repetitions: Int, bigFloat: Bool) throws -> [(key: String, value: Double)] {
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
            low = try BigFloat.withPrecision(128) {
                bigFloat ? try trace(BigFloat.self) : try trace(FixedPrecisionFloat<Precision128>.self)
            }
        }
        let seconds192 = try minimumSeconds(repetitions: repetitions) {
            high = try BigFloat.withPrecision(192) {
                bigFloat ? try trace(BigFloat.self) : try trace(FixedPrecisionFloat<Precision192>.self)
            }
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

    static let ppcaLatentDimension = 5

    func ppca(points: Int, dimension d: Int, repetitions: Int) throws -> [(key: String, value: Double)] {
        let q = Self.ppcaLatentDimension
        var generator = SplitMix64(seed: 7)
        func draw(_ range: UInt64, _ scale: Double) -> Double {
            Double(Int(generator.next() % range) - Int(range / 2)) * scale
        }
        let w = (0..<d).map { _ in (0..<q).map { _ in draw(7, 0.25) } }
        let data = (0..<points).map { _ in
            let z = (0..<q).map { _ in draw(7, 0.25) }
            let e = (0..<d).map { _ in draw(17, 0.0625) }
            // |Σ_t w z| ≤ 5·9/16 and every product is a multiple of 1/16: the sum is exact.
            return (0..<d).map { j in (0..<q).reduce(e[j]) { $0 + w[j][$1] * z[$1] } }
        }
        let inputs: OrderedMap<FixtureValue> = [
            "data": .array(shape: [points, d], data: data.flatMap { $0.map { FixtureValue.exactReal($0) } }),
            "latentDimension": .integer(q),
        ]
        let evaluator = try EvaluatorRegistry.evaluator(named: "factor-models/closed-form/ppca")
        var certified = (logL: 0.0, sigma2: 0.0, top: 0.0), plain = 0.0
        let certifiedSeconds = try minimumSeconds(repetitions: repetitions) {
            guard case .values(let expected) = try evaluator.evaluate(inputs).expected,
                case .real(let logL)? = expected["logLikelihood"], case .real(let sigma2)? = expected["noiseVariance"],
                case .array(_, let eigenvalues)? = expected["eigenvalues"], case .real(let top)? = eigenvalues.first
            else {
                throw ArithmeticBenchmarkError("ppca: the evaluator gave no logLikelihood, noiseVariance, eigenvalues")
            }
            certified = (logL.value, sigma2.value, top.value)
        }
        let float64 = try minimumSeconds(repetitions: repetitions) {
            let fit = try PPCAClosedForm(data: data, latentDimension: q)
            // The evaluator's outputs, so both sides compute the same things.
            _ = try fit.loadingsProduct()
            _ = try fit.projection()
            plain = try fit.logLikelihood()
        }
        return [
            ("ppca_certified_seconds", certifiedSeconds), ("ppca_float64_seconds", float64),
            ("ppca_certified_value", certified.logL), ("ppca_float64_value", plain),
            ("ppca_noise_variance", certified.sigma2), ("ppca_top_eigenvalue", certified.top),
        ]
    }

    static let evidenceParameters = 10

    func evidence(observations n: Int, repetitions: Int) throws -> [(key: String, value: Double)] {
        let p = Self.evidenceParameters
        var generator = SplitMix64(seed: 11)
        func draw() -> Double { Double(Int(generator.next() % 17) - 8) / 8 }
        let design = (0..<n).map { _ in (0..<p).map { _ in draw() } }
        let y = (0..<n).map { _ in draw() }
        let (alpha, beta) = (0.5, 4.0)
        func exact(_ x: Double) -> Rational { Rational(exactly: x)! }
        var certified = 0.0, plain = 0.0
        let certifiedSeconds = try minimumSeconds(repetitions: repetitions) {
            // The evaluator's route: the data read exactly into ℚ, then EvidenceFunction over ℚ.
            let model = try LinearGaussianModel(
                design: try Matrix(design.map { $0.map(exact) }), response: y.map(exact))
            let evaluation = try EvidenceFunction(model: model).evaluate(
                priorPrecision: exact(alpha), noisePrecision: exact(beta))
            certified = try evaluation.logEvidenceTerms.correctlyRoundedValue()
        }
        let float64 = try minimumSeconds(repetitions: repetitions) {
            let model = try LinearGaussianModel(design: try Matrix(design), response: y)
            plain = try EvidenceFunction(model: model).evaluate(priorPrecision: alpha, noisePrecision: beta)
                .logEvidenceTerms.value
        }
        return [
            ("evidence_certified_seconds", certifiedSeconds), ("evidence_float64_seconds", float64),
            ("evidence_certified_value", certified), ("evidence_float64_value", plain),
        ]
    }
}
