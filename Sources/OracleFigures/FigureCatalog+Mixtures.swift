import Foundation
import OracleFixtureFormat

extension FigureCatalog {
    /// L(λᵏ) and F(qᵏ, λᵏ⁺¹) against iteration for the Old Faithful K = 2 fit, drawn from
    /// `Fixtures/mixtures/em-traces.json`, case `old-faithful/k2-full` (`Proofs/06-gmm-em.md`, EM-7).
    /// F(qᵏ, λᵏ⁺¹) is drawn at k + ½, between the two likelihoods it separates.
    public static func gmmOldFaithfulTrace(fixturesDirectory: URL) throws -> String {
        let url = fixturesDirectory.appendingPathComponent("mixtures/em-traces.json")
        guard let bytes = try FileAccess.read(url.path) else {
            throw FixtureError(
                .io, location: url.path, problem: "the fixture file is missing",
                remedy: "run latent-oracle export --family mixtures")
        }
        let root = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        let groups = root?["testGroups"] as? [[String: Any]] ?? []
        let cases = groups.flatMap { $0["cases"] as? [[String: Any]] ?? [] }
        guard let found = cases.first(where: { ($0["id"] as? String) == "mixtures/em-traces/old-faithful/k2-full" }),
            let expected = found["expected"] as? [String: Any]
        else {
            throw FixtureError(
                .missingField, location: url.path, problem: "case old-faithful/k2-full is missing",
                remedy: "run latent-oracle export --family mixtures")
        }
        func reals(_ name: String) -> [Double] {
            let data = (expected[name] as? [String: Any])?["data"] as? [[String: Any]] ?? []
            return data.compactMap { ($0["hex"] as? String).flatMap(Self.hexDouble) }
        }
        let l = reals("logLikelihood"), f = reals("bound")
        let plot = LinePlot(
            title: "EM on Old Faithful (K = 2, full): L(λᵏ) ≤ F(qᵏ, λᵏ⁺¹) ≤ L(λᵏ⁺¹)",
            xLabel: "iteration k",
            yLabel: "nats (summed over 272 points)",
            series: [
                LineSeries(
                    name: "log-likelihood L(λᵏ)", points: l.enumerated().map { (Double($0.offset), $0.element) },
                    markers: true),
                LineSeries(
                    name: "bound F(qᵏ, λᵏ⁺¹), at k + ½",
                    points: f.enumerated().map { (Double($0.offset) + 0.5, $0.element) }, dash: "6 4", markers: true),
            ],
            caption:
                "Figure gmm-old-faithful-trace. Source: Fixtures/mixtures/em-traces.json, case old-faithful/k2-full "
                + "(MixtureEM.run at 128 and 192 bits, correctly rounded). Proofs/06-gmm-em.md step EM-7; "
                + "M. Gales, 4F10, Cambridge 2018, '(Variational) EM'.",
            yRange: ((l + f).min()! - 20)...((l + f).max()! + 20))
        return plot.svg()
    }

    /// A Double from its C99 hex spelling (the fixture's `hex`).
    static func hexDouble(_ s: String) -> Double? { Double(s) }
}
