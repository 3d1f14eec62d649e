import Foundation
import LatentDerivations
import OracleArithmetic

extension FigureCatalog {
    /// The four test functions of the estimator-variance figures (`Proofs/08-gradient-estimators.md`,
    /// GE-10), as (file stem, title, function) at μ = 0.5.
    static func estimatorVarianceFunctions() throws -> [(String, String, EstimatorTestFunction<Double>)] {
        [
            ("squared-distance", "f(x) = (x − 1)²", .squaredDistance(k: 1)),
            ("gaussian-bump", "f(x) = exp(−x²/2)", .gaussianBump(k: 0.5)),
            ("cosine", "f(x) = cos(1.5x)", .cosine(k: 1.5)),
            (
                "log-likelihood", "f(z) = ln N(1.5; 0.75z + 0.25, 0.5)",
                try .gaussianLogLikelihood(observation: 1.5, weight: 0.75, offset: 0.25, noiseVariance: 0.5)
            ),
        ]
    }

    /// log₁₀ of the exact variance of SF, SF + b* and PW for ∂/∂μ (solid) and ∂/∂σ (dashed)
    /// against σ ∈ [0.1, 3] at μ = 0.5, for each test function: in the manner of Mohamed et al.
    /// (JMLR 2020), Figs. 2–3. One SVG per function.
    public static func estimatorVarianceFigures() throws -> [(fileName: String, svg: String)] {
        let sigmas = (1...30).map { Double($0) / 10 }
        let estimators: [(String, GradientEstimator<Double>)] = [
            ("SF", .scoreFunction), ("SF + b*", .scoreFunctionWithOptimalBaseline), ("PW", .pathwise),
        ]
        return try estimatorVarianceFunctions().map { stem, title, function in
            var series: [LineSeries] = []
            for parameter in [GaussianParameter.mean, .standardDeviation] {
                for (name, estimator) in estimators {
                    let points = try sigmas.map { s -> (x: Double, y: Double) in
                        let p = try GaussianGradientProblem(function: function, mean: 0.5, standardDeviation: s)
                        let v = try p.moments(estimator, parameter, p.closedFormRule).variance
                        return (s, Foundation.log10(max(v, 1e-300)))
                    }
                    series.append(
                        LineSeries(
                            name: "\(name) ∂/∂\(parameter == .mean ? "μ" : "σ")", points: points,
                            dash: parameter == .mean ? nil : "6 3", markers: name == "PW"))
                }
            }
            let plot = LinePlot(
                title: "Estimator variance against σ: \(title), μ = 0.5",
                xLabel: "σ (standard deviation of q = N(μ, σ²))",
                yLabel: "log₁₀ Var[ĝ]",
                series: series,
                caption: """
                    Figure estimator-variance-\(stem). Source: GaussianGradientProblem.moments \
                    (Sources/LatentDerivations/GradientEstimators/GaussianGradientProblem.swift), closed form \
                    KernelExpansion.expectation in Double at sigma = k/10, k = 1...30, mu = 0.5; exact variance of \
                    score function (SF), SF with the optimal constant baseline b* = E[f s^2]/E[s^2], and pathwise \
                    (PW). Proofs/08-gradient-estimators.md step GE-10; Mohamed et al. JMLR 2020 Figs. 2-3.
                    """,
                xRange: 0...3)
            return ("estimator-variance-\(stem).svg", plot.svg())
        }
    }
}
