import LatentDerivations
import OracleArithmetic

/// `Fixtures/diffusion/gaussian-elbo.json` (`Proofs/12-diffusion-elbo.md`, DF-1 … DF-6): the
/// linear-Gaussian forward process, the posterior q(x_{t−1} | x_t, x₀), every ELBO term of a
/// linear-Gaussian reverse process and the exact evidence it bounds, and the optimal reverse
/// process at which ELBO = ln p(x₀). A catalogue: every expected value is computed by the group's
/// evaluator (`DiffusionEvaluators`), in `BigFloat` and correctly rounded.
public struct DiffusionExporter: FixtureFamilyExporter, FamilyExporterKit {
    public let family = "diffusion"
    public let summary =
        "Gaussian diffusion: forward marginals, posteriors, ELBO terms as Gaussian KLs, ELBO ≤ ln p(x0)"

    public init() {}

    static let allNotes: OrderedMap<String> = [
        "sqrt-alpha-bar":
            """
        using ᾱ_t instead of √ᾱ_t as the mean coefficient of q(x_t | x₀) (or √(1 − β_t) where 1 − \
        β_t is meant): the marginal means, the posterior and every ELBO term are wrong
        """,
        "posterior-variance":
            """
        using β_t as the variance of q(x_{t−1} | x_t, x₀) instead of β̃_t = (1 − ᾱ_{t−1})β_t/(1 − \
        ᾱ_t): the posterior and the denoising KL terms are wrong
        """,
        "kl-direction":
            """
        computing KL(p(x_{t−1} | x_t) ‖ q(x_{t−1} | x_t, x₀)) (or KL(p(x_T) ‖ q(x_T | x₀))) instead \
        of KL(q ‖ p): the denoising and prior terms are wrong
        """,
        "expectation-of-log-vs-log-of-expectation":
            """
        evaluating E_{x_t}[KL(…)] or E[ln p(x₀ | x₁)] at x_t = E[x_t], dropping the variance term w²(1 − \
        ᾱ_t): every expected term is too small and the ELBO can exceed ln p(x₀)
        """,
        "one-minus-alpha-bar-cancellation": """
        1 − ᾱ_t computed as 1 minus the rounded product ᾱ_t = Π(1 − β_s): with β_t ≈ 1e-8 the \
        difference keeps only 8 of 16 digits, so the marginal variances, the posterior coefficients \
        and the denoising KL terms are off by ≥ 1e-9 relative (use (1 − ᾱ_{t−1}) + ᾱ_{t−1}β_t or \
        −expm1(Σ log1p(−β_s)))
        """,
        "optimal-offset-cancellation": """
        the optimal reverse step's offset as m − k√α_t m with k√α_t = α_t v/(α_t v + β_t) ≈ 1 − 1e-8: \
        the difference keeps 8 digits; m β_t/(α_t v + β_t) keeps all (reverse steps)
        """,
        "schedule-validation":
            """
        accepting a β schedule with an entry outside the open interval (0, 1), or an empty one, instead of \
        refusing it
        """,
    ]

    static let conventions: OrderedMap<String> = [
        "forward":
            """
        q(x_t | x_{t-1}) = N(sqrt(1 - beta_t) x_{t-1}, beta_t), t = 1..T, one coordinate (a d-dimensional \
        isotropic ELBO is the sum over coordinates); alphaBar_0 = 1, alphaBar_t = prod_{s<=t}(1 - beta_s)
        """,
        "reverse":
            """
        p(x_T) = N(priorMean, priorVariance); p(x_{t-1} | x_t) = N(slope_t x_t + offset_t, variance_t); arrays \
        are indexed t = 1..T
        """,
        "elbo":
            """
        ELBO = reconstruction - sum(denoisingKL) - priorKL, reconstruction = E_q(x1|x0)[ln p(x0 | x1)], \
        denoisingKL[t-2] = E_q(xt|x0)[KL(q(x_{t-1} | x_t, x0) || p(x_{t-1} | x_t))] for t = 2..T, priorKL = \
        KL(q(x_T | x0) || p(x_T)); nats, per data point, loss = -ELBO
        """,
        "kl-direction": "KL(q || p): q the forward posterior, p the reverse model",
        "posterior": "q(x_{t-1} | x_t, x0) = N(c0_t x0 + ct_t x_t, betaTilde_t), rows [c0, ct, betaTilde] for t = 2..T",
        "variance": "every Gaussian is given by its VARIANCE",
    ]

    public func makeFiles() throws -> [FixtureFile] {
        [
            file(
                "gaussian-elbo",
                description: """
                    The Gaussian diffusion ELBO with a linear-Gaussian forward process and Gaussian data: q(x_t | \
                    x0), the posteriors q(x_{t-1} | x_t, x0), each ELBO term as a Gaussian KL for a linear-Gaussian \
                    reverse process with the exact ln p(x0) it bounds, and the optimal reverse process where ELBO = \
                    ln p(x0).
                    """,
                proof: "Proofs/12-diffusion-elbo.md", steps: ["DF-1", "DF-2", "DF-3", "DF-4", "DF-5", "DF-6"],
                conventions: Self.conventions,
                notes: Self.allNotes,
                groups: [try forwardGroup(), try elboGroup(), try optimalGroup(), try invalidGroup()])
        ]
    }

    static let schedules: [(String, [Double])] = [
        ("t4", [0.1, 0.2, 0.3, 0.5]),
        ("t8", [0.01, 0.02, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8]),
        ("t2", [0.25, 0.75]),
        ("t6-small-beta", [1e-8, 2e-8, 5e-8, 1e-7, 0.25, 0.5]),
    ]

    static func regimeFlags(_ betas: [Double]) -> [String] {
        DiffusionEvaluators.smallBeta(betas) ? ["one-minus-alpha-bar-cancellation"] : []
    }

    static func inputs(_ xs: [Double]) -> FixtureValue { .vector(xs.map(FixtureValue.exactReal)) }

    func forwardGroup() throws -> TestGroup {
        let x0 = 1.5
        return try DiffusionForwardEvaluator().testGroup(
            description:
                """
                ᾱ_t, q(x_t | x0) = N(√ᾱ_t x0, 1 − ᾱ_t) (DF-2) and the posterior coefficients [c0, ct, β̃] \
                of q(x_{t−1} | x_t, x0) (DF-3).
                """,
            Self.schedules.map { name, betas in
                CatalogueEntry(
                    name, comment: "x0 = \(x0), T = \(betas.count)",
                    flags: ["sqrt-alpha-bar", "posterior-variance"] + Self.regimeFlags(betas),
                    inputs: ["betas": Self.inputs(betas), "x0": .exactReal(x0)])
            })
    }

    /// A fixed non-optimal reverse process for T steps: slopes, offsets, variances.
    static func reverseSteps(_ t: Int) -> (slopes: [Double], offsets: [Double], variances: [Double]) {
        (
            Array([0.9, 0.8, 1.1, 0.7, 1.2, 0.95, 0.85, 1.05].prefix(t)),
            Array([0.1, -0.2, 0.05, 0.25, -0.1, 0.0, 0.15, -0.05].prefix(t)),
            Array([0.05, 0.2, 0.3, 0.5, 0.125, 0.4, 0.6, 0.75].prefix(t))
        )
    }

    func elboGroup() throws -> TestGroup {
        var entries: [CatalogueEntry] = []
        for (name, betas) in Self.schedules {
            for x0 in [-1.25, 2.0] {
                let r = Self.reverseSteps(betas.count)
                entries.append(
                    CatalogueEntry(
                        "\(name)-x0-\(x0)", comment: "a fixed non-optimal reverse process; ELBO < logEvidence",
                        flags: [
                            "sqrt-alpha-bar", "posterior-variance", "kl-direction",
                            "expectation-of-log-vs-log-of-expectation",
                        ] + Self.regimeFlags(betas),
                        inputs: [
                            "betas": Self.inputs(betas), "x0": .exactReal(x0), "priorMean": .exactReal(0),
                            "priorVariance": .exactReal(1),
                            "slopes": Self.inputs(r.slopes), "offsets": Self.inputs(r.offsets),
                            "variances": Self.inputs(r.variances),
                        ]))
            }
        }
        return try DiffusionELBOTermsEvaluator().testGroup(
            description:
                """
                Every ELBO term (DF-5) for a linear-Gaussian reverse process, and the exact ln p(x0) of that process \
                (DF-4).
                """,
            entries)
    }

    func optimalGroup() throws -> TestGroup {
        let (dataMean, dataVariance) = (0.75, 2.0)
        var entries: [CatalogueEntry] = []
        for (name, betas) in Self.schedules {
            for x0 in [-2.0, 3.5] {
                entries.append(
                    CatalogueEntry(
                        "\(name)-x0-\(x0)", comment: "data N(\(dataMean), \(dataVariance)); ELBO = ln p(x0) exactly",
                        flags: ["sqrt-alpha-bar", "posterior-variance", "expectation-of-log-vs-log-of-expectation"]
                            + (DiffusionEvaluators.smallBeta(betas) ? ["optimal-offset-cancellation"] : []),
                        inputs: [
                            "betas": Self.inputs(betas), "x0": .exactReal(x0), "dataMean": .exactReal(dataMean),
                            "dataVariance": .exactReal(dataVariance),
                        ]))
            }
        }
        return try DiffusionOptimalReverseEvaluator().testGroup(
            description:
                """
                The optimal reverse process (rows [slope, offset, variance], t = 1..T) for Gaussian data, where the \
                ELBO equals ln p(x0) (DF-6).
                """,
            entries)
    }

    func invalidGroup() throws -> TestGroup {
        let bad: [(String, [Double])] = [
            ("beta-zero", [0.1, 0.0]), ("beta-one", [1.0]), ("beta-above-one", [0.5, 1.5]),
            ("beta-negative", [-0.1, 0.2]), ("empty", []),
        ]
        let refusals = DiffusionEvaluators.invalid
        return try refusals.testGroup(
            description: "Schedules that must be refused.",
            bad.map { name, betas in
                try Self.refusedCase(
                    refusals, name, comment: "β must lie in (0, 1)", flags: ["schedule-validation"],
                    inputs: ["betas": Self.inputs(betas), "x0": .exactReal(1)], kind: "invalid-schedule")
            })
    }
}
