"""Independent consumer of Fixtures/elbo/: ln p(x), ELBO(q) and KL(q ‖ p(z|x)) computed with
SciPy (multivariate_normal, logsumexp, adaptive quadrature `quad`) for a Gaussian mixture, the
linear-Gaussian latent model and the logistic latent model.

In a float32 run (run.py --precision float32) every real is float32 and the routes are the
float32 ones: log-densities by a float32 Cholesky and triangular solve, a float32 logsumexp,
and for the logistic model the trapezoid rule on a float32 grid (step 1/32 over ±12 standard
deviations), with the evidence as a float32 logsumexp of log-integrand values. The mixture and
linear-Gaussian computations are one implementation for both precisions; the functions marked
"route" below pick the precision's routine. The linear-Gaussian ln p(x) goes through the k × k
matrix σ²I + WᵀW (the determinant lemma), never the d × d marginal covariance.

The bug classes the fixture flags are reproduced apart, in scripts/mutants.d/elbo.py, by
overriding the small functions below.
"""
import math

import numpy as np
from scipy.integrate import quad
from scipy.special import logsumexp, log_expit
from scipy.stats import multivariate_normal

from scipy.linalg import solve_triangular

from fixture_io import ConsumerError, precision, real, real_out, reals_out

FLOAT32 = True


def float32():
    return precision() == "float32"


def positive_definite(s):
    try:
        np.linalg.cholesky(s)
    except np.linalg.LinAlgError:
        raise ConsumerError("not-positive-definite", "covariance")


# ---------------------------------------------------------------- routes (float64 / float32)

def log(x):
    """Route: ln of a scalar, math.log in float64, NumPy's float32 log in float32."""
    return np.log(x) if float32() else math.log(x)


def log_density(x, mean, cov):
    """Route: ln N(x; mean, cov), by SciPy's multivariate_normal in float64; in float32
    −½(d ln 2π + 2 Σ ln Lᵢᵢ + ‖L⁻¹(x − mean)‖²) from a float32 Cholesky factor L."""
    if not float32():
        try:
            return multivariate_normal(mean, cov).logpdf(x)
        except np.linalg.LinAlgError:
            raise ConsumerError("not-positive-definite", "covariance")
    try:
        lower = np.linalg.cholesky(cov)
    except np.linalg.LinAlgError:
        raise ConsumerError("not-positive-definite", "covariance")
    y = solve_triangular(lower, x - mean, lower=True)
    return real(-0.5) * (len(x) * np.log(real(2 * math.pi)) + 2 * np.sum(np.log(np.diag(lower))) + y @ y)


def log_sum_exp(v):
    """Route: ln Σ exp(vᵢ), max-shifted: SciPy's logsumexp in float64, by hand in float32."""
    if not float32():
        return logsumexp(v)
    top = np.max(v)
    return top + np.log(np.sum(np.exp(v - top)))


def lower_solve(lower, b):
    """Route: L⁻¹b for a lower-triangular L: NumPy's solve in float64, a triangular solve in float32."""
    return solve_triangular(lower, b, lower=True) if float32() else np.linalg.solve(lower, b)


def simplex_tolerance(k):
    """|Σ q − 1| allowed of a q on the simplex: 1e-12 in float64; (k + 2)·2⁻²³ in float32 (k entries
    rounded to float32 and summed)."""
    return (k + 2) * 2.0 ** -23 if float32() else 1e-12


def gaussian_kl(m1, s1, m2, s2):
    """KL(N(m1, s1) ‖ N(m2, s2)) through Cholesky factors."""
    k = len(m1)
    l1, l2 = np.linalg.cholesky(s1), np.linalg.cholesky(s2)
    m = lower_solve(l2, l1)
    y = lower_solve(l2, m2 - m1)
    logdet = 2 * (np.sum(np.log(np.diag(l2))) - np.sum(np.log(np.diag(l1))))
    return real(0.5) * (np.sum(m * m) - k + y @ y + logdet)


def posterior(w, s2, x, mu):
    """Route: the exact posterior N(mean, cov) of z given x in the linear-Gaussian model,
    cov = (I + WᵀW/σ²)⁻¹ (NumPy's inverse in float64; a float32 solve, symmetrised, in float32)."""
    k = w.shape[1]
    if not float32():
        post_cov = np.linalg.inv(np.eye(k) + w.T @ w / s2)
        return post_cov @ w.T @ (x - mu) / s2, post_cov
    eye_k = np.eye(k, dtype=np.float32)
    post_cov = np.linalg.solve(eye_k + w.T @ w / s2, eye_k)
    post_cov = real(0.5) * (post_cov + post_cov.T)
    return post_cov @ (w.T @ (x - mu)) / s2, post_cov


def gaussian_entropy(qs):
    """Route: ½(k(1 + ln 2π) + ln|qs|), ln|qs| by slogdet in float64, from a Cholesky factor in float32."""
    k = len(qs)
    if not float32():
        return 0.5 * (k * (1 + math.log(2 * math.pi)) + np.linalg.slogdet(qs)[1])
    return real(0.5) * (k * (1 + np.log(real(2 * math.pi))) + 2 * np.sum(np.log(np.diag(np.linalg.cholesky(qs)))))


# ---------------------------------------------------------------- the three models

def support(q):
    """The components the sums over q run over: q > 0 (a q = 0 term is 0, not 0 · ln 0)."""
    return q > 0


def posterior_kl(q, log_post):
    """KL(q ‖ p(z|x)) = Σ q (ln q − ln p(z|x)) over the support of q."""
    nz = support(q)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.sum(q[nz] * (np.log(q[nz]) - log_post[nz]))


def mixture_elbo(q, ell):
    """ELBO(q) = Σ q (ℓ − ln q) over the support of q, ℓ the log joints ln p(x, z)."""
    nz = support(q)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.sum(q[nz] * (ell[nz] - np.log(q[nz])))


def mixture(inputs):
    x, w, q = inputs["x"], inputs["weights"], np.asarray(inputs["q"])
    if np.any(q < 0) or abs(math.fsum(q) - 1) > simplex_tolerance(len(q)):
        raise ConsumerError("not-a-probability", "q off the simplex")
    means, covs = inputs["means"], inputs["covariances"]
    ell = np.array([log(w[k]) + log_density(x, means[k], covs[k]) for k in range(len(w))], dtype=real(0).dtype)
    log_p = log_sum_exp(ell)
    log_post = ell - log_p
    elbo = mixture_elbo(q, ell)
    kl = posterior_kl(q, log_post)
    return {"logEvidence": real_out(log_p), "elbo": real_out(elbo), "kl": real_out(kl),
            "posterior": reals_out(np.exp(log_post))}


def noise_variance(inputs):
    """The noise variance σ², refusing σ² ≤ 0."""
    s2 = inputs["noiseVariance"]
    if not s2 > 0:
        raise ConsumerError("not-positive", "noise variance")
    return s2


def linear_gaussian(inputs):
    x, w, mu, s2 = inputs["x"], inputs["W"], inputs["mu"], noise_variance(inputs)
    qm, qs = inputs["qMean"], inputs["qCovariance"]
    positive_definite(qs)
    d, k = w.shape
    log_p = linear_log_evidence(x, mu, w, s2)
    post_mean, post_cov = posterior(w, s2, x, mu)
    expected_sq = expected_squared_residual(x, mu, w, qm, qs)
    expected_loglik = real(-0.5) * (d * log(real(2 * math.pi) * s2) + expected_sq / s2)
    expected_logprior = real(-0.5) * (k * log(real(2 * math.pi)) + qm @ qm + np.trace(qs))
    elbo = expected_loglik + expected_logprior + gaussian_entropy(qs)
    kl = q_posterior_kl(qm, qs, post_mean, post_cov)
    return {"logEvidence": real_out(log_p), "elbo": real_out(elbo), "kl": real_out(kl)}


def linear_log_evidence(x, mu, w, s2):
    """ln N(x; μ, WWᵀ + σ²I) through the k × k matrix M = σ²I + WᵀW (never the d × d covariance):
    ln det(WWᵀ + σ²I) = (d − k) ln σ² + ln det M (the determinant lemma, ln det M from a Cholesky
    factor) and (x − μ)ᵀ(WWᵀ + σ²I)⁻¹(x − μ) = ‖r − W m̂‖²/σ² + ‖m̂‖², m̂ = M⁻¹Wᵀr, r = x − μ."""
    d, k = w.shape
    r = x - mu
    lower = np.linalg.cholesky(s2 * np.eye(k, dtype=real(0).dtype) + w.T @ w)
    m_hat = solve_triangular(lower.T, solve_triangular(lower, w.T @ r, lower=True), lower=False)
    fit = r - w @ m_hat
    log_det = (d - k) * log(s2) + 2 * np.sum(np.log(np.diag(lower)))
    return real(-0.5) * (d * log(real(2 * math.pi)) + log_det + fit @ fit / s2 + m_hat @ m_hat)


def expected_squared_residual(x, mu, w, qm, qs):
    """E_q‖x − μ − Wz‖² = ‖x − μ − W m_q‖² + tr(W S_q Wᵀ), the residual formed before squaring."""
    r = x - mu - w @ qm
    return r @ r + np.trace(w @ qs @ w.T)


def q_posterior_kl(qm, qs, post_mean, post_cov):
    """KL(q ‖ p(z|x)) of Gaussians."""
    return gaussian_kl(qm, qs, post_mean, post_cov)


def q_scale(s2):
    """The standard deviation s of q from its variance s²."""
    return np.sqrt(s2) if float32() else math.sqrt(s2)


def logistic_elbo(expected, kl_prior, s):
    """ELBO = E_q[ln p(x|z)] − KL(q ‖ p(z))."""
    return expected - kl_prior


def logistic(inputs):
    """The logistic model by adaptive quadrature (SciPy's quad, relative tolerance 1e-13)."""
    n1, n0, m, s2 = inputs["ones"], inputs["zeros"], inputs["qMean"], inputs["qVariance"]
    if not s2 > 0:
        raise ConsumerError("not-positive", "q variance")
    s = q_scale(s2)

    def loglik(z):
        return n1 * log_expit(z) + n0 * log_expit(-z)

    def phi(t):
        return math.exp(-0.5 * t * t) / math.sqrt(2 * math.pi)

    opts = dict(epsabs=0, epsrel=1e-13, limit=400)
    evidence, _ = quad(lambda z: phi(z) * math.exp(loglik(z)), -40, 40, **opts)
    expected, _ = quad(lambda t: phi(t) * loglik(m + s * t), -40, 40, **opts)
    kl_prior = 0.5 * (s * s + m * m - 1 - math.log(s * s))
    elbo = logistic_elbo(expected, kl_prior, s)
    log_p = math.log(evidence)
    return {"logEvidence": real_out(log_p), "elbo": real_out(elbo), "kl": real_out(log_p - elbo)}


def logistic32(inputs):
    """The logistic model in float32: the trapezoid rule on a float32 grid (a different route from
    the float64 quadrature, not a copy of it)."""
    n1, n0, m, s2 = inputs["ones"], inputs["zeros"], inputs["qMean"], inputs["qVariance"]
    if not s2 > 0:
        raise ConsumerError("not-positive", "q variance")
    s = q_scale(s2)
    h = real(1 / 32)
    t = np.arange(-384, 385, dtype=np.float32) * h  # ±12 standard deviations
    log_phi = real(-0.5) * t * t - real(0.5) * np.log(real(2 * math.pi))

    def loglik(z):
        return n1 * log_expit(z) + n0 * log_expit(-z)

    log_p = log_sum_exp(np.log(h) + log_phi + loglik(t))
    expected = h * np.sum(np.exp(log_phi) * loglik(m + s * t))
    kl_prior = real(0.5) * (s * s + m * m - 1 - np.log(s * s))
    elbo = logistic_elbo(expected, kl_prior, s)
    return {"logEvidence": real_out(log_p), "elbo": real_out(elbo), "kl": real_out(log_p - elbo)}


def compute(group, inputs):
    if "weights" in inputs:
        return mixture(inputs)
    if "W" in inputs:
        return linear_gaussian(inputs)
    return logistic32(inputs) if float32() else logistic(inputs)
