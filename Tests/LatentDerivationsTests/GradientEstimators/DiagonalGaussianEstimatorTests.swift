import Foundation
import Testing
import GSLReference
import LatentDerivations
import OracleArithmetic
import OracleRandom
import OracleTestSupport

/// Diagonal multivariate Gaussian q with a separable f (`Proofs/08-gradient-estimators.md`, GE-13).
@Suite("Gradient estimators: diagonal multivariate Gaussian")
struct DiagonalGaussianEstimatorTests {
    static func problem() throws -> DiagonalGaussianGradientProblem<Double> {
        try DiagonalGaussianGradientProblem(coordinates: [
            GaussianGradientProblem(function: .squaredDistance(k: 1.0), mean: 0.5, standardDeviation: 1.0),
            GaussianGradientProblem(function: .cosine(k: 1.5), mean: -0.25, standardDeviation: 0.75),
            GaussianGradientProblem(function: .gaussianBump(k: 0.5), mean: 1.0, standardDeviation: 0.5),
        ])
    }

    static let estimators: [GradientEstimator<Double>] = [
        .scoreFunction, .scoreFunctionWithBaseline(0.5), .scoreFunctionWithOptimalBaseline, .pathwise,
    ]

    @Test("seeded Monte Carlo: every coordinate's estimator is unbiased (median of 128 block means, p ≤ 1.1e-7)")
    func unbiased() throws {
        let p = try Self.problem()
        var rng = SplitMix64(seed: 0xD1A6)
        let blocks = 128, n = 64
        let draws = (0..<(blocks * n)).map { _ in (0..<3).map { _ in rng.standardNormal() } }
        for i in 0..<3 {
            for parameter in [GaussianParameter.mean, .standardDeviation] {
                let g = try p.gradient(parameter, coordinate: i)
                let b = try p.optimalBaseline(parameter, coordinate: i)
                for estimator in Self.estimators {
                    let v = try p.variance(estimator, parameter, coordinate: i)
                    let samples = try draws.map {
                        try p.estimate(estimator, parameter, coordinate: i, epsilon: $0, baseline: b)
                    }
                    let means = (0..<blocks).map { k in samples[(k * n)..<((k + 1) * n)].reduce(0, +) / Double(n) }
                        .sorted()
                    let median = (means[blocks / 2 - 1] + means[blocks / 2]) / 2
                    expectClose(
                        median, g,
                        within: .absolute(
                            2 * (v / Double(n)).squareRoot(), GaussianEstimatorMonteCarloTests.medianOfMeansReason),
                        "\(estimator) \(parameter) coordinate \(i)")
                }
            }
        }
    }

    @Test("the variance formula equals 2-D GSL quadrature of the SF estimator's spread (d = 2)")
    func varianceMatchesQuadrature() throws {
        let p = try DiagonalGaussianGradientProblem(coordinates: [
            GaussianGradientProblem(function: .squaredDistance(k: 1.0), mean: 0.5, standardDeviation: 1.0),
            GaussianGradientProblem(function: .cosine(k: 1.5), mean: -0.25, standardDeviation: 0.75),
        ])
        let phi = { (e: Double) in Foundation.exp(-e * e / 2) / (2 * Double.pi).squareRoot() }
        let g = try p.gradient(.mean, coordinate: 1)
        for estimator in [GradientEstimator<Double>.scoreFunction, .scoreFunctionWithOptimalBaseline] {
            let b = try p.optimalBaseline(.mean, coordinate: 1)
            let q = try GSL.integrate2D(
                x: (-10, 10), y: { _ in (-10, 10) }, absoluteTolerance: 1e-9, relativeTolerance: 1e-8
            ) { e0, e1 in
                let v = recordingErrors {
                    try p.estimate(estimator, .mean, coordinate: 1, epsilon: [e0, e1], baseline: b)
                }
                return (v - g) * (v - g) * phi(e0) * phi(e1)
            }.value
            let exact = try p.variance(estimator, .mean, coordinate: 1)
            // Quadrature at 1e-8 relative; the Gaussian tails beyond |ε| = 10 carry < 1e-20.
            expectClose(
                q, exact,
                within: .absolute(
                    1e-6 * exact,
                    "GSL's 2-D quadrature at 1e-8 relative on [−10, 10]², the Gaussian tails beyond carrying < 1e-20: "
                        + "100× the request"),
                "\(estimator): quadrature \(q), closed form \(exact)")
        }
        // One coordinate: the multivariate formula is the univariate one.
        let single = try DiagonalGaussianGradientProblem(coordinates: [p.coordinates[1]])
        let c = p.coordinates[1]
        // (The baseline-0 expansion carries an extra zero term, so the summation order, and the
        // last bits, may differ: 1e-14 relative.)
        let multi = try single.variance(.scoreFunction, .mean, coordinate: 0)
        let uni = try c.moments(.scoreFunction, .mean, c.closedFormRule).variance
        expectClose(
            multi, uni,
            within: .absolute(
                1e-14 * uni,
                "the same terms, but the baseline-0 expansion carries an extra zero term, so the summation order "
                    + "and the last bits may differ: a few ulps, 1e-14 relative"))
        #expect(throws: ModelInputError.self) { try DiagonalGaussianGradientProblem<Double>(coordinates: []) }
        #expect(throws: ModelInputError.self) { try p.gradient(.mean, coordinate: 2) }
    }
}
