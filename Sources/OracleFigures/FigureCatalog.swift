import Foundation
import OracleFixtureFormat
import LatentDerivations
import OracleArithmetic

/// Every figure that the Proofs link to, generated from the derivations (and, for figures of
/// exported data, from the fixtures). `latent-oracle plot` writes them; `check` regenerates them
/// and compares byte for byte.
public enum FigureCatalog {
    /// (file name, SVG text) of every figure, in a fixed order. `fixturesDirectory` is where figures
    /// drawn from fixture files read them (nil: `Fixtures/` in the current directory).
    public static func allFigures(fixturesDirectory: URL?) throws -> [(fileName: String, svg: String)] {
        var figures =
            [
                ("kl-unit-gaussian-shift.svg", try klUnitGaussianShiftFromFixture(fixturesDirectory)),
                ("elbo-identity-bars.svg", try elboIdentityBars(fixturesDirectory)),
                ("mean-field-elbo-trace.svg", try meanFieldELBOTrace()),
                ("mean-field-marginals.svg", try meanFieldMarginals()),
            ] + (try estimatorVarianceFigures())
        if let fixturesDirectory {
            figures.append(
                ("gmm-old-faithful-trace.svg", try gmmOldFaithfulTrace(fixturesDirectory: fixturesDirectory)))
        }
        return figures
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
