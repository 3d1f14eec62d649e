"""Mutants of the linear-Gaussian consumer (scripts/consumer/families/linear_gaussian.py): each
reproduces one bug class the fixtures flag, by replacing one or more of the consumer's small
functions.

Each public function is the patch of the flag it is named for (hyphens for underscores); run.py
applies it to the consumer module when LATENT_ORACLE_MUTANT names the flag (scripts/mutants runs
every flag this way). Every patch is followed by _after_every_patch, which makes the consumer
accept what breaks its solver: a least-squares solve or posterior that raises gives a made-up
answer (zeros; the prior as posterior) instead of a crash, as an unvalidated implementation would.
"""
import math

import numpy as np
from scipy.linalg import cho_factor, cho_solve, qr, solve_triangular


def _after_every_patch(lg):
    clean_solve, clean_posterior = lg.solve, lg.posterior

    def solve(a, y):
        try:
            return clean_solve(a, y)
        except (ValueError, np.linalg.LinAlgError):
            return np.zeros(a.shape[1])

    def posterior(a, y, mu0, sigma0, sigma2):
        try:
            return clean_posterior(a, y, mu0, sigma0, sigma2)
        except (ValueError, np.linalg.LinAlgError, ZeroDivisionError):
            p = a.shape[1]
            return np.zeros(p), np.eye(p), 0.0, 1.0

    lg.solve, lg.posterior = solve, posterior


def sigma2_ddof(lg):
    clean = lg.noise_variances

    def noise_variances(rss, n, p):
        ml, unbiased = clean(rss, n, p)
        return unbiased, ml
    lg.noise_variances = noise_variances


def r2_centring(lg):
    lg.centred_r_squared = lambda a: True


def r2_one_pass_tss(lg):
    # TSS = Σy² − n·ȳ²: the uncentred sums cancel for responses offset from the origin.
    clean = lg.total_sum_of_squares

    def total_sum_of_squares(y, centred):
        if not centred:
            return clean(y, centred)
        return lg.scalar(y @ y - len(y) * y.mean() ** 2)
    lg.total_sum_of_squares = total_sum_of_squares


def sigma_vs_variance(lg):
    lg.standard_errors = lambda variances: variances


def score_sign(lg):
    lg.score = lambda a, y, theta, noise_variance: a.T @ (a @ theta - y) / noise_variance


def loglik_missing_half(lg):
    clean = lg.log_likelihood
    lg.log_likelihood = lambda n, s2: clean(n, s2) * 2.0


def normal_equations_inverse(lg):
    lg.solve = lambda a, y: np.linalg.inv(a.T @ a) @ (a.T @ y)


def normal_equations_cholesky(lg):
    lg.solve = lambda a, y: cho_solve(cho_factor(a.T @ a), a.T @ y)


def semi_normal_equations(lg):
    # R from QR used as the Cholesky factor of AᵀA: RᵀRθ = Aᵀy, Q discarded.
    def solve(a, y):
        r = qr(a, mode="r")[0][: a.shape[1]]
        return solve_triangular(r, solve_triangular(r.T, a.T @ y, lower=True))
    lg.solve = solve


def singular_value_cutoff(lg):
    lg.solve = lambda a, y: np.linalg.lstsq(a, y, rcond=1e-6)[0]


def unscaled_svd(lg):
    # No column equilibration, in the solve and in the standard errors.
    lg.column_scales = lambda a: np.ones(a.shape[1], dtype=a.dtype)


def one_pass_sums(lg):
    # The textbook straight line from uncentred sums: Σx² and n·x̄² cancel for offset data.
    clean = lg.solve

    def solve(a, y):
        if a.shape[1] == 2 and np.all(a[:, 0] == 1.0):
            x, n = a[:, 1], a.shape[0]
            slope = (np.sum(x * y) - n * x.mean() * y.mean()) / (np.sum(x * x) - n * x.mean() ** 2)
            return np.array([y.mean() - slope * x.mean(), slope])
        return clean(a, y)
    lg.solve = solve


def nist_model_terms(lg):
    clean = lg.term_powers
    lg.term_powers = lambda powers, k: np.minimum(clean(powers, k), 1)


def intercept_assumed(lg):
    # An intercept column is added and its coefficient dropped from the answer.
    clean = lg.solve

    def solve(a, y):
        if not lg._has_intercept(a):
            return clean(np.column_stack([np.ones(a.shape[0]), a]), y)[1:]
        return clean(a, y)
    lg.solve = solve


def rank_unchecked(lg):
    lg.check_rank = lambda a: None


def input_validation(lg):
    lg.check_inputs = lambda a, y: None


def prior_covariance_vs_precision(lg):
    lg.prior_precision = lambda sigma0, p: sigma0


def prior_mean_ignored(lg):
    clean = lg.posterior
    lg.posterior = lambda a, y, mu0, sigma0, sigma2: clean(a, y, np.zeros(a.shape[1]), sigma0, sigma2)


def noise_std_vs_variance(lg):
    clean = lg.posterior
    lg.posterior = lambda a, y, mu0, sigma0, sigma2: clean(a, y, mu0, sigma0, math.sqrt(sigma2))


def evidence_missing_logdet(lg):
    lg.log_det = lambda cov, l: 0.0


def _n_dimensional_posterior_evidence(lg):
    # ln N(y; Aμ0, C) from the n×n marginal covariance C = AΣ0Aᵀ + σ²I (Cholesky of C, ln|C| by lg.log_det).
    def posterior_log_evidence(a, y, mu0, sigma0, sigma2, lambda0, lambda_n, mu_n):
        cov = a @ sigma0 @ a.T + sigma2 * np.eye(a.shape[0], dtype=a.dtype)
        try:
            return lg._gaussian_log_density(y, a @ mu0, cov)
        except np.linalg.LinAlgError:
            return 0.0
    lg.posterior_log_evidence = posterior_log_evidence


def log_det_via_det(lg):
    # det(C) of the n×n covariance over- or underflows for large n; log then gives ±inf.
    def log_det(cov, l):
        with np.errstate(all="ignore"):
            det = float(np.linalg.det(cov))
            return math.log(det) if 0 < det < math.inf else (math.inf if det == math.inf else -math.inf)
    lg.log_det = log_det
    _n_dimensional_posterior_evidence(lg)


def predictive_missing_noise(lg):
    lg.predictive_variance = lambda xs, sigma_n, s2: np.einsum("ij,jk,ik->i", xs, sigma_n, xs)


def hyperparameter_swap(lg):
    clean = lg.type_ii
    lg.type_ii = lambda a, y, alpha, beta: clean(a, y, beta, alpha)


def evidence_woodbury_quadratic(lg):
    # ln|C| = n ln σ² + ln|Σ0| + ln|Λ_N| (determinant lemma), rᵀC⁻¹r = rᵀr/σ² − bᵀΣ_N b, r = y − Aμ0, b = Aᵀr/σ².
    def posterior_log_evidence(a, y, mu0, sigma0, sigma2, lambda0, lambda_n, mu_n):
        n = a.shape[0]
        r = y - a @ mu0
        b = a.T @ r / sigma2
        sigma_n = np.linalg.inv(lambda_n)
        logdet = (n * lg.log(sigma2) + lg.log_det(sigma0, np.linalg.cholesky(sigma0))
                  + lg.log_det(lambda_n, np.linalg.cholesky(lambda_n)))
        quad = lg.scalar(r @ r) / sigma2 - lg.scalar(b @ sigma_n @ b)
        return lg.real(-0.5) * (n * lg.log_2pi() + logdet + quad)
    lg.posterior_log_evidence = posterior_log_evidence


def predictive_prior_minus_update(lg):
    # The Gaussian-process form xᵀΣ0x − kᵀC⁻¹k + σ², k = AΣ0x, C = AΣ0Aᵀ + σ²I.
    clean = lg.posterior
    seen = {}

    def posterior(a, y, mu0, sigma0, sigma2):
        seen.update(a=a, sigma0=sigma0, sigma2=sigma2)
        return clean(a, y, mu0, sigma0, sigma2)

    def predictive_variance(xs, sigma_n, s2):
        a, sigma0, sigma2 = seen["a"], seen["sigma0"], seen["sigma2"]
        c = a @ sigma0 @ a.T + sigma2 * np.eye(a.shape[0], dtype=a.dtype)
        k = a @ sigma0 @ xs.T
        return np.einsum("ij,jk,ik->i", xs, sigma0, xs) - np.sum(k * np.linalg.solve(c, k), axis=0) + s2
    lg.posterior = posterior
    lg.predictive_variance = predictive_variance


def prior_validation(lg):
    lg.check_prior = lambda sigma0, sigma2: None


def gamma_cancellation(lg):
    lg.effective_parameters = lambda a, alpha, beta, lam, l: a.shape[1] - alpha * float(np.trace(np.linalg.inv(lam)))


def evidence_n_dimensional(lg):
    # The log evidence from the n-dimensional marginal N(0, AAᵀ/α + I/β) instead of MacKay's form;
    # a Cholesky of that C which breaks down (κ₂(C) beyond the precision) gives a made-up 0. The posterior's
    # evidence likewise from C = AΣ0Aᵀ + σ²I.
    _n_dimensional_posterior_evidence(lg)
    clean = lg.type_ii

    def type_ii(a, y, alpha, beta):
        result = clean(a, y, alpha, beta)
        n = a.shape[0]
        cov = a @ a.T / alpha + np.eye(n, dtype=a.dtype) / beta
        try:
            log_evidence = lg._gaussian_log_density(y, np.zeros(n, dtype=a.dtype), cov)
        except np.linalg.LinAlgError:
            log_evidence = 0.0
        result["log-evidence"] = lg.real_out(log_evidence)
        return result
    lg.type_ii = type_ii


def standard_errors_normal_inverse(lg):
    lg.coefficient_variances = lambda a, rss, n, p: (rss / (n - p)) * np.diag(np.linalg.inv(a.T @ a))
