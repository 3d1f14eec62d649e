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
        −expm1(Σ log1p(−β_s))); on the T = 1000 schedule (β₁ = 1e-4) it keeps 12 digits, ≥ 1.8e-13 off
        """,
        "optimal-offset-cancellation": """
        the optimal reverse step's offset as m − k√α_t m with k√α_t = α_t v/(α_t v + β_t) ≈ 1 − 1e-8: \
        the difference keeps 8 digits (12 at T = 1000, where k√α₁ ≈ 1 − 5e-5); m β_t/(α_t v + β_t) keeps all \
        (reverse steps). Not detectable at float64 on: optimal/t4-beta-near-one-x0--2.0, \
        optimal/t4-beta-near-one-x0-3.5 (their first step, β₁ = 0.1 and v = 2, has k√α₁ = 0.947 and cancels 19 \
        times: 3.0e-15 at float64 against 1e-11, but 24 float32 ulps against 16, where the stable offset keeps 2)
        """,
        "alpha-bar-log-without-log1p": """
        ln ᾱ_t as Σ ln(1 − β_s) with each 1 − β_s rounded before the log (instead of Σ log1p(−β_s)), then \
        ᾱ_t = exp and 1 − ᾱ_t = −expm1 of it: at β₁ = 1e-4 the rounding of 1 − β₁ is ≈ u/β₁ ≈ 1e-12 of \
        ln(1 − β₁), so 1 − ᾱ_t, the posterior coefficients and the denoising KL terms of the first steps are \
        ≥ 1e-13 relative off (T = 1000 cases). Not detectable at float32 on: optimal/t1000-linear-x0-3.5 \
        (its reverse steps do not use ᾱ_t, and the ELBO is off by 2.3e-6, below the float32 tolerance of 120 \
        float32 ulps)
        """,
        "kl-log-of-rounded-ratio": """
        the Gaussian KL as ½(v/σ² − 1 + (m − μ)²/σ² + ln(σ²/v)) with ln of a second, separately rounded \
        quotient σ²/v (instead of ½((r − 1 − ln r) + (m − μ)²/σ²), r = v/σ²): the prior KL at ᾱ_T ≈ 4e-5 \
        and x₀ = 2⁻⁷ is ≈ 1.6e-9 while r − 1 ≈ ln r ≈ −4e-5, so the quotient's rounding (≈ u) is ≈ 1e-8 \
        relative of it (elbo-terms T = 1000, x₀ = 2⁻⁷)
        """,
        "kl-from-log-variances": """
        the Gaussian KL from log-variances as DDPM's normal_kl forms it, ½(−1 + ln σ² − ln v + exp(ln v − ln σ²) + \
        (m − μ)² exp(−ln σ²)): exp(ln v − ln σ²) − 1 and ln σ² − ln v are each rounded at the size of r − 1, so \
        the prior KL, κ = |r − 1|/KL times smaller, is ≈ κu off (elbo-terms t4-beta-near-one, T = 1000 x₀ = 2⁻⁷ \
        and t8-prior-near-standard-x0-0.015625, where κ ≈ 2 000: 1.3e-12 relative at float64 against 4.4e-13, \
        3.2e-2 at float32 against 1.1e-3). Not \
        detectable at float32 on: elbo-terms/t4-beta-near-one-x0--1.25, elbo-terms/t4-beta-near-one-x0-2.0 (1 − \
        ᾱ_T = 1 − 4.3e-10 rounds to 1 in float32, where ln v = 0 and exp(0) − 1 is exact)
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
        // β near 1: 1 − β₃ = 2⁻¹⁰, 1 − β₄ = 2⁻²⁰ (float32 values too), ᾱ_4 ≈ 4.3e-10.
        ("t4-beta-near-one", [0.1, 0.5, 1 - 0x1p-10, 1 - 0x1p-20]),
    ]

    /// The linear schedule of DDPM (Ho et al. 2020), T = 1000, β from 10⁻⁴ to 0.02: β_t is the
    /// Double nearest (999 + 199(t − 1))/9 990 000 = 10⁻⁴ + (t − 1)(0.02 − 10⁻⁴)/999, one IEEE
    /// division of two integers below 2⁵³ (correctly rounded). ᾱ_T ≈ 4.04e-5.
    static let linearSchedule: (String, [Double]) = (
        "t1000-linear", (0..<1000).map { Double(999 + 199 * $0) / 9_990_000 }
    )

    /// Eight steps with β_t from 0.3 to 0.7: ᾱ_T = 0.001512 (1 − ᾱ_t ≥ 0.3 throughout), so q(x_T | x0) is
    /// near the N(0, 1) prior and the prior KL cancels by κ ≈ 2 000 (elbo-terms only).
    static let nearPriorSchedule: (String, [Double]) = (
        "t8-prior-near-standard", [0.3, 0.4, 0.5, 0.5, 0.6, 0.6, 0.7, 0.7]
    )

    /// The cancellation flags a schedule's cases carry: small β (1 − ᾱ_t ≈ 1e-8) or the long
    /// schedule, whose β₁ = 1e-4 costs ≈ 4 digits to 1 − ᾱ_t formed by subtraction or from Σ ln(1 − β_s).
    static func regimeFlags(_ betas: [Double]) -> [String] {
        DiffusionEvaluators.long(betas)
            ? ["one-minus-alpha-bar-cancellation", "alpha-bar-log-without-log1p"]
            : DiffusionEvaluators.smallBeta(betas) ? ["one-minus-alpha-bar-cancellation"] : []
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
            (Self.schedules + [Self.linearSchedule]).map { name, betas in
                CatalogueEntry(
                    name, comment: "x0 = \(x0), T = \(betas.count)",
                    flags: ["sqrt-alpha-bar", "posterior-variance"] + Self.regimeFlags(betas),
                    inputs: ["betas": Self.inputs(betas), "x0": .exactReal(x0)])
            })
    }

    /// A fixed non-optimal reverse process for T steps: slopes, offsets, variances.
    /// The eight steps repeat for T > 8.
    static func reverseSteps(_ t: Int) -> (slopes: [Double], offsets: [Double], variances: [Double]) {
        func cycle(_ xs: [Double]) -> [Double] { (0..<t).map { xs[$0 % xs.count] } }
        return (
            cycle([0.9, 0.8, 1.1, 0.7, 1.2, 0.95, 0.85, 1.05]),
            cycle([0.1, -0.2, 0.05, 0.25, -0.1, 0.0, 0.15, -0.05]),
            cycle([0.05, 0.2, 0.3, 0.5, 0.125, 0.4, 0.6, 0.75])
        )
    }

    func elboGroup() throws -> TestGroup {
        var entries: [CatalogueEntry] = []
        for (name, betas) in Self.schedules + [Self.linearSchedule] {
            // At T = 1000, x0 = 2⁻⁷ makes the prior KL ≈ ᾱ_T x0² + ᾱ_T²/4 ≈ 1.6e-9 against r − 1 ≈ −ᾱ_T.
            for x0 in DiffusionEvaluators.long(betas) ? [2.0, 0.0078125] : [-1.25, 2.0] {
                let r = Self.reverseSteps(betas.count)
                let priorKLSmall = DiffusionEvaluators.long(betas) && abs(x0) < 0.01
                entries.append(
                    CatalogueEntry(
                        "\(name)-x0-\(x0)",
                        comment: "a fixed non-optimal reverse process; ELBO < logEvidence"
                            + (priorKLSmall ? "; priorKL ≈ 1.6e-9 with 1 − ᾱ_T ≈ 1 − 4e-5" : "")
                            + (DiffusionEvaluators.nearOne(betas) ? "; ᾱ_T ≈ 4.3e-10, priorKL ≈ ᾱ_T x0²/2" : ""),
                        flags: [
                            "sqrt-alpha-bar", "posterior-variance", "kl-direction",
                            "expectation-of-log-vs-log-of-expectation",
                        ]
                            + (priorKLSmall || DiffusionEvaluators.nearOne(betas)
                                ? ["kl-log-of-rounded-ratio", "kl-from-log-variances"] : Self.regimeFlags(betas)),
                        inputs: [
                            "betas": Self.inputs(betas), "x0": .exactReal(x0), "priorMean": .exactReal(0),
                            "priorVariance": .exactReal(1),
                            "slopes": Self.inputs(r.slopes), "offsets": Self.inputs(r.offsets),
                            "variances": Self.inputs(r.variances),
                        ]))
            }
        }
        // ᾱ_T ≈ 1.5e-3 after eight steps and x0 = 2⁻⁶: q(x_T | x0) is close to the N(0, 1) prior, the prior KL
        // ≈ ᾱ_T²/4 + ᾱ_T x0²/2 ≈ 7.6e-7 while r − 1 ≈ −ᾱ_T (κ ≈ 2 000): a cancellation float32 resolves.
        let nearPrior = Self.nearPriorSchedule
        let steps = Self.reverseSteps(nearPrior.1.count)
        entries.append(
            CatalogueEntry(
                "\(nearPrior.0)-x0-0.015625",
                comment:
                    "a fixed non-optimal reverse process; ᾱ_T ≈ 1.5e-3, priorKL ≈ 7.6e-7 with 1 − ᾱ_T ≈ 1 − 1.5e-3",
                flags: [
                    "sqrt-alpha-bar", "posterior-variance", "kl-direction",
                    "expectation-of-log-vs-log-of-expectation", "kl-log-of-rounded-ratio", "kl-from-log-variances",
                ],
                inputs: [
                    "betas": Self.inputs(nearPrior.1), "x0": .exactReal(0.015625), "priorMean": .exactReal(0),
                    "priorVariance": .exactReal(1),
                    "slopes": Self.inputs(steps.slopes), "offsets": Self.inputs(steps.offsets),
                    "variances": Self.inputs(steps.variances),
                ]))
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
        for (name, betas) in Self.schedules + [Self.linearSchedule] {
            for x0 in DiffusionEvaluators.long(betas) ? [3.5] : [-2.0, 3.5] {
                entries.append(
                    CatalogueEntry(
                        "\(name)-x0-\(x0)", comment: "data N(\(dataMean), \(dataVariance)); ELBO = ln p(x0) exactly",
                        flags: ["sqrt-alpha-bar", "posterior-variance", "expectation-of-log-vs-log-of-expectation"]
                            + (DiffusionEvaluators.smallBeta(betas) || DiffusionEvaluators.nearOne(betas)
                                ? ["optimal-offset-cancellation"] : [])
                            + (DiffusionEvaluators.long(betas)
                                ? ["optimal-offset-cancellation"] + Self.regimeFlags(betas) : []),
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
