import LatentDerivations
import OracleArithmetic
import OracleRandom

/// `Fixtures/mean-field/bayesian-gmm.json` (MF-14, MF-15).
extension MeanFieldExporter {
    struct BayesianGMMCase {
        let name: String
        let data: [Double]
        let k: Int
        let sigma2: Double, alpha0: Double, m0: Double, s02: Double
        let startMeans: [Double]
        let sweeps: Int
        var regimeFlags: [String] = []
        var regime: String? = nil
    }

    static let bayesianGMMCases: [BayesianGMMCase] = [
        BayesianGMMCase(
            name: "n6-k2", data: [-1.5, -0.75, -1.25, 2.0, 2.5, 1.75], k: 2, sigma2: 0.5, alpha0: 1.5, m0: 0, s02: 4,
            startMeans: [-0.5, 0.5], sweeps: 5),
        BayesianGMMCase(
            name: "n9-k3", data: [-3, -2.5, -3.25, 0.25, 0, -0.5, 3, 2.75, 3.5], k: 3, sigma2: 0.25, alpha0: 1, m0: 0,
            s02: 9,
            startMeans: [-1, 0, 1], sweeps: 5),
        BayesianGMMCase(
            name: "n8-k2-prior-mean-3", data: [2.5, 3.25, 2.75, 3.5, 5.5, 6.25, 5.75, 6.0], k: 2,
            sigma2: 0.5, alpha0: 0.25, m0: 3, s02: 0.25, startMeans: [2, 4], sweeps: 5,
            regime: "non-standard prior: m0 = 3, s0² = 0.25, α0 = 0.25"),
        BayesianGMMCase(
            name: "n8-k2-separated-outlier", data: [-2, -2.125, -1.875, -2.25, 2, 2.25, 1.75, 40], k: 2,
            sigma2: 0.01, alpha0: 1, m0: 0, s02: 100, startMeans: [-0.5, 0.5], sweeps: 5,
            regimeFlags: ["responsibilities-no-max-shift", "entropy-of-zero-responsibility"],
            regime: "σ² = 0.01 with clusters at ±2 and a point at 40: one-hot responsibilities (some "
                + "underflow to 0 in float64) and a point whose log joints are all ≈ −10⁴"),
        bayesianGMMTinyConcentrationCase(0x1p-10, "n6-k3-concentration-2-minus-10", "2⁻¹⁰"),
        bayesianGMMTinyConcentrationCase(1e-3, "n6-k3-concentration-1e-3", "10⁻³"),
        bayesianGMMOffsetCase(1e6, "n6-k2-offset-1e6"),
        bayesianGMMOffsetCase(1e8, "n6-k2-offset-1e8"),
        bayesianGMMSizeCase,
    ]

    /// n6-k2's data with a third component started at 5, beyond the data, under a sparse Dirichlet
    /// prior α₀ = `alpha0`: the first sweep leaves it N₃ ≈ 2.6e-3, so ψ(α₃) ≈ −280, the second N₃ < 1e-100,
    /// so α₃ rounds to α₀ and ψ(α₃) ≈ −1/α₀; from the third sweep its responsibilities (below e^{−1000})
    /// underflow to 0.
    static func bayesianGMMTinyConcentrationCase(_ alpha0: Double, _ name: String, _ spelled: String)
        -> BayesianGMMCase
    {
        BayesianGMMCase(
            name: name, data: [-1.5, -0.75, -1.25, 2.0, 2.5, 1.75], k: 3, sigma2: 0.5, alpha0: alpha0, m0: 0, s02: 4,
            startMeans: [-1, 2, 5], sweeps: 5,
            regimeFlags: ["digamma-without-recurrence", "entropy-of-zero-responsibility"],
            regime: "sparse Dirichlet prior α0 = \(spelled): the third component empties, its α₃ → α0 and "
                + "ψ(α₃) ≈ −1/α0, and its responsibilities underflow to 0 from the third sweep")
    }

    /// n6-k2's data, prior mean and start shifted by `offset`.
    static func bayesianGMMOffsetCase(_ offset: Double, _ name: String) -> BayesianGMMCase {
        BayesianGMMCase(
            name: name, data: [-1.5, -0.75, -1.25, 2.0, 2.5, 1.75].map { $0 + offset }, k: 2, sigma2: 0.5,
            alpha0: 1.5, m0: offset, s02: 4, startMeans: [offset - 0.5, offset + 0.5], sweeps: 5,
            regimeFlags: ["one-pass-sufficient-statistics"],
            regime: "data, prior mean and start means shifted by \(offset == 1e6 ? "10⁶" : "10⁸") (exact Doubles)")
    }

    /// K = 10 components with centres 0, 1, …, 9, 20 points from N(j, 1) each (SplitMix64 seed
    /// 0x6010, rounded to 1/64), σ² = 1, started from the centres + 0.5: every log joint is within 62
    /// nats of its row's largest over the 5 sweeps, so no responsibility underflows in float64 or
    /// float32; q(π)'s Σα = K·α₀ + N = 210 puts Γ(Σα) beyond the float64 range.
    static let bayesianGMMSizeCase: BayesianGMMCase = {
        var generator = SplitMix64(seed: 0x6010)
        let data = (0..<10).flatMap { j in
            (0..<bayesianGMMSizePerComponent).map { _ in Double(j) + (generator.standardNormal() * 64).rounded() / 64 }
        }
        return BayesianGMMCase(
            name: "n\(data.count)-k10", data: data, k: 10, sigma2: 1, alpha0: 1, m0: 4.5, s02: 16,
            startMeans: (0..<10).map { Double($0) + 0.5 }, sweeps: 5, regimeFlags: ["lgamma-via-log-gamma"],
            regime: "\(bayesianGMMSizePerComponent) points from N(j, 1) for j = 0 … 9 (seed 0x6010, rounded to "
                + "1/64): q(π)'s Σα = 210, so Γ(Σα) overflows")
    }()

    static let bayesianGMMSizePerComponent = 20

    func bayesianGMMFile() throws -> FixtureFile {
        let entries = Self.bayesianGMMCases.map { c in
            CatalogueEntry(
                c.name,
                comment: "N = \(c.data.count), K = \(c.k), \(c.sweeps) sweeps of q(Z), q(pi), q(mu); start: r = 1/K, "
                    + "alpha = 1, given means, variances 1" + (c.regime.map { "; " + $0 } ?? ""),
                flags: ["digamma-vs-log", "expectation-of-log-vs-log-of-expectation"] + c.regimeFlags,
                inputs: [
                    "data": Self.inputs(c.data), "componentCount": .integer(c.k),
                    "componentVariance": Self.input(c.sigma2), "concentration": Self.input(c.alpha0),
                    "priorMean": Self.input(c.m0), "priorVariance": Self.input(c.s02),
                    "initialMeans": Self.inputs(c.startMeans), "sweeps": .integer(c.sweeps),
                ])
        }
        return file(
            "bayesian-gmm",
            description: """
                CAVI for a 1-D Bayesian Gaussian mixture with known component variance, Dirichlet weights and \
                Gaussian means: the ELBO after every factor update (it never decreases) and the final factors.
                """,
            proof: "Proofs/10-mean-field.md", steps: ["MF-14", "MF-15"],
            conventions: Self.conventions.merging([
                "bayesian-gmm":
                    """
                pi ~ Dir(alpha0 1), mu_k ~ N(m0, s0^2), z_n ~ Cat(pi), x_n | z_n = k ~ N(mu_k, sigma^2) with \
                sigma^2 known; factors in order q(Z), q(pi) = Dir(alpha), q(mu_k) = N(m_k, v_k) (one block); the \
                ELBO list has 1 + 3·sweeps entries
                """
            ]),
            notes: Self.notes(for: [
                "digamma-vs-log", "expectation-of-log-vs-log-of-expectation",
                "responsibilities-no-max-shift", "entropy-of-zero-responsibility", "one-pass-sufficient-statistics",
                "lgamma-via-log-gamma", "digamma-without-recurrence",
            ]),
            groups: [
                try BayesianGMMTraceEvaluator().testGroup(
                    description: "ELBO after every update and the factors after the last sweep (MF-14, MF-15).", entries
                )
            ])
    }
}
