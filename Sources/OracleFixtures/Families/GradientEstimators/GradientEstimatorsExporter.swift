import LatentDerivations
import OracleArithmetic
import OracleRandom

/// `Fixtures/gradient-estimators/gaussian.json`: exact expectations, gradients, optimal baselines
/// and estimator variances for q = N(μ, σ²) and four test functions, plus per-sample estimates
/// from written-out ε draws (`Proofs/08-gradient-estimators.md`, GE-1 … GE-9).
///
/// A catalogue: every expected value is computed by the group's evaluator
/// (`GradientEstimatorsEvaluators`).
public struct GradientEstimatorsExporter: FixtureFamilyExporter, FamilyExporterKit {
    public let family = "gradient-estimators"
    public let summary =
        "score-function, baseline and pathwise gradient estimators for N(μ, σ²): exact gradients and variances"

    public init() {}

    /// One (function, μ, σ) point of the grid.
    struct Point {
        let name: String
        let function: String
        let k: Double
        let mean: Double
        let sigma: Double
    }

    static let likelihood = (y: 1.5, w: 0.75, b: 0.25, s2: 0.5)
    static let constantBaseline = 0.5
    static let drawCount = 16

    static let points: [Point] = {
        var p: [Point] = []
        for (m, s) in [(0.5, 1.0), (-1.0, 0.5), (0.25, 2.0)] {
            let tag = "mu\(m)-sigma\(s)"
            p.append(Point(name: "squared-distance-\(tag)", function: "squared-distance", k: 1, mean: m, sigma: s))
            p.append(Point(name: "gaussian-bump-\(tag)", function: "gaussian-bump", k: 0.5, mean: m, sigma: s))
            p.append(Point(name: "cosine-\(tag)", function: "cosine", k: 1.5, mean: m, sigma: s))
            p.append(Point(name: "log-likelihood-\(tag)", function: "gaussian-log-likelihood", k: 0, mean: m, sigma: s))
        }
        return p
    }()

    /// The exact-moments scale regime σ = 2¹³ (variances ≈ σ⁴ ≈ 4.5·10¹⁵) for the two polynomial functions,
    /// whose Gauss–Hermite moments stay exact at any σ.
    static let scalePoints: [Point] = {
        let (m, s) = (0.25, 0x1p13)
        let tag = "mu\(m)-sigma\(s)"
        return [
            Point(name: "squared-distance-\(tag)", function: "squared-distance", k: 1, mean: m, sigma: s),
            Point(name: "log-likelihood-\(tag)", function: "gaussian-log-likelihood", k: 0, mean: m, sigma: s),
        ]
    }()

    /// The exact-moments regime σ = 2⁻¹³ at μ = ½ for the four functions: ∇_σ E f = O(σ) beside f(μ) = O(1), where
    /// the score-function mean E[f s] cancels f(μ)E[s] = 0 and the pathwise mean E[f′(x) ∂x/∂φ] does not.
    static let smallSigmaPoints: [Point] = {
        let (m, s) = (0.5, 0x1p-13)
        let tag = "mu\(m)-sigma\(s)"
        return [
            Point(name: "squared-distance-\(tag)", function: "squared-distance", k: 1, mean: m, sigma: s),
            Point(name: "gaussian-bump-\(tag)", function: "gaussian-bump", k: 0.5, mean: m, sigma: s),
            Point(name: "cosine-\(tag)", function: "cosine", k: 1.5, mean: m, sigma: s),
            Point(name: "log-likelihood-\(tag)", function: "gaussian-log-likelihood", k: 0, mean: m, sigma: s),
        ]
    }()

    /// The exact-moments offset regime |μ|/σ = κ ≈ 1.3·10⁴ … 1.4·10⁴ for the two polynomial functions: the rounded
    /// draw μ + σε keeps σε to κu, so the centred variances stay inside 1/100 of 1e-9, while E ĝ² − (E ĝ)² of the
    /// pathwise μ-estimate cancels (E ĝ)²/Var ĝ ≈ κ² ≈ 2²⁷ of its digits. E ĝ² and (E ĝ)² are doubles in one binade,
    /// so any float64 one pass returns a multiple of its ulp; σ is chosen so that Var ĝ (4σ², or (9/8)²σ² for the
    /// log-likelihood) lies 0.41 … 0.49 of that step off the grid, so the miss (≥ 1.4e-8) does not depend on the
    /// summation order. A dyadic σ (1, ½) puts Var ĝ on the grid, where one pass can hit it.
    static let offsetPoints: [Point] =
        ([
            ("squared-distance", 16_500, 1.18), ("squared-distance", 26_500, 1.96),
            ("log-likelihood", 11_500, 0.89), ("log-likelihood", 15_500, 1.11),
        ] as [(String, Double, Double)]).map { tag, m, s in
            let squared = tag == "squared-distance"
            return Point(
                name: tag + "-mu\(m)-sigma\(s)", function: squared ? tag : "gaussian-log-likelihood",
                k: squared ? 1 : 0,
                mean: m, sigma: s)
        }

    static let allNotes: OrderedMap<String> = [
        "score-sign":
            """
        using (μ − x)/σ² (or the negated σ-score) as ∇ ln q: the score-function estimates and the \
        gradient they average to change sign
        """,
        "missing-baseline-correction":
            """
        subtracting no baseline (f·s instead of (f − b)·s) in the baseline estimators: their estimates and \
        variances are those of plain SF
        """,
        "score-at-rounded-sample":
            """
        taking the score at the rounded draw x = μ + σε, as autograd through ln N(x; μ, σ) gives it: (x − μ)/σ² \
        recovers σε by cancellation and keeps only the bits of σε that the rounding of x left, ≈ log₂(|x|/|σε|) \
        bits fewer than ε/σ. Not detectable at float64 on: per-sample/cosine-mu-1.0-sigma0.5 (draw 7 has ε = \
        0.0022 and x = −0.9989, so float32 loses 2.1e-5 relative in sf[7]: 354 float32 ulps against 88, while the \
        same loss at float64, ≈ 4e-14, stays inside the float64 tolerance)
        """,
        "log-sigma-chain-rule":
            """
        differentiating with respect to ρ = ln σ without the chain-rule factor ∂σ/∂ρ = σ: ρ-gradients \
        and ρ-estimates are off by the factor σ (and variances by σ²)
        """,
        "sigma-score-missing-one":
            """
        writing ∂_σ ln q as (x − μ)²/σ³ without the −1/σ term: the σ-score no longer has mean zero, \
        so SF_σ is biased and its variance wrong
        """,
        "uncentred-variance": "reporting E[ĝ²] instead of Var ĝ = E[ĝ²] − (E ĝ)² as the estimator variance",
        "non-finite-input": "accepting a NaN or infinite μ or σ instead of refusing it",
        "non-positive-sigma": "accepting σ ≤ 0 (or treating σ² as σ) instead of refusing it",
        "sf-other-coordinates":
            """
        multiplying the score of coordinate i by fᵢ(xᵢ) alone instead of the whole f(x) = Σⱼ fⱼ(xⱼ) in \
        the multivariate score-function estimator: unbiased, but the per-sample estimates and the variances \
        (which lose Var(R)E[sᵢ²]) are wrong
        """,
        "softmax-score-missing-mean":
            """
        using the indicator e_z as ∂_η ln softmax(η)_z, forgetting the −π term: the score no longer has \
        mean zero and the estimator is biased
        """,
        "softmax-gradient-cancellation":
            """
        computing ∂_{η_j} E f as π_j (f(j) − E f), the softmax backward pass π ⊙ (f − π·f): when π_j is near \
        1, f(j) − E f = Σ_{k≠j} π_k (f(j) − f(k)) is (1 − π_j) times smaller than the rounded E f it is \
        subtracted from, and loses log₂ 1/(1 − π_j) bits (20 bits at 1 − π₀ ≈ 2⁻²⁰: 5.8e-11 relative; every \
        bit at saturated logits, where 1 − π_j ≈ e^{−30} … e^{−700}). The enumeration Σ_z π_z f(z)(e_z − π) \
        with an exact score 1 − π_j, or π_j Σ_{k≠j} π_k (f(j) − f(k)), keeps them
        """,
        "one-pass-exact-variance":
            """
        the exact variance of an estimator as E ĝ² − (E ĝ)² in one pass over the categories or nodes instead of a \
        centred or closed form: at a nearly one-hot π the optimal baseline b*_j ≈ f(j) of a rare category j \
        leaves a variance 2e-7 … 2e-9 of E ĝ_j², so the subtraction loses that ratio (4.9e-8 relative at \
        1 − π₀ ≈ 2⁻²⁰, where the centred sum keeps ≤ 7.6e-15), 1.2e-8 at logits (20, 0, 5) and all of it at \
        (30, −30, 0, −10); over the Gauss–Hermite nodes of N(μ, σ²) at |μ|/σ = κ ≈ 1.3·10⁴ … 1.4·10⁴, the pathwise \
        μ-estimate has (E ĝ)²/Var ĝ ≈ κ², E ĝ² and (E ĝ)² share a binade and Var ĝ lies 0.41 … 0.49 of its ulp \
        from the nearest multiple, so the subtraction misses it by ≥ 1.4e-8 relative in any summation order; over the \
        diagonal group's tensor nodes at |μ₀|/σ₀ = 2·10⁴ (σ₀ = 0.3, 0.6), where E ĝ² and (E ĝ)² share a binade and \
        Var ĝ = 4σ₀² lies 0.48 of its ulp from the nearest multiple, by ≥ 4.0e-8 in any summation order
        """,
        "softmax-no-max-shift":
            """
        π = e^η/Σ e^η without subtracting max η first: e^η overflows once a logit exceeds 709.78 (float32: \
        88.72), giving ∞/∞ = NaN, and every e^η underflows to 0 once all logits are below −745 (float32: \
        −103.9), giving 0/0 = NaN; π and every moment built on it are NaN (logits)
        """,
        "log-softmax-no-max-shift":
            """
        ln π = η − ln Σ e^η without the max shift: ln Σ e^η is +∞ once a logit exceeds 709.78 (float32: 88.72) \
        and −∞ once every logit is below −745 (float32: −103.9), so ln π is −∞, +∞ or NaN where it is finite \
        (logits)
        """,
        "log-of-softmax":
            """
        ln π as the logarithm of the computed softmax: a category more than 745 below the largest logit \
        (float32: 103.9) has π rounded to 0 and ln π = −∞ where ln π = η_k − m − ln Σ e^{η−m} is finite \
        (−1400 at logits (700, −700, 0)), and the dominant category's ln π ≈ −(1 − π) is the log of a π \
        rounded near 1, which keeps log₂((1 − π)/u) bits (1.0e-3 relative at e^{−30}; 0 once 1 − π < u/2) \
        (logits)
        """,
        "log-softmax-without-log1p":
            """
        the usual shifted log-softmax η − m − ln(Σ_k e^{η_k − m}) with ln of the whole sum instead of \
        log1p of the terms other than the maximum's 1: the dominant category's ln π = −ln(1 + r), r = \
        Σ_{k≠a} e^{η_k − m} ≈ 1 − π, is the log of 1 + r rounded, off by up to u/r relative (1.0e-3 at r = \
        e^{−30} in float64; 0 for −9.4e-14 in float32; 0 for −9.9e-305 at r = e^{−700}); torch.log_softmax and \
        jax.nn.log_softmax use this form (logits)
        """,
        "complement-by-subtraction":
            """
        1 − π_j (the score [z = j] − π_j at z = j, or a Bernoulli's π₀ = 1 − σ(t)) subtracted from the rounded \
        π_j: for the dominant category 1 − π_j ≈ e^{−30} keeps log₂((1 − π_j)/u) bits (1e-3 relative in \
        float64, 0 in float32) and is 0 at e^{−700}, so the gradient, the optimal baseline and the variances \
        built on it are wrong; Σ_{k≠j} π_k, from the shifted weights, is exact to a few ulps (logits)
        """,
        "enumerated-centred-variance":
            """
        the exact variance as the centred enumeration Σ_z π_z (ĝ_j(z) − g_j)² (the right route for the \
        score-function group's moderate π): at saturated logits a deviation ĝ_j(z) − g_j is O(1 − π_a) while \
        its terms are O(1), so it keeps log₂((1 − π_a)/u) bits (e^{−30}: 1e-3 relative; e^{−700}: none); \
        GE-16's π_j c_j (b − b*_j)² + π_j² c_j V_j is a sum of non-negative terms (logits). Not detectable \
        at float64 on: logits/near-one-hot-logits-20-k3 (1 − π₀ ≈ 3.1e-7 leaves float64 enough bits: the \
        enumeration misses by 7e-16 relative, while in float32 it misses variance-sf-optimal-baseline[2] by a \
        factor 6)
        """,
        "invalid-probabilities":
            "accepting an empty, non-positive or unnormalised probability vector instead of refusing it",
        "one-pass-sample-variance": """
        the sample variance of the estimates as (Σ ĝᵢ² − S ḡ²)/(S − 1) in one pass: when the estimates \
        sit far from 0 relative to their spread (μ offset by 1e6 gives pathwise estimates 2e6 ± 2; σ = 1e-4 \
        gives 2 ± 2e-4), the two sums agree to log10(ḡ²/sd²) digits and the difference keeps the rest \
        (sample-variance)
        """,
        "score-function-gradient-cancellation": """
        ∇E f as the score-function mean E[f s] rather than the pathwise E[f′(x) ∂x/∂φ]: the sum carries \
        f(μ)E[s] = 0, which cancels to ∇_σ E f = O(σ). At σ = 2⁻¹³ (exact-moments, μ = ½) a 160-node \
        Gauss–Hermite sum misses ∇_σ E f by 7.1e-9 (the quadratic) … 8.1e-8 (exp(−x²/2)) relative in float64 and \
        by 4.1e6 … 1.9e9 float32 ulps in float32
        """,
    ]

    public func makeFiles() throws -> [FixtureFile] {
        [try gaussianFile(), try discreteFile()]
    }

    // MARK: - Building blocks

    static func inputs(_ p: Point) -> OrderedMap<FixtureValue> {
        var i: OrderedMap<FixtureValue> = ["function": .string(p.function)]
        if p.function == "gaussian-log-likelihood" {
            i["y"] = .exactReal(likelihood.y)
            i["w"] = .exactReal(likelihood.w)
            i["b"] = .exactReal(likelihood.b)
            i["s2"] = .exactReal(likelihood.s2)
        } else {
            i["k"] = .exactReal(p.k)
        }
        i["mean"] = .exactReal(p.mean)
        i["sigma"] = .exactReal(p.sigma)
        i["baseline"] = .exactReal(constantBaseline)
        return i
    }
}
