import Foundation
import OracleFixtureFormat

/// The figures of `Proofs/02-gaussian-kl.md` and `Proofs/05-elbo-identity.md`, drawn from the
/// exported fixture files (so a figure shows exactly the golden values a consumer checks).
extension FigureCatalog {
    /// The fixture file `relativePath` under `fixturesDirectory` (default: `Fixtures/` in the
    /// current directory).
    static func fixture(_ relativePath: String, in fixturesDirectory: URL?) throws -> FixtureFile {
        let directory = FixtureDirectory(path: (fixturesDirectory ?? URL(fileURLWithPath: "Fixtures")).path)
        guard let bytes = try directory.read(relativePath) else {
            throw FixtureError(
                .invalidValue, location: relativePath, problem: "the fixture file is missing",
                remedy: "run latent-oracle export first")
        }
        return try FixtureFile.decode(bytes, source: relativePath)
    }

    /// The first real of `name` in a case's expected values.
    static func expectedReal(_ c: FixtureCase, _ name: String) -> Double? {
        guard case .values(let values) = c.expected, let v = values[name] else { return nil }
        return v.reals.first?.value
    }

    /// KL(N(0,1) ‖ N(μ,1)) against μ from the `unit-shift` group of `divergences/gaussian-kl.json`
    /// (M. Gales, 4F10, Cambridge 2018, "KL Divergence for Gaussians": "Vary μ − plot KL"; KL-6).
    public static func klUnitGaussianShiftFromFixture(_ fixturesDirectory: URL?) throws -> String {
        let file = try fixture("divergences/gaussian-kl.json", in: fixturesDirectory)
        let group = file.testGroups.first { $0.id == "unit-shift" }
        let points = (group?.cases ?? []).compactMap { c -> (x: Double, y: Double)? in
            guard let mu = c.inputs["mean2"]?.reals.first?.value, let kl = expectedReal(c, "kl") else { return nil }
            return (mu, kl)
        }
        let plot = LinePlot(
            title: "KL(N(0,1) ‖ N(μ,1)) = μ²/2",
            xLabel: "mean μ of q = N(μ, 1)",
            yLabel: "KL(p ‖ q)  [nats]",
            series: [LineSeries(name: "fixture values at μ = k/4, k = −12 … 12", points: points, markers: true)],
            caption: """
                Figure kl-unit-gaussian-shift. Source: Fixtures/divergences/gaussian-kl.json, group unit-shift \
                (expected kl, correctly rounded from the exact split rationalPart + log(logArgument)/2), p = N(0,1), \
                q = N(mu,1). Proofs/02-gaussian-kl.md step KL-6; M. Gales, 4F10, Cambridge 2018, 'KL Divergence for \
                Gaussians'.
                """,
            xRange: -3...3)
        return plot.svg()
    }

    /// ln p(x) = ELBO(q) + KL(q ‖ p(z|x)) as bars for several q, from the `gaussian-mixture` group
    /// of `elbo/elbo-identity.json` at the observation x = (1, 1.5) (ELBO-3, ELBO-4).
    public static func elboIdentityBars(_ fixturesDirectory: URL?) throws -> String {
        let file = try fixture("elbo/elbo-identity.json", in: fixturesDirectory)
        let cases = (file.testGroups.first { $0.id == "gaussian-mixture" }?.cases ?? []).filter {
            $0.id.contains("/x-between-")
        }
        var categories: [String] = []
        var values: [[Double]] = []
        for c in cases {
            guard let elbo = expectedReal(c, "elbo"), let kl = expectedReal(c, "kl"),
                let logp = expectedReal(c, "logEvidence")
            else { continue }
            let name = c.id.components(separatedBy: "/x-between-").last ?? c.id
            categories.append(name.replacingOccurrences(of: "-q", with: ""))
            values.append([elbo, kl, elbo + kl, logp])
        }
        let chart = BarChart(
            title: "ln p(x) = ELBO(q) + KL(q ‖ p(z|x)) for four q",
            xLabel: "variational distribution q over the 3 mixture components",
            yLabel: "nats",
            categories: categories,
            seriesNames: ["ELBO(q)", "KL(q ‖ p(z|x))", "ELBO + KL", "ln p(x)"],
            values: values,
            caption:
                """
                Figure elbo-identity-bars. Source: Fixtures/elbo/elbo-identity.json, group gaussian-mixture, x = (1, \
                1.5) (expected elbo, kl, logEvidence at 256 bits). ELBO + KL equals ln p(x) for every q; the KL bar \
                vanishes at the posterior. Proofs/05-elbo-identity.md steps ELBO-3, ELBO-4; R. Vidal, Deep Generative \
                Models, UPenn 2024, 'Variational Inference: Derivation'.
                """)
        return chart.svg()
    }
}
