import LatentDerivations
import OracleArithmetic
import OracleRandom

/// `Fixtures/gradient-estimators/gaussian.json`: exact moments and per-sample estimates of the
/// score-function, baseline and pathwise estimators for q = N(μ, σ²) (GE-1 … GE-9, GE-13, GE-14).
extension GradientEstimatorsExporter {
    static let conventions: OrderedMap<String> = [
        "distribution":
            "q = N(μ, σ²); σ is the standard deviation (not the variance); draws x = μ + σ·ε with ε ~ N(0, 1)",
        "parameters":
            "gradients and estimates are listed for [μ, σ, ρ = ln σ] in that order; ∂/∂ρ = σ ∂/∂σ",
        "score": """
        ∂_μ ln q = (x − μ)/σ² = ε/σ, ∂_σ ln q = (x − μ)²/σ³ − 1/σ = (ε² − 1)/σ, ∂_ρ \
        ln q = ε² − 1
        """,
        "estimators":
            """
        sf = f(x)·s; sf-baseline = (f(x) − b)·s with the input constant b; sf-optimal-baseline = (f(x) − \
        b*)·s with b* = E[f s²]/E[s²] per parameter; pw = f′(x)·∂x/∂φ with ∂x/∂μ = 1, ∂x/∂σ \
        = ε, ∂x/∂ρ = σε
        """,
        "variance":
            "Var ĝ = E[(ĝ − E ĝ)²] under ε ~ N(0, 1) (the exact population variance, not a sample variance)",
        "functions":
            """
        squared-distance f = (x − k)²; gaussian-bump f = exp(−k x²); cosine f = cos(k x); \
        gaussian-log-likelihood f(z) = ln N(y; w z + b, s²) = −½ ln(2π s²) − (y − b − w z)²/(2 s²)
        """,
        "accuracy":
            """
        expected reals are computed at 384 bits (closed forms of Proofs/08 GE-6, GE-7), confirmed by a 256-bit \
        run to 2^-220 relative, and rounded once: correctly rounded (a value that is exactly a Double or a \
        midpoint at both precisions, as rational values of the polynomial cases are, is taken as exact before \
        rounding)
        """,
        "draws":
            """
        the ε draws of each per-sample case are written out; they are the first 16 SplitMix64 polar normals of \
        the case's seed (Proofs/01), so no generator is needed
        """,
        "arrays":
            """
        samples first: the per-sample sf, sf-baseline, sf-optimal-baseline and pw have shape [16, 3], row i the \
        estimates for [μ, σ, ln σ] at the draw ε[i]; the diagonal epsilon and <estimator>-mean have shape \
        [16, d], row i the draw ε[i] ∈ ℝᵈ; the diagonal gradient, optimal-baseline and variances have \
        shape [d, 3], row i the coordinate i
        """,
    ]

    func gaussianFile() throws -> FixtureFile {
        let groups = [
            try exactGroup(), try sampleGroup(), try diagonalGroup(), try sampleVarianceGroup(),
            try invalidGroup(),
        ]
        return file(
            "gaussian",
            description: """
                Gradient estimators of ∇_φ E_{N(μ,σ²)}[f] for φ = (μ, σ, ln σ): score function \
                (log-derivative trick), score function with a constant and with the variance-optimal baseline, \
                and pathwise (reparameterization). Exact objective, gradients, optimal baselines and the exact \
                variance of every estimator, for (x − k)², exp(−k x²), cos(k x) and an ELBO Gaussian \
                log-likelihood term; per-sample estimates from written-out ε draws; inputs that must be refused.
                """,
            proof: "Proofs/08-gradient-estimators.md",
            steps: ["GE-1", "GE-2", "GE-3", "GE-4", "GE-5", "GE-6", "GE-7", "GE-8", "GE-9", "GE-13", "GE-14"],
            conventions: Self.conventions,
            notes: Self.notes(usedIn: groups),
            groups: groups)
    }

    // MARK: - Groups

    /// The flags of an exact-moments or per-sample case. At σ = 1, ∂/∂ρ = σ ∂/∂σ is ∂/∂σ, so the
    /// case cannot catch log-sigma-chain-rule and does not carry it.
    static func flags(_ point: Point) -> [String] {
        let all = [
            "score-sign", "missing-baseline-correction", "log-sigma-chain-rule", "sigma-score-missing-one",
            "uncentred-variance",
        ]
        return point.sigma == 1 ? all.filter { $0 != "log-sigma-chain-rule" } : all
    }

    static func unitSigmaRemark(_ point: Point) -> String {
        point.sigma == 1
            ? "; at σ = 1 the ρ = ln σ and σ derivatives coincide, so log-sigma-chain-rule cannot show here" : ""
    }

    func exactGroup() throws -> TestGroup {
        try GaussianEstimatorMomentsEvaluator().testGroup(
            description:
                """
                Exact objective, gradients [μ, σ, ln σ], optimal baselines and estimator variances (GE-1 … GE-7).
                """,
            (Self.points + Self.scalePoints + Self.smallSigmaPoints + Self.offsetPoints).map { point in
                CatalogueEntry(
                    point.name,
                    comment: "E f, ∇E f and the exact variance of each estimator for \(point.function) under "
                        + "N(\(point.mean), \(point.sigma)²)" + Self.unitSigmaRemark(point),
                    flags: Self.exactFlags(point), inputs: Self.inputs(point))
            })
    }

    /// The flags of an exact-moments case: those of `flags(_:)` but score-sign, which cannot show there. The
    /// group's outputs are even in the score (b* = E[f s²]/E[s²], variances of (f − b)s), and its gradient is
    /// the pathwise mean E[f′(x) ∂x/∂φ], which at σ = 2⁻¹³ keeps the digits the score-function mean cancels.
    /// At σ ≤ 2⁻⁶ the case also carries score-function-gradient-cancellation, and otherwise at |μ|/σ ≥ 2¹⁰
    /// (the offset regime, the reason `offsetReason`) one-pass-exact-variance.
    static func exactFlags(_ point: Point) -> [String] {
        flags(point).filter { $0 != "score-sign" }
            + (point.sigma <= 0x1p-6
                ? ["score-function-gradient-cancellation"]
                : abs(point.mean) >= 0x1p10 * point.sigma ? ["one-pass-exact-variance"] : [])
    }

    func sampleGroup() throws -> TestGroup {
        try GaussianPerSampleEstimatesEvaluator().testGroup(
            description:
                """
                Per-sample estimates from written-out ε draws (GE-1 … GE-3): any language reproduces them without \
                our generator.
                """,
            Self.points.enumerated().map { index, point in
                let seed = 0x0065_7374_0000_0000 &+ UInt64(index)
                var rng = SplitMix64(seed: seed)
                let draws = (0..<Self.drawCount).map { _ in rng.standardNormal() }
                var inputs = Self.inputs(point)
                inputs["seed"] = .word(seed)
                inputs["epsilon"] = .vector(draws.map(FixtureValue.exactReal))
                return CatalogueEntry(
                    point.name,
                    comment: """
                        the exact gradient and variances, and 16 per-sample estimates of each estimator for [μ, σ, \
                        ln σ] from the written ε draws; \(point.function) under N(\(point.mean), \(point.sigma)²)
                        """
                            + Self.unitSigmaRemark(point),
                    flags: Self.flags(point)
                        + (point.name == "cosine-mu-1.0-sigma0.5" ? ["score-at-rounded-sample"] : []),
                    inputs: inputs)
            })
    }

    /// d = 3 diagonal Gaussian with f(x) = Σᵢ fᵢ(xᵢ) (GE-13).
    static let diagonalPoints: [Point] = [
        Point(name: "x0", function: "squared-distance", k: 1, mean: 0.5, sigma: 1),
        Point(name: "x1", function: "cosine", k: 1.5, mean: -0.25, sigma: 0.75),
        Point(name: "x2", function: "gaussian-bump", k: 0.5, mean: 1, sigma: 0.5),
    ]

    /// d = 10 diagonal Gaussian (GE-13 at size): Var(R)E[sᵢ²] from nine other coordinates.
    static let diagonalPoints10: [Point] = (0..<10).map { i in
        let functions = ["squared-distance", "cosine", "gaussian-bump"]
        let k = [1.0, 1.5, 0.5][i % 3]
        return Point(
            name: "x\(i)", function: functions[i % 3], k: k, mean: [0.5, -0.25, 1, -1, 0.75][i % 5],
            sigma: [1, 0.75, 0.5, 1.25, 0.625][i % 5])
    }

    /// A d = 2 diagonal Gaussian with one coordinate at σ = 2¹³ (a polynomial fᵢ, whose Gauss–Hermite moments stay
    /// exact at any σ) beside an O(1) one: variances ~σ⁴ beside O(1) gradients.
    static let diagonalLargeSigmaPoints: [Point] = [
        Point(name: "x0", function: "squared-distance", k: 1, mean: 0x1p12, sigma: 0x1p13),
        Point(name: "x1", function: "cosine", k: 1.5, mean: -0.25, sigma: 0.75),
    ]

    /// A d = 3 diagonal Gaussian with two coordinates at σ = 2⁻¹³ beside an O(1) one: ∇_σ E fᵢ = O(σ) beside
    /// f(μ) = O(1).
    static let diagonalSmallSigmaPoints: [Point] = [
        Point(name: "x0", function: "squared-distance", k: 1, mean: 0.5, sigma: 0x1p-13),
        Point(name: "x1", function: "gaussian-bump", k: 0.5, mean: 0.5, sigma: 0x1p-13),
        Point(name: "x2", function: "cosine", k: 1.5, mean: -0.25, sigma: 0.75),
    ]

    /// The offset coordinate (μ₀, σ₀) of the d = 2 diagonal offset cases, |μ₀|/σ₀ = κ = 2·10⁴, and their flags
    /// beside the group's and one-pass-exact-variance. E ĝ² and (E ĝ)² of the pathwise μ₀-estimate 2(x₀ − 1) are
    /// doubles in one binade [2ᵏ, 2ᵏ⁺¹) (k = 27, 29), so any float64 one pass returns a multiple of 2ᵏ⁻⁵², and
    /// Var ĝ = 4σ₀² lies 0.48 of that step from the nearest one: one pass misses it by ≥ 4.0e-8 relative whatever
    /// its summation order (a σ₀ = ½ would give Var ĝ = 1 on the grid, which one pass can hit). E[f s₁] misses
    /// ∇E f₁ on both (E R·E[s₁] = 0 with E R ≈ μ₀²), but the first case's floor (its draw ε₀ = 0.0021) admits that
    /// miss within a factor 4.2, so only the second carries score-function-gradient-cancellation.
    static let diagonalOffsets: [(mean: Double, sigma: Double, flags: [String])] = [
        (6_000, 0.3, []), (12_000, 0.6, ["score-function-gradient-cancellation"]),
    ]

    /// A d = 2 diagonal Gaussian with (x₀ − 1)² at |μ₀|/σ₀ = κ = 2·10⁴ beside cos(1.5x₁) at O(1): the pathwise
    /// μ₀-estimate 2(x₀ − 1) has (E ĝ)²/Var ĝ ≈ κ², so E ĝ² − (E ĝ)² in one pass loses ~κ²u of its variance,
    /// while the draw μ₀ + σ₀ε keeps σ₀ε to κu.
    static func diagonalOffsetPoints(mean: Double, sigma: Double) -> [Point] {
        [
            Point(name: "x0", function: "squared-distance", k: 1, mean: mean, sigma: sigma),
            Point(name: "x1", function: "cosine", k: 1.5, mean: -0.25, sigma: 0.75),
        ]
    }

    /// One diagonal case: its inputs from the points and S = 16 draws of the seed.
    static func diagonalInputs(_ points: [Point], seed: UInt64) -> OrderedMap<FixtureValue> {
        let d = points.count
        var rng = SplitMix64(seed: seed)
        let draws = (0..<Self.drawCount).map { _ in (0..<d).map { _ in rng.standardNormal() } }
        return [
            "functions": .vector(points.map { .string($0.function) }),
            "k": .vector(points.map { .exactReal($0.k) }),
            "mean": .vector(points.map { .exactReal($0.mean) }),
            "sigma": .vector(points.map { .exactReal($0.sigma) }),
            "baseline": .exactReal(Self.constantBaseline),
            "seed": .word(seed),
            "epsilon": .array(shape: [Self.drawCount, d], data: draws.flatMap { $0 }.map(FixtureValue.exactReal)),
        ]
    }

    func diagonalGroup() throws -> TestGroup {
        let flags = [
            "score-sign", "missing-baseline-correction", "log-sigma-chain-rule", "uncentred-variance",
            "sf-other-coordinates",
        ]
        return try DiagonalEstimatorsEvaluator().testGroup(
            description:
                """
                A diagonal multivariate Gaussian with a separable f (GE-13): the other coordinates add \
                Var(R)E[sᵢ²] to every score-function variance.
                """,
            [
                CatalogueEntry(
                    "d3-separable",
                    comment:
                        """
                        q = N(μ, diag σ²) on ℝ³, f(x) = (x₀ − 1)² + cos(1.5 x₁) + exp(−x₂²/2): \
                        per-coordinate gradients, optimal baselines b*ᵢ + E R, exact variances Vᵢ(b − E R) + \
                        Var(R)E[sᵢ²], and 16 per-sample μ-estimates per estimator
                        """,
                    flags: flags, inputs: Self.diagonalInputs(Self.diagonalPoints, seed: 0x0064_6961_6700_0000)),
                CatalogueEntry(
                    "d10-separable",
                    comment:
                        """
                        q = N(μ, diag σ²) on ℝ¹⁰, f a sum of (xᵢ − 1)², cos(1.5 xᵢ) and exp(−xᵢ²/2) in turn: the \
                        score function's variance grows with d through Var(R)E[sᵢ²] (a tensor quadrature would need \
                        40¹⁰ nodes; GE-13 needs ten 1-D rules)
                        """,
                    flags: flags, inputs: Self.diagonalInputs(Self.diagonalPoints10, seed: 0x0064_6961_6700_0001)),
                CatalogueEntry(
                    "d2-sigma8192.0",
                    comment:
                        """
                        q = N(μ, diag σ²) on ℝ², f(x) = (x₀ − 1)² + cos(1.5 x₁) with σ₀ = 2¹³ beside σ₁ = 0.75: \
                        variances ~σ₀⁴ ≈ 4.5e15 beside O(1) gradients, each output checked relative to itself
                        """,
                    flags: flags + ["score-function-gradient-cancellation"],
                    inputs: Self.diagonalInputs(Self.diagonalLargeSigmaPoints, seed: 0x0064_6961_6700_0002)),
                CatalogueEntry(
                    "d3-sigma0.0001220703125",
                    comment:
                        """
                        q = N(μ, diag σ²) on ℝ³, f(x) = (x₀ − 1)² + exp(−x₁²/2) + cos(1.5 x₂) with σ₀ = σ₁ = 2⁻¹³ \
                        beside σ₂ = 0.75: ∇_σ E fᵢ = O(σ) beside f(μ) = O(1), each output checked relative to itself
                        """,
                    flags: flags + ["score-function-gradient-cancellation"],
                    inputs: Self.diagonalInputs(Self.diagonalSmallSigmaPoints, seed: 0x0064_6961_6700_0003)),
            ]
                + Self.diagonalOffsets.enumerated().map { index, offset in
                    CatalogueEntry(
                        "d2-mu\(offset.mean)-sigma\(offset.sigma)",
                        comment:
                            """
                            q = N(μ, diag σ²) on ℝ², f(x) = (x₀ − 1)² + cos(1.5 x₁) with μ₀ = \(offset.mean), σ₀ = \
                            \(offset.sigma) beside μ₁ = −0.25, σ₁ = 0.75: the pathwise μ₀-estimate has |E ĝ|/sd ĝ ≈ \
                            κ = |μ₀|/σ₀ = \(Int((offset.mean / offset.sigma).rounded())), so its variance is \
                            1/κ² of E ĝ²; each output checked relative to itself
                            """,
                        flags: flags + ["one-pass-exact-variance"] + offset.flags,
                        inputs: Self.diagonalInputs(
                            Self.diagonalOffsetPoints(mean: offset.mean, sigma: offset.sigma),
                            seed: 0x0064_6961_6700_0004 &+ UInt64(index)))
                })
    }

    /// The sample-variance regimes, f = (x − k)² with k = 0 and S = 256 draws: (name, μ, σ, flags).
    static let sampleVariancePoints: [(String, Double, Double, [String])] = [
        ("mu0.5-sigma1", 0.5, 1, []),
        ("mu1e6-sigma1", 1e6, 1, ["one-pass-sample-variance"]),
        ("mu1-sigma1e-4", 1, 1e-4, ["one-pass-sample-variance"]),
        ("mu0-sigma1e4", 0, 1e4, []),
    ]
    static let sampleVarianceDraws = 256

    func sampleVarianceGroup() throws -> TestGroup {
        try GaussianSampleVarianceEvaluator().testGroup(
            description: """
                The sample variance of 256 per-sample estimates of each estimator for f = x² (GE-14): at a mean \
                offset by 1e6 or σ = 1e-4 the estimates sit far from 0 relative to their spread, where a one-pass \
                variance cancels.
                """,
            Self.sampleVariancePoints.enumerated().map { index, point in
                let (name, mean, sigma, flags) = point
                let seed = 0x0073_7661_7200_0000 &+ UInt64(index)
                var rng = SplitMix64(seed: seed)
                let draws = (0..<Self.sampleVarianceDraws).map { _ in rng.standardNormal() }
                var inputs = Self.inputs(
                    Point(name: name, function: "squared-distance", k: 0, mean: mean, sigma: sigma))
                inputs["seed"] = .word(seed)
                inputs["epsilon"] = .vector(draws.map(FixtureValue.exactReal))
                return CatalogueEntry(
                    name,
                    comment: "f = x² under N(\(mean), \(sigma)²), 256 written draws: sample variances of every "
                        + "estimator" + (flags.isEmpty ? "; no cancellation here" : "; a one-pass variance cancels"),
                    flags: flags, inputs: inputs)
            })
    }

    func invalidGroup() throws -> TestGroup {
        let bad: [(String, Double, Double, String, String)] = [
            ("sigma-zero", 0.5, 0.0, "not-positive", "non-positive-sigma"),
            ("sigma-negative", 0.5, -1.0, "not-positive", "non-positive-sigma"),
            ("mean-nan", .nan, 1.0, "non-finite-input", "non-finite-input"),
            ("sigma-infinite", 0.5, .infinity, "non-finite-input", "non-finite-input"),
        ]
        let evaluator = GradientEstimatorsEvaluators.invalid
        return try evaluator.testGroup(
            description: "Parameters that must be refused: σ ≤ 0, a NaN or infinite μ or σ.",
            bad.map { name, m, s, kind, flag in
                let point = Point(name: name, function: "squared-distance", k: 1, mean: m, sigma: s)
                return try Self.refusedCase(
                    evaluator, name, comment: "must be refused (\(kind))", flags: [flag],
                    inputs: Self.inputs(point), kind: kind)
            })
    }
}
