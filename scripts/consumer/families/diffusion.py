"""The Gaussian diffusion ELBO, written from the conventions in Fixtures/diffusion/gaussian-elbo.json
(Proofs/12-diffusion-elbo.md) with NumPy only. In a float32 run (run.py --precision float32) every
real is float32: the inputs rounded to float32, NumPy's float32 log1p, expm1, exp, sqrt and log.

The bug classes the fixture flags are reproduced apart, in scripts/mutants.d/diffusion.py, by
overriding the small functions below.
"""
import math

import numpy as np

from fixture_io import ConsumerError, precision, real, real_out, real_type, reals_out

FLOAT32 = True


def sqrt(x):
    """√x of a scalar: math.sqrt in float64, NumPy's float32 sqrt in float32."""
    return np.sqrt(real(x)) if precision() == "float32" else math.sqrt(x)


def log(x):
    """ln x of a scalar: math.log in float64, NumPy's float32 log in float32."""
    return np.log(real(x)) if precision() == "float32" else math.log(x)


def check_schedule(betas):
    """Refuses an empty schedule or a β outside (0, 1)."""
    if betas.size == 0 or np.any(~(betas > 0)) or np.any(~(betas < 1)):
        raise ConsumerError("invalid-schedule")


def alpha_bars(betas):
    """(ᾱ_0 … ᾱ_T, 1 − ᾱ_0 … 1 − ᾱ_T) with ln ᾱ_t = Σ log1p(−β_s) and 1 − ᾱ_t = −expm1(ln ᾱ_t):
    full relative accuracy even where ᾱ_t = 1 − 1e-8."""
    with np.errstate(all="ignore"):
        log_bars = np.concatenate([np.zeros(1, dtype=betas.dtype), np.cumsum(np.log1p(-betas))])
    return np.exp(log_bars), -np.expm1(log_bars)


def _schedule(betas):
    betas = np.asarray(betas, dtype=real_type())
    check_schedule(betas)
    bars, comp = alpha_bars(betas)
    return betas, bars, comp


def mean_coefficient(bar):
    """√ᾱ: the coefficient of x0 in the mean of q(x_t | x0)."""
    return sqrt(bar)


def posterior_variance(betas, comp, t):
    """The variance of q(x_{t−1} | x_t, x0): (1 − ᾱ_{t−1}) β_t / (1 − ᾱ_t)."""
    return comp[t - 1] * betas[t - 1] / comp[t]


def _posterior(betas, bars, comp, t):
    beta = betas[t - 1]
    c0 = mean_coefficient(bars[t - 1]) * beta / comp[t]
    ct = sqrt(1 - beta) * comp[t - 1] / comp[t]
    var = posterior_variance(betas, comp, t)
    return c0, ct, var


def kl(m1, v1, m2, v2):
    """KL(N(m1, v1) || N(m2, v2)) = ½[(r − 1 − ln r) + (m1 − m2)²/v2], r = v1/v2: ln of the same r,
    so where r ≈ 1 (the prior KL at ᾱ_T ≈ 0, v1 = 1 − ᾱ_T ≈ v2 = 1) r − 1 and ln r cancel with
    only ln's own rounding, not a second quotient's."""
    r = v1 / v2
    return 0.5 * ((r - 1 - log(r)) + (m1 - m2) ** 2 / v2)


def forward(x):
    betas, bars, comp = _schedule(x["betas"])
    x0, T = x["x0"], len(betas)
    post = [list(_posterior(betas, bars, comp, t)) for t in range(2, T + 1)]
    return {"alphaBars": reals_out(bars),
            "marginalMeans": reals_out([mean_coefficient(bars[t]) * x0 for t in range(1, T + 1)]),
            "marginalVariances": reals_out([comp[t] for t in range(1, T + 1)]), "posterior": reals_out(np.array(post))}


def _terms(betas, bars, comp, x0, prior, slopes, offsets, variances):
    T = len(betas)
    denoising = []
    for t in range(2, T + 1):
        c0, ct, var = _posterior(betas, bars, comp, t)
        mean_xt, var_xt = mean_coefficient(bars[t]) * x0, comp[t]
        # E over x_t of KL(N(c0 x0 + ct x_t, var) || N(a x_t + b, v)): KL at E[x_t] plus w^2 Var(x_t) / (2 v).
        a, b, v = slopes[t - 1], offsets[t - 1], variances[t - 1]
        w = ct - a
        denoising.append(kl(c0 * x0 + ct * mean_xt, var, a * mean_xt + b, v) + kl_spread(w, var_xt, var, v))
    a, b, v = slopes[0], offsets[0], variances[0]
    m1, v1 = mean_coefficient(bars[1]) * x0, comp[1]
    r = x0 - a * m1 - b
    recon = -0.5 * log(real(2 * math.pi) * v) - (r * r + reconstruction_spread(a, v1)) / (2 * v)
    prior_kl = kl(mean_coefficient(bars[T]) * x0, comp[T], prior[0], prior[1])
    return recon, denoising, prior_kl


def kl_spread(w, var_xt, var, v):
    """What x_t's spread adds to the expected denoising KL: w² Var(x_t) / (2v), w the slope gap."""
    return w * w * var_xt / (2 * v)


def reconstruction_spread(a, v1):
    """What x_1's spread adds to the expected squared reconstruction error: a² Var(x_1)."""
    return a * a * v1


def _log_normal(x, m, v):
    return -0.5 * log(real(2 * math.pi) * v) - (x - m) ** 2 / (2 * v)


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


def optimal_offset(m, v, alpha, beta, k):
    """The optimal reverse-step offset m − k√α m, as m β / (α v + β): no cancellation when k√α ≈ 1."""
    return m * beta / (alpha * v + beta)


def optimal(x):
    betas, bars, comp = _schedule(x["betas"])
    m, v = x["dataMean"], x["dataVariance"]
    steps = []
    for beta in betas:
        alpha = 1 - beta
        k = sqrt(alpha) * v / (alpha * v + beta)
        # offset m - k sqrt(alpha) m = m beta / (alpha v + beta): no cancellation when k sqrt(alpha) ~ 1
        offset = optimal_offset(m, v, alpha, beta, k)
        steps.append([k, offset, v * beta / (alpha * v + beta)])
        m, v = sqrt(alpha) * m, alpha * v + beta
    steps = np.array(steps)
    recon, den, prior_kl = _terms(betas, bars, comp, x["x0"], (m, v), steps[:, 0], steps[:, 1], steps[:, 2])
    return {"reverseSteps": reals_out(steps), "elbo": real_out(recon - sum(den) - prior_kl),
            "logEvidence": real_out(_log_normal(x["x0"], x["dataMean"], x["dataVariance"]))}


def compute(group_id, inputs):
    if group_id == "forward":
        return forward(inputs)
    if group_id == "elbo-terms":
        return elbo_terms(inputs)
    return optimal(inputs) if "dataMean" in inputs else forward(inputs)
