"""Mutants of the VAE consumer (scripts/consumer/families/vae.py): each reproduces one bug class the
fixture flags, by replacing one or more of the consumer's small functions.

Each public function is the patch of the flag it is named for (hyphens for underscores); run.py
applies it to the consumer module when LATENT_ORACLE_MUTANT names the flag (scripts/mutants runs
every flag this way). Under every patch (_after_every_patch) the consumer also reports nothing for
a case whose computation breaks (ValueError, IndexError, LinAlgError), as an implementation that
skipped validation and computed garbage would.
"""
import math

import numpy as np


def kl_term_sign(va):
    # The KL added to the ELBO instead of subtracted, in the value and the gradient.
    clean = va.kl_gradient

    def kl_gradient(mu, sigma):
        d_mu, d_rho = clean(mu, sigma)
        return -1.0 * mu, -1.0 * d_rho

    va.elbo_value = lambda rec, kl: rec + kl
    va.kl_gradient = kl_gradient


def reparam_detached(va):
    # The decoder's gradient does not flow back through z = μ + σ ε.
    clean = va.backward

    def backward(net, acts, g):
        gz, grads = clean(net, acts, g)
        return np.zeros_like(gz), grads
    va.backward = backward


def log_sigma_chain_rule(va):
    va.path_derivative = lambda eps, sigma: eps


def iwae_missing_log_k(va):
    va.iwae_bound = lambda total, k: total


def ppca_covariance(va):
    # The decoder noise variance taken as 1.
    clean = va.ppca_log_marginal
    va.ppca_log_marginal = lambda x, W, b, s2: clean(x, W, b, 1.0)


def adam_bias_correction(va):
    va.bias_corrected = lambda m, v, b1, b2, t: (m, v)


def running_sum_over_data(va):
    # The means over the data points as running sums in the working precision (total += elbo, g += grad).
    def batch_mean(values):
        total = np.zeros_like(np.atleast_1d(np.asarray(values[0], dtype=va.real_type())))
        for v in values:
            total = total + v
        return total / va.real(len(values))
    va.batch_mean = batch_mean


def shape_validation(va):
    # Shapes are not checked; a layer uses as many inputs as it has columns for.
    def forward(net, x):
        acts = [x]
        for W, b, a in net:
            k = min(W.shape[1], acts[-1].size)
            acts.append(va.act(a, W[:, :k] @ acts[-1][:k] + b))
        return acts

    va.check_shapes = lambda enc, dec: None
    va.forward = forward


def non_finite_weights(va):
    va.check_finite = lambda W, b: None


def empty_input(va):
    # An empty input is not refused: IWAE of no samples is 0, training on no data reports nothing.
    clean_iwae, clean_train = va.iwae, va.train

    def iwae(inp, enc, dec, x, epss):
        return 0.0 if len(epss) == 0 else clean_iwae(inp, enc, dec, x, epss)

    def train(inp, enc, dec):
        empty = np.asarray(inp["data"], dtype=np.float64).reshape(-1, 2).shape[0] == 0
        return {} if empty else clean_train(inp, enc, dec)

    va.iwae, va.train = iwae, train


def bernoulli_log_of_sigmoid(va):
    def bernoulli_loglik(x, a):
        p = 1.0 / (1.0 + np.exp(-a))
        return float(np.sum(x * np.log(p) + (1 - x) * np.log(1 - p)))
    va.bernoulli_loglik = bernoulli_loglik


def clipped_log_probabilities(va):
    def bernoulli_loglik(x, a):
        p = np.clip(1.0 / (1.0 + np.exp(-a)), 1e-7, 1 - 1e-7)
        return float(np.sum(x * np.log(p) + (1 - x) * np.log(1 - p)))
    va.bernoulli_loglik = bernoulli_loglik


def softplus_without_log1p(va):
    va.bernoulli_loglik = lambda x, a: float(np.sum(x * a - np.log(1.0 + np.exp(a))))


def bernoulli_logit_cancellation(va):
    va.bernoulli_loglik = lambda x, a: float(np.sum(x * a - (np.maximum(a, 0) + np.log1p(np.exp(-np.abs(a))))))


def sigmoid_complement_cancellation(va):
    va.bernoulli_score = lambda x, a: x - 1.0 / (1.0 + np.exp(-a))


def iwae_no_max_shift(va):
    def log_sum_exp(lw):
        with np.errstate(all="ignore"):
            return float(np.log(np.sum(np.exp(lw))))
    va.log_sum_exp = log_sum_exp


def iwae_shift_by_first(va):
    # ln Σ exp(lw) shifted by the first log weight, not the largest: exp(lw − lw[0]) overflows.
    def log_sum_exp(lw):
        with np.errstate(all="ignore"):
            return float(lw[0] + np.log(np.sum(np.exp(lw - lw[0]))))
    va.log_sum_exp = log_sum_exp


def kl_log_of_variance(va):
    def log_variance(sigma, rho):
        with np.errstate(all="ignore"):
            return np.log(sigma ** 2)
    va.log_variance = log_variance


def iwae_log_q_from_z(va):
    def log_q(eps, rho, z, mu, sigma):
        u = (z - mu) / sigma
        return -0.5 * np.sum(math.log(2 * math.pi) + u * u) - np.sum(rho)
    va.log_q = log_q


def log_of_density(va):
    def gaussian_loglik(x, a, s2):
        r = x - a
        with np.errstate(all="ignore"):
            density = np.prod(np.exp(-r * r / (2 * s2)) / np.sqrt(2 * math.pi * s2))
            return float(np.log(density)), r / s2
    va.gaussian_loglik = gaussian_loglik


def elbo_gap_by_difference(va):
    # The gap as the difference of the two bounds, each rounded at the size of ln p(x).
    va.posterior_kl = lambda x, mu, rho, W, b, s2, logp, expected: logp - expected


def cancellation_near_equal(va):
    # The textbook closed form term by term: tr(Σ_p⁻¹Σ_q) − d + δᵀΣ_p⁻¹δ + ln|Σ_p| − ln|Σ_q|.
    def posterior_kl(x, mu, rho, W, b, s2, logp, expected):
        d = mu.size
        M = W.T @ W + s2 * np.eye(d, dtype=va.real_type())
        delta = mu - np.linalg.solve(M, W.T @ (x - b))
        log_det_p = d * va.log(s2) - np.linalg.slogdet(M)[1]
        return 0.5 * (np.sum(np.diag(M) * np.exp(2 * rho)) / s2 - d + delta @ M @ delta / s2
                      + log_det_p - np.sum(2 * rho))
    va.posterior_kl = posterior_kl


def _after_every_patch(va):
    # A case whose computation breaks is reported with no outputs.
    clean_compute = va.compute

    def compute(group, inp):
        try:
            return clean_compute(group, inp)
        except (ValueError, IndexError, np.linalg.LinAlgError):
            return {}
    va.compute = compute
