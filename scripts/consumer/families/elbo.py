"""Independent consumer of Fixtures/elbo/: ln p(x), ELBO(q) and KL(q ‖ p(z|x)) computed with
SciPy (multivariate_normal, logsumexp, adaptive quadrature `quad`) for a Gaussian mixture, the
linear-Gaussian latent model and the logistic latent model.

In a float32 run (run.py --precision float32) every real is float32 and the routes are the
float32 ones below: log-densities by a float32 Cholesky and triangular solve, a float32 logsumexp,
and for the logistic model the trapezoid rule on a float32 grid (step 1/32 over ±12 standard
deviations), with the evidence as a float32 logsumexp of log-integrand values.

Mutants (LATENT_ORACLE_MUTANT) reproduce one bug class each.
"""
import math

import numpy as np
from scipy.integrate import quad
from scipy.special import logsumexp, log_expit
from scipy.stats import multivariate_normal

from scipy.linalg import solve_triangular

from fixture_io import ConsumerError, mutant, precision, real, real_out, reals_out

FLOAT32 = True

MUTANTS = {"kl-direction", "elbo-entropy-omitted", "sigma-vs-variance", "no-max-shift", "zero-times-log-zero"}


def gaussian_kl(m1, s1, m2, s2):
    """KL(N(m1, s1) ‖ N(m2, s2)) through Cholesky factors."""
    k = len(m1)
    l1, l2 = np.linalg.cholesky(s1), np.linalg.cholesky(s2)
    m = np.linalg.solve(l2, l1)
    y = np.linalg.solve(l2, m2 - m1)
    logdet = 2 * (np.sum(np.log(np.diag(l2))) - np.sum(np.log(np.diag(l1))))
    return 0.5 * (np.sum(m * m) - k + y @ y + logdet)


def positive_definite(s):
    try:
        np.linalg.cholesky(s)
    except np.linalg.LinAlgError:
        raise ConsumerError("not-positive-definite", "covariance")


def mixture(inputs):
    x, w, q = inputs["x"], inputs["weights"], np.asarray(inputs["q"])
    if np.any(q < 0) or abs(math.fsum(q) - 1) > 1e-12:
        raise ConsumerError("not-a-probability", "q off the simplex")
    means, covs = inputs["means"], inputs["covariances"]
    ell = np.array([math.log(w[k]) + multivariate_normal(means[k], covs[k]).logpdf(x) for k in range(len(w))])
    if mutant() == "no-max-shift":
        with np.errstate(divide="ignore"):
            log_p = np.log(np.sum(np.exp(ell)))
    else:
        log_p = logsumexp(ell)
    log_post = ell - log_p
    nz = q > 0 if mutant() != "zero-times-log-zero" else np.ones_like(q, dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        elbo = float(np.sum(q[nz] * (ell[nz] - np.log(q[nz]))))
        kl = float(np.sum(q[nz] * (np.log(q[nz]) - log_post[nz])))
    if mutant() == "elbo-entropy-omitted":
        elbo = float(np.sum(q * ell))
    if mutant() == "kl-direction":
        with np.errstate(divide="ignore"):
            kl = float(np.sum(np.exp(log_post) * (log_post - np.log(q))))
    return {"logEvidence": real_out(log_p), "elbo": real_out(elbo), "kl": real_out(kl), "posterior": reals_out(np.exp(log_post))}


def linear_gaussian(inputs):
    x, w, mu, s2 = inputs["x"], inputs["W"], inputs["mu"], inputs["noiseVariance"]
    qm, qs = inputs["qMean"], inputs["qCovariance"]
    if not s2 > 0:
        raise ConsumerError("not-positive", "noise variance")
    positive_definite(qs)
    if mutant() == "sigma-vs-variance":
        s2 = s2 * s2
    d, k = w.shape
    log_p = multivariate_normal(mu, w @ w.T + s2 * np.eye(d)).logpdf(x)
    post_cov = np.linalg.inv(np.eye(k) + w.T @ w / s2)
    post_mean = post_cov @ w.T @ (x - mu) / s2
    r = x - mu - w @ qm
    expected_loglik = -0.5 * (d * math.log(2 * math.pi * s2) + (r @ r + np.trace(w @ qs @ w.T)) / s2)
    expected_logprior = -0.5 * (k * math.log(2 * math.pi) + qm @ qm + np.trace(qs))
    entropy = 0.5 * (k * (1 + math.log(2 * math.pi)) + np.linalg.slogdet(qs)[1])
    elbo = expected_loglik + expected_logprior + (0 if mutant() == "elbo-entropy-omitted" else entropy)
    kl = gaussian_kl(qm, qs, post_mean, post_cov)
    if mutant() == "kl-direction":
        kl = gaussian_kl(post_mean, post_cov, qm, qs)
    return {"logEvidence": real_out(log_p), "elbo": real_out(elbo), "kl": real_out(kl)}


def logistic(inputs):
    n1, n0, m, s2 = inputs["ones"], inputs["zeros"], inputs["qMean"], inputs["qVariance"]
    if not s2 > 0:
        raise ConsumerError("not-positive", "q variance")
    s = s2 if mutant() == "sigma-vs-variance" else math.sqrt(s2)

    def loglik(z):
        return n1 * log_expit(z) + n0 * log_expit(-z)

    def phi(t):
        return math.exp(-0.5 * t * t) / math.sqrt(2 * math.pi)

    opts = dict(epsabs=0, epsrel=1e-13, limit=400)
    evidence, _ = quad(lambda z: phi(z) * math.exp(loglik(z)), -40, 40, **opts)
    expected, _ = quad(lambda t: phi(t) * loglik(m + s * t), -40, 40, **opts)
    kl_prior = 0.5 * (s * s + m * m - 1 - math.log(s * s))
    elbo = expected - kl_prior
    if mutant() == "elbo-entropy-omitted":
        elbo -= 0.5 * math.log(2 * math.pi * math.e * s * s)
    log_p = math.log(evidence)
    return {"logEvidence": real_out(log_p), "elbo": real_out(elbo), "kl": real_out(log_p - elbo)}


def log_density32(x, mean, cov):
    """ln N(x; mean, cov) in float32: −½(d ln 2π + 2 Σ ln Lᵢᵢ + ‖L⁻¹(x − mean)‖²)."""
    try:
        lower = np.linalg.cholesky(cov)
    except np.linalg.LinAlgError:
        raise ConsumerError("not-positive-definite", "covariance")
    y = solve_triangular(lower, x - mean, lower=True)
    return real(-0.5) * (len(x) * np.log(real(2 * math.pi)) + 2 * np.sum(np.log(np.diag(lower))) + y @ y)


def logsumexp32(v):
    top = np.max(v)
    return top + np.log(np.sum(np.exp(v - top)))


def gaussian_kl32(m1, s1, m2, s2):
    k = len(m1)
    l1, l2 = np.linalg.cholesky(s1), np.linalg.cholesky(s2)
    m = solve_triangular(l2, l1, lower=True)
    y = solve_triangular(l2, m2 - m1, lower=True)
    logdet = 2 * (np.sum(np.log(np.diag(l2))) - np.sum(np.log(np.diag(l1))))
    return real(0.5) * (np.sum(m * m) - k + y @ y + logdet)


def mixture32(inputs):
    x, w, q = inputs["x"], inputs["weights"], inputs["q"]
    if np.any(q < 0) or abs(math.fsum(q) - 1) > (len(q) + 2) * 2.0 ** -23:
        raise ConsumerError("not-a-probability", "q off the simplex")
    ell = np.array([np.log(w[k]) + log_density32(x, inputs["means"][k], inputs["covariances"][k])
                    for k in range(len(w))], dtype=np.float32)
    log_p = logsumexp32(ell)
    log_post = ell - log_p
    nz = q > 0
    elbo = np.sum(q[nz] * (ell[nz] - np.log(q[nz])))
    kl = np.sum(q[nz] * (np.log(q[nz]) - log_post[nz]))
    if mutant() == "elbo-entropy-omitted":
        elbo = np.sum(q * ell)
    if mutant() == "kl-direction":
        with np.errstate(divide="ignore"):
            kl = np.sum(np.exp(log_post) * (log_post - np.log(q)))
    return {"logEvidence": real_out(log_p), "elbo": real_out(elbo), "kl": real_out(kl),
            "posterior": reals_out(np.exp(log_post))}


def linear_gaussian32(inputs):
    x, w, mu, s2 = inputs["x"], inputs["W"], inputs["mu"], inputs["noiseVariance"]
    qm, qs = inputs["qMean"], inputs["qCovariance"]
    if not s2 > 0:
        raise ConsumerError("not-positive", "noise variance")
    positive_definite(qs)
    if mutant() == "sigma-vs-variance":
        s2 = s2 * s2
    d, k = w.shape
    eye_d, eye_k = np.eye(d, dtype=np.float32), np.eye(k, dtype=np.float32)
    log_p = log_density32(x, mu, w @ w.T + s2 * eye_d)
    precision_matrix = eye_k + w.T @ w / s2
    post_cov = np.linalg.solve(precision_matrix, eye_k)
    post_cov = real(0.5) * (post_cov + post_cov.T)
    post_mean = post_cov @ (w.T @ (x - mu)) / s2
    r = x - mu - w @ qm
    log2pi = np.log(real(2 * math.pi))
    expected_loglik = real(-0.5) * (d * np.log(real(2 * math.pi) * s2) + (r @ r + np.trace(w @ qs @ w.T)) / s2)
    expected_logprior = real(-0.5) * (k * log2pi + qm @ qm + np.trace(qs))
    entropy = real(0.5) * (k * (1 + log2pi) + 2 * np.sum(np.log(np.diag(np.linalg.cholesky(qs)))))
    elbo = expected_loglik + expected_logprior + (0 if mutant() == "elbo-entropy-omitted" else entropy)
    kl = gaussian_kl32(qm, qs, post_mean, post_cov)
    if mutant() == "kl-direction":
        kl = gaussian_kl32(post_mean, post_cov, qm, qs)
    return {"logEvidence": real_out(log_p), "elbo": real_out(elbo), "kl": real_out(kl)}


def logistic32(inputs):
    n1, n0, m, s2 = inputs["ones"], inputs["zeros"], inputs["qMean"], inputs["qVariance"]
    if not s2 > 0:
        raise ConsumerError("not-positive", "q variance")
    s = s2 if mutant() == "sigma-vs-variance" else np.sqrt(s2)
    h = real(1 / 32)
    t = np.arange(-384, 385, dtype=np.float32) * h  # ±12 standard deviations
    log_phi = real(-0.5) * t * t - real(0.5) * np.log(real(2 * math.pi))

    def loglik(z):
        return n1 * log_expit(z) + n0 * log_expit(-z)

    log_p = logsumexp32(np.log(h) + log_phi + loglik(t))
    expected = h * np.sum(np.exp(log_phi) * loglik(m + s * t))
    kl_prior = real(0.5) * (s * s + m * m - 1 - np.log(s * s))
    elbo = expected - kl_prior
    if mutant() == "elbo-entropy-omitted":
        elbo -= real(0.5) * np.log(real(2 * math.pi * math.e) * s * s)
    return {"logEvidence": real_out(log_p), "elbo": real_out(elbo), "kl": real_out(log_p - elbo)}


def compute(group, inputs):
    if precision() == "float32":
        if "weights" in inputs:
            return mixture32(inputs)
        if "W" in inputs:
            return linear_gaussian32(inputs)
        return logistic32(inputs)
    if "weights" in inputs:
        return mixture(inputs)
    if "W" in inputs:
        return linear_gaussian(inputs)
    return logistic(inputs)
