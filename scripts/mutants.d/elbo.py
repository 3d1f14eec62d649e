"""Mutants of the ELBO consumer (scripts/consumer/families/elbo.py): each reproduces one bug class
the fixture flags, by replacing one or more of the consumer's small functions.

Each public function is the patch of the flag it is named for (hyphens for underscores); run.py
applies it to the consumer module when LATENT_ORACLE_MUTANT names the flag (scripts/mutants runs
every flag this way). Every patch acts
in both precisions.
"""
import math

import numpy as np

from fixture_io import real


def kl_direction(el):
    # KL(p(z|x) ‖ q) for KL(q ‖ p(z|x)).
    def posterior_kl(q, log_post):
        with np.errstate(divide="ignore"):
            return np.sum(np.exp(log_post) * (log_post - np.log(q)))

    clean_kl = el.gaussian_kl
    el.posterior_kl = posterior_kl
    el.q_posterior_kl = lambda qm, qs, post_mean, post_cov: clean_kl(post_mean, post_cov, qm, qs)


def elbo_entropy_omitted(el):
    # E_q[ln p(x, z)] reported as the ELBO: the entropy of q left out.
    clean_logistic = el.logistic_elbo

    def logistic_elbo(expected, kl_prior, s):
        elbo = clean_logistic(expected, kl_prior, s)
        if el.float32():
            return elbo - real(0.5) * np.log(real(2 * math.pi * math.e) * s * s)
        return elbo - 0.5 * math.log(2 * math.pi * math.e * s * s)

    el.mixture_elbo = lambda q, ell: np.sum(q * ell)
    el.gaussian_entropy = lambda qs: 0
    el.logistic_elbo = logistic_elbo


def sigma_vs_variance(el):
    # A given variance (σ² of the noise, s² of q) used as a standard deviation.
    clean_noise = el.noise_variance

    def noise_variance(inputs):
        s2 = clean_noise(inputs)
        return s2 * s2

    el.noise_variance = noise_variance
    el.q_scale = lambda s2: s2


def no_max_shift(el):
    def log_sum_exp(v):
        with np.errstate(divide="ignore"):
            return np.log(np.sum(np.exp(v)))
    el.log_sum_exp = log_sum_exp


def zero_times_log_zero(el):
    el.support = lambda q: np.ones_like(q, dtype=bool)


def kl_from_posterior_probabilities(el):
    # KL(q ‖ p(z|x)) = Σ q ln(q/p) from the posterior probabilities p = exp(ℓ − ln p(x)), as
    # scipy.stats.entropy(q, p) and rel_entr take them: an underflowed pₖ = 0 makes the KL +∞.
    clean = el.posterior_kl

    def posterior_kl(q, log_post):
        with np.errstate(divide="ignore"):
            return clean(q, np.log(np.exp(log_post)))

    el.posterior_kl = posterior_kl


def clipped_posterior_log(el):
    # ln p(z|x) of the posterior probabilities clamped to [ε, 1 − ε] (ε the machine epsilon), as
    # torch's probs_to_logits does: a pₖ below ε counts as ε, and the KL comes out too small.
    clean = el.posterior_kl

    def posterior_kl(q, log_post):
        eps = np.finfo(log_post.dtype).eps
        return clean(q, np.log(np.clip(np.exp(log_post), eps, 1 - eps)))

    el.posterior_kl = posterior_kl


def log_det_via_det(el):
    # ln N(x; μ, C), C = WWᵀ + σ²I, as −½(d ln 2π + ln det C + rᵀ C⁻¹ r) with det C and an explicit
    # inverse: det C under- or overflows once |ln det C| > 709, and ln p(x) is infinite.
    def linear_log_evidence(x, mu, w, s2):
        d = len(x)
        cov = w @ w.T + s2 * np.eye(d, dtype=w.dtype)
        r = x - mu
        with np.errstate(divide="ignore", over="ignore", under="ignore"):
            logdet = np.log(np.linalg.det(cov))
        return real(-0.5) * (d * el.log(real(2 * math.pi)) + logdet + r @ np.linalg.inv(cov) @ r)

    el.linear_log_evidence = linear_log_evidence


def evidence_via_marginal_covariance(el):
    # ln p(x) = ln N(x; μ, WWᵀ + σ²I) by factoring the d × d marginal covariance (SciPy's
    # multivariate_normal.logpdf, a d × d Cholesky): its eigenvalues ‖W‖² and σ² are 1e15 apart when
    # x is large and explained by W, and the small ones are lost.
    def linear_log_evidence(x, mu, w, s2):
        return el.log_density(x, mu, w @ w.T + s2 * np.eye(len(x), dtype=w.dtype))

    el.linear_log_evidence = linear_log_evidence


def entropy_log_det_via_det(el):
    # H(q) = ½(k(1 + ln 2π) + ln det S_q) with det S_q evaluated first: it underflows to 0 for
    # small variances in many latent dimensions, and H(q) is −∞.
    def gaussian_entropy(qs):
        k = len(qs)
        with np.errstate(divide="ignore", under="ignore"):
            logdet = np.log(np.linalg.det(qs))
        return real(0.5) * (k * (1 + el.log(real(2 * math.pi))) + logdet)

    el.gaussian_entropy = gaussian_entropy


def expanded_quadratic(el):
    # E_q‖x − μ − Wz‖² = ‖x − μ‖² − 2(x − μ)ᵀWm + tr(WᵀW(S + mmᵀ)): the terms cancel when x − μ is
    # large and explained by W.
    def expected_squared_residual(x, mu, w, qm, qs):
        r = x - mu
        return r @ r - 2 * (r @ w) @ qm + np.trace(w.T @ w @ (qs + np.outer(qm, qm)))

    el.expected_squared_residual = expected_squared_residual
