"""Mutants of the mean-field consumer (scripts/consumer/families/mean_field.py): each reproduces one
bug class the fixtures flag, by replacing one or more of the consumer's small functions.

Each public function is the patch of the flag it is named for (hyphens for underscores); run.py
applies it to the consumer module when LATENT_ORACLE_MUTANT names the flag (scripts/mutants runs
every flag this way).
"""
import numpy as np
from scipy.special import digamma, gamma, gammaln

LOG_2PI = np.log(2 * np.pi)


def precision_vs_variance(mf):
    # 1/Σjj: the marginal precision, not the conditional Λjj.
    mf.factor_precisions = lambda lam: 1.0 / np.diag(np.linalg.inv(lam))


def kl_direction(mf):
    def optimum_kl(mu, lam, l):
        """KL(p || q): the wrong direction."""
        sigma = np.linalg.inv(lam)
        r = mu - mu
        _, logdet = np.linalg.slogdet(lam)
        return 0.5 * (np.sum(l * np.diag(sigma)) + np.sum(l * r * r) - len(mu) - np.sum(np.log(l)) + logdet)
    mf.optimum_kl = optimum_kl


def jacobi_vs_gauss_seidel(mf):
    # Every coordinate update of a sweep reads the means from before the sweep.
    mf.sweep_source = lambda m: m.copy()


def expectation_of_log_vs_log_of_expectation(mf):
    # The posterior variance of μ is dropped: E[(x − μ)²] taken as (x − E μ)².
    def expected_squares(data, mu0, lam0, m, lam):
        return mf.squared_deviations(data, m) + lam0 * (m - mu0) ** 2
    mf.expected_squares = expected_squares
    mf.expected_square_distances = lambda x, m, v: (x[:, None] - m[None, :]) ** 2 + 0.0


def digamma_vs_log(mf):
    mf.e_log_tau = lambda a, b: np.log(a) - np.log(b)
    mf.e_log_pi = lambda alpha: np.log(alpha) - np.log(np.sum(alpha))


def gamma_rate_vs_scale(mf):
    # The Gamma's second parameter read as a scale: E τ = a b, E ln τ = ψ(a) + ln b, ...
    def gamma_entropy(a, b):
        log_b = -np.log(b)
        return a - log_b + gammaln(a) + (1 - a) * digamma(a)

    clean_update = mf.tau_factor_update

    def tau_factor_update(*args):
        a, b = clean_update(*args)
        return a, 1.0 / b

    def ng_log_evidence(data, mu0, lam0, a0, b0):
        _, kappa, a, b = mf.ng_exact(data, mu0, lam0, a0, b0)
        gamma_terms = mf.evidence_gamma_terms(a, a0)
        return gamma_terms - a0 * np.log(b0) + a * np.log(b) + 0.5 * np.log(lam0 / kappa) - 0.5 * len(data) * LOG_2PI

    mf.e_tau = lambda a, b: a * b
    mf.e_log_tau = lambda a, b: digamma(a) + np.log(b)
    mf.gamma_entropy = gamma_entropy
    mf.tau_factor_update = tau_factor_update
    mf.ng_log_evidence = ng_log_evidence


def mean_field_validation(mf):
    # Nothing is refused; an input that breaks the computation yields a number, not a refusal.
    mf.check_precision = lambda lam: None
    mf.check_prior = lambda data, lam0, a0, b0: None
    clean_compute = mf.compute

    def compute(group_id, inputs):
        try:
            return clean_compute(group_id, inputs)
        except (np.linalg.LinAlgError, ValueError, ZeroDivisionError):
            return {"value": "NaN"}
    mf.compute = compute


def effective_parameters(mf):
    mf.effective_parameters = lambda p, alpha, cov: p


def evidence_gamma_terms(mf):
    mf.evidence_gamma_terms = lambda a, a0: 0.0


def one_pass_sufficient_statistics(mf):
    # Raw sums Σx², Σx about the origin instead of differences about mu0 or x̄; in the mixture
    # E(x − μ_k)² as x² − 2x m_k + m_k² + v_k (summed with r_nk: Σr x² − 2m_k Σr x + N_k(m_k² + v_k)).
    mf.location_shift = lambda mu0: 0.0
    mf.squared_deviations = lambda data, m: np.sum(data * data) - 2 * m * np.sum(data) + len(data) * m * m
    mf.scatter = lambda data, xbar: np.sum(data * data) - len(data) * xbar * xbar
    mf.expected_square_distances = lambda x, m, v: (
        (x * x)[:, None] - 2 * x[:, None] * m[None, :] + (m * m + v)[None, :])
    # MacKay's ‖y − Aμ‖² from yᵀy, Aᵀy and AᵀA; a negative one makes β < 0 and Λ_N indefinite, where a
    # library's Cholesky raises: every output is then NaN.
    mf.residual_sum_of_squares = lambda A, y, mean: y @ y - 2 * mean @ (A.T @ y) + mean @ (A.T @ A) @ mean
    clean_mackay = mf.mackay

    def mackay(x):
        try:
            with np.errstate(all="ignore"):
                return clean_mackay(x)
        except np.linalg.LinAlgError:
            nan = np.full(x["iterations"], np.nan)
            return {"alpha": mf.reals_out(nan), "beta": mf.reals_out(nan), "logEvidenceAtLast": mf.real_out(np.nan)}
    mf.mackay = mackay


def responsibilities_no_max_shift(mf):
    def normalised_exp(logits):
        r = np.exp(logits)
        with np.errstate(invalid="ignore"):
            r /= r.sum(axis=1, keepdims=True)
        return r
    mf.normalised_exp = normalised_exp


def entropy_of_zero_responsibility(mf):
    def log_responsibilities(r):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(r)
    mf.log_responsibilities = log_responsibilities


def log_det_via_det(mf):
    def log_det(lam):
        with np.errstate(all="ignore"):
            return np.log(np.linalg.det(lam))
    mf.log_det = log_det


def lgamma_via_log_gamma(mf):
    def gamma_entropy(a, b):
        log_b = np.log(b)
        with np.errstate(all="ignore"):
            return a - log_b + np.log(gamma(a)) + (1 - a) * digamma(a)

    def log_gamma(x):
        with np.errstate(all="ignore"):
            return np.log(gamma(x))
    mf.gamma_entropy = gamma_entropy
    mf.log_gamma = log_gamma


def spectral_log_det(mf):
    # scipy.stats.multivariate_normal's route: ln|Λ| = Σ ln λᵢ and Λ⁻¹ = V diag(1/λ) Vᵀ from eigh.
    def log_det(lam):
        return np.sum(np.log(np.linalg.eigvalsh(lam)))

    def true_variances(lam):
        w, v = np.linalg.eigh(lam)
        return np.sum(v * v / w, axis=1)
    mf.log_det = log_det
    mf.true_variances = true_variances


def digamma_without_recurrence(mf):
    # ψ(x) ≈ ln x − 1/(2x) − 1/(12x²) + 1/(120x⁴) − 1/(252x⁶), the asymptotic series at x itself.
    def psi(x):
        x = np.asarray(x)
        r = 1 / x
        r2 = r * r
        return np.log(x) - 0.5 * r - r2 * (1 / 12 - r2 * (1 / 120 - r2 / 252))
    mf.e_log_pi = lambda alpha: psi(alpha) - psi(np.sum(alpha))


def evidence_n_dimensional(mf):
    # ln p(y | α, β) = ln N(y; 0, C) with the n × n marginal covariance C = AAᵀ/α + I/β (Cholesky of C).
    def mackay_log_evidence(A, y, alpha, beta):
        n = A.shape[0]
        try:
            c = np.linalg.cholesky(A @ A.T / alpha + np.eye(n, dtype=A.dtype) / beta)
        except np.linalg.LinAlgError:
            return np.nan  # "not positive definite": no value
        z = np.linalg.solve(c, y)
        return -0.5 * (z @ z) - np.sum(np.log(np.diag(c))) - 0.5 * n * mf.log_2pi()
    mf.mackay_log_evidence = mackay_log_evidence
