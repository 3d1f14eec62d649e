"""An independent implementation of the linear Gaussian family, written from the conventions in
Fixtures/linear-gaussian/*.json (Proofs/04-linear-gaussian.md): NumPy's SVD-based lstsq on the
column-equilibrated design for maximum likelihood, Cholesky for the Bayesian evidence.

In a float32 run (run.py --precision float32) every real is float32: the inputs rounded to float32,
the designs formed in float32, LAPACK's float32 routines (sgelsd, sgesdd, spotrf) and float32 sums;
the float64 run is unchanged. `log`, `log_2pi` and `scalar` below pick the precision.

The bug classes the fixtures flag are reproduced apart, in scripts/mutants.d/linear_gaussian.py, by
overriding the small functions below.
"""
import math

import numpy as np
from scipy.linalg import solve_triangular

from fixture_io import ConsumerError, float32, log, log_2pi, precision, real, real_out, real_type, reals_out, rsum

FLOAT32 = True


def scalar(x):
    """A NumPy scalar result as a real of this run's precision (a Python float in float64)."""
    return real(x) if float32() else float(x)


def check_inputs(a, y):
    """Refuses a design and response of different lengths, or non-finite entries."""
    if y.shape[0] != a.shape[0]:
        raise ConsumerError("shape-mismatch")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(y))):
        raise ConsumerError("non-finite-input")


def check_rank(a):
    """Refuses fewer observations than parameters and a rank-deficient design."""
    n, p = a.shape
    if n < p:
        raise ConsumerError("too-few-observations")
    # Numerical rank of the column-equilibrated design: the raw design's singular values span the
    # column scales (1, x ≈ 1e8), which a relative rank threshold would read as rank deficiency.
    norms = np.linalg.norm(a, axis=0)
    if np.any(norms == 0) or np.linalg.matrix_rank(a / np.where(norms == 0, 1, norms)) < p:
        raise ConsumerError("rank-deficient")


def column_scales(a):
    """D = diag(1/‖a_j‖): the scaling that equilibrates the design's columns."""
    return real(1) / np.linalg.norm(a, axis=0)


def solve(a, y):
    """argmin ‖y − Aθ‖ by NumPy's SVD-based lstsq on the column-equilibrated design AD, θ = D·lstsq(AD, y).
    Equilibrating first: the tolerances (LG-14) assume a columnwise backward-stable solver, and an SVD
    solver is only normwise stable for the matrix it is given, so its error grows with κ of the design
    as given, and NIST's Pontius has columns 1, x ~ 1e6, x² ~ 1e12."""
    d = column_scales(a)
    return d * np.linalg.lstsq(a * d, y, rcond=None)[0]


def fit(a, y):
    a = np.atleast_2d(np.asarray(a, dtype=real_type()))
    y = np.asarray(y, dtype=real_type())
    check_inputs(a, y)
    check_rank(a)
    return a, y, solve(a, y)


def _has_intercept(a):
    return any(np.all(a[:, j] == 1.0) for j in range(a.shape[1]))


def noise_variances(rss, n, p):
    """(σ²_ML, σ²_unbiased) = (RSS/n, RSS/(n − p))."""
    return rss / n, rss / (n - p)


def coefficient_variances(a, rss, n, p):
    """σ²_unbiased · diag((AᵀA)⁻¹), from the SVD of the column-equilibrated AD = U S Vᵀ: (AᵀA)⁻¹ =
    D V S⁻² Vᵀ D, so the relative error is u·κ(AD), not u·κ(A) (columns of scale 1e-4 … 1e4 make
    κ(A) ≫ κ(AD))."""
    d = column_scales(a)
    _, s, vt = np.linalg.svd(a * d, full_matrices=False)
    return (rss / (n - p)) * np.sum((vt.T / s) ** 2, axis=1) * d * d


def standard_errors(variances):
    return np.sqrt(variances)


def centred_r_squared(a):
    """Whether R² measures TSS about the mean: for a model with an intercept column."""
    return _has_intercept(a)


def total_sum_of_squares(y, centred):
    """TSS: Σ(yᵢ − ȳ)² from the centred responses (no cancellation for y offset from 0), or Σyᵢ²."""
    return scalar(np.sum((y - y.mean()) ** 2)) if centred else scalar(y @ y)


def log_likelihood(n, s2):
    """The maximised Gaussian log-likelihood −(n/2)(ln 2π + ln σ²_ML + 1)."""
    return real(-0.5) * n * (log_2pi() + log(s2) + 1)


def _statistics(a, y, theta):
    n, p = a.shape
    r = y - a @ theta
    rss = scalar(r @ r)
    sigma2_ml, sigma2_unbiased = noise_variances(rss, n, p)
    errors = standard_errors(coefficient_variances(a, rss, n, p))
    tss = total_sum_of_squares(y, centred_r_squared(a))
    loglik = log_likelihood(n, rss / n)
    return {
        "theta": reals_out(theta), "rss": real_out(rss), "sigma2-ml": real_out(sigma2_ml),
        "sigma2-unbiased": real_out(sigma2_unbiased), "standard-errors": reals_out(errors),
        "r-squared": real_out(1 - rss / tss), "log-likelihood": real_out(loglik),
    }


def term_powers(powers, k):
    """The model's terms: one row of k predictor powers per column of the design."""
    return np.asarray(powers, dtype=np.int64).reshape(-1, k)


def _nist_design(predictors, powers):
    x = np.atleast_2d(predictors)
    powers = term_powers(powers, x.shape[1])
    columns = [np.prod([x[:, j] ** int(k[j]) for j in range(x.shape[1])], axis=0) for k in powers]
    return np.column_stack(columns)


def log_det(cov, l):
    """ln|C| = 2 Σ ln Lᵢᵢ from the Cholesky factor C = LLᵀ."""
    return 2 * scalar(np.sum(np.log(np.diag(l))))


def _gaussian_log_density(y, mean, cov):
    """ln N(y; mean, cov) by Cholesky: −½(n ln 2π + 2 Σ ln Lᵢᵢ + ‖L⁻¹(y − mean)‖²)."""
    l = np.linalg.cholesky(cov)
    w = np.linalg.solve(l, y - mean)
    logdet = log_det(cov, l)
    return real(-0.5) * (len(y) * log_2pi() + logdet + scalar(w @ w))


def prior_precision(sigma0, p):
    """Λ0 = Σ0⁻¹, by a solve against the p × p identity."""
    return np.linalg.solve(sigma0, np.eye(p, dtype=real_type()))


def posterior(a, y, mu0, sigma0, sigma2):
    """(μ_N, Σ_N, ln p(y), σ²) of the conjugate Bayesian linear model with prior N(mu0, Σ0) and noise σ²."""
    p = a.shape[1]
    lambda0 = prior_precision(sigma0, p)
    lambda_n = lambda0 + a.T @ a / sigma2
    sigma_n = np.linalg.solve(lambda_n, np.eye(p, dtype=real_type()))
    sigma_n = real(0.5) * (sigma_n + sigma_n.T)
    mu_n = sigma_n @ (lambda0 @ mu0 + a.T @ y / sigma2)
    return mu_n, sigma_n, posterior_log_evidence(a, y, mu0, sigma0, sigma2, lambda0, lambda_n, mu_n), sigma2


def posterior_log_evidence(a, y, mu0, sigma0, sigma2, lambda0, lambda_n, mu_n):
    """ln N(y; Aμ0, C), C = AΣ0Aᵀ + σ²I, in the p-dimensional form (LG-10): ln|C| = n ln σ² + ln|Σ0| +
    ln|Λ_N| (determinant lemma, each from a Cholesky factor) and yᵀ…y = ‖y − Aμ_N‖²/σ² + (μ_N − μ0)ᵀΛ0(μ_N −
    μ0), the completed square from the residuals: no n×n C, whose κ₂ = 1 + λ_max(AΣ0Aᵀ)/σ² grows with a vague
    prior and small noise, and no difference of large quadratic forms."""
    n = a.shape[0]
    r = y - a @ mu_n
    d = mu_n - mu0
    logdet = (n * log(sigma2) + log_det(sigma0, np.linalg.cholesky(sigma0))
              + log_det(lambda_n, np.linalg.cholesky(lambda_n)))
    quad = scalar(r @ r) / sigma2 + scalar(d @ lambda0 @ d)
    return real(-0.5) * (n * log_2pi() + logdet + quad)


def effective_parameters(a, alpha, beta, lam, l):
    """γ = β‖L⁻¹Aᵀ‖²_F, a sum of squares that never cancels (Λ_N = LLᵀ)."""
    z = solve_triangular(l, a.T, lower=True)
    return beta * scalar(np.sum(z * z))


def type_ii(a, y, alpha, beta):
    """MacKay's p-dimensional form (LG-12) from the Cholesky factor of Λ_N = αI + βAᵀA = LLᵀ:
    ln p = (p/2) ln α + (n/2) ln β − (β/2)‖y − Aμ‖² − (α/2)‖μ‖² − ½ ln|Λ_N| − (n/2) ln 2π, with
    ln|Λ_N| = 2 Σ ln Lᵢᵢ, and
    γ = Σᵢ λᵢ/(α + λᵢ) = β‖L⁻¹Aᵀ‖²_F, a sum of squares that never cancels."""
    n, p = a.shape
    lam = alpha * np.eye(p, dtype=real_type()) + beta * (a.T @ a)
    l = np.linalg.cholesky(lam)
    mu = solve_triangular(l.T, solve_triangular(l, beta * (a.T @ y), lower=True), lower=False)
    r = y - a @ mu
    half = real(0.5)
    log_evidence = (half * p * log(alpha) + half * n * log(beta) - half * beta * scalar(r @ r)
                    - half * alpha * scalar(mu @ mu) - half * log_det(lam, l) - half * n * log_2pi())
    gamma = effective_parameters(a, alpha, beta, lam, l)
    return {"log-evidence": real_out(log_evidence), "posterior-mean": reals_out(mu), "gamma": real_out(gamma)}


def check_prior(sigma0, sigma2):
    """Refuses a noise variance ≤ 0 and a prior covariance that is not symmetric positive definite."""
    if not sigma2 > 0:
        raise ConsumerError("not-positive")
    if not np.array_equal(sigma0, sigma0.T):
        raise ConsumerError("not-positive-definite")
    try:
        np.linalg.cholesky(sigma0)
    except np.linalg.LinAlgError:
        raise ConsumerError("not-positive-definite")


def score(a, y, theta, noise_variance):
    """∇_θ ln p(y | θ) = Aᵀ(y − Aθ)/σ²."""
    return a.T @ (y - a @ theta) / noise_variance


def predictive_variance(xs, sigma_n, s2):
    """x*ᵀ Σ_N x* + σ² for every row x*."""
    return np.einsum("ij,jk,ik->i", xs, sigma_n, xs) + s2


def compute(group, inputs):
    if group in ("exact-small", "bad-input") and "prior-covariance" not in inputs:
        a, y, theta = fit(inputs["design"], inputs["y"])
        if group == "bad-input":
            return {"theta": reals_out(theta)}
        return _statistics(a, y, theta)
    if group == "score":
        return {"score": reals_out(score(inputs["design"], inputs["y"], inputs["theta"], inputs["noise-variance"]))}
    if group == "ill-conditioned-polynomial":
        a = np.vander(inputs["x"], inputs["degree"] + 1, increasing=True)
        return {"theta": reals_out(fit(a, inputs["y"])[2])}
    if group == "nist-strd":
        a = _nist_design(inputs["predictors"], inputs["powers"])
        return {"theta": reals_out(fit(a, inputs["y"])[2])}
    if group in ("posterior", "bad-input"):
        a, y = inputs["design"], inputs["y"]
        sigma0, sigma2 = np.atleast_2d(inputs["prior-covariance"]), inputs["noise-variance"]
        check_prior(sigma0, sigma2)
        mu_n, sigma_n, log_evidence, s2 = posterior(a, y, inputs["prior-mean"], sigma0, sigma2)
        xs = np.atleast_2d(inputs["x-star"])
        variance = predictive_variance(xs, sigma_n, s2)
        return {
            "posterior-mean": reals_out(mu_n), "posterior-covariance": reals_out(sigma_n),
            "log-evidence": real_out(log_evidence), "predictive-mean": reals_out(xs @ mu_n),
            "predictive-variance": reals_out(variance),
        }
    if group == "evidence-hyperparameters":
        a, y = inputs["design"], inputs["y"]
        return type_ii(a, y, inputs["alpha"], inputs["beta"])
    raise ValueError("unknown group " + group)
