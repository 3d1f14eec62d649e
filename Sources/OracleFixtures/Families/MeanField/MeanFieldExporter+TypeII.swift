import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// `Fixtures/mean-field/type-ii.json` (`Proofs/11-type-ii-ml.md`, T2-1 … T2-4).
extension MeanFieldExporter {
    static let typeIINotes: OrderedMap<String> = [
        "effective-parameters":
            """
        using the parameter count p (or 0) where MacKay's update needs the effective number of parameters γ = p \
        − α tr Σ_N: α ← p/‖μ_N‖², β ← n/‖r‖²; the iterates and the fixed point are wrong
        """,
        "evidence-gamma-terms":
            """
        dropping ln Γ(a_N) − ln Γ(a₀) (or the ½ ln(λ₀/κ_N) term) from the Normal-Gamma evidence: the \
        curve is shifted, its maximiser unchanged
        """,
        "gamma-rate-vs-scale":
            """
        reading the Gamma's second parameter as a scale (E[τ] = a·b) instead of a rate (E[τ] = a/b): every τ \
        expectation is wrong
        """,
        "one-pass-sufficient-statistics": allNotes["one-pass-sufficient-statistics"] ?? "",
    ]

    func typeIIFile() throws -> FixtureFile {
        file(
            "type-ii",
            description: """
                Type-II maximum likelihood: the Normal-Gamma evidence ln p(X | b0) on a grid of prior rates with its \
                exact maximiser b0* = a0·s/N and the fixed-point iterates b0 <- a0·b_N/a_N; MacKay's (alpha, beta) \
                iterates for a Bayesian polynomial regression and the evidence at the last iterate.
                """,
            proof: "Proofs/11-type-ii-ml.md", steps: ["T2-1", "T2-2", "T2-3", "T2-4"],
            conventions: Self.conventions.merging([
                "mackay":
                    """
                alpha <- gamma/||mu_N||^2, beta <- (n - gamma)/||y - A mu_N||^2 with gamma = p - alpha \
                tr(Sigma_N), Sigma_N = (alpha I + beta A^T A)^-1, mu_N = beta Sigma_N A^T y; both updated from \
                the same (alpha, beta)
                """,
                "linear-gaussian-prior":
                    "theta ~ N(0, alpha^-1 I), y | theta ~ N(A theta, beta^-1 I); design rows [1, x, x^2]",
            ]),
            notes: Self.typeIINotes,
            groups: [try evidenceCurveGroup(), try macKayGroup()])
    }

    func evidenceCurveGroup() throws -> TestGroup {
        let entries = Self.normalGammaCases.filter(\.inEvidenceCurve).map { c in
            var inputs = priorInputs(c)
            inputs["b0Grid"] = Self.inputs([0.125, 0.25, 0.5, 1, 2, 4, 8, 16])
            inputs["iterations"] = .integer(6)
            return CatalogueEntry(
                c.name,
                comment: "iterates start from the input b0; the grid replaces b0"
                    + (c.regime.map { "; " + $0 } ?? ""),
                flags: ["evidence-gamma-terms", "gamma-rate-vs-scale"] + c.regimeFlags, inputs: inputs)
        }
        return try NormalGammaEvidenceCurveEvaluator().testGroup(
            description: """
                ln p(X | b0) on a grid of prior rates (T2-1), the maximiser b0* = a0·s/N (T2-2) and six fixed-point \
                iterates (T2-3).
                """, entries)
    }

    func macKayGroup() throws -> TestGroup {
        let problems: [(String, [Double], [Double], Double, Double)] = [
            (
                "quadratic-n10", [-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1, 1.25],
                [2.5, 1.75, 1.5, 0.75, 1, 0.5, 1.25, 0.75, 1.5, 2.25], 1, 4
            ),
            ("quadratic-n8", [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5], [0.25, 1, 1.5, 2.5, 4.25, 6, 9.5, 12], 0.5, 1),
        ]
        let iterations = 8
        let entries = problems.map { (name, xs, ys, alpha0, beta0) in
            CatalogueEntry(
                name,
                comment:
                    "\(iterations) MacKay updates from (alpha, beta) = (\(alpha0), \(beta0)); design rows [1, x, x^2]",
                flags: ["effective-parameters"],
                inputs: [
                    "x": Self.inputs(xs), "y": Self.inputs(ys), "alpha0": Self.input(alpha0),
                    "beta0": Self.input(beta0), "iterations": .integer(iterations),
                ])
        }
        return try MacKayEvaluator().testGroup(
            description: """
                MacKay's (alpha, beta) iterates with the linear-Gaussian evidence (T2-4), and ln p(y | alpha, beta) at \
                the last one.
                """, entries)
    }
}

extension OrderedMap where Value == String {
    func merging(_ other: OrderedMap<String>) -> OrderedMap<String> {
        var out = self
        for key in other.keys { out[key] = other[key] }
        return out
    }
}
