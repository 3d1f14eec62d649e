import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// `Fixtures/mean-field/*.json` (`Proofs/10-mean-field.md`, `Proofs/11-type-ii-ml.md`): CAVI
/// traces and optimal factors for a correlated Gaussian target and for the Normal-Gamma model,
/// Gamma expectations, and the Normal-Gamma evidence as a function of its hyperparameters.
///
/// Iterates are computed over ℚ (exact) and written correctly rounded with their exact value;
/// ELBOs, KLs and evidences are computed in `BigFloat` from the exact iterates and correctly
/// rounded by Ziv's test.
public struct MeanFieldExporter: FixtureFamilyExporter, FamilyExporterKit {
    public let family = "mean-field"
    public let summary = "CAVI traces, mean-field optima, Gamma expectations, Normal-Gamma evidence"

    public init() {}

    static let allNotes: OrderedMap<String> = [
        "precision-vs-variance":
            """
        using the marginal variance Σⱼⱼ = (Λ⁻¹)ⱼⱼ as the factor variance instead of 1/Λⱼⱼ (or \
        mixing up a precision and a variance): the factor precisions and every later iterate are wrong, and mean \
        field seems not to underestimate variances
        """,
        "kl-direction":
            """
        reporting KL(p ‖ q) instead of the KL(q ‖ p) that mean field minimises: the KL at the optimum is wrong
        """,
        "jacobi-vs-gauss-seidel":
            """
        updating all factors at once from the previous sweep (Jacobi) instead of one at a time using the newest \
        factors (CAVI is Gauss–Seidel): the trace differs and the ELBO may decrease
        """,
        "expectation-of-log-vs-log-of-expectation":
            """
        evaluating E_q[ln p(x | μ, τ)] as ln p(x | E μ, …), i.e. E[(x − μ)²] as (x − E μ)² without \
        the variance 1/λ: the q(τ) rate, the trace and the ELBO are wrong
        """,
        "digamma-vs-log":
            """
        using ln E[τ] = ln a − ln b for E[ln τ] instead of ψ(a) − ln b: the ELBO, the Gamma entropy's \
        expectation and E[ln τ] are wrong
        """,
        "gamma-rate-vs-scale":
            """
        reading the Gamma's second parameter as a scale (E[τ] = a·b) instead of a rate (E[τ] = a/b): every τ \
        expectation is wrong
        """,
        "one-pass-sufficient-statistics": """
        Σ(xₙ − m)² taken as Σxₙ² − 2mΣxₙ + Nm² (or the scatter as Σxₙ² − Nx̄², or a mixture's \
        E(xₙ − μₖ)² as xₙ² − 2xₙmₖ + mₖ² + vₖ) from sums about 0 in one pass over the data: with the data at \
        10⁸ and spread 1 the terms are 10¹⁶ times the result, so the q(τ) rate, the exact posterior rate, the \
        responsibilities, the ELBO and ln p(X) lose every digit (10⁶: 12 of 16)
        """,
        "lgamma-via-log-gamma": """
        ln Γ(a) evaluated as ln(Γ(a)): Γ(a) overflows for a > 171.6, so the Gamma entropy (and every \
        ELBO or evidence with ln Γ of a large shape) is infinite (use lgamma / gammaln)
        """,
        "log-det-via-det": """
        ln |Λ| as ln(det Λ) with the determinant evaluated first: at d = 100 with entries 2^{±12} \
        det Λ over- or underflows, so ln |Λ| and the KL are infinite (use Σ 2 ln Lⱼⱼ of a Cholesky \
        factor, or slogdet)
        """,
        "spectral-log-det": """
        ln |Λ| as Σ ln λᵢ and Λ⁻¹ as V diag(1/λᵢ)Vᵀ from a symmetric eigendecomposition (the route of \
        scipy.stats.multivariate_normal): every λᵢ carries an absolute error ≈ u‖Λ‖, so for a precision whose \
        diagonal spans 2^{±14} (κ(Λ) ≈ 1e8 from the scaling alone) the small eigenvalues lose 8 digits, and the \
        KL and the true variances err by ≈ 1e-9 relative, where a Cholesky factor or LU, whose errors follow the \
        equilibrated κ ≈ 9, lose none. Not detectable at float32 on: optimum/d10-scaled-kappa-1e8 (float32 \
        LAPACK's eigh keeps this graded matrix's small eigenvalues to ≈ 10 float32 ulps, inside the float32 \
        tolerance 1e-5 that κ of the equilibrated matrix sets)
        """,
        "digamma-without-recurrence": """
        ψ(x) from the asymptotic series ln x − 1/(2x) − Σ B₂ₖ/(2k x^{2k}) without first moving x above ≈ 6 by \
        ψ(x) = ψ(x + 1) − 1/x: the series diverges for small x, so at a Dirichlet parameter near α₀ = 2⁻¹⁰ it \
        gives ≈ −4.6e15 instead of ψ ≈ −1024.6, and E[ln πₖ], the responsibilities and the ELBO are wrong (a \
        digamma fitted only above some floor x ≥ 0.01 fails the same cases)
        """,
        "responsibilities-no-max-shift": """
        normalising the responsibilities as exp(ℓₙₖ)/Σⱼ exp(ℓₙⱼ) without subtracting maxⱼ ℓₙⱼ: \
        a point far from every component has every ℓₙₖ below −745, so 0/0 = NaN (the trace and the factors)
        """,
        "entropy-of-zero-responsibility": """
        the entropy term Σ rₙₖ ln rₙₖ evaluated literally: a responsibility that underflows to 0 \
        gives 0·ln 0 = NaN instead of 0 (the ELBO)
        """,
        "mean-field-validation":
            """
        accepting an improper prior (shape or rate ≤ 0), a precision that is not positive definite, or empty \
        data instead of refusing it
        """,
    ]

    static let conventions: OrderedMap<String> = [
        "gaussian-factor": "each Gaussian factor is given by its mean and PRECISION (inverse variance)",
        "gamma":
            """
        Gam(τ; a, b) has shape a and RATE b: density b^a τ^(a−1) e^(−bτ)/Γ(a), E[τ] = a/b, E[ln τ] = \
        ψ(a) − ln b
        """,
        "normal-gamma-prior": "x_n | μ, τ ~ N(μ, 1/τ); μ | τ ~ N(μ0, 1/(λ0 τ)); τ ~ Gam(a0, b0)",
        "cavi-order":
            """
        Gauss–Seidel: factor 0, 1, …, J−1 in order within a sweep, each update using the newest values of \
        the others; the trace lists the initial factors, then the factors after every single-factor update (1 + \
        sweeps·J rows)
        """,
        "elbo":
            """
        L(q) = E_q[ln p(X, θ)] − E_q[ln q(θ)] in nats (loss = −ELBO); for the Gaussian target p is \
        normalised, so L = −KL(q ‖ p)
        """,
        "kl-direction": "klQP is KL(q ‖ p), q the mean-field optimum and p the target",
        "evidence": "ln p(X) in nats, summed over the data (not per sample)",
    ]

    public func makeFiles() throws -> [FixtureFile] {
        [try correlatedGaussianFile(), try normalGammaFile(), try typeIIFile(), try bayesianGMMFile()]
    }

    // MARK: - Values

    static func input(_ x: Double) -> FixtureValue { .exactReal(x) }
    static func inputs(_ xs: [Double]) -> FixtureValue { .vector(xs.map(FixtureValue.exactReal)) }
    static func inputMatrix(_ rows: [[Double]]) -> FixtureValue {
        .array(shape: [rows.count, rows.first?.count ?? 0], data: rows.flatMap { $0.map(FixtureValue.exactReal) })
    }
}
