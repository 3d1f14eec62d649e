import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleRandom

/// `Fixtures/factor-models/`: PPCA in closed form, EM traces for PPCA, factor analysis and
/// mixtures of PPCA, and inputs that must be refused (Proofs/07-factor-models.md).
///
/// A catalogue of inputs, names, comments and flags: every expected value and tolerance is the
/// answer of the group's evaluator in `FactorModelsEvaluators` (rotation-invariant outputs, computed
/// in `BigFloat` at 200 and 256 bits).
public struct FactorModelsExporter: FixtureFamilyExporter, FamilyExporterKit {
    public let family = "factor-models"
    public let summary =
        """
        PPCA closed form (Tipping & Bishop) and EM, factor analysis EM, mixtures of PPCA EM: rotation-invariant outputs
        """

    public init() {}

    public func makeFiles() throws -> [FixtureFile] {
        [try closedFormFile(), try emTraceFile()]
    }

    static let allNotes: OrderedMap<String> = [
        "covariance-ddof":
            """
        normalising the sample covariance by 1/(N - 1) (scikit-learn's PCA) instead of the ML 1/N: every \
        eigenvalue, σ², WWᵀ and the log-likelihood are off by the factor N/(N - 1)
        """,
        "noise-sum-not-mean":
            """
        σ² as the SUM of the d - q discarded eigenvalues instead of their mean (scikit-learn bug #7568): σ² \
        is (d - q) times too large, WWᵀ and the log-likelihood are wrong
        """,
        "eigenvalue-order":
            """
        taking the q smallest eigenvalues (ascending order from eigh) as the principal ones: a stationary point \
        that is not the maximum; σ², WWᵀ and the projection are wrong
        """,
        "rotation-dependent-comparison":
            """
        treating W's columns as the orthonormal principal directions (Σⱼ wⱼwⱼᵀ/‖wⱼ‖² as the \
        projection): valid only for R = I; after EM, W = U(Λ - σ²I)^{1/2}R has non-orthogonal columns and the \
        projection is wrong
        """,
        "fa-stale-loadings":
            """
        updating Ψ with the OLD loadings, diag(S - WβS), instead of the new ones, diag(S - W̃βS): the trace \
        departs from EM at the first iteration
        """,
        "mppca-stale-mean":
            """
        forming a component's local covariance Sₖ about the OLD mean μₖ instead of the updated μ̃ₖ: the \
        trace departs from EM at the first iteration
        """,
        "one-pass-covariance": """
        forming the sample covariance in one pass, S = (1/N)Σxₙxₙᵀ − x̄x̄ᵀ: for data offset from the \
        origin (x ≈ 10⁶ … 10⁸) both terms are ≈ ‖x̄‖² and their difference is rounding noise, so \
        eigenvalues, σ², WWᵀ and the log-likelihood are wrong (negative eigenvalues are possible); centring first \
        ((1/N)Σ(xₙ − x̄)(xₙ − x̄)ᵀ) keeps the digits; in a mixture, a component's weighted \
        Sₖ = Σₙ rₙₖxₙxₙᵀ/Nₖ − μ̃ₖμ̃ₖᵀ fails alike (σₖ², then the means, weights and ln L)
        """,
        "no-logsumexp-shift": """
        normalising the mixture's responsibilities, and its ln Σₖ πₖN(xₙ; μₖ, Cₖ), from exp of the log joints \
        ℓₙₖ without subtracting maxₖ ℓₙₖ: a point whose every ℓₙₖ is below ≈ −745 (−104 in float32) gives \
        0/0 = NaN responsibilities and ln 0 = −∞ (mppca-em/k2-d3-q1-n25-far-point, where the far point's \
        ℓₙₖ ≈ −984 and −956 at t = 0)
        """,
        "uniqueness-floor": """
        bounding each Ψⱼ below by 0.005·Sⱼⱼ (R's factanal: lower = 0.005 on the uniquenesses of the \
        correlation matrix): a coordinate the factors explain almost fully (fa-em/d4-q1-n20-psi-near-zero, \
        Ψ₁/S₁₁ falls from 0.54 to 0.001 in 15 iterations, below 0.005 from t = 5) is held at the floor, so \
        Ψ, WWᵀ and ln L depart from EM there
        """,
        "log-det-via-det": """
        ln|C| as log(det(C)): for d = 16 and eigenvalues near 1e-21, or d = 50 and σ² ≈ 4e-9 (ln|C| ≈ −894), \
        and in d = 100 by the dimension alone (ln|C| ≈ −1e3 in the closed form, the FA log-likelihood and \
        each mixture component), the determinant underflows to 0 in float64 and the log-likelihood becomes \
        +inf (in a mixture, every log joint and so the responsibilities and the M step too); 2Σ ln Lᵢᵢ \
        from a Cholesky factor (or slogdet) does not
        """,
        "randomized-svd": """
        the principal subspace and its eigenvalues from a randomized SVD of the centred data (scikit-learn's \
        PCA(svd_solver='randomized'): q + 10 random directions, 4 power iterations) with \
        σ² = (tr S − Σλ_q)/(d − q): the power iterations damp the unwanted directions only by \
        (λ_{q+11}/λ_q)⁴, so for a near-isotropic spectrum (eigen-gaps ≈ 1e-4 of λ) the subspace, WWᵀ and σ² \
        are wrong where an eigensolver of S is accurate to u·‖S‖/gap; so too in d = 100 \
        (ppca/d100-q5-n160-scale-2e-8, λ₆/λ₅ ≈ 0.80 with 95 discarded eigenvalues: the projection is off by 4e-3)
        """,
        "em-stops-on-small-gain": """
        stopping EM once the log-likelihood gain L⁽ᵗ⁾ − L⁽ᵗ⁻¹⁾ falls below 1e-8·|L⁽ᵗ⁾| (a relative \
        convergence test; scikit-learn's FactorAnalysis stops at an absolute gain of 1e-2) and reporting the \
        last parameters for the remaining iterations: near the fixed point the gain is second order in the \
        step (1.5e-9 at t = 1 of ppca-em/d4-q2-n20-near-fixed-point, then 90 … 10 ulps of ln L; 2.0e-9 then \
        ≤ 3e-12 in fa-em/d5-q1-n30-near-fixed-point) while σ² or Ψ still move by 2⁻²¹ … 2⁻³³ and WWᵀ by 2⁻²⁶ … \
        2⁻²⁸ relative per iteration, so every later σ², Ψ and WWᵀ is frozen too early. Not detectable at \
        float32 on: ppca-em/d4-q2-n20-near-fixed-point, fa-em/d5-q1-n30-near-fixed-point (the frozen values \
        are off by ≈ 2⁻²¹ relative, a few float32 ulps, far inside the cases' float32 tolerances)
        """,
        "explicit-inverse-e-step": """
        the E step's posterior map β = Wᵀ(WWᵀ + Ψ)⁻¹ through an explicit inverse of the d×d marginal \
        covariance C (Ghahramani & Hinton's form of the FA/PPCA E step), instead of the q×q solves \
        M⁻¹Wᵀ or (I + WᵀΨ⁻¹W)⁻¹WᵀΨ⁻¹: with σ² ≪ ‖WWᵀ‖ (κ(C) ≈ 2e7 … 3e7 in ppca-em/d5-q2-n20-kappa-3e7 and \
        mppca-em/k2-d3-q1-n24-kappa-2e7) inv(C) is accurate only to u·κ(C) relative in its large \
        entries, and σ̃² = tr(S − W̃βS)/d, a difference of two numbers ≈ tr S, inherits that as ≈ u·κ² \
        relative to σ² (9e-3 measured at κ ≈ 3e7, against 7e-10 for the q×q route); solving with C instead \
        of inverting it is accurate
        """,
        "explicit-precision-matrix": """
        a Gaussian log-density through an explicit precision matrix P = C⁻¹ of C = WWᵀ + σ²I, as \
        −½(x − μ)ᵀP(x − μ) (scikit-learn's PCA.score_samples: P from get_precision by the matrix inversion \
        lemma with an explicit inverse of I + WᵀW/σ²; or numpy.linalg.inv(C)), instead of a solve with the \
        Cholesky factor of C: for a point on the major axis of an ill-conditioned C \
        (mppca-em/k1-d3-q1-n8-major-axis-kappa-3e6-t0, κ ≈ 2.6e6) the entries of P are ≈ 1/σ² and cancel to \
        ≈ 1/λ_max, so the Mahalanobis term loses ≈ κ·u relative (measured 3.6e4 u in ln L through inv(C), \
        5.2e4 u through the lemma), while the Cholesky route keeps 0.58 u
        """,
        "eigenvalue-log-det": """
        a Gaussian log-density with ln|C| = Σ ln λᵢ from an eigendecomposition of C = WWᵀ + σ²I and the \
        Mahalanobis term through its pseudo-inverse (scipy.stats.multivariate_normal.logpdf): a symmetric \
        eigensolver returns the small eigenvalues σ² only to ≈ u·λ_max absolute, so each ln σ² is off by \
        ≈ κ·u (mppca-em/k1-d3-q1-n8-major-axis-kappa-3e6-t0, κ ≈ 2.6e6: ln L off by 2.7e5 u through \
        numpy.linalg.eigh, 1.6e5 u through scipy), where 2Σ ln Lᵢᵢ from an exact Cholesky factor is accurate; \
        in the moments route of PPCA and FA EM, −N/2[d ln 2π + ln|C| + tr(C⁻¹S)], the same ln|C| of an FA \
        model whose coordinate variances span 1e-20 … 1e9 puts ln L off by 1.0e-6 … 6.8e-6 relative \
        (fa-em/d4-q1-n20-scales-1e-4-1e4, fa-em/d4-q1-n20-scales-1e-10-1e-2). Not detectable at float32 on: \
        fa-em/d4-q1-n20-scales-1e-4-1e4, fa-em/d4-q1-n20-scales-1e-10-1e-2 (the float32 eigensolver's ln|C| \
        errs no more than float32's own rounding of the trace: the mutant misses ln L by 458 float32 ulps, as \
        the correct float32 route does, against 3448)
        """,
        "woodbury-mahalanobis": """
        the Mahalanobis term of a PPCA log-density by the Woodbury identity, (‖r‖² − ‖L_M⁻¹Wᵀr‖²)/σ² with \
        r = x − μ, M = WᵀW + σ²I and L_M its Cholesky factor (the O(d·q²) route, which never forms C): for a \
        point on the major axis of an ill-conditioned C (mppca-em/k1-d3-q1-n8-major-axis-kappa-3e6-t0, \
        κ ≈ 2.6e6) the two squares agree to ≈ 1/κ of their size, so their difference loses ≈ κ·u (8.7e4 u \
        measured in ln L); ln|C| = ln|M| + (d − q) ln σ² is accurate and may be kept, with the Mahalanobis \
        term as ‖L⁻¹r‖² through the Cholesky factor L of C
        """,
        "absolute-variance-floor": """
        bounding each noise variance below by a fixed 1e-6 (Ψⱼ ≥ 1e-6, a common "numerical safety" \
        constant, like scikit-learn's GaussianMixture reg_covar = 1e-6 or FactorAnalysis's SMALL = 1e-12 at a \
        smaller scale): a coordinate with a small scale (fa-em/d4-q1-n20-scales-1e-4-1e4, x₁ ≈ 1e-4, \
        Ψ₁ ≈ 1.7e-10 … 1e-8) is held at the floor from the first iteration, so Ψ, WWᵀ and ln L are wrong; a floor \
        relative to Sⱼⱼ is scale-free
        """,
        "small-variance-floor": """
        bounding each noise variance below by 1e-12 (scikit-learn's FactorAnalysis: \
        Ψ = max(diag(S) − diag(WWᵀ), SMALL) with SMALL = 1e-12): data in small units \
        (fa-em/d4-q1-n20-scales-1e-10-1e-2, Sⱼⱼ ≈ 1.6e-20 … 2.8e-3, Ψ₁ ≈ 1.5e-22 … 9e-21) have every Ψⱼ below \
        the floor, so Ψ, WWᵀ and ln L are wrong from the first iteration; a floor relative to Sⱼⱼ is scale-free
        """,
        "input-validation":
            """
        accepting input that must be refused (q ≥ d, q < 1, too few points, a constant dimension in factor \
        analysis, NaN, mismatched shapes) and returning numbers
        """,
    ]

    static let conventions: OrderedMap<String> = [
        "covariance-normalisation":
            "S = (1/N) Σ (xₙ - x̄)(xₙ - x̄)ᵀ, the maximum-likelihood 1/N (scikit-learn's PCA uses 1/(N - 1))",
        "noise-variance":
            """
        σ² is a variance (not a standard deviation); in closed form it is the MEAN of the d - q smallest \
        eigenvalues of S
        """,
        "eigenvalue-order":
            "eigenvalues are listed in non-increasing order; the principal subspace belongs to the q largest",
        "rotation":
            """
        W is defined only up to an orthogonal q×q rotation R; no output depends on R: WWᵀ, σ², Ψ, \
        log-likelihoods, and the orthogonal projection U_qU_qᵀ = W(WᵀW)⁻¹Wᵀ onto the principal subspace
        """,
        "mean":
            """
        μ = x̄ (its ML value) in PPCA and factor analysis; EM traces start from the given W⁽⁰⁾, \
        σ²⁽⁰⁾ (or Ψ⁽⁰⁾) with μ = x̄
        """,
        "log-likelihood": "the natural-log likelihood SUMMED over the N points, Σₙ ln N(xₙ; μ, C)",
        "em-trace":
            """
        index t = 0 is the initialisation, t = 1 … T the parameters after t EM iterations; T is the input \
        'iterations'
        """,
        "arrays":
            """
        data is N×d row-major (one point per row); loadings are d×q; traces of matrices have shape [T + 1, d, d]
        """,
    ]

    // MARK: - Data

    /// N points x = Az + ε in ℝᵈ with a planted q-dimensional structure, from SplitMix64(seed)
    /// uniforms, quantised to multiples of 1/`grid` (exact Doubles; the inputs are the Doubles).
    /// A `noiseless` coordinate gets no ε (its draws are still taken): only the grid separates it
    /// from the factors. `scales` multiplies coordinate i by scales[i] after quantising (the
    /// product rounded once to a Double).
    static func data(
        n: Int, d: Int, q: Int, seed: UInt64, noise: Double = 0.3, shift: [Double]? = nil, noiseless: Int? = nil,
        grid: Double = 64, scales: [Double]? = nil
    ) -> [[Double]] {
        var rng = SplitMix64(seed: seed)
        var a = [[Double]](repeating: [Double](repeating: 0, count: q), count: d)
        for i in 0..<d {
            for j in 0..<q {
                let sign: Double = (i + j) % 2 == 0 ? 1 : -1
                a[i][j] = sign * Double((i + 3 * j) % 5 + 1) * (j == 0 ? 1.5 : 0.8)
            }
        }
        var rows: [[Double]] = []
        for _ in 0..<n {
            var z = [Double](repeating: 0, count: q)
            for j in 0..<q { z[j] = 3 * rng.uniform() - 1.5 }
            var row = [Double](repeating: 0, count: d)
            for i in 0..<d {
                var x: Double = shift?[i] ?? 0
                for j in 0..<q { x += a[i][j] * z[j] }
                let e: Double = (2 * rng.uniform() - 1) * noise * Double(i + 1) * (i == noiseless ? 0 : 1)
                row[i] = ((x + e) * grid).rounded() / grid * (scales?[i] ?? 1)
            }
            rows.append(row)
        }
        return rows
    }

    static func matrixValue(_ m: [[Double]]) -> FixtureValue {
        .array(shape: [m.count, m.first?.count ?? 0], data: m.flatMap { $0.map(FixtureValue.exactReal) })
    }

    static func matrixValue(_ m: Matrix<Double>) -> FixtureValue {
        .array(shape: [m.rows, m.columns], data: m.entries.map(FixtureValue.exactReal))
    }
}
