import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleRandom

/// `bayesian.json`: posterior, predictive and log evidence for given priors (LG-8 … LG-11), the
/// evidence as a function of (α, β) for type-II ML (LG-12), and priors that must be refused.
extension LinearGaussianExporter {
    static let variantBayes = "bayesian"

    func bayesianFile() throws -> FixtureFile {
        let flags = [
            "prior-covariance-vs-precision", "prior-mean-ignored", "noise-std-vs-variance",
            "evidence-missing-logdet", "predictive-missing-noise", "hyperparameter-swap", "prior-validation",
            "gamma-cancellation", "evidence-n-dimensional", "log-det-via-det", "evidence-woodbury-quadratic",
            "predictive-prior-minus-update",
        ]
        return file(
            Self.variantBayes,
            description: """
                The Bayesian linear Gaussian model θ ~ N(μ₀, Σ₀), y | θ ~ N(Aθ, σ²I): posterior mean and \
                covariance (exact over ℚ, rounded once), the posterior predictive, the log evidence ln N(y; Aμ₀, \
                AΣ₀Aᵀ + σ²I) (correctly rounded), and the evidence as a function of the prior precision α and \
                noise precision β for type-II maximum likelihood.
                """,
            proof: "Proofs/04-linear-gaussian.md", steps: ["LG-8", "LG-9", "LG-10", "LG-11", "LG-12"],
            conventions: Self.conventions,
            notes: Self.notes(for: flags),
            groups: [try posteriorGroup(), try hyperparameterGroup(), try bayesianBadInputGroup()])
    }

    func posteriorGroup() throws -> TestGroup {
        let problems = try Self.smallProblems
        let priors: [(String, [Rational], Matrix<Rational>, Rational)] = try [
            ("line-isotropic", [0, 0], Matrix.diagonal([4, 4]), Rational(1) / Rational(4)),
            (
                "quadratic-correlated", Self.doubles([1, -0.5, 0.25]),
                Matrix([[2, 0.5, 0], [0.5, 1, 0.25], [0, 0.25, 0.5]].map(Self.doubles)), Rational(2)
            ),
            (
                "two-predictors-diagonal", Self.doubles([0.5, 1, 1]), Matrix.diagonal(Self.doubles([8, 0.5, 2])),
                Rational(3) / Rational(4)
            ),
        ]
        var entries: [CatalogueEntry] = []
        for (k, prior) in priors.enumerated() {
            let problem = problems[[0, 1, 3][k]]
            let xStar = Matrix<Rational>(rows: 2, columns: problem.a.columns) { i, j in
                Rational((i + 1) * (j + 1)) / Rational(2)
            }
            // A zero prior mean hides a consumer that drops μ₀; only the cases with μ₀ ≠ 0 carry that flag.
            let meanFlag = prior.1.allSatisfy(\.isZero) ? [] : ["prior-mean-ignored"]
            entries.append(
                CatalogueEntry(
                    prior.0, comment: "\(problem.comment); prior \(prior.0), μ₀ = \(prior.1), σ² = \(prior.3)",
                    flags: ["prior-covariance-vs-precision"] + meanFlag
                        + ["noise-std-vs-variance", "evidence-missing-logdet", "predictive-missing-noise"],
                    inputs: [
                        "design": Self.matrix(problem.a), "y": Self.vector(problem.y),
                        "prior-mean": Self.vector(prior.1), "prior-covariance": Self.matrix(prior.2),
                        "noise-variance": Self.real(prior.3), "x-star": Self.matrix(xStar),
                    ]))
        }
        for regime in Self.posteriorRegimes {
            entries.append(try posteriorRegimeEntry(regime))
        }
        return try BayesianPosteriorEvaluator().testGroup(
            description: "Posterior N(μ_N, Σ_N), predictive at x-star rows, and log evidence for a given prior and "
                + "noise variance (LG-8, LG-10, LG-11).",
            entries)
    }

    /// A regime case of `posterior`: an n×p design with entries uniform on [−1, 1] (multiples of
    /// 1/64), y = Aθ* + e (θ* on a 1/16 grid, e uniform on ±`noiseHalfWidth`, y on a 1/1024 grid),
    /// from SplitMix64(seed); a non-zero prior mean and a tridiagonal prior covariance.
    struct PosteriorRegime {
        var name: String
        var n: Int, p: Int, seed: UInt64
        var noiseVariance: Rational
        var noiseHalfWidth: Double
        var comment: String
        /// Σ₀ is the tridiagonal pattern times this power of two; responses lie on the grid 1/responseGrid.
        var priorScale: Double = 1
        var responseGrid: Double = 1024
        var flags = ["log-det-via-det"]
    }

    /// n = 256 observations with σ² = 32 and σ² = 1/32: |C| = |AΣ₀Aᵀ + σ²I| is about 2¹²⁹⁴ or
    /// 2⁻¹²⁰⁹, beyond float64's range, while ln|C| is an ordinary number.
    static let posteriorRegimes: [PosteriorRegime] = [
        PosteriorRegime(
            name: "n256-p6-noise-32", n: 256, p: 6, seed: 0x04_0011, noiseVariance: 32,
            noiseHalfWidth: 8,
            comment: """
                n = 256, σ² = 32: |C| ≥ 32²⁵⁶ = 2¹²⁸⁰ overflows float64 (|C| ≈ 2¹²⁹⁴), so \
                log(det(C)) is +inf while ln|C| ≈ 897 (κ₂(C) ≈ 12, every other route is accurate)
                """),
        PosteriorRegime(
            name: "n256-p6-noise-0.03125", n: 256, p: 6, seed: 0x04_0012,
            noiseVariance: Rational(1) / Rational(32), noiseHalfWidth: 0.25,
            comment: """
                n = 256, σ² = 1/32: |C| = σ²ⁿ·Πᵢ(1 + λᵢ/σ²) = 2⁻¹²⁸⁰·Πᵢ(1 + 32λᵢ) ≈ \
                2⁻¹²⁰⁹ over the p = 6 non-zero eigenvalues λᵢ ∈ [32, 337] of AΣ₀Aᵀ underflows to 0 \
                in float64, so log(det(C)) is −inf while ln|C| ≈ −838 (κ₂(C) ≈ 1.1e4)
                """),
        PosteriorRegime(
            name: "n64-p6-vague-prior-noise-2-24", n: 64, p: 6, seed: 0x04_0014,
            noiseVariance: Rational(1) / Rational(1 << 24), noiseHalfWidth: 1.0 / 2048,
            comment: """
                a vague prior (Σ₀ = 16 × the tridiagonal pattern) and precise data (σ² = 2⁻²⁴, noise \
                on ±2⁻¹¹): the prior variance xᵀΣ₀x exceeds the posterior's by up to κ₂(C) ≈ 10¹⁰, \
                ‖y − Aμ₀‖²/σ² ≈ 3·10⁹ against a completed square ≈ n, so the Gaussian-process predictive \
                xᵀΣ₀x − kᵀC⁻¹k, the Woodbury quadratic form and the n×n C lose what Λ_N (κ₂ ≈ 2) keeps, \
                and |C| ≈ 2⁻¹³³⁹ underflows
                """,
            priorScale: 16, responseGrid: 268_435_456,
            flags: [
                "log-det-via-det", "evidence-n-dimensional", "evidence-woodbury-quadratic",
                "predictive-prior-minus-update",
            ]),
    ]

    func posteriorRegimeEntry(_ r: PosteriorRegime) throws -> CatalogueEntry {
        var rng = SplitMix64(seed: r.seed)
        func grid(_ x: Double, _ step: Double) -> Double { (x * step).rounded() / step }
        let a = (0..<(r.n * r.p)).map { _ in grid(2 * rng.uniform() - 1, 64) }
        let theta = (0..<r.p).map { _ in grid(4 * rng.uniform() - 2, 16) }
        let y = (0..<r.n).map { i in
            grid(
                (0..<r.p).reduce(0.0) { $0 + a[i * r.p + $1] * theta[$1] }
                    + (2 * rng.uniform() - 1) * r.noiseHalfWidth, r.responseGrid)
        }
        let mean = (0..<r.p).map { Double([2, -4, 1, 8, -3, 4][$0 % 6]) / 4 }
        // Tridiagonal Σ₀: diagonal ≥ 1/2, neighbours 1/4, so strictly diagonally dominant (SPD).
        let covariance = (0..<(r.p * r.p)).map { k -> Double in
            let (i, j) = (k / r.p, k % r.p)
            if i == j { return [2, 1, 0.5, 4, 1, 2][i % 6] * r.priorScale }
            return abs(i - j) == 1 ? 0.25 * r.priorScale : 0
        }
        let xStar = (0..<(2 * r.p)).map { k in Double((k % r.p) + 1) / Double(k < r.p ? 2 : -4) }
        func array(_ rows: Int, _ columns: Int, _ values: [Double]) -> FixtureValue {
            .array(shape: [rows, columns], data: values.map(FixtureValue.exactReal))
        }
        let neighbours = r.priorScale == 1 ? "1/4" : "\(covariance[1])"
        return CatalogueEntry(
            r.name,
            comment: """
                \(r.comment); design entries uniform on [−1, 1] (SplitMix64 seed 0x\(String(r.seed, radix: 16))), \
                μ₀ = \(mean), tridiagonal Σ₀ (diagonal \(covariance[0]) …, neighbours \(neighbours)), σ² = \
                \(r.noiseVariance)
                """,
            flags: [
                "prior-covariance-vs-precision", "prior-mean-ignored", "noise-std-vs-variance",
                "evidence-missing-logdet", "predictive-missing-noise",
            ] + r.flags,
            inputs: [
                "design": array(r.n, r.p, a), "y": .vector(y.map(FixtureValue.exactReal)),
                "prior-mean": .vector(mean.map(FixtureValue.exactReal)),
                "prior-covariance": array(r.p, r.p, covariance),
                "noise-variance": Self.real(r.noiseVariance), "x-star": array(2, r.p, xStar),
            ])
    }

    /// A regime case of the type-II objective: n×p design with entries uniform on [−scale, scale]
    /// (multiples of 1/64), y = Aθ* + e (θ* on a 1/16 grid, |e| ≤ 1/2 on a 1/1024 grid), from SplitMix64(seed).
    struct EvidenceRegime {
        var n: Int, p: Int, scale: Double, seed: UInt64
        var alpha: Rational, beta: Rational
        var flags: [String]
        var comment: String
        /// The response noise is uniform on [−noise/2, noise/2]; responses lie on the grid 1/responseGrid.
        var noise: Double = 1
        var responseGrid: Double = 1024
        /// θ's entries are uniform on [−thetaScale, thetaScale], on the grid thetaScale/16.
        var thetaScale: Double = 1
        /// When positive, the first `groups` columns are one-hot group indicators (dummy coding:
        /// observation i is in group i for i < groups, else in a uniformly drawn group) and only the
        /// others are uniform.
        var groups = 0
    }

    /// The regime cases of `evidence-hyperparameters`; each flag is a float64 route that fails there.
    static let evidenceRegimes: [EvidenceRegime] = [
        EvidenceRegime(
            n: 40, p: 8, scale: 1, seed: 0x04_0002, alpha: 10_000, beta: Rational(1) / Rational(10_000),
            flags: ["hyperparameter-swap", "gamma-cancellation"],
            comment: """
                extreme hyperparameters α = 10⁴, β = 10⁻⁴: the prior dominates, γ ≈ 1e-6 ≪ p = 8, so p \
                − α·tr Σ_N cancels p against nearly p
                """),
        EvidenceRegime(
            n: 40, p: 8, scale: 1, seed: 0x04_0003, alpha: Rational(1) / Rational(10_000), beta: 10_000,
            flags: ["hyperparameter-swap", "evidence-n-dimensional"],
            comment: """
                extreme hyperparameters α = 10⁻⁴, β = 10⁴: the n×n covariance C = AAᵀ/α + I/β has κ₂ \
                ≈ 2·10⁹ while Λ_N = αI + βAᵀA is well conditioned
                """),
        EvidenceRegime(
            n: 40, p: 16, scale: 1_048_576, seed: 0x04_0004, alpha: 1, beta: Rational(1 << 28),
            flags: ["hyperparameter-swap", "log-det-via-det"],
            comment: """
                precise measurements in large units: design entries up to 2²⁰, θ ≈ 2⁻²⁰ (responses of \
                order 1), noise 2⁻¹² and β = 2²⁸, so the eigenvalues of Λ_N = αI + βAᵀA are ≈ 2⁶⁸ … 2⁷² \
                and |Λ_N| overflows float64 while ln|Λ_N| and the Cholesky factor of Λ_N are well scaled
                """,
            noise: 1.0 / 4096, responseGrid: 16_777_216, thetaScale: 1.0 / 1_048_576),
        EvidenceRegime(
            n: 120, p: 100, scale: 1, seed: 0x04_0005, alpha: 1, beta: 4096,
            flags: ["hyperparameter-swap", "log-det-via-det"],
            comment: """
                p = 100 parameters: 98 groups in dummy coding (one-hot columns, 1 to 3 observations each) \
                and two covariates, noise on ±2⁻⁸ and β = 2¹², so Λ_N = αI + βAᵀA has eigenvalues ≈ \
                2⁹ … 2¹⁸ (κ₂ = 289) and |Λ_N| ≈ 2¹²²⁷ overflows float64 while ln|Λ_N| ≈ 851 and the \
                Cholesky factor are well scaled
                """,
            noise: 1.0 / 128, responseGrid: 65536, thetaScale: 2, groups: 98),
    ]

    static func regimeData(_ r: EvidenceRegime) throws -> (Matrix<Rational>, [Rational]) {
        var rng = SplitMix64(seed: r.seed)
        func grid(_ x: Double, _ step: Double) -> Double { (x * step).rounded() / step }
        var a = [Double](repeating: 0, count: r.n * r.p)
        for i in 0..<r.n {
            if r.groups > 0 {
                a[i * r.p + (i < r.groups ? i : Int(rng.uniform() * Double(r.groups)))] = 1
            }
            for j in r.groups..<r.p { a[i * r.p + j] = grid((2 * rng.uniform() - 1) * r.scale, 64) }
        }
        let theta = (0..<r.p).map { _ in grid((2 * rng.uniform() - 1) * r.thetaScale, 16 / r.thetaScale) }
        let y = (0..<r.n).map { i in
            grid(
                (0..<r.p).reduce(0.0) { $0 + a[i * r.p + $1] * theta[$1] } + (rng.uniform() - 0.5) * r.noise,
                r.responseGrid)
        }
        return (try Matrix(rows: r.n, columns: r.p, entries: doubles(a)), doubles(y))
    }

    func hyperparameterGroup() throws -> TestGroup {
        let problem = try Self.smallProblems[1]
        var problems: [(String, String, Matrix<Rational>, [Rational], Rational, Rational, [String], Bool)] = []
        for (alpha, beta) in [
            (Rational(1) / Rational(100), Rational(1)), (Rational(1), Rational(1) / Rational(4)),
            (Rational(4), Rational(2)),
        ] {
            problems.append(
                (
                    "alpha-\(alpha.doubleValue)-beta-\(beta.doubleValue)",
                    "\(problem.comment); θ ~ N(0, I/α), σ² = 1/β with α = \(alpha), β = \(beta); "
                        + "α ≠ β so a swap is visible",
                    problem.a, problem.y, alpha, beta, ["hyperparameter-swap"], false
                ))
        }
        for r in Self.evidenceRegimes {
            let (a, y) = try Self.regimeData(r)
            problems.append(
                (
                    "n\(r.n)-p\(r.p)-alpha-\(r.alpha.doubleValue)-beta-\(r.beta.doubleValue)",
                    "\(r.comment); \(r.groups > 0 ? "covariates" : "design entries") uniform on "
                        + "[−\(Int(r.scale)), \(Int(r.scale))] "
                        + "(SplitMix64 seed 0x\(String(r.seed, radix: 16))), θ ~ N(0, I/α), σ² = 1/β with "
                        + "α = \(r.alpha), β = \(r.beta)",
                    a, y, r.alpha, r.beta, r.flags, true
                ))
        }
        let entries = problems.map { name, comment, a, y, alpha, beta, flags, large in
            // Large designs are written without their (exact) p/q: they are exact Doubles.
            let design: FixtureValue =
                large
                ? .array(shape: [a.rows, a.columns], data: a.entries.map { .exactReal($0.doubleValue) })
                : Self.matrix(a)
            let response: FixtureValue = large ? .vector(y.map { .exactReal($0.doubleValue) }) : Self.vector(y)
            return CatalogueEntry(
                name, comment: comment, flags: flags,
                inputs: [
                    "design": design, "y": response, "alpha": Self.real(alpha),
                    "beta": Self.real(beta),
                ])
        }
        return try EvidenceHyperparametersEvaluator().testGroup(
            description: """
                ln p(y | α, β), μ_N and γ = p − α tr Σ_N as functions of the hyperparameters (LG-12): the \
                type-II ML objective.
                """,
            entries)
    }

    func bayesianBadInputGroup() throws -> TestGroup {
        let problem = try Self.smallProblems[0]
        let refusals = BayesianBadInputEvaluator()
        func entry(
            _ name: String, _ comment: String, _ covariance: [[Double]], _ sigma2: Double,
            _ kind: String
        ) throws -> CatalogueEntry {
            try Self.refusedCase(
                refusals, name, comment: comment, flags: ["prior-validation"],
                inputs: [
                    "design": Self.matrix(problem.a), "y": Self.vector(problem.y),
                    "prior-mean": .vector([.exactReal(0), .exactReal(0)]),
                    "prior-covariance": .array(
                        shape: [2, 2], data: covariance.flatMap { $0.map(FixtureValue.exactReal) }),
                    "noise-variance": .exactReal(sigma2),
                    "x-star": .array(shape: [1, 2], data: [.exactReal(1), .exactReal(1)]),
                ],
                kind: kind)
        }
        return try refusals.testGroup(
            description: "Priors and noise variances that must be refused.",
            [
                entry(
                    "indefinite-prior", "Σ₀ = [[1, 2], [2, 1]] has eigenvalues 3 and −1", [[1, 2], [2, 1]], 1,
                    "not-positive-definite"),
                entry("zero-noise", "σ² = 0", [[1, 0], [0, 1]], 0, "not-positive"),
            ])
    }
}
