"""Mutants of the divergences consumer (scripts/consumer/families/divergences.py): each reproduces
one bug class the fixtures flag, by replacing one or more of the consumer's small functions.

Each public function is the patch of the flag it is named for (hyphens for underscores); run.py
applies it to the consumer module when LATENT_ORACLE_MUTANT names the flag (scripts/mutants runs
every flag this way). Every patch works in both precisions: the consumer's real() and rsum() follow
the run's.
"""
import math

import numpy as np
from scipy.linalg import solve_triangular

from fixture_io import real, rsum

JITTER = 1e-6


def _cholesky_log_det_ratio(t):
    """ln(|Σ2|/|Σ1|) from the Cholesky diagonals."""
    return 2 * (np.sum(np.log(t.b)) - np.sum(np.log(t.a)))


def kl_direction(dv):
    # KL(q ‖ p) for KL(p ‖ q): the arguments swapped.
    clean_arguments, clean_discrete = dv.gaussian_arguments, dv.discrete_kl

    def gaussian_arguments(inputs):
        m1, s1, m2, s2 = clean_arguments(inputs)
        return m2, s2, m1, s1

    def discrete_kl(p, q, bernoulli=None):
        return clean_discrete(q, p, None if bernoulli is None else (bernoulli[1], bernoulli[0]))

    dv.gaussian_arguments, dv.discrete_kl = gaussian_arguments, discrete_kl


def missing_half(dv):
    clean_full, clean_diagonal = dv.cholesky_kl, dv.diagonal_kl_value
    dv.cholesky_kl = lambda t: clean_full(t) * 2
    dv.diagonal_kl_value = lambda t: clean_diagonal(t) * 2


def logdet_sign(dv):
    clean_full, clean_diagonal = dv.cholesky_kl, dv.diagonal_kl_value
    dv.cholesky_kl = lambda t: clean_full(t) - _cholesky_log_det_ratio(t)
    dv.diagonal_kl_value = lambda t: clean_diagonal(t) + rsum(t.log_ratio)


def sigma_vs_variance(dv):
    # The standard deviations read as the variances.
    clean_read = dv.read_variances

    def read_variances(inputs):
        v1, v2 = clean_read(inputs)
        return v1 * v1, v2 * v2
    dv.read_variances = read_variances


def trace_term_transposed(dv):
    # tr(Σ1⁻¹Σ2) for tr(Σ2⁻¹Σ1).
    clean_full, clean_diagonal = dv.cholesky_kl, dv.diagonal_kl_value

    def cholesky_kl(t):
        mt = solve_triangular(t.l1, t.l2, lower=True)
        return clean_full(t) + real(0.5) * (np.sum(mt * mt) - np.sum(t.m * t.m))

    def diagonal_kl_value(t):
        kl = clean_diagonal(t)
        with np.errstate(over="ignore"):
            return kl + real(0.5) * (rsum(t.v2 / t.v1) - rsum(t.ratio))

    dv.cholesky_kl, dv.diagonal_kl_value = cholesky_kl, diagonal_kl_value


def cancellation_near_equal(dv):
    # tr − k + Mahalanobis + ln|Σ2| − ln|Σ1|, each term rounded on its own.
    def cholesky_kl(t):
        trace = np.sum(t.m * t.m)
        return real(0.5) * (trace - t.k + t.maha + 2 * np.sum(np.log(t.b)) - 2 * np.sum(np.log(t.a)))

    def diagonal_kl_value(t):
        with np.errstate(divide="ignore", over="ignore"):
            return real(0.5) * (rsum(t.ratio) - t.k + rsum(t.maha) + rsum(np.log(t.v2)) - rsum(np.log(t.v1)))

    dv.cholesky_kl, dv.diagonal_kl_value = cholesky_kl, diagonal_kl_value


def infinite_support(dv):
    # Terms with qk = 0 dropped instead of making the divergence infinite.
    dv.skips_term = lambda pk, qk: pk == 0 or qk == 0


def zero_times_log_zero(dv):
    # 0 · ln 0 evaluated (NaN) instead of taken as 0.
    dv.skips_term = lambda pk, qk: False


def cross_entropy_minus_entropy(dv):
    def cholesky_kl(t):
        log2pi = np.log(real(2 * math.pi))
        cross = real(0.5) * (t.k * log2pi + 2 * np.sum(np.log(t.b)) + np.sum(t.m * t.m) + t.maha)
        return cross - real(0.5) * (t.k * (1 + log2pi) + 2 * np.sum(np.log(t.a)))

    def diagonal_kl_value(t):
        log2pi = np.log(real(2 * math.pi))
        cross = real(0.5) * (t.k * log2pi + rsum(np.log(t.v2)) + rsum(t.v1 / t.v2) + rsum(t.maha))
        return cross - real(0.5) * (t.k * (1 + log2pi) + rsum(np.log(t.v1)))

    dv.cholesky_kl, dv.diagonal_kl_value = cholesky_kl, diagonal_kl_value


def log_det_via_det(dv):
    # ln|Σ| as ln det Σ: the determinant under- or overflows.
    clean_full, clean_diagonal = dv.cholesky_kl, dv.diagonal_kl_value

    def cholesky_kl(t):
        kl = clean_full(t)
        with np.errstate(all="ignore"):
            return kl + (real(0.5) * (np.log(np.linalg.det(t.s2)) if np.linalg.det(t.s2) > 0 else -np.inf)
                         - real(0.5) * _cholesky_log_det_ratio(t)
                         - real(0.5) * (np.log(np.linalg.det(t.s1)) if np.linalg.det(t.s1) > 0 else -np.inf))

    def diagonal_kl_value(t):
        kl = clean_diagonal(t)
        with np.errstate(all="ignore"):
            return kl + real(0.5) * (rsum(t.log_ratio) + np.log(np.prod(t.v2)) - np.log(np.prod(t.v1)))

    dv.cholesky_kl, dv.diagonal_kl_value = cholesky_kl, diagonal_kl_value


def cholesky_jitter(dv):
    # A "safety" jitter added to both covariances before factorising.
    clean_arguments = dv.gaussian_arguments

    def gaussian_arguments(inputs):
        m1, s1, m2, s2 = clean_arguments(inputs)
        k = len(m1)
        return m1, s1 + JITTER * np.eye(k), m2, s2 + JITTER * np.eye(k)
    dv.gaussian_arguments = gaussian_arguments


def variance_ratio_underflow(dv):
    def diagonal_log_ratio(v1, v2, ratio):
        with np.errstate(divide="ignore"):
            return np.log(ratio)
    dv.diagonal_log_ratio = diagonal_log_ratio


def mahalanobis_overflow(dv):
    def diagonal_mahalanobis(m1, m2, v2):
        with np.errstate(over="ignore", under="ignore"):
            return (m1 - m2) ** 2 / v2
    dv.diagonal_mahalanobis = diagonal_mahalanobis


def clipped_log(dv):
    def log_probabilities(x, complement_of=None):
        with np.errstate(divide="ignore"):
            return np.log(np.clip(x, 1e-12, 1))
    dv.log_probabilities = log_probabilities


def epsilon_in_log(dv):
    def log_probabilities(x, complement_of=None):
        with np.errstate(divide="ignore"):
            return np.log(x + 1e-10)
    dv.log_probabilities = log_probabilities


def ratio_overflow(dv):
    dv.kl_term = lambda pk, qk, lp, lq: pk * np.log(pk / qk)


def log_one_minus_p(dv):
    dv.log_complement = lambda p: np.log(1 - p)


def log_variance_difference(dv):
    dv.diagonal_log_ratio = lambda v1, v2, ratio: np.log(v1) - np.log(v2)


def explicit_inverse(dv):
    def cholesky_kl(t):
        x, d = np.linalg.inv(t.s2), t.m2 - t.m1
        return real(0.5) * (np.trace(x @ t.s1) - t.k + d @ x @ d + _cholesky_log_det_ratio(t))
    dv.cholesky_kl = cholesky_kl


def probability_validation(dv):
    # Nothing checks that p and q are probabilities: a p off the simplex gets a number.
    dv.probability = lambda x: None
    dv.probability_vector = lambda p: None


def softplus_linear_threshold(dv):
    # The Bernoulli KL through logits as torch's kl_divergence(Bernoulli, Bernoulli) forms it, with
    # softplus(x) = x above 20 (torch's default threshold): p(sp(−ℓq) − sp(−ℓp)) + (1 − p)(sp(ℓq) − sp(ℓp)).
    clean = dv.discrete_kl

    def softplus(x):
        return x if x > 20 else float(np.logaddexp(0.0, x))

    def discrete_kl(p, q, bernoulli=None):
        if bernoulli is None or not (0 < bernoulli[0] < 1 and 0 < bernoulli[1] < 1):
            return clean(p, q, bernoulli)
        bp, bq = (float(b) for b in bernoulli)
        lp, lq = np.log(bp) - np.log1p(-bp), np.log(bq) - np.log1p(-bq)
        return bp * (softplus(-lq) - softplus(-lp)) + (1 - bp) * (softplus(lq) - softplus(lp))

    dv.discrete_kl = discrete_kl
