import LatentDerivations
import OracleArithmetic
import OracleRandom

/// `Fixtures/mean-field/normal-gamma.json` (MF-8 … MF-11, T2-1).
extension MeanFieldExporter {
    struct NormalGammaCase {
        let name: String
        let data: [Double]
        let mu0: Double, lambda0: Double, a0: Double, b0: Double
        let start: (m: Double, lambda: Double, a: Double, b: Double)
        let sweeps: Int
        /// Flags of a regime case beyond the group's own, and the reason its tolerance holds.
        var regimeFlags: [String] = []
        /// Whether the case is also a type-II evidence curve (`Proofs/11-type-ii-ml.md`).
        var inEvidenceCurve = true
        /// Whether the case is also in the optimum group (a case of 10⁴ inline points is in the trace only).
        var inOptimum = true
        var regime: String? = nil
    }

    /// n7's data shifted by `offset`, with the prior mean and the start shifted alike.
    static func offsetCase(_ offset: Double, _ name: String) -> NormalGammaCase {
        NormalGammaCase(
            name: name, data: [1.5, 2.25, 0.75, 3.0, 2.5, 1.0, 2.0].map { $0 + offset }, mu0: offset + 0.5,
            lambda0: 0.25, a0: 1.5, b0: 2, start: (offset, 1, 1, 1), sweeps: 5,
            regimeFlags: ["one-pass-sufficient-statistics"],
            regime: "data, prior mean and start shifted by \(offset == 1e6 ? "10⁶" : "10⁸") "
                + "(exact Doubles)")
    }

    static let normalGammaCases: [NormalGammaCase] = [
        NormalGammaCase(
            name: "n7", data: [1.5, 2.25, 0.75, 3.0, 2.5, 1.0, 2.0], mu0: 0.5, lambda0: 0.25, a0: 1.5, b0: 2,
            start: (0, 1, 1, 1), sweeps: 5),
        NormalGammaCase(
            name: "n3-strong-prior", data: [-0.5, 0.25, 1.75], mu0: 0, lambda0: 4, a0: 3, b0: 0.5,
            start: (1, 0.5, 2, 3), sweeps: 4),
        NormalGammaCase(
            name: "n12-vague-prior", data: [10.5, 9.75, 11.25, 10, 12.5, 9.5, 10.75, 11, 8.75, 10.25, 11.5, 9.25],
            mu0: 0, lambda0: 0.0625, a0: 0.5, b0: 0.25, start: (0, 0.125, 0.5, 4), sweeps: 4),
        offsetCase(1e6, "n7-offset-1e6"),
        offsetCase(1e8, "n7-offset-1e8"),
        normalGammaSizeCase,
        normalGammaOffsetSizeCase,
        NormalGammaCase(
            name: "n7-tiny-prior-shape", data: [1.5, 2.25, 0.75, 3.0, 2.5, 1.0, 2.0], mu0: 0.5, lambda0: 0.25,
            a0: 0x1p-10, b0: 0x1p-10, start: (0, 1, 0x1p-10, 0x1p-10), sweeps: 4, inEvidenceCurve: false,
            regime: "a0 = b0 = 2⁻¹⁰ and a start shape of 2⁻¹⁰: ln Γ(a0) ≈ 6.93 and, in the first ELBO, "
                + "ψ(2⁻¹⁰) ≈ −1024.6"),
    ]

    /// N = 3000 points 3 + N(0, 1) (SplitMix64 seed 0x3000) rounded to 1/64: a_N ≈ 1500, whose Γ
    /// overflows (ln Γ(a_N) ≈ 9460), and sums of 3000 terms.
    static let normalGammaSizeCase: NormalGammaCase = {
        var generator = SplitMix64(seed: 0x3000)
        let data = (0..<3000).map { _ in 3 + (generator.standardNormal() * 64).rounded() / 64 }
        return NormalGammaCase(
            name: "n3000", data: data, mu0: 2.5, lambda0: 0.25, a0: 1.5, b0: 2, start: (0, 1, 1, 1), sweeps: 3,
            regimeFlags: ["lgamma-via-log-gamma"], inEvidenceCurve: false,
            regime: "3000 points 3 + N(0, 1) (seed 0x3000, rounded to 1/64): q(τ)'s shape a ≈ 1500, "
                + "so Γ(a) overflows")
    }()

    /// N = 10⁴ points 10⁷ + N(0, 1) (SplitMix64 seed 0x10000) rounded to 1/64 (exact Doubles: the ulp
    /// at 10⁷ is 2⁻²⁹), with μ₀ and the start's m at 10⁷ too: sums of 10⁴ terms about 0 cancel 14
    /// digits (one-pass sufficient statistics), and q(τ)'s shape a ≈ 5000 makes Γ(a) overflow.
    static let normalGammaOffsetSizeCase: NormalGammaCase = {
        var generator = SplitMix64(seed: 0x10000)
        let data = (0..<10_000).map { _ in 1e7 + (generator.standardNormal() * 64).rounded() / 64 }
        return NormalGammaCase(
            name: "n10000-offset-1e7", data: data, mu0: 1e7 + 0.5, lambda0: 0.25, a0: 1.5, b0: 2,
            start: (1e7, 1, 1, 1), sweeps: 3,
            regimeFlags: ["one-pass-sufficient-statistics", "lgamma-via-log-gamma"], inEvidenceCurve: false,
            inOptimum: false,
            regime: "10⁴ points 10⁷ + N(0, 1) (seed 0x10000, rounded to 1/64), μ₀ and the start's m at 10⁷ "
                + "(exact Doubles): q(τ)'s shape a ≈ 5000, so Γ(a) overflows, and Σx² ≈ 10¹⁸ against a scatter "
                + "≈ 10⁴")
    }()

    func priorInputs(_ c: NormalGammaCase) -> OrderedMap<FixtureValue> {
        [
            "data": Self.inputs(c.data), "mu0": Self.input(c.mu0), "lambda0": Self.input(c.lambda0),
            "a0": Self.input(c.a0), "b0": Self.input(c.b0),
        ]
    }

    func normalGammaFile() throws -> FixtureFile {
        file(
            "normal-gamma",
            description: """
                Mean-field q(μ)q(τ) for the Gaussian with unknown mean and precision under a Normal-Gamma prior: \
                the CAVI trace with the ELBO after every factor update, the closed-form optimum beside the exact \
                posterior, the evidence ln p(X), and Gamma expectations E[ln τ] and the Gamma entropy.
                """,
            proof: "Proofs/10-mean-field.md", steps: ["MF-8", "MF-9", "MF-10", "MF-11", "T2-1"],
            conventions: Self.conventions,
            notes: Self.notes(for: [
                "expectation-of-log-vs-log-of-expectation", "digamma-vs-log", "gamma-rate-vs-scale",
                "mean-field-validation", "one-pass-sufficient-statistics", "lgamma-via-log-gamma",
            ]),
            groups: [
                try normalGammaTraceGroup(), try normalGammaOptimumGroup(), try gammaExpectationGroup(),
                try normalGammaBadInputGroup(),
            ])
    }

    func normalGammaTraceGroup() throws -> TestGroup {
        let entries = Self.normalGammaCases.map { c in
            var inputs = priorInputs(c)
            inputs["initialFactors"] = Self.inputs([c.start.m, c.start.lambda, c.start.a, c.start.b])
            inputs["sweeps"] = .integer(c.sweeps)
            return CatalogueEntry(
                c.name,
                comment: "N = \(c.data.count); factor rows are [m, λ, a, b]" + (c.regime.map { "; " + $0 } ?? ""),
                flags: ["expectation-of-log-vs-log-of-expectation", "digamma-vs-log", "gamma-rate-vs-scale"]
                    + c.regimeFlags,
                inputs: inputs)
        }
        return try NormalGammaTraceEvaluator().testGroup(
            description: """
                Rows [m, λ, a, b] of q(μ)q(τ) after every factor update (q(μ) first), and the ELBO at each (MF-9, \
                MF-11).
                """, entries)
    }

    func normalGammaOptimumGroup() throws -> TestGroup {
        let entries = Self.normalGammaCases.filter(\.inOptimum).map { c in
            CatalogueEntry(
                c.name,
                comment: "mean-field rows [m, λ, a, b]; exact posterior rows [μ_N, κ_N, a_N, b_N]"
                    + (c.regime.map { "; " + $0 } ?? ""),
                flags: ["expectation-of-log-vs-log-of-expectation", "digamma-vs-log", "gamma-rate-vs-scale"]
                    + c.regimeFlags,
                inputs: priorInputs(c))
        }
        return try NormalGammaOptimumEvaluator().testGroup(
            description: """
                The closed-form CAVI fixed point (MF-10), the exact posterior (MF-8), E_q[τ] (equal to the exact \
                E[τ]), Var(μ) under both, the ELBO there and ln p(X) (T2-1): ELBO < ln p(X).
                """, entries)
    }

    func gammaExpectationGroup() throws -> TestGroup {
        let params: [(Double, Double)] = [
            (0.5, 1), (1, 2), (2.5, 0.75), (7, 3), (30.5, 12),
            (200.5, 3), (0x1p-10, 0.5),
        ]
        let entries = params.map { (a, b) -> CatalogueEntry in
            // At b = 1 the rate equals the scale 1/b, so reading one as the other changes nothing.
            let unitRate = b == 1
            return CatalogueEntry(
                "a\(a)-b\(b)",
                comment: "Gam(τ; a = \(a), rate b = \(b))"
                    + (unitRate ? "; rate = scale = 1, so gamma-rate-vs-scale cannot show here" : ""),
                flags: (unitRate ? ["digamma-vs-log"] : ["digamma-vs-log", "gamma-rate-vs-scale"])
                    + (a > 100 ? ["lgamma-via-log-gamma"] : []),
                inputs: ["shape": Self.input(a), "rate": Self.input(b)])
        }
        return try GammaExpectationsEvaluator().testGroup(
            description: "E[τ] = a/b, E[ln τ] = ψ(a) − ln b and the entropy of Gam(a, b) (MF-11).", entries)
    }

    func normalGammaBadInputGroup() throws -> TestGroup {
        let refusals = NormalGammaRefusalEvaluator()
        func bad(_ name: String, _ data: [Double], _ lambda0: Double, _ a0: Double, _ b0: Double, _ kind: String)
            throws -> CatalogueEntry
        {
            try Self.refusedCase(
                refusals, name, comment: "must be refused", flags: ["mean-field-validation"],
                inputs: [
                    "data": Self.inputs(data), "mu0": Self.input(0), "lambda0": Self.input(lambda0),
                    "a0": Self.input(a0), "b0": Self.input(b0),
                ],
                kind: kind)
        }
        return try refusals.testGroup(
            description: "Improper priors and empty data.",
            [
                bad("shape-zero", [1, 2], 1, 0, 1, "improper-prior"),
                bad("rate-negative", [1, 2], 1, 1, -0.5, "improper-prior"),
                bad("lambda0-zero", [1, 2], 0, 1, 1, "improper-prior"),
                bad("empty-data", [], 1, 1, 1, "empty-data"),
            ])
    }
}
