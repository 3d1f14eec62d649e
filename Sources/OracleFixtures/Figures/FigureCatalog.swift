import Foundation
import LatentDerivations
import OracleArithmetic

/// Every figure that the Proofs link to, generated from the derivations (and, for figures of
/// exported data, from the fixtures). `latent-oracle plot` writes them; `check` regenerates them
/// and compares byte for byte.
public enum FigureCatalog {
    /// (file name, SVG text) of every figure, in a fixed order. `fixturesDirectory` is for figures
    /// drawn from fixture files; the current figures are computed directly.
    public static func allFigures(fixturesDirectory: URL?) throws -> [(fileName: String, svg: String)] {
        _ = fixturesDirectory
        return [("kl-unit-gaussian-shift.svg", try klUnitGaussianShift())]
            + (try estimatorVarianceFigures())
    }

    /// KL(N(0,1) ‖ N(μ,1)) = μ²/2 for μ ∈ [−3, 3] (seed 004, "KL Divergence for Gaussians": "Vary μ −
    /// plot KL"; `Proofs/02-gaussian-kl.md`, KL-6).
    public static func klUnitGaussianShift() throws -> String {
        let points = try klUnitGaussianShiftSeries(Double.self)
        let plot = LinePlot(
            title: "KL(N(0,1) ‖ N(μ,1)) = μ²/2",
            xLabel: "mean μ of q = N(μ, 1)",
            yLabel: "KL(p ‖ q)  [nats]",
            series: [LineSeries(name: "closed form at μ = k/10, k = −30 … 30", points: points, markers: true)],
            caption: "Figure kl-unit-gaussian-shift. Source: UnivariateGaussian.klDivergenceDecomposition "
                + "(Sources/LatentDerivations/Divergences/UnivariateGaussianKL.swift) at mu = k/10, k = -30...30, "
                + "p = N(0,1), q = N(mu,1); value = rationalPart + log(logArgument)/2 (logArgument = 1). "
                + "Proofs/02-gaussian-kl.md step KL-6; seed 004 'KL Divergence for Gaussians'.",
            xRange: -3...3)
        return plot.svg()
    }

    /// The 61 points (μ, KL) at μ = k/10, k = −30 … 30, from the decomposition over `F`; over an
    /// exact field the rational part is exactly μ²/2 and the log argument exactly 1.
    static func klUnitGaussianShiftSeries<F: FieldScalar>(_: F.Type) throws -> [(x: Double, y: Double)] {
        let p = try UnivariateGaussian(mean: F.zero, variance: F.one)
        return try (-30...30).map { k in
            let mu = F(k) / F(10)
            let parts = p.klDivergenceDecomposition(to: try UnivariateGaussian(mean: mu, variance: F.one))
            return (mu.doubleValue, parts.rationalPart.doubleValue + Foundation.log(parts.logArgument.doubleValue) / 2)
        }
    }
}
