"""Mutants of the diffusion consumer (scripts/consumer/families/diffusion.py): each reproduces one
bug class the fixture flags, by replacing one or more of the consumer's small functions.

Each public function is the patch of the flag it is named for (hyphens for underscores); run.py
applies it to the consumer module when LATENT_ORACLE_MUTANT names the flag (scripts/mutants runs
every flag this way).
"""
import math

import numpy as np


def sqrt_alpha_bar(df):
    df.mean_coefficient = lambda bar: bar


def posterior_variance(df):
    df.posterior_variance = lambda betas, comp, t: betas[t - 1]


def kl_direction(df):
    # KL(p || q) for KL(q || p), in the closed form and in the spread term.
    clean_kl = df.kl
    df.kl = lambda m1, v1, m2, v2: clean_kl(m2, v2, m1, v1)
    df.kl_spread = lambda w, var_xt, var, v: w * w * var_xt / (2 * var)


def expectation_of_log_vs_log_of_expectation(df):
    # The expectation over x_t taken at E[x_t]: the spread terms dropped.
    df.kl_spread = lambda w, var_xt, var, v: 0.0
    df.reconstruction_spread = lambda a, v1: 0.0


def schedule_validation(df):
    # Nothing is refused; a schedule that breaks the computation yields a number, not a refusal.
    df.check_schedule = lambda betas: None
    clean_compute = df.compute

    def compute(group_id, inputs):
        try:
            return clean_compute(group_id, inputs)
        except (ValueError, ZeroDivisionError, IndexError):
            return {"value": "NaN"}
    df.compute = compute


def one_minus_alpha_bar_cancellation(df):
    def alpha_bars(betas):
        bars = np.concatenate([np.ones(1, dtype=betas.dtype), np.cumprod(1 - betas)])
        return bars, 1 - bars
    df.alpha_bars = alpha_bars


def alpha_bar_log_without_log1p(df):
    # ln ᾱ_t as Σ ln(1 − β_s): each 1 − β_s is rounded before the log.
    def alpha_bars(betas):
        with np.errstate(all="ignore"):
            log_bars = np.concatenate([np.zeros(1, dtype=betas.dtype), np.cumsum(np.log(1 - betas))])
        return np.exp(log_bars), -np.expm1(log_bars)
    df.alpha_bars = alpha_bars


def kl_log_of_rounded_ratio(df):
    # The textbook ½(v1/v2 + (m1 − m2)²/v2 − 1 + ln(v2/v1)): ln of a second, separately rounded quotient.
    df.kl = lambda m1, v1, m2, v2: 0.5 * (v1 / v2 + (m1 - m2) ** 2 / v2 - 1 + df.log(v2 / v1))


def optimal_offset_cancellation(df):
    df.optimal_offset = lambda m, v, alpha, beta, k: m - k * df.sqrt(alpha) * m


def kl_from_log_variances(df):
    # DDPM's normal_kl: ½(−1 + lv2 − lv1 + exp(lv1 − lv2) + (m1 − m2)² exp(−lv2)), lv = ln v.
    def kl(m1, v1, m2, v2):
        lv1, lv2 = df.log(v1), df.log(v2)
        return 0.5 * (-1.0 + lv2 - lv1 + np.exp(lv1 - lv2) + (m1 - m2) ** 2 * np.exp(-lv2))
    df.kl = kl
