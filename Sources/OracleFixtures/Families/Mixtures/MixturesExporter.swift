import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// `Fixtures/mixtures/*.json`: EM for Gaussian mixtures (`Proofs/06-gmm-em.md`, EM-1 … EM-10).
///
/// - `m-step-exact.json`: M-steps from fixed dyadic responsibilities; the parameters are exact
///   rationals, written correctly rounded with their exact value.
/// - `em-traces.json`: whole EM traces from given λ⁰ (synthetic sets and Old Faithful), computed
///   by the generic driver at 128 and at 192 bits; every value is exported only when both
///   precisions round to the same Double (else export fails), so the values are correctly rounded.
/// - `variational-counterexample.json`: a hard-assignment (restricted-q) step where F rises and
///   log p(x) falls.
/// - `bad-input.json`: inputs EM must refuse.
public struct MixturesExporter: FixtureFamilyExporter, FamilyExporterKit {
    public let family = "mixtures"
    public let summary =
        "EM for Gaussian mixtures: exact M-steps, golden per-iteration traces, a variational counterexample"

    public init() {}

    static let allNotes: OrderedMap<String> = [
        "unnormalised-responsibilities":
            """
        using π_k N(x_n; μ_k, Σ_k) as responsibilities without dividing by p(x_n): N_k, μ_k and Σ_k are all \
        wrong
        """,
        "covariance-n-minus-one":
            """
        normalising the weighted scatter by N_k − 1 (an 'unbiased' estimate) instead of N_k: every covariance \
        is inflated by N_k/(N_k − 1) and the step is no longer the argmax of F
        """,
        "no-logsumexp-shift":
            """
        evaluating log Σ_k π_k N(x; μ_k, Σ_k) as log of a sum of exp(ℓ_k) without subtracting max ℓ: the \
        densities underflow to 0 and the log-likelihood becomes −∞ and the responsibilities NaN
        """,
        "label-permutation":
            """
        reordering the components (e.g. sorting them by mean or weight) instead of keeping the labels of λ⁰: \
        component k of the trace is another component
        """,
        "n-instead-of-nk":
            """
        dividing the weighted sums for μ_k and Σ_k by N (the number of points) instead of N_k = Σ_n r_nk: \
        means shrink towards 0 and covariances scale by N_k/N
        """,
        "regulariser-omitted":
            """
        dropping the explicit covariance regulariser ε (Σ_k + εI): covariances differ by ε on the diagonal, \
        or a collapsing component is not rescued
        """,
        "bad-input-accepted":
            """
        running EM on input it must refuse (NaN data, weights off the simplex, a zero weight, a \
        non-positive-definite or singular covariance, K above the number of distinct points) instead of reporting \
        the error
        """,
        "soft-instead-of-hard":
            """
        using the soft posterior in the restricted (hard-assignment) step: the step becomes ordinary EM and log \
        p(x) no longer falls
        """,
        "log-responsibility-cancellation": "computing ln r_nk as ℓ_nk − logsumexp_j ℓ_nj (scikit-learn's route) "
            + "instead of (ℓ_nk − m_n) − log1p(s_n): a ln r_nk near 0 comes out as a multiple of the ulp of "
            + "logsumexp, so the entropy output −Σ r ln r of nearly one-hot posteriors loses its relative accuracy "
            + "(F shifts by the same absolute amount, negligible beside |F|). Not detectable at float32 on: "
            + "synthetic/1d-far-point-log-sum-exp (its float32 run misses the entropy by 1082 float32 ulps, "
            + "within the 1384 that EM's amplification of float32 rounding needs on this trace: the loss u·|ℓ| "
            + "per ln r is of the size of float32's own rounding)",
        "one-pass-covariance": """
        computing the M-step covariance in one pass as Σ_n r_nk x_n x_nᵀ / N_k − μ_k μ_kᵀ instead of \
        about the mean, Σ_n r_nk (x_n − μ_k)(x_n − μ_k)ᵀ / N_k: for data offset by 10⁶ … 10⁸ the \
        two terms are ≈ |μ_k|² and cancel, so S_k loses ≈ u·|μ_k|²/S_ii relative (every digit at 10⁸) \
        and can come out indefinite
        """,
        "nk-epsilon-floor": """
        adding a hidden floor to N_k (scikit-learn's N_k + 10·eps) before dividing: π_k and μ_k shift by ≈ \
        2.2·10⁻¹⁵/N_k relative, visible once a component's weight is near 0
        """,
        "expanded-mahalanobis": """
        evaluating (x − μ)ᵀΣ⁻¹(x − μ) expanded as xᵀΣ⁻¹x − 2μᵀΣ⁻¹x + μᵀΣ⁻¹μ \
        (scikit-learn's route for diagonal and spherical covariances): for data offset by 10⁶ … 10⁸ the \
        three terms are ≈ |x|²/σ² and cancel, so every log joint is wrong by ≈ u·|x|²/σ² and L, r, λ \
        drift
        """,
        "explicit-inverse": """
        evaluating the Mahalanobis term as (x − μ)ᵀ inv(Σ_k) (x − μ) with an explicitly inverted Σ_k \
        instead of through its Cholesky factor (or a solve): for a point on the major axis of an ill-conditioned \
        Σ_k the entries of inv(Σ_k) are ≈ 1/λ_min and cancel to ≈ 1/λ_max, so the term loses ≈ \
        κ(Σ_k)·u relative where the factor keeps a few u (2·10⁻⁵ at κ ≈ 2.4·10¹¹; at κ ≈ 3.7·10⁶ in float32, \
        L misses by ≈ 10⁴ float32 ulps). Not detectable at float64 on: regimes/2d-major-axis-kappa-4e6-t0 \
        (κ·u ≈ 4·10⁻¹⁰ on Mahalanobis terms ≈ 0.1 moves L by 4.7·10⁻¹³ relative, under 5× its tolerance 10⁻¹³: \
        too close to rely on across LAPACK builds; the κ ≈ 2.4·10¹¹ case carries the flag at float64)
        """,
        "eigenvalue-log-det": """
        taking ln|Σ_k| as Σ_i ln λ_i from an eigendecomposition of Σ_k (the route of \
        scipy.stats.multivariate_normal.logpdf) instead of 2 Σ_i ln L_ii from the Cholesky factor: a symmetric \
        eigensolver gets λ_min only to ≈ u·λ_max, so ln λ_min is off by ≈ κ(Σ_k)·u; where the Cholesky factor \
        is exact (2d-major-axis-kappa-2e11-t0, 2d-major-axis-kappa-4e6-t0: κ ≈ 2.4·10¹¹ and 3.7·10⁶) L and H \
        are off by that while the factor's route errs by a few u. Not detectable at float32 on: \
        regimes/2d-major-axis-kappa-4e6-t0 (LAPACK's float32 2 × 2 eigensolver returns λ_min to a few ulps \
        here: the mutant misses L by 6 float32 ulps, as the Cholesky route does)
        """,
        "precision-factor-difference": """
        whitening x − μ_k as x P_k − μ_k P_k with the precision factor P_k = L_k⁻ᵀ (scikit-learn's \
        _estimate_log_gaussian_prob for full covariances) instead of solving L_k z = x − μ_k: for data offset \
        from the origin the two products are ≈ |x|·‖P_k‖ and cancel to the whitened point, losing ≈ \
        u·|x|·‖P_k‖ absolute in it (2d-offset-1e6-k2-t0: ≈ 10⁷·u, where x − μ_k is exact and the solve keeps a few u)
        """,
        "log-det-via-det": """
        taking ln|Σ_k| as log(det(Σ_k)) instead of 2 Σ_i ln L_ii from the Cholesky factor: det underflows to 0 \
        (ln → −∞) or overflows to ∞ once |Σ_k| leaves [10⁻³⁰⁸, 10³⁰⁸], as for variances near \
        10⁻²⁹⁰ or 10²⁹⁰ at d = 2, or d = 30 with variances near 10⁻¹¹
        """,
        "log-of-rounded-responsibilities": "taking ln q_nk as the logarithm of the rounded responsibility "
            + "(−Σ r ln r with 0·ln 0 = 0, e.g. scipy's entr) instead of from the log-domain E-step: a "
            + "responsibility within u of 1 rounds to 1 and its term ≈ 1 − r vanishes, so the entropy of "
            + "nearly one-hot posteriors loses a relative ≈ 1/(1 + |ln r_small|)",
        "clipped-log-responsibilities": "taking ln q_nk as ln max(q_nk, 10⁻¹²) (a clip that keeps the logarithm "
            + "finite): responsibilities below 10⁻¹² get ln ≈ −27.6 instead of their own, so the entropy of "
            + "one-hot posteriors, made of such terms, is wrong by tens of percent. Not detectable at float32 "
            + "on: regimes/1d-all-points-far-1e3-k2, regimes/1d-k10-weight-near-zero (its float32 runs miss by "
            + "3 and 235 float32 ulps, exactly as the correct float32 consumer does: the clipped terms r ln r "
            + "with r < 10⁻¹² are below the float32 rounding of the sums they enter)",
        "log-instead-of-log1p": "evaluating ln r for the largest term as −ln(1 + s_n) instead of −log1p(s_n) "
            + "(s_n = Σ_{k≠argmax} exp(ℓ_nk − m_n)): for s_n below u it is exactly 0, so the entropy of nearly "
            + "one-hot posteriors loses the share ≈ s_n of each point",
        "entropy-by-difference": """
        computing the entropy through the identity H(q_n) = ln p(x_n) − Σ_k q_nk ℓ_nk: for nearly one-hot \
        rows H is ≈ 10⁻²⁰ while both terms are O(|ℓ|), so the result is rounding noise
        """,
        "log-of-density": """
        evaluating the log joint ℓ_nk as ln(π_k·N(x_n; μ_k, Σ_k)) from the density exp(−½(x − μ)ᵀΣ⁻¹(x − μ)) \
        / √((2π)ᵈ|Σ|) instead of in the log domain: the density underflows to 0 once ℓ_nk is below ≈ −745 (−103 \
        in float32), so every log joint of a far point is −∞, L and F are −∞ and the hard assignment of a point \
        whose log joints all underflow is the lowest k, not its nearest component
        """,
        "unmasked-zero-responsibilities": "summing q ln q (and q(ℓ − ln q)) without the convention 0·ln 0 = 0: "
            + "a responsibility that underflows to 0 in float64 (log-joint gaps above ≈ 745) gives 0·(−∞) = NaN",
    ]

    static let conventions: OrderedMap<String> = [
        "model":
            """
        p(x; λ) = Σ_k π_k N(x; μ_k, Σ_k), x ∈ ℝᵈ; λ = (π, μ, Σ); components keep the labels of \
        λ⁰ (no sorting)
        """,
        "log-likelihood": "L(λ) = Σ_n ln p(x_n; λ) (summed over points, natural log), evaluated by log-sum-exp",
        "responsibilities": "r_nk = p(z_n = k | x_n; λ) = π_k N(x_n; μ_k, Σ_k) / p(x_n; λ); rows sum to 1",
        "m-step":
            """
        N_k = Σ_n r_nk; π_k = N_k / Σ_j N_j; μ_k = Σ_n r_nk x_n / N_k; S_k = Σ_n r_nk (x_n − μ_k)(x_n \
        − μ_k)ᵀ / N_k (normalised by N_k, not N_k − 1)
        """,
        "covariance-type": "full: Σ_k = S_k + εI; diagonal: diag(S_k) + εI; spherical: (tr S_k / d + ε) I",
        "covariance-regulariser": "ε is an explicit input of every case (often 0); it is never a hidden default",
        "bound":
            """
        F(q, λ) = Σ_n Σ_k q_nk (ln p(x_n, z_n = k; λ) − ln q_nk), 0·ln 0 = 0; entropy H(q) = −Σ_n Σ_k \
        q_nk ln q_nk
        """,
        "log-responsibilities":
            """
        ln r_nk = (ℓ_nk − m_n) − log1p(s_n) with m_n = max_k ℓ_nk and s_n = Σ_{k≠argmax} exp(ℓ_nk \
        − m_n); the entropy and F use it, since ln of a rounded r_nk ≈ 1 loses every digit of the nearly \
        one-hot entropy
        """,
        "trace":
            """
        record k holds λᵏ, L(λᵏ) and H(qᵏ) with qᵏ the posterior under λᵏ (k = 0 … T), and F(qᵏ, \
        λᵏ⁺¹) after the M-step (k = 0 … T−1); exactly T M-steps, no early stop
        """,
        "array-layout": "weights [T+1, K], means [T+1, K, d], covariances [T+1, K, d, d], row-major",
        "iteration-numbering":
            """
        errors name the iteration of the λ that fails: 0 is λ⁰ and its E-step; the M-step from qᵏ produces \
        λᵏ⁺¹ (iteration k + 1)
        """,
    ]

    static let proofSteps = ["EM-1", "EM-2", "EM-3", "EM-4", "EM-5", "EM-6", "EM-7", "EM-8", "EM-9", "EM-10"]

    /// A mixtures file: the EM Proof's `steps`, the family's conventions and the notes of `flags`.
    func file(_ variant: String, _ description: String, steps: [String], flags: [String], groups: [TestGroup])
        -> FixtureFile
    {
        file(
            variant, description: description, proof: "Proofs/06-gmm-em.md", steps: steps,
            conventions: Self.conventions, notes: Self.notes(for: flags), groups: groups)
    }

    public func makeFiles() throws -> [FixtureFile] {
        [
            file(
                "m-step-exact",
                """
                M-steps of EM for Gaussian mixtures from fixed dyadic responsibilities: weights, means and \
                covariances are exact rationals (given exactly and correctly rounded), for the full, diagonal and \
                spherical types, with and without a regulariser.
                """,
                steps: ["EM-4", "EM-5"],
                flags: [
                    "covariance-n-minus-one", "n-instead-of-nk", "label-permutation", "regulariser-omitted",
                    "one-pass-covariance", "nk-epsilon-floor",
                ],
                groups: [try exactMStepGroup()]),
            file(
                "em-traces",
                """
                Golden per-iteration EM traces from given initialisations: parameters, log-likelihood, the bound \
                after each M-step and the responsibilities' entropy at every iteration, correctly rounded from 128- \
                and 192-bit runs that agree. Synthetic 1-D and 2-D sets (well separated, overlapping, anisotropic), \
                the Old Faithful data (K = 2, 3, full covariance) and hostile regimes (data offset by 1e6, 1e7 and \
                1e8, variances near 1e-289 and 1e289, far points, one-hot posteriors, K = 10 with a weight near 0, \
                d = 30 with N = d + 1, K = 1 with repeated points, κ ≈ 1e8, points on the major axis of a \
                covariance with κ ≈ 2.4e11). A consumer finds the first iteration where it diverges.
                """,
                steps: ["EM-2", "EM-3", "EM-4", "EM-6", "EM-7"],
                flags: [
                    "unnormalised-responsibilities", "covariance-n-minus-one", "no-logsumexp-shift",
                    "label-permutation", "n-instead-of-nk", "regulariser-omitted",
                    "log-responsibility-cancellation", "one-pass-covariance", "expanded-mahalanobis",
                    "explicit-inverse", "eigenvalue-log-det", "precision-factor-difference", "log-det-via-det",
                    "nk-epsilon-floor", "log-of-rounded-responsibilities",
                    "clipped-log-responsibilities", "log-instead-of-log1p", "entropy-by-difference",
                    "unmasked-zero-responsibilities",
                ],
                groups: try traceGroups()),
            file(
                "variational-counterexample",
                """
                Variational EM with q restricted to hard assignments: one step in which the bound F(q, λ) rises but \
                the log-likelihood log p(x; λ) falls (M. Gales, 4F10, Cambridge 2018: no monotonicity guarantee for \
                a restricted q), in 1-D and 2-D, moved to data offset by 1e6 and 1e8 and to variances near 1e-289 \
                and 1e289, and the step from far initial means (every log joint near −1e3 or −1e5).
                """,
                steps: ["EM-6", "EM-10"],
                flags: [
                    "soft-instead-of-hard", "one-pass-covariance", "expanded-mahalanobis", "log-det-via-det",
                    "no-logsumexp-shift", "log-of-density",
                ],
                groups: [try counterexampleGroup()]),
            file(
                "bad-input",
                """
                Inputs EM for Gaussian mixtures must refuse, each with its error kind: a collapsing component without \
                regulariser, vanishing responsibilities, K above the number of distinct points, a \
                non-positive-definite initial covariance, weights off the simplex, NaN data.
                """,
                steps: ["EM-9"], flags: ["bad-input-accepted"],
                groups: [try badInputGroup()]),
        ]
    }

    // MARK: - Values

    static func realsArray(_ shape: [Int], _ values: [Double]) -> FixtureValue {
        .array(shape: shape, data: values.map(FixtureValue.exactReal))
    }

    static func inputs(data: [[Double]], initial: MixtureParameters<Double>, type: CovarianceType, epsilon: Double)
        -> OrderedMap<FixtureValue>
    {
        let k = initial.componentCount, d = initial.dimension
        return [
            "data": realsArray([data.count, d], data.flatMap { $0 }),
            "weights": realsArray([k], initial.weights),
            "means": realsArray([k, d], initial.means.flatMap { $0 }),
            "covariances": realsArray([k, d, d], initial.covariances.flatMap(\.entries)),
            "covarianceType": .string(type.rawValue),
            "covarianceRegulariser": .exactReal(epsilon),
        ]
    }

    static func exported(_ value: Double, exactly: Bool = false) -> FixtureValue {
        .real(RealNumber(value, accuracy: exactly ? .exact : .correctlyRounded))
    }
}
