import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// `Fixtures/linear-gaussian/least-squares.json` and `bayesian.json` (`Proofs/04-linear-gaussian.md`).
///
/// A catalogue of inputs, names, comments and flags: every expected value and tolerance is the
/// answer of the group's evaluator in `LinearGaussianEvaluators`. NIST data are read at export
/// time from `nist-strd/` in the data folder (`DataDirectory`).
public struct LinearGaussianExporter: FixtureFamilyExporter, FamilyExporterKit {
    public let family = "linear-gaussian"
    public let summary = "ML by the normal equations (exact, NIST StRD), Bayesian posterior, predictive and evidence"

    public init() {}

    static let u = 0x1p-53

    static let allNotes: OrderedMap<String> = [
        "sigma2-ddof":
            """
        using RSS/(n − p) where the maximum-likelihood RSS/n is asked for (or the reverse): σ² is off by the \
        factor n/(n − p)
        """,
        "r2-one-pass-tss": """
        R² = 1 − RSS/TSS with the total sum of squares from uncentred sums, TSS = Σyᵢ² − n·ȳ²: for \
        responses offset from the origin (y ≈ 10⁶ with spread ≈ 1) Σyᵢ² and n·ȳ² agree in about 12 of their 16 \
        digits and their difference keeps about 4 (R² off by 1e-4 relative); Σ(yᵢ − ȳ)² from the centred \
        responses keeps them
        """,
        "r2-centring":
            """
        using the centred total sum of squares Σ(yᵢ − ȳ)² for a model without an intercept (NIST's \
        no-intercept R² is uncentred, 1 − RSS/Σyᵢ²)
        """,
        "sigma-vs-variance":
            "reporting the variance s²[(AᵀA)⁻¹]ⱼⱼ where the standard error (its square root) is asked for",
        "score-sign":
            """
        writing the score as (1/σ²)Aᵀ(Aθ − y), the gradient of the loss, instead of (1/σ²)Aᵀ(y − \
        Aθ), the gradient of the log-likelihood
        """,
        "loglik-missing-half":
            "dropping the ½ in front of n ln 2πσ² + RSS/σ², or the n ln 2π term, in the Gaussian log-likelihood",
        "normal-equations-inverse": "solving by the explicit inverse (AᵀA)⁻¹Aᵀy: forming AᵀA squares the "
            + "condition number and inverting it adds its own error, so the coefficients lose about twice as many "
            + "digits as with a QR or SVD solver",
        "normal-equations-cholesky": """
        solving the normal equations AᵀAθ = Aᵀy by Cholesky of the formed AᵀA: backward stable for AᵀA, \
        but forming it squares the condition number, so the error grows like u·κ₂² where a QR or SVD \
        solver's grows like u·κ₂ (plus u·κ₂²·‖r‖/(‖A‖‖θ‖))
        """,
        "singular-value-cutoff": "an SVD or pseudo-inverse solver with a relative singular-value cut-off "
            + "(numpy.linalg.lstsq with rcond=1e-6, pinv with a cut-off) on the design as given: singular values "
            + "below the cut-off are dropped, so a full-rank but badly scaled or ill-conditioned design is silently "
            + "solved as rank-deficient",
        "unscaled-svd": "an SVD solver (numpy.linalg.lstsq, LAPACK gelsd) on the design as given instead of the "
            + "column-equilibrated one: its error grows with κ₂ of the raw design, which columns of very different "
            + "scale (1, x ~ 1e6, x² ~ 1e12) make far larger than κ₂ of the scaled design. Not detectable at "
            + "float32 on: exact-small/two-predictors-scaled-columns (the float64 SVD of that raw design errs by "
            + "5.5e-8 relative, under one float32 ulp; in float32 LAPACK's sgelsd on the raw design errs by 139 "
            + "float32 ulps against 55 on the equilibrated one, within the float32 tolerance of 168)",
        "nist-model-terms":
            """
        building the design from the model's terms wrongly, e.g. ignoring the powers in B2*(x**2): the polynomial \
        StRD models become rank-deficient or fit the wrong model
        """,
        "intercept-assumed": "adding an intercept column that the model does not have (scikit-learn's "
            + "fit_intercept=True default): a no-intercept model such as y = B1*x + e is fitted as y = B0 + B1*x + e",
        "one-pass-sums": """
        fitting a straight line by the textbook one-pass sums, slope (Σxᵢyᵢ − n·x̄ȳ)/(Σxᵢ² − \
        n·x̄²) and intercept ȳ − slope·x̄: for data offset from the origin (x ≈ 10⁶ … 10⁸) Σxᵢ² \
        and n·x̄² agree in nearly all their digits and the difference is rounding noise; centring x first (Σ(xᵢ \
        − x̄)(yᵢ − ȳ)) or a QR solver keeps the digits
        """,
        "semi-normal-equations": """
        solving RᵀRθ = Aᵀy with R from a QR factorisation of A (the semi-normal equations: R used as the \
        Cholesky factor of AᵀA, and Q discarded) instead of Rθ = Qᵀy: the error grows like u·κ₂² as for the \
        normal equations, although R itself is backward stable
        """,
        "standard-errors-normal-inverse": """
        standard errors from the explicit inverse of the formed AᵀA, sqrt(s²·[inv(AᵀA)]ⱼⱼ), instead of from \
        R⁻¹ (QR) or V Σ⁻² Vᵀ (SVD) of the column-equilibrated design: [(AᵀA)⁻¹]ⱼⱼ then carries a \
        relative error ≈ u·κ₂², so on an ill-conditioned design the standard errors are wrong even when θ̂ \
        is right
        """,
        "rank-unchecked":
            """
        returning a (minimum-norm) solution for a rank-deficient design or n < p instead of refusing it: θ̂ is \
        not unique
        """,
        "input-validation": "accepting NaN or infinite data or mismatched lengths instead of refusing them",
        "prior-covariance-vs-precision":
            "using Σ₀ where Σ₀⁻¹ belongs in Λ_N = Σ₀⁻¹ + AᵀA/σ² (or the reverse)",
        "prior-mean-ignored": """
        dropping the prior mean μ₀ (treating it as 0) in Λ_Nμ_N = Σ₀⁻¹μ₀ + Aᵀy/σ² or in the \
        evidence mean Aμ₀
        """,
        "noise-std-vs-variance": "using σ where σ² belongs (the noise variance is given as a variance)",
        "evidence-missing-logdet":
            "dropping ½ ln|AΣ₀Aᵀ + σ²I| (or its determinant-lemma form) from the log evidence",
        "predictive-missing-noise": "giving the posterior predictive variance as aᵀΣ_N a without the noise σ²",
        "hyperparameter-swap": "swapping α (prior precision) and β (noise precision) in the type-II evidence",
        "gamma-cancellation": """
        the effective number of parameters as γ = p − α·tr Σ_N: when the prior dominates (α ≫ βλᵢ) γ \
        ≪ p and the subtraction cancels; γ = Σᵢ λᵢ/(α + λᵢ) = β‖L⁻¹Aᵀ‖²_F (Λ_N = LLᵀ) is a \
        sum of positive terms
        """,
        "evidence-n-dimensional": """
        the log evidence from the n×n marginal covariance C = AΣ₀Aᵀ + σ²I (its Cholesky factor, or \
        multivariate_normal.logpdf) instead of the p×p posterior precision Λ_N: with a weak prior and small \
        noise (α = 10⁻⁴, β = 10⁴) κ₂(C) ≈ 2·10⁹, so ln|C| and yᵀC⁻¹y lose about nine digits that \
        the determinant-lemma form ln|C| = n ln σ² + ln|Σ₀| + ln|Λ_N| keeps
        """,
        "evidence-woodbury-quadratic": """
        the log evidence's quadratic form by the Woodbury identity, rᵀC⁻¹r = rᵀr/σ² − bᵀΣ_N b with r = y − \
        Aμ₀ and b = Aᵀr/σ² (ln|C| by the determinant lemma): when the data are fitted far inside the noise scale \
        (a vague prior, σ² = 2⁻²⁴) rᵀr/σ² ≈ 3·10⁹ while the difference is ≈ n, so the subtraction loses about \
        seven digits; ‖y − Aμ_N‖²/σ² + (μ_N − μ₀)ᵀΣ₀⁻¹(μ_N − μ₀) is a sum of non-negative terms
        """,
        "predictive-prior-minus-update": """
        the predictive variance in the Gaussian-process form xᵀΣ₀x − kᵀC⁻¹k + σ² (k = AΣ₀x, C = AΣ₀Aᵀ + \
        σ²I): with a vague prior and precise data the prior variance xᵀΣ₀x exceeds the posterior's xᵀΣ_N x by a \
        factor up to κ₂(C) ≈ 10¹⁰, and the subtraction loses that many digits; xᵀΣ_N x from Λ_N = Σ₀⁻¹ + AᵀA/σ² \
        subtracts nothing
        """,
        "log-det-via-det": """
        ln|C| of the n×n marginal covariance C = AΣ₀Aᵀ + σ²I as log(det(C)): |C| = σ²ⁿ·Πᵢ(1 + \
        λᵢ/σ²) (λᵢ the eigenvalues of AΣ₀Aᵀ) leaves float64's range for n in the hundreds (n = 256: \
        about 2¹²⁹⁴ for σ² = 32, 2⁻¹²⁰⁹ for σ² = 1/32) or for small noise (n = 64, σ² = 2⁻²⁴: about \
        2⁻¹³³⁹), so the log evidence becomes ±inf; 2Σ ln Lᵢᵢ from a Cholesky factor (slogdet) or the \
        determinant lemma does not
        """,
        "prior-validation":
            "accepting a prior covariance that is not symmetric positive definite, or a noise variance ≤ 0",
    ]

    static let conventions: OrderedMap<String> = [
        "model": "y = Aθ + η, η ~ N(0, σ²I); A is n×p, row i of A is the design row of observation i",
        "sigma2-ml": "RSS/n (the maximum-likelihood estimate); sigma2-unbiased is RSS/(n − p)",
        "standard-errors": "sqrt(s²·[(AᵀA)⁻¹]ⱼⱼ) with s² = RSS/(n − p) (NIST's convention)",
        "r-squared":
            """
        1 − RSS/TSS; TSS = Σ(yᵢ − ȳ)² when A has an all-ones column (intercept), Σyᵢ² otherwise \
        (NIST's no-intercept convention)
        """,
        "log-likelihood": "ln N(y; Aθ̂, σ̂²I) at σ̂² = RSS/n: −(n/2)(ln 2π + ln(RSS/n) + 1)",
        "score": "(1/σ²)Aᵀ(y − Aθ), the gradient of the log-likelihood in θ",
        "prior": "θ ~ N(μ₀, Σ₀) with Σ₀ a covariance (not a precision); noise-variance is σ², a variance",
        "posterior": "N(μ_N, Σ_N): Σ_N⁻¹ = Σ₀⁻¹ + AᵀA/σ², μ_N = Σ_N(Σ₀⁻¹μ₀ + Aᵀy/σ²)",
        "log-evidence": "ln N(y; Aμ₀, AΣ₀Aᵀ + σ²I), natural log, summed over all n observations",
        "predictive": "at each row a of x-star: mean aᵀμ_N, variance aᵀΣ_N a + σ² (a new noisy observation)",
        "type-II":
            """
        alpha is the prior precision (Σ₀ = I/α, μ₀ = 0), beta the noise precision (σ² = 1/β); gamma = p \
        − α·tr Σ_N
        """,
    ]

    public func makeFiles() throws -> [FixtureFile] {
        [try leastSquaresFile(), try bayesianFile()]
    }

    // MARK: - Catalogue values

    /// An exact rational as a fixture input: `exact` when it is a Double, else `correctly-rounded`.
    static func real(_ r: Rational) -> FixtureValue { LinearGaussianEvaluators.real(r) }

    /// An input real that is a decimal from a data file: the nearest Double, with the decimal's exact value.
    static func decimalInput(_ r: Rational) -> FixtureValue { real(r) }

    static func vector(_ v: [Rational]) -> FixtureValue { .vector(v.map(real)) }

    static func matrix(_ m: Matrix<Rational>) -> FixtureValue { LinearGaussianEvaluators.matrix(m) }
}
