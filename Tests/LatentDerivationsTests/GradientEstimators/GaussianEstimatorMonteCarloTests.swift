import Foundation
import Testing
import LatentDerivations
import OracleArithmetic
import OracleRandom
import OracleTestSupport

/// Seeded Monte Carlo against the exact moments (`Proofs/08-gradient-estimators.md`, GE-9).
///
/// **The bound (median of means).** Split N = B·n draws into B = 128 blocks of n. By Chebyshev a
/// block mean of an i.i.d. quantity with mean m and variance v lies within 2√(v/n) of m with
/// probability ≥ 3/4. The median of the B block means is farther than that only if ≥ B/2 blocks
/// fail, which by Hoeffding has probability ≤ exp(−2B(1/2 − 1/4)²) = exp(−B/8) = exp(−16) ≈
/// 1.1·10⁻⁷ ≤ 10⁻⁶. No normality, no Berry–Esseen: only the exact variance is used.
/// - Unbiasedness: the quantity is ĝ, m the exact gradient, v the exact Var ĝ.
/// - Sample variance: the quantity is (ĝ − g)², m = Var ĝ, v = μ₄ − Var², with μ₄ the exact fourth
///   central moment (GE-9) — a chi-square-style check on the spread that needs no normality.
@Suite("Gradient estimators: Monte Carlo against exact moments")
struct GaussianEstimatorMonteCarloTests {
    static let blocks = 128
    static let blockSize = 96

    static let medianOfMeansReason =
        "median of means: by Chebyshev a block mean is within 2√(v/n) with probability ≥ 3/4, and by Hoeffding "
        + "the median of 128 block means misses only if half the blocks do: P ≤ e^(−128/8) ≈ 1.1e-7"

    /// The median of the block means of `values` (B blocks of n, in order).
    static func medianOfMeans(_ values: [Double]) -> Double {
        let means = (0..<blocks).map { b in
            values[(b * blockSize)..<((b + 1) * blockSize)].reduce(0, +) / Double(blockSize)
        }.sorted()
        return (means[blocks / 2 - 1] + means[blocks / 2]) / 2
    }

    @Test(
        "every estimator is unbiased and its sample variance matches the exact variance", arguments: EstimatorCase.all)
    func unbiasedAndVarianceConsistent(c: EstimatorCase) throws {
        let p = try c.problem(Double.self)
        let exact = try c.problem(BigFloat.self)
        var rng = SplitMix64(
            seed: 0x6E57_0000 &+ UInt64(EstimatorCase.all.firstIndex { $0.description == c.description } ?? 0))
        let draws = (0..<(Self.blocks * Self.blockSize)).map { _ in rng.standardNormal() }
        try BigFloat.withPrecision(160) {
            let E = exact.closedFormRule
            for parameter in GaussianParameter.allCases {
                let g = try exact.gradient(parameter, E).doubleValue
                let b = try exact.optimalBaseline(parameter, E).doubleValue
                for estimator in EstimatorCase.estimators {
                    let m = try exact.moments(estimator.converted(BigFloat.self), parameter, E)
                    let v = m.variance.doubleValue, mu4 = m.fourthCentralMoment.doubleValue
                    let samples = try draws.map { try p.estimate(estimator, parameter, epsilon: $0, baseline: b) }
                    let n = Double(Self.blockSize)
                    let meanBound = 2 * (v / n).squareRoot()
                    expectClose(
                        Self.medianOfMeans(samples), g, within: .absolute(meanBound, Self.medianOfMeansReason),
                        "\(estimator) \(parameter): mean off by more than 2√(Var/n)")
                    let spreads = samples.map { ($0 - g) * ($0 - g) }
                    let varianceBound = 2 * (max(mu4 - v * v, 0) / n).squareRoot()
                    expectClose(
                        Self.medianOfMeans(spreads), v,
                        within: .absolute(varianceBound, Self.medianOfMeansReason + " (v = μ₄ − Var²)"),
                        "\(estimator) \(parameter): sample variance off")
                }
            }
        }
    }

    @Test("the Monte Carlo checks can fail: a sign-flipped score is caught")
    func signFlipIsCaught() throws {
        let p = try GaussianGradientProblem(function: .squaredDistance(k: 1.0), mean: 0.5, standardDeviation: 1.0)
        var rng = SplitMix64(seed: 0x5167)
        let draws = (0..<(Self.blocks * Self.blockSize)).map { _ in rng.standardNormal() }
        let g = try p.gradient(.mean, p.closedFormRule)
        let v = try p.moments(.scoreFunction, .mean, p.closedFormRule).variance
        let flipped = try draws.map { -(try p.estimate(.scoreFunction, .mean, epsilon: $0)) }
        #expect(abs(Self.medianOfMeans(flipped) - g) > 2 * (v / Double(Self.blockSize)).squareRoot())
    }
}
