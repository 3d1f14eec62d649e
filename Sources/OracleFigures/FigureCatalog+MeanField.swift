import Foundation
import OracleFixtureFormat
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// The mean-field figures of `Proofs/10-mean-field.md`.
extension FigureCatalog {
    /// The target of both figures: N(μ, Λ⁻¹) with unit variances and correlation 0.9 (the
    /// `d2-rho-0.9` case of `Fixtures/mean-field/correlated-gaussian.json`).
    static func meanFieldFigureTarget() throws -> CorrelatedGaussianMeanField<Double> {
        try CorrelatedGaussianMeanField(
            mean: [1, -1],
            precision: try Matrix([[5.263157894736842, -4.736842105263158], [-4.736842105263158, 5.263157894736842]]))
    }

    /// The ELBO after every CAVI coordinate update (MF-3), with −KL(q* ‖ p), its limit.
    public static func meanFieldELBOTrace() throws -> String {
        let target = try meanFieldFigureTarget()
        let trace = try CoordinateAscent.run(
            target, from: GaussianMeanFieldFactors(means: [0, 0], precisions: [1, 1]), sweeps: 8)
        let elbo = try CoordinateAscent.elboTrace(target, trace)
        let limit = -(try target.klDivergence(target.optimum))
        let points = elbo.enumerated().map { (x: Double($0.offset), y: $0.element) }
        return LinePlot(
            title: "CAVI: the ELBO after every coordinate update (ρ = 0.9)",
            xLabel: "coordinate update k (2 per sweep)", yLabel: "ELBO = −KL(q ‖ p)  [nats]",
            series: [
                LineSeries(name: "ELBO after update k", points: points, markers: true),
                LineSeries(
                    name: "limit −KL(q* ‖ p) = −½ ln(Λ₁₁Λ₂₂/|Λ|)",
                    points: [(0, limit), (Double(points.count - 1), limit)], dash: "6,4"),
            ],
            caption:
                """
                Figure mean-field-elbo-trace. Source: CoordinateAscent.run / elboTrace on CorrelatedGaussianMeanField \
                (Sources/LatentDerivations/MeanField/), target N((1,-1), [[1,0.9],[0.9,1]]), start m = (0,0), lambda \
                = (1,1), 8 sweeps. Proofs/10-mean-field.md steps MF-3, MF-7; fixture mean-field/correlated-gaussian \
                cavi-trace d2-rho-0.9.
                """,
            xRange: 0...16, yRange: -15...5
        ).svg()
    }

    /// The true marginal N(μ₁, Σ₁₁) against the mean-field factor N(μ₁, 1/Λ₁₁) (MF-6).
    public static func meanFieldMarginals() throws -> String {
        let target = try meanFieldFigureTarget()
        let trueVariance = try target.trueMarginalVariances()[0]
        let mfVariance = target.meanFieldVariances[0]
        func density(_ v: Double) -> [(x: Double, y: Double)] {
            (0...160).map { k in
                let x = -3 + Double(k) / 20
                return (x, Foundation.exp(-(x - 1) * (x - 1) / (2 * v)) / Foundation.sqrt(2 * Double.pi * v))
            }
        }
        return LinePlot(
            title: "Mean field underestimates the marginal variance (ρ = 0.9)",
            xLabel: "θ₁", yLabel: "density",
            series: [
                LineSeries(name: "true marginal N(1, Σ₁₁ = 1)", points: density(trueVariance)),
                LineSeries(name: "mean-field factor N(1, 1/Λ₁₁ = 0.19)", points: density(mfVariance), dash: "6,4"),
            ],
            caption:
                """
                Figure mean-field-marginals. Source: CorrelatedGaussianMeanField.trueMarginalVariances and \
                meanFieldVariances (Sources/LatentDerivations/MeanField/CorrelatedGaussianMeanField.swift), target \
                N((1,-1), [[1,0.9],[0.9,1]]): 1/Lambda_11 = 1 - rho^2 = 0.19 <= Sigma_11 = 1. Proofs/10-mean-field.md \
                step MF-6.
                """,
            xRange: -3...5, yRange: 0...1.6
        ).svg()
    }
}
