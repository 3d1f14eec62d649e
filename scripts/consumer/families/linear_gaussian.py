"""An independent float64 implementation of the linear Gaussian family, written from the
conventions in Fixtures/linear-gaussian/*.json (Proofs/04-linear-gaussian.md): NumPy's SVD-based
lstsq on the column-equilibrated design for maximum likelihood, Cholesky for the Bayesian evidence.

Mutants (LATENT_ORACLE_MUTANT) reproduce one bug class each, to prove the fixtures catch it.
"""
import math

import numpy as np
from scipy.linalg import cho_factor, cho_solve, qr, solve_triangular

from fixture_io import ConsumerError, mutant, real_out, reals_out

MUTANTS = {
    "sigma2-ddof", "r2-centring", "sigma-vs-variance", "score-sign", "loglik-missing-half",
    "normal-equations-inverse", "normal-equations-cholesky", "singular-value-cutoff", "unscaled-svd",
    "nist-model-terms", "intercept-assumed", "rank-unchecked", "input-validation", "one-pass-sums",
    "prior-covariance-vs-precision", "prior-mean-ignored", "noise-std-vs-variance", "evidence-missing-logdet",
    "predictive-missing-noise", "hyperparameter-swap", "prior-validation", "gamma-cancellation",
    "evidence-n-dimensional", "semi-normal-equations", "standard-errors-normal-inverse", "log-det-via-det",
}

LOG_2PI = math.log(2 * math.pi)


def _validate(a, y):
    """Refuse what the fixture says must be refused (unless a mutant skips the check)."""
    a = np.atleast_2d(np.asarray(a, dtype=np.float64))
    y = np.asarray(y, dtype=np.float64)
    if mutant() != "input-validation":
        if y.shape[0] != a.shape[0]:
            raise ConsumerError("shape-mismatch")
        if not (np.all(np.isfinite(a)) and np.all(np.isfinite(y))):
            raise ConsumerError("non-finite-input")
    n, p = a.shape
    if mutant() != "rank-unchecked":
        if n < p:
            raise ConsumerError("too-few-observations")
        # Numerical rank of the column-equilibrated design: the raw design's singular values span the
        # column scales (1, x ≈ 1e8), which a relative rank threshold would read as rank deficiency.
        norms = np.linalg.norm(a, axis=0)
        if np.any(norms == 0) or np.linalg.matrix_rank(a / np.where(norms == 0, 1, norms)) < p:
            raise ConsumerError("rank-deficient")
    return a, y


def _solve(a, y):
    if mutant() == "normal-equations-inverse":
        return np.linalg.inv(a.T @ a) @ (a.T @ y)
    if mutant() == "normal-equations-cholesky":
        return cho_solve(cho_factor(a.T @ a), a.T @ y)
    if mutant() == "unscaled-svd":
        return np.linalg.lstsq(a, y, rcond=None)[0]
    if mutant() == "semi-normal-equations":
        # R from QR used as the Cholesky factor of AᵀA: RᵀRθ = Aᵀy, Q discarded.
        r = qr(a, mode="r")[0][: a.shape[1]]
        return solve_triangular(r, solve_triangular(r.T, a.T @ y, lower=True))
    if mutant() == "singular-value-cutoff":
        return np.linalg.lstsq(a, y, rcond=1e-6)[0]
    if mutant() == "one-pass-sums" and a.shape[1] == 2 and np.all(a[:, 0] == 1.0):
        # The textbook straight line from uncentred sums: Σx² and n·x̄² cancel for offset data.
        x, n = a[:, 1], a.shape[0]
        slope = (np.sum(x * y) - n * x.mean() * y.mean()) / (np.sum(x * x) - n * x.mean() ** 2)
        return np.array([y.mean() - slope * x.mean(), slope])
    # Equilibrate the columns first: the tolerances (LG-14) assume a columnwise backward-stable solver,
    # and an SVD solver is only normwise stable for the matrix it is given, so its error grows with κ of
    # the design as given, and NIST's Pontius has columns 1, x ~ 1e6, x² ~ 1e12.
    d = 1.0 / np.linalg.norm(a, axis=0)
    return d * np.linalg.lstsq(a * d, y, rcond=None)[0]


def _fit(a, y):
    try:
        a, y = _validate(a, y)
    except ConsumerError:
        raise
    try:
        if mutant() == "intercept-assumed" and not _has_intercept(a):
            # The bug: an intercept column is added and its coefficient dropped from the answer.
            return a, y, _solve(np.column_stack([np.ones(a.shape[0]), a]), y)[1:]
        return a, y, _solve(a, y)
    except (ValueError, np.linalg.LinAlgError):
        # Only a mutant that skipped validation gets here: it "accepts" the input with a made-up answer.
        return a, y, np.zeros(a.shape[1])


def _has_intercept(a):
    return any(np.all(a[:, j] == 1.0) for j in range(a.shape[1]))


def _statistics(a, y, theta):
    n, p = a.shape
    r = y - a @ theta
    rss = float(r @ r)
    sigma2_ml, sigma2_unbiased = rss / n, rss / (n - p)
    if mutant() == "sigma2-ddof":
        sigma2_ml, sigma2_unbiased = sigma2_unbiased, sigma2_ml
    # diag((AᵀA)⁻¹) from the SVD of the column-equilibrated AD = U S Vᵀ: (AᵀA)⁻¹ = D V S⁻² Vᵀ D, so the
    # relative error is u·κ(AD), not u·κ(A) (columns of scale 1e-4 … 1e4 make κ(A) ≫ κ(AD)).
    if mutant() == "standard-errors-normal-inverse":
        variances = (rss / (n - p)) * np.diag(np.linalg.inv(a.T @ a))
    else:
        d = np.ones(p) if mutant() == "unscaled-svd" else 1.0 / np.linalg.norm(a, axis=0)
        _, s, vt = np.linalg.svd(a * d, full_matrices=False)
        variances = (rss / (n - p)) * np.sum((vt.T / s) ** 2, axis=1) * d * d
    errors = variances if mutant() == "sigma-vs-variance" else np.sqrt(variances)
    centred = _has_intercept(a) or mutant() == "r2-centring"
    tss = float(np.sum((y - y.mean()) ** 2)) if centred else float(y @ y)
    s2 = rss / n
    loglik = -0.5 * n * (LOG_2PI + math.log(s2) + 1.0)
    if mutant() == "loglik-missing-half":
        loglik *= 2.0
    return {
        "theta": reals_out(theta), "rss": real_out(rss), "sigma2-ml": real_out(sigma2_ml),
        "sigma2-unbiased": real_out(sigma2_unbiased), "standard-errors": reals_out(errors),
        "r-squared": real_out(1.0 - rss / tss), "log-likelihood": real_out(loglik),
    }


def _nist_design(predictors, powers):
    x = np.atleast_2d(predictors)
    powers = np.asarray(powers, dtype=np.int64).reshape(-1, x.shape[1])
    if mutant() == "nist-model-terms":
        powers = np.minimum(powers, 1)
    columns = [np.prod([x[:, j] ** int(k[j]) for j in range(x.shape[1])], axis=0) for k in powers]
    return np.column_stack(columns)


def _gaussian_log_density(y, mean, cov):
    """ln N(y; mean, cov) by Cholesky: −½(n ln 2π + 2 Σ ln Lᵢᵢ + ‖L⁻¹(y − mean)‖²)."""
    l = np.linalg.cholesky(cov)
    w = np.linalg.solve(l, y - mean)
    logdet = 2.0 * float(np.sum(np.log(np.diag(l))))
    if mutant() == "log-det-via-det":
        # det(C) of the n×n covariance over- or underflows for large n; log then gives ±inf.
        with np.errstate(all="ignore"):
            det = float(np.linalg.det(cov))
            logdet = math.log(det) if 0 < det < math.inf else (math.inf if det == math.inf else -math.inf)
    if mutant() == "evidence-missing-logdet":
        logdet = 0.0
    return -0.5 * (len(y) * LOG_2PI + logdet + float(w @ w))


def _posterior(a, y, mu0, sigma0, sigma2):
    p = a.shape[1]
    if mutant() == "prior-mean-ignored":
        mu0 = np.zeros(p)
    if mutant() == "noise-std-vs-variance":
        sigma2 = math.sqrt(sigma2)
    lambda0 = sigma0 if mutant() == "prior-covariance-vs-precision" else np.linalg.solve(sigma0, np.eye(p))
    lambda_n = lambda0 + a.T @ a / sigma2
    sigma_n = np.linalg.solve(lambda_n, np.eye(p))
    sigma_n = 0.5 * (sigma_n + sigma_n.T)
    mu_n = sigma_n @ (lambda0 @ mu0 + a.T @ y / sigma2)
    cov_y = a @ sigma0 @ a.T + sigma2 * np.eye(a.shape[0])
    return mu_n, sigma_n, _gaussian_log_density(y, a @ mu0, cov_y), sigma2


def _type_ii(a, y, alpha, beta):
    """MacKay's p-dimensional form (LG-12) from the Cholesky factor of Λ_N = αI + βAᵀA = LLᵀ:
    ln p = (p/2) ln α + (n/2) ln β − (β/2)‖y − Aμ‖² − (α/2)‖μ‖² − Σ ln Lᵢᵢ − (n/2) ln 2π, and
    γ = Σᵢ λᵢ/(α + λᵢ) = β‖L⁻¹Aᵀ‖²_F, a sum of squares that never cancels."""
    n, p = a.shape
    lam = alpha * np.eye(p) + beta * (a.T @ a)
    l = np.linalg.cholesky(lam)
    mu = solve_triangular(l.T, solve_triangular(l, beta * (a.T @ y), lower=True), lower=False)
    r = y - a @ mu
    log_evidence = (0.5 * p * math.log(alpha) + 0.5 * n * math.log(beta) - 0.5 * beta * float(r @ r)
                    - 0.5 * alpha * float(mu @ mu) - float(np.sum(np.log(np.diag(l)))) - 0.5 * n * LOG_2PI)
    if mutant() == "gamma-cancellation":
        gamma = p - alpha * float(np.trace(np.linalg.inv(lam)))
    else:
        z = solve_triangular(l, a.T, lower=True)
        gamma = beta * float(np.sum(z * z))
    return {"log-evidence": real_out(log_evidence), "posterior-mean": reals_out(mu), "gamma": real_out(gamma)}


def _validate_prior(sigma0, sigma2):
    if mutant() == "prior-validation":
        return
    if not sigma2 > 0:
        raise ConsumerError("not-positive")
    if not np.array_equal(sigma0, sigma0.T):
        raise ConsumerError("not-positive-definite")
    try:
        np.linalg.cholesky(sigma0)
    except np.linalg.LinAlgError:
        raise ConsumerError("not-positive-definite")


def compute(group, inputs):
    if group in ("exact-small", "bad-input") and "prior-covariance" not in inputs:
        a, y, theta = _fit(inputs["design"], inputs["y"])
        if group == "bad-input":
            return {"theta": reals_out(theta)}
        return _statistics(a, y, theta)
    if group == "score":
        a, y, theta = inputs["design"], inputs["y"], inputs["theta"]
        r = (a @ theta - y) if mutant() == "score-sign" else (y - a @ theta)
        return {"score": reals_out(a.T @ r / inputs["noise-variance"])}
    if group == "ill-conditioned-polynomial":
        a = np.vander(inputs["x"], inputs["degree"] + 1, increasing=True)
        return {"theta": reals_out(_fit(a, inputs["y"])[2])}
    if group == "nist-strd":
        a = _nist_design(inputs["predictors"], inputs["powers"])
        return {"theta": reals_out(_fit(a, inputs["y"])[2])}
    if group in ("posterior", "bad-input"):
        a, y = inputs["design"], inputs["y"]
        sigma0, sigma2 = np.atleast_2d(inputs["prior-covariance"]), inputs["noise-variance"]
        _validate_prior(sigma0, sigma2)
        try:
            mu_n, sigma_n, log_evidence, s2 = _posterior(a, y, inputs["prior-mean"], sigma0, sigma2)
        except (ValueError, np.linalg.LinAlgError, ZeroDivisionError):
            p = a.shape[1]
            mu_n, sigma_n, log_evidence, s2 = np.zeros(p), np.eye(p), 0.0, 1.0
        xs = np.atleast_2d(inputs["x-star"])
        variance = np.einsum("ij,jk,ik->i", xs, sigma_n, xs)
        if mutant() != "predictive-missing-noise":
            variance = variance + s2
        return {
            "posterior-mean": reals_out(mu_n), "posterior-covariance": reals_out(sigma_n),
            "log-evidence": real_out(log_evidence), "predictive-mean": reals_out(xs @ mu_n),
            "predictive-variance": reals_out(variance),
        }
    if group == "evidence-hyperparameters":
        a, y = inputs["design"], inputs["y"]
        alpha, beta = inputs["alpha"], inputs["beta"]
        if mutant() == "hyperparameter-swap":
            alpha, beta = beta, alpha
        if mutant() == "evidence-n-dimensional":
            p = a.shape[1]
            mu_n, sigma_n, log_evidence, _ = _posterior(a, y, np.zeros(p), np.eye(p) / alpha, 1.0 / beta)
            return {"log-evidence": real_out(log_evidence), "posterior-mean": reals_out(mu_n),
                    "gamma": real_out(p - alpha * float(np.trace(sigma_n)))}
        return _type_ii(a, y, alpha, beta)
    raise ValueError("unknown group " + group)
