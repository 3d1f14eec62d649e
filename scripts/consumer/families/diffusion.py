"""The Gaussian diffusion ELBO, written from the conventions in Fixtures/diffusion/gaussian-elbo.json
(Proofs/12-diffusion-elbo.md) with NumPy only.

Mutants (LATENT_ORACLE_MUTANT) reproduce one bug class each, to prove the fixture catches it.
"""
import math

import numpy as np

from fixture_io import ConsumerError, mutant, real_out, reals_out

MUTANTS = {"sqrt-alpha-bar", "posterior-variance", "kl-direction", "expectation-of-log-vs-log-of-expectation",
           "schedule-validation", "one-minus-alpha-bar-cancellation", "optimal-offset-cancellation"}


def _schedule(betas):
    betas = np.asarray(betas, dtype=np.float64)
    if mutant() != "schedule-validation":
        if betas.size == 0 or np.any(~(betas > 0)) or np.any(~(betas < 1)):
            raise ConsumerError("invalid-schedule")
    with np.errstate(all="ignore"):
        log_bars = np.concatenate([[0.0], np.cumsum(np.log1p(-betas))])
    bars = np.exp(log_bars)
    if mutant() == "one-minus-alpha-bar-cancellation":
        bars = np.concatenate([[1.0], np.cumprod(1 - betas)])
        return betas, bars, 1 - bars
    # 1 - alphaBar_t = -expm1(sum log1p(-beta_s)): full relative accuracy even where alphaBar_t = 1 - 1e-8
    return betas, bars, -np.expm1(log_bars)


def _mean_coefficient(bar):
    return bar if mutant() == "sqrt-alpha-bar" else math.sqrt(bar)


def _posterior(betas, bars, comp, t):
    beta = betas[t - 1]
    c0 = _mean_coefficient(bars[t - 1]) * beta / comp[t]
    ct = math.sqrt(1 - beta) * comp[t - 1] / comp[t]
    var = beta if mutant() == "posterior-variance" else comp[t - 1] * beta / comp[t]
    return c0, ct, var


def _kl(m1, v1, m2, v2):
    """KL(N(m1, v1) || N(m2, v2)); the mutant swaps the arguments."""
    if mutant() == "kl-direction":
        m1, v1, m2, v2 = m2, v2, m1, v1
    return 0.5 * (v1 / v2 + (m1 - m2) ** 2 / v2 - 1 + math.log(v2 / v1))


def forward(x):
    betas, bars, comp = _schedule(x["betas"])
    x0, T = x["x0"], len(betas)
    post = [list(_posterior(betas, bars, comp, t)) for t in range(2, T + 1)]
    return {"alphaBars": reals_out(bars), "marginalMeans": reals_out([_mean_coefficient(bars[t]) * x0 for t in range(1, T + 1)]),
            "marginalVariances": reals_out([comp[t] for t in range(1, T + 1)]), "posterior": reals_out(np.array(post))}


def _terms(betas, bars, comp, x0, prior, slopes, offsets, variances):
    T = len(betas)
    drop_variance = mutant() == "expectation-of-log-vs-log-of-expectation"
    denoising = []
    for t in range(2, T + 1):
        c0, ct, var = _posterior(betas, bars, comp, t)
        mean_xt, var_xt = _mean_coefficient(bars[t]) * x0, comp[t]
        # E over x_t of KL(N(c0 x0 + ct x_t, var) || N(a x_t + b, v)): KL at E[x_t] plus w^2 Var(x_t) / (2 v).
        a, b, v = slopes[t - 1], offsets[t - 1], variances[t - 1]
        w = ct - a
        extra = 0.0 if drop_variance else w * w * var_xt / (2 * v)
        if mutant() == "kl-direction":
            extra = 0.0 if drop_variance else w * w * var_xt / (2 * var)
        denoising.append(_kl(c0 * x0 + ct * mean_xt, var, a * mean_xt + b, v) + extra)
    a, b, v = slopes[0], offsets[0], variances[0]
    m1, v1 = _mean_coefficient(bars[1]) * x0, comp[1]
    r = x0 - a * m1 - b
    recon = -0.5 * math.log(2 * math.pi * v) - (r * r + (0.0 if drop_variance else a * a * v1)) / (2 * v)
    prior_kl = _kl(_mean_coefficient(bars[T]) * x0, comp[T], prior[0], prior[1])
    return recon, denoising, prior_kl


def _log_normal(x, m, v):
    return -0.5 * math.log(2 * math.pi * v) - (x - m) ** 2 / (2 * v)


def elbo_terms(x):
    betas, bars, comp = _schedule(x["betas"])
    x0 = x["x0"]
    slopes, offsets, variances = x["slopes"], x["offsets"], x["variances"]
    prior = (x["priorMean"], x["priorVariance"])
    recon, den, prior_kl = _terms(betas, bars, comp, x0, prior, slopes, offsets, variances)
    m, v = x["priorMean"], x["priorVariance"]
    for t in range(len(betas), 0, -1):
        m, v = slopes[t - 1] * m + offsets[t - 1], slopes[t - 1] ** 2 * v + variances[t - 1]
    return {"reconstruction": real_out(recon), "denoisingKL": reals_out(den), "priorKL": real_out(prior_kl),
            "elbo": real_out(recon - sum(den) - prior_kl), "logEvidence": real_out(_log_normal(x0, m, v))}


def optimal(x):
    betas, bars, comp = _schedule(x["betas"])
    m, v = x["dataMean"], x["dataVariance"]
    steps = []
    for beta in betas:
        alpha = 1 - beta
        k = math.sqrt(alpha) * v / (alpha * v + beta)
        # offset m - k sqrt(alpha) m = m beta / (alpha v + beta): no cancellation when k sqrt(alpha) ~ 1
        if mutant() == "optimal-offset-cancellation":
            offset = m - k * math.sqrt(alpha) * m
        else:
            offset = m * beta / (alpha * v + beta)
        steps.append([k, offset, v * beta / (alpha * v + beta)])
        m, v = math.sqrt(alpha) * m, alpha * v + beta
    steps = np.array(steps)
    recon, den, prior_kl = _terms(betas, bars, comp, x["x0"], (m, v), steps[:, 0], steps[:, 1], steps[:, 2])
    return {"reverseSteps": reals_out(steps), "elbo": real_out(recon - sum(den) - prior_kl),
            "logEvidence": real_out(_log_normal(x["x0"], x["dataMean"], x["dataVariance"]))}


def compute(group_id, inputs):
    try:
        if group_id == "forward":
            return forward(inputs)
        if group_id == "elbo-terms":
            return elbo_terms(inputs)
        return optimal(inputs) if "dataMean" in inputs else forward(inputs)
    except (ValueError, ZeroDivisionError, IndexError):
        if mutant() == "schedule-validation":
            return {"value": "NaN"}   # the unvalidated schedule broke the computation: no refusal
        raise
