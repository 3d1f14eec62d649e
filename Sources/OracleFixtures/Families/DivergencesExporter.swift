import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleRandom

/// `Fixtures/divergences/`: KL(p ‖ q) in closed form (`Proofs/02-gaussian-kl.md`).
///
/// - `gaussian-kl.json`: univariate, diagonal and full-covariance Gaussians (dimensions 1 … 10),
///   near-equal pairs, widely different scales, ill-conditioned covariances, bad input. Inputs are
///   dyadic Doubles, so the exact split KL = rationalPart + ½·ln(logArgument) is computed over ℚ
///   (LDLᵀ, `MultivariateGaussianKL.decomposition`) and the total is correctly rounded (Ziv).
/// - `discrete-kl.json`: Bernoulli and categorical KL, correctly rounded from BigFloat, including
///   KL = +∞ when p has mass where q has none, and refused inputs.
public struct DivergencesExporter: FixtureFamilyExporter {
    public let family = "divergences"
    public let summary =
        """
        KL(p ‖ q): Gaussians (univariate, diagonal, full; exact rational part + ½ ln of an exact rational), \
        Bernoulli, categorical, +∞
        """

    public init() {}

    public func makeFiles() throws -> [FixtureFile] {
        [try gaussianFile(), try discreteFile()]
    }

    static let allNotes: OrderedMap<String> = [
        "kl-direction": "computing KL(q ‖ p) instead of KL(p ‖ q): the divergence is not symmetric",
        "missing-half": "dropping the factor 1/2 in front of the Gaussian closed form",
        "logdet-sign": """
        using ln(|Σ1|/|Σ2|) instead of ln(|Σ2|/|Σ1|) in the log-determinant term. Not detectable at \
        float32 on: ill-conditioned/dimension-2-ridge-2-minus-24, ill-conditioned/dimension-3-ridge-2-minus-20 \
        (there |ln A| ≈ 17 against KL ≈ 10⁷, a change of 6 and 33 float32 ulps, inside the float32 tolerance)
        """,
        "sigma-vs-variance": "treating the given variances σ² as standard deviations σ (squaring them again)",
        "trace-term-transposed": "using tr(Σ1⁻¹Σ2) instead of tr(Σ2⁻¹Σ1) in the trace term",
        "cancellation-near-equal": """
        evaluating tr − k + Mahalanobis + ln|Σ2| − ln|Σ1| term by term for nearly equal distributions (for \
        variances: Σ σ1²/σ2² − k + Σ (μ1 − μ2)²/σ2² + Σ ln σ2² − Σ ln σ1², the textbook \
        univariate formula ½[σ1²/σ2² + (μ1 − μ2)²/σ2² − 1 + ln σ2² − ln σ1²] at k = 1): terms of \
        size k cancel to a KL of size ε², each rounding of a term costs u absolute, and the relative error is ≈ \
        u/ε² instead of the grouped sum's u/ε
        """,
        "cross-entropy-minus-entropy":
            """
        computing KL as the cross-entropy H(p, q) minus the entropy H(p), each with its ½·k·ln(2π) and ½·k \
        constants: terms of size k cancel, so nearly equal pairs lose most of their digits
        """,
        "log-det-via-det":
            """
        taking ln|Σ| as log(det(Σ)) (or log of the product of the variances): det overflows to +∞ or \
        underflows to 0 once |ln|Σ|| > 709, e.g. 100 variances near 2^±14; sum the logs of the Cholesky \
        diagonal (or of the variances) instead
        """,
        "explicit-inverse": """
        forming Σ2⁻¹ explicitly (np.linalg.inv) and taking tr(Σ2⁻¹Σ1) and (μ2 − μ1)ᵀΣ2⁻¹(μ2 − \
        μ1) from it: the inverse errs by ≈ u·κ(Σ2), so tr(Σ2⁻¹Σ1) − k is off by ≈ u·κ even where Σ1 \
        = Σ2 makes the Cholesky route's M = L2⁻¹L1 = I exact and the KL ≈ ½‖c‖² well conditioned \
        (ill-conditioned/shared-covariance-*, κ 1e2 … 1e12)
        """,
        "cholesky-jitter":
            """
        adding a jitter 1e-6·I to the covariances before factorising them, as GP and VAE code often does: the \
        result moves by ≈ 1e-6/λ relative where the least eigenvalue λ is small
        """,
        "variance-ratio-underflow":
            """
        forming the ratio r = σ1²/σ2² (or (σ1/σ2)²) and taking ln r: r under- or overflows for variances \
        2^±1000 apart, so ln r is ±∞ where ln σ1² − ln σ2² is finite
        """,
        "log-variance-difference":
            """
        taking ln(σ1²/σ2²) as ln σ1² − ln σ2² for variances near 1e±300: each logarithm is ≈ ±690 \
        with absolute error u·690 ≈ 1.5e-13, which the difference keeps while the KL is O(1); ln of the ratio \
        (when it is a normal Double) has error u
        """,
        "mahalanobis-overflow":
            """
        squaring μ1 − μ2 before dividing by σ2²: (μ1 − μ2)² overflows for |μ1 − μ2| > 1.3e154 even \
        when ((μ1 − μ2)/σ2)² is moderate
        """,
        "clipped-log":
            """
        taking ln of probabilities clipped to [1e-12, 1] (np.log(np.clip(q, 1e-12, 1))): any qₖ < 1e-12 under \
        pₖ > 0 gets ln 1e-12 instead of ln qₖ
        """,
        "epsilon-in-log": """
        taking ln(q + 1e-10) and ln(p + 1e-10) to avoid ln 0: every small probability is shifted, and entries \
        below 1e-10 lose their logarithm entirely. Not detectable at float32 on: categorical/one-hot-10-states \
        (there the shift moves KL = ln 4 by ≈ 3e-10 relative, below float32's unit roundoff 6e-8)
        """,
        "ratio-overflow":
            """
        computing pₖ·ln(pₖ/qₖ) through the ratio: pₖ/qₖ overflows to +∞ when qₖ is subnormal, \
        where ln pₖ − ln qₖ is finite
        """,
        "log-one-minus-p":
            """
        taking ln(1 − p) of the rounded Double 1 − p for a Bernoulli complement: below p ≈ 1e-10 the \
        rounding of 1 − p is a large relative error of ln(1 − p); log1p(−p) has none
        """,
        "infinite-support":
            "returning a finite number, NaN or an error instead of +∞ when p has mass on a state where q has none",
        "zero-times-log-zero": "letting a term with p_k = 0 produce NaN (0·ln 0) instead of 0",
    ]

    static func notes(_ flags: [String]) -> OrderedMap<String> {
        var selected = OrderedMap<String>()
        for flag in flags { selected[flag] = allNotes[flag] }
        return selected
    }

    typealias GaussianPair = DivergencesEvaluators.GaussianPair

    static func vectorValue(_ v: [Double]) -> FixtureValue { DivergencesEvaluators.vectorValue(v) }
    static func matrixValue(_ m: [[Double]]) -> FixtureValue { DivergencesEvaluators.matrixValue(m) }

    func gaussianEntry(_ name: String, _ pair: GaussianPair, flags: [String], comment: String) -> CatalogueEntry {
        CatalogueEntry(name, comment: comment, flags: flags, inputs: pair.inputs)
    }

    func discreteEntry(
        _ name: String, p: [Double], q: [Double], bernoulli: Bool, flags: [String],
        comment: String
    ) -> CatalogueEntry {
        let inputs: OrderedMap<FixtureValue> =
            bernoulli
            ? ["p": .exactReal(p[1]), "q": .exactReal(q[1])] : ["p": Self.vectorValue(p), "q": Self.vectorValue(q)]
        return CatalogueEntry(name, comment: comment, flags: flags, inputs: inputs)
    }

    static func evaluator(_ group: String) throws -> any GroupEvaluator {
        try EvaluatorRegistry.evaluator(named: group)
    }

    /// Σ = BBᵀ + c·I with B a `rank`-column matrix of small dyadic entries (exact in Double).
    static func randomCovariance(_ k: Int, rank: Int, ridge: Double, _ g: inout SplitMix64) -> [[Double]] {
        let b = (0..<k).map { _ in (0..<rank).map { _ in Double(Int(g.next() % 7) - 3) / 4 } }
        return (0..<k).map { i in
            (0..<k).map { j in
                (0..<rank).reduce(0.0) { $0 + b[i][$1] * b[j][$1] } + (i == j ? ridge : 0)
            }
        }
    }

    static func randomMean(_ k: Int, _ g: inout SplitMix64) -> [Double] {
        (0..<k).map { _ in Double(Int(g.next() % 33) - 16) / 8 }
    }

    /// A near-equal full pair (KL-11): Σ1 = Σ2 + 2⁻ᵉ·E with E of rank 1, μ1 − μ2 = O(2⁻ᵉ).
    static func nearEqualPair(_ k: Int, exponent e: Int, _ g: inout SplitMix64) -> GaussianPair {
        let epsilon = 1 / Double(1 << e)
        let sigma2 = randomCovariance(k, rank: k, ridge: 1, &g)
        let perturbation = randomCovariance(k, rank: 1, ridge: 0.25, &g)
        let sigma1 = (0..<k).map { i in (0..<k).map { j in sigma2[i][j] + epsilon * perturbation[i][j] } }
        let mean2 = randomMean(k, &g)
        let mean1 = mean2.enumerated().map { $0.element + epsilon * Double($0.offset % 3 - 1) }
        return GaussianPair(mean1: mean1, sigma1: sigma1, mean2: mean2, sigma2: sigma2, diagonal: false)
    }

    func gaussianFile() throws -> FixtureFile {
        let allFlags = ["kl-direction", "missing-half", "logdet-sign", "trace-term-transposed"]
        var shift: [CatalogueEntry] = []
        for j in -12...12 {
            let mu = Double(j) / 4
            shift.append(
                gaussianEntry(
                    "mu-\(j < 0 ? "minus-" : "")\(Swift.abs(j))-quarters",
                    .diagonal([0], [1], [mu], [1]),
                    flags: j == 0 ? [] : ["missing-half"],
                    comment: "p = N(0,1), q = N(\(mu),1): KL = μ²/2 exactly (the figure's series)"))
        }
        let univariate: [(String, GaussianPair, [String], String)] = [
            (
                "narrow-vs-wide", .diagonal([0], [1], [0], [4]),
                ["kl-direction", "logdet-sign", "sigma-vs-variance", "trace-term-transposed"],
                "KL(N(0,1) ‖ N(0,4)) = ln 2 − 3/8"
            ),
            (
                "wide-vs-narrow", .diagonal([0], [4], [0], [1]),
                ["kl-direction", "logdet-sign", "sigma-vs-variance", "trace-term-transposed"],
                "KL(N(0,4) ‖ N(0,1)) = 3/2 − ln 2"
            ),
            (
                "shift-and-scale", .diagonal([0.5], [0.25], [-1.25], [2.5]), allFlags + ["sigma-vs-variance"],
                "both mean and variance differ"
            ),
            (
                "tiny-vs-huge-variance", .diagonal([1024], [0x1p-40], [-1024], [0x1p40]),
                ["missing-half", "logdet-sign", "sigma-vs-variance"],
                "variances 2^-40 and 2^40: widely different scales"
            ),
            (
                "huge-vs-tiny-variance", .diagonal([3], [0x1p30], [3], [0x1p-30]),
                ["kl-direction", "missing-half", "sigma-vs-variance", "trace-term-transposed"],
                "KL ≈ 2^59: q is far narrower than p"
            ),
            ("identical", .diagonal([0.375], [1.5], [0.375], [1.5]), [], "KL(p ‖ p) = 0 exactly"),
        ]
        var g = SplitMix64(seed: 0xD1_7E_46)
        var diagonal: [CatalogueEntry] = []
        for k in [2, 3, 5, 8, 10] {
            let v1 = (0..<k).map { _ in Double(1 + Int(g.next() % 32)) / 8 }
            let v2 = (0..<k).map { _ in Double(1 + Int(g.next() % 32)) / 8 }
            diagonal.append(
                gaussianEntry(
                    "dimension-\(k)", .diagonal(Self.randomMean(k, &g), v1, Self.randomMean(k, &g), v2),
                    flags: allFlags + ["sigma-vs-variance"],
                    comment: "diagonal covariances in dimension \(k): the sum of \(k) univariate KLs"))
        }
        var full: [CatalogueEntry] = []
        for k in 1...10 {
            let pair = GaussianPair(
                mean1: Self.randomMean(k, &g), sigma1: Self.randomCovariance(k, rank: k, ridge: 0.25, &g),
                mean2: Self.randomMean(k, &g), sigma2: Self.randomCovariance(k, rank: k, ridge: 0.5, &g),
                diagonal: false)
            full.append(
                gaussianEntry(
                    "dimension-\(k)", pair, flags: allFlags,
                    comment: "full covariances BBᵀ + cI with dyadic B in dimension \(k)"))
        }
        var near: [CatalogueEntry] = []
        for (k, e) in [(2, 20), (4, 24), (6, 22)] {
            near.append(
                gaussianEntry(
                    "dimension-\(k)-epsilon-2-minus-\(e)", Self.nearEqualPair(k, exponent: e, &g),
                    flags: ["cancellation-near-equal", "missing-half"],
                    comment:
                        """
                        Σ1 = Σ2 + 2^-\(e)·E, μ1 − μ2 = O(2^-\(e)): KL ≈ 1e-\(e * 3 / 5 * 1)-ish, far below \
                        the size k of the terms
                        """
                ))
        }
        var ill: [CatalogueEntry] = []
        for (k, r) in [(2, 24), (3, 20), (5, 18)] {
            let ridge = 1 / Double(1 << r)
            let pair = GaussianPair(
                mean1: Self.randomMean(k, &g), sigma1: Self.randomCovariance(k, rank: k, ridge: 0.5, &g),
                mean2: Self.randomMean(k, &g), sigma2: Self.randomCovariance(k, rank: k - 1, ridge: ridge, &g),
                diagonal: false)
            ill.append(
                gaussianEntry(
                    "dimension-\(k)-ridge-2-minus-\(r)", pair, flags: allFlags,
                    comment: "Σ2 = BBᵀ + 2^-\(r)·I with B of rank \(k - 1): κ(Σ2) ~ 2^\(r)"))
        }
        let bad: [(String, OrderedMap<FixtureValue>, String, String)] = [
            (
                "singular-covariance",
                [
                    "mean1": Self.vectorValue([0, 0]), "covariance1": Self.matrixValue([[1, 0], [0, 1]]),
                    "mean2": Self.vectorValue([0, 0]), "covariance2": Self.matrixValue([[1, 1], [1, 1]]),
                ],
                "not-positive-definite", "Σ2 = [[1,1],[1,1]] is singular"
            ),
            (
                "indefinite-covariance",
                [
                    "mean1": Self.vectorValue([0, 0]), "covariance1": Self.matrixValue([[1, 2], [2, 1]]),
                    "mean2": Self.vectorValue([0, 0]), "covariance2": Self.matrixValue([[1, 0], [0, 1]]),
                ],
                "not-positive-definite", "Σ1 = [[1,2],[2,1]] has eigenvalue −1"
            ),
            (
                "dimension-mismatch",
                [
                    "mean1": Self.vectorValue([0, 0]), "covariance1": Self.matrixValue([[1, 0], [0, 1]]),
                    "mean2": Self.vectorValue([0, 0, 0]),
                    "covariance2": Self.matrixValue([[1, 0, 0], [0, 1, 0], [0, 0, 1]]),
                ],
                "shape-mismatch", "p on ℝ², q on ℝ³"
            ),
            (
                "zero-variance",
                [
                    "mean1": Self.vectorValue([0]), "variance1": Self.vectorValue([0]), "mean2": Self.vectorValue([0]),
                    "variance2": Self.vectorValue([1]),
                ],
                "not-positive-definite", "σ1² = 0: a point mass has no density"
            ),
            (
                "negative-variance",
                [
                    "mean1": Self.vectorValue([0]), "variance1": Self.vectorValue([1]), "mean2": Self.vectorValue([0]),
                    "variance2": Self.vectorValue([-2]),
                ],
                "not-positive-definite", "σ2² = −2"
            ),
        ]
        let badCases = bad.map { CatalogueEntry($0.0, comment: $0.3, inputs: $0.1, refusal: $0.2) }
        return FixtureFile(
            family: family, variant: "gaussian-kl",
            description:
                """
                KL(p ‖ q) for p = N(mean1, Σ1), q = N(mean2, Σ2): expected kl correctly rounded from the exact \
                split kl = rationalPart + ½·ln(logArgument), both parts exact rationals computed over ℚ by LDLᵀ \
                (rationalPart = ½[tr(Σ2⁻¹Σ1) − k + (μ2−μ1)ᵀΣ2⁻¹(μ2−μ1)], logArgument = \
                |Σ2|/|Σ1|).
                """,
            proof: ProofReference(
                file: "Proofs/02-gaussian-kl.md",
                steps: ["KL-4", "KL-6", "KL-8", "KL-9", "KL-10", "KL-11", "KL-12", "KL-13"]),
            conventions: [
                "kl-direction":
                    """
                kl is KL(p ‖ q) = E_p[ln p − ln q] with p = N(mean1, ·1) the first distribution and q = \
                N(mean2, ·2) the second
                """,
                "variance":
                    "variance1/variance2 are variances σ² (diagonal covariance entries), not standard deviations",
                "covariance": "covariance1/covariance2 are full symmetric k×k covariance matrices, row-major",
                "units": "nats (natural logarithm)",
                "parts":
                    """
                rationalPart and logArgument are exact rationals (their 'exact' field) rounded to Double; kl = \
                rationalPart + ln(logArgument)/2
                """,
                "errors":
                    """
                a covariance or variance that is not positive definite is refused with not-positive-definite; \
                mismatched dimensions with shape-mismatch
                """,
            ],
            notes: Self.notes(
                allFlags + [
                    "sigma-vs-variance", "cancellation-near-equal", "cross-entropy-minus-entropy",
                    "log-det-via-det", "cholesky-jitter", "variance-ratio-underflow",
                    "mahalanobis-overflow", "log-variance-difference",
                    "explicit-inverse",
                ]),
            testGroups: [
                try Self.evaluator("divergences/gaussian-kl/unit-shift").testGroup(
                    description: """
                        KL(N(0,1) ‖ N(μ,1)) = μ²/2 at μ = k/4, the series of the figure kl-unit-gaussian-shift.
                        """, shift),
                try Self.evaluator("divergences/gaussian-kl/univariate").testGroup(
                    description: "One-dimensional pairs: asymmetry, widely different scales, identity.",
                    univariate.map { gaussianEntry($0.0, $0.1, flags: $0.2, comment: $0.3) } + univariateRegimes()),
                try Self.evaluator("divergences/gaussian-kl/diagonal").testGroup(
                    description: "Diagonal covariances in dimensions 2 to 200.", diagonal + diagonalRegimes()),
                try Self.evaluator("divergences/gaussian-kl/full").testGroup(
                    description: "Full covariances in dimensions 1 to 10 and \(Self.fullRegimeDimension).",
                    full + fullRegimes() + fullExtremeScaleRegimes()),
                try Self.evaluator("divergences/gaussian-kl/near-equal").testGroup(
                    description: "Nearly equal distributions where term-by-term evaluation cancels.",
                    near + nearEqualRegimes()),
                try Self.evaluator("divergences/gaussian-kl/ill-conditioned").testGroup(
                    description: "A nearly singular Σ2, κ from 1e2 to 1e12.",
                    ill + illConditionedRegimes() + sharedCovarianceRegimes()),
                try Self.evaluator("divergences/gaussian-kl/gaussian-bad-input").testGroup(
                    description: "Singular, indefinite, mismatched: refused.", badCases),
            ])
    }

    // MARK: - discrete-kl

    func discreteFile() throws -> FixtureFile {
        func b(_ x: Double) -> [Double] { [1 - x, x] }
        let bernoulli = [
            discreteEntry(
                "quarter-vs-half", p: b(0.25), q: b(0.5), bernoulli: true, flags: ["kl-direction"],
                comment: "KL(Bern(1/4) ‖ Bern(1/2))"),
            discreteEntry(
                "half-vs-quarter", p: b(0.5), q: b(0.25), bernoulli: true, flags: ["kl-direction"],
                comment: "the other direction"),
            discreteEntry(
                "near-one", p: b(0.999755859375), q: b(0.875), bernoulli: true, flags: ["kl-direction"],
                comment: "p = 1 − 2^-12"),
            discreteEntry(
                "p-zero", p: b(0), q: b(0.125), bernoulli: true, flags: ["zero-times-log-zero", "kl-direction"],
                comment: "p = 0: the 0·ln 0 term is 0, KL = −ln(7/8)"),
            discreteEntry(
                "q-zero", p: b(0.5), q: b(0), bernoulli: true, flags: ["infinite-support"],
                comment: "q = 0 but p(1) = 1/2 > 0: KL = +∞"),
            discreteEntry(
                "identical", p: b(0.375), q: b(0.375), bernoulli: true, flags: [],
                comment: "KL(p ‖ p) = 0"),
        ]
        var g = SplitMix64(seed: 0xCA7E)
        func simplex(_ k: Int, zeros: Int = 0) -> [Double] {
            // Dyadic weights w/2^m that sum to exactly 1.
            var w = (0..<k).map { _ in Double(1 + Int(g.next() % 64)) }
            for i in 0..<zeros { w[i] = 0 }
            let total = w.reduce(0, +)
            var p = w.map { ($0 / total * 1024).rounded() / 1024 }
            let excess = p.reduce(0, +) - 1
            let j = p.indices.max { p[$0] < p[$1] }!
            p[j] -= excess
            return p
        }
        var categorical: [CatalogueEntry] = []
        for k in [3, 5, 10] {
            categorical.append(
                discreteEntry(
                    "random-\(k)", p: simplex(k), q: simplex(k), bernoulli: false, flags: ["kl-direction"],
                    comment: "random dyadic p, q on \(k) states"))
        }
        categorical.append(
            discreteEntry(
                "p-with-zeros", p: simplex(6, zeros: 2), q: simplex(6), bernoulli: false,
                flags: ["zero-times-log-zero", "kl-direction"], comment: "p has two zero entries: those terms are 0"))
        let base = [0.25, 0.25, 0.5]
        categorical.append(
            discreteEntry(
                "near-equal", p: [0.25 + 0x1p-30, 0.25 - 0x1p-30, 0.5], q: base, bernoulli: false,
                flags: [],
                comment:
                    "p − q = ±2^-30: KL ≈ 2^-60·4 ≈ 3.5e-18, with an absolute tolerance from the term sizes"))
        let infinite = [
            discreteEntry(
                "q-misses-support", p: [0.5, 0.25, 0.25], q: [0.5, 0.5, 0], bernoulli: false,
                flags: ["infinite-support"], comment: "q₂ = 0 < p₂: KL(p ‖ q) = +∞"),
            discreteEntry(
                "reverse-is-finite", p: [0.5, 0.5, 0], q: [0.5, 0.25, 0.25], bernoulli: false,
                flags: ["zero-times-log-zero", "kl-direction"],
                comment: "the reverse direction of the case above is finite: ln 2 − ½ ln 2 … = ½ ln 2"),
        ]
        let bad: [(String, OrderedMap<FixtureValue>, String)] = [
            (
                "p-sums-to-0.9",
                ["p": Self.vectorValue([0.5, 0.25, 0.15]), "q": Self.vectorValue([0.5, 0.25, 0.25])], "Σ p = 0.9 ≠ 1"
            ),
            (
                "negative-entry", ["p": Self.vectorValue([1.25, -0.25]), "q": Self.vectorValue([0.5, 0.5])],
                "p₁ = −0.25 < 0"
            ),
            (
                "length-mismatch", ["p": Self.vectorValue([0.5, 0.5]), "q": Self.vectorValue([0.25, 0.25, 0.5])],
                "2 states against 3"
            ),
            ("bernoulli-out-of-range", ["p": .exactReal(1.5), "q": .exactReal(0.5)], "p = 1.5 is not a probability"),
        ]
        let badCases = bad.map {
            CatalogueEntry(
                $0.0, comment: $0.2, inputs: $0.1,
                refusal: $0.0 == "length-mismatch" ? "shape-mismatch" : "not-a-probability")
        }
        return FixtureFile(
            family: family, variant: "discrete-kl",
            description:
                """
                KL(p ‖ q) = Σ pₖ ln(pₖ/qₖ) for Bernoulli and categorical distributions, correctly rounded \
                from BigFloat (Ziv); +∞ when p has mass where q has none.
                """,
            proof: ProofReference(file: "Proofs/02-gaussian-kl.md", steps: ["KL-14", "KL-15"]),
            conventions: [
                "kl-direction": "kl is KL(p ‖ q) = Σ pₖ ln(pₖ/qₖ): p is the first input",
                "bernoulli": "scalar p and q are the probabilities of the outcome 1",
                "zero-terms": "a term with pₖ = 0 is 0 (0·ln 0 = 0)",
                "infinity":
                    "kl is +∞ (spelled Infinity) when some pₖ > 0 has qₖ = 0; this is a value, not an error",
                "simplex":
                    """
                p and q must have entries ≥ 0 summing to 1 within 1e-12; otherwise refused with \
                not-a-probability; different lengths with shape-mismatch
                """,
                "units": "nats",
            ],
            notes: Self.notes([
                "kl-direction", "zero-times-log-zero", "infinite-support", "clipped-log", "epsilon-in-log",
                "ratio-overflow", "log-one-minus-p",
            ]),
            testGroups: [
                try Self.evaluator("divergences/discrete-kl/bernoulli").testGroup(
                    description: "Bernoulli pairs, including 0·ln 0 and +∞.", bernoulli + bernoulliRegimes()),
                try Self.evaluator("divergences/discrete-kl/categorical").testGroup(
                    description: "Categorical pairs on 1 to \(Self.largeCategoricalSize) states.",
                    categorical + categoricalRegimes()),
                try Self.evaluator("divergences/discrete-kl/categorical-infinite").testGroup(
                    description: "Support mismatch: +∞ in one direction, finite in the other.",
                    infinite + infiniteRegimes()),
                try Self.evaluator("divergences/discrete-kl/discrete-bad-input").testGroup(
                    description: "Not probability vectors: refused.", badCases),
            ])
    }
}
