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
public struct DivergencesExporter: FixtureFamilyExporter, FamilyExporterKit {
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
        u/ε² instead of the grouped sum's u/ε. Not detectable at float64 on: \
        ill-conditioned/shared-covariance-dimension-5-ridge-2-minus-7, \
        ill-conditioned/shared-covariance-dimension-5-ridge-2-minus-20 (KL ≈ 0.004 and 0.012 against terms of \
        size k = 5: the cancellation costs ≈ 5u/KL relative, inside the float64 tolerance and 67 to 537 ulps \
        against float32's 16 and 32). Not detectable at float64 on: diagonal/near-equal-dimension-10-2-minus-10 \
        (at the distance 2⁻¹⁰ the loss, 2.3e-11 relative, is inside the float64 tolerance 4.7e-8; it is 6.8e5 \
        float32 ulps against 584)
        """,
        "cross-entropy-minus-entropy":
            """
        computing KL as the cross-entropy H(p, q) minus the entropy H(p), each with its ½·k·ln(2π) and ½·k \
        constants: terms of size k cancel, so nearly equal pairs lose most of their digits. Not detectable at \
        float64 on: diagonal/near-equal-dimension-10-2-minus-10 (at the distance 2⁻¹⁰ the loss, 2.1e-10 relative, is \
        inside the float64 tolerance 4.7e-8; it is 4.1e6 float32 ulps against 584)
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
        result moves by ≈ 1e-6/λ relative where the least eigenvalue λ is small. Not detectable at float32 on: \
        full/dimension-100-scale-2-plus-10 (λ ≈ 2^10·0.25, so the jitter moves KL by ≈ 4e-9 relative, far inside \
        the float32 tolerance of about 7e-5)
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
        "softplus-linear-threshold": """
        forming the Bernoulli KL through the logits ℓ = ln p − ln(1 − p) as p(sp(−ℓ_q) − sp(−ℓ_p)) + (1 − p)(sp(ℓ_q) \
        − sp(ℓ_p)) with a softplus sp(x) that returns x above 20 (torch's kl_divergence(Bernoulli, Bernoulli) \
        with softplus's default threshold): for probabilities below e⁻²⁰ ≈ 2e-9 the first difference loses its \
        q − p, and the KL is off by ≈ p(q − p) (1e-20 on tiny-p-and-q, against 8.6e-24 allowed)
        """,
        "probability-validation": """
        accepting a p or q that is not a probability vector (a negative entry, a Bernoulli probability above 1, \
        entries that sum to 0.9) and returning a number instead of refusing it: normalising silently, as \
        scipy.stats.entropy and torch's Categorical(probs=…) do, or taking the logarithm of a negative entry, \
        hides the caller's error
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
}
