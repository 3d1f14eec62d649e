"""Mutants of the arithmetic consumer (scripts/consumer/families/arithmetic.py): each reproduces one
bug class the fixtures flag, by replacing one or more of the consumer's small functions.

Each public function is the patch of the flag it is named for (hyphens for underscores); run.py
applies it to the consumer module when LATENT_ORACLE_MUTANT names the flag (scripts/mutants runs
every flag this way).
"""
import math
from fractions import Fraction

import numpy as np


def _float_multiplication(text):
    """The naive parser: the digits as an integer rounded to a float m, 10**|e| rounded to a
    float p, then m * p or m / p (a third rounding). Overflowing conversions give inf."""
    mantissa, _, exponent = text.lower().partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).replace("+", "").replace("-", "") or "0"
    e = (int(exponent) if exponent else 0) - len(fraction)

    def to_float(n):
        try:
            return float(n)
        except OverflowError:
            return math.inf

    m, p = to_float(int(digits)), to_float(10 ** abs(e))
    if e >= 0:
        x = m * p if not (m == 0 and math.isinf(p)) else math.nan
    else:
        x = m / p if not (math.isinf(m) and math.isinf(p)) else math.nan
    return -x if text.startswith("-") else x


def decimal_via_float_multiplication(ar):
    ar.to_double = _float_multiplication


def ties_away(ar):
    ar.rounds_up = lambda twice_rest, denominator, n: twice_rest >= denominator


def truncation(ar):
    ar.rounds_up = lambda twice_rest, denominator, n: False


def double_rounding(ar):
    # x87 extended first (64-bit significand), then binary64.
    ar.round_to_double = lambda a: ar.round_to_bits(ar.round_to_bits(a, 64, -16445), 53, -1074)


def subnormal_flush(ar):
    clean_round = ar.round_to_double

    def round_to_double(a):
        r = clean_round(a)
        return Fraction(0) if r < Fraction(2) ** -1022 else r

    def flushed(function):
        def result(x):
            y = function(x)
            return 0.0 * y if 0 < abs(y) < 2.0 ** -1022 else y
        return result

    ar.round_to_double = round_to_double
    ar.exp, ar.log1p, ar.expm1 = flushed(ar.exp), flushed(ar.log1p), flushed(ar.expm1)


def softplus_linear_threshold(ar):
    # torch.nn.functional.softplus's default: x itself above the threshold 20.
    clean = ar.softplus
    ar.softplus = lambda x: x if x > 20 else clean(x)


def overflow_threshold(ar):
    # Overflow decided on the exact value: a just above the largest finite double rounds down to it.
    ar.overflows = lambda a, r: a > ar.MAX_FINITE


def negative_zero(ar):
    ar.signed_zero = lambda negative: 0.0


def exp_via_pow_e(ar):
    ar.exp = lambda x: type(x)(math.e) ** x


def log_base(ar):
    ar.ln = np.log10


def log_domain(ar):
    ar.refuse_if = lambda condition, message: None


def log1p_as_log(ar):
    ar.log1p = lambda x: float(np.log(1 + x))
    ar.softplus = lambda x: float(max(x, 0.0) + np.log(1 + np.exp(-abs(x))))
    ar.log_sigmoid = lambda x: -1.0 * float(max(-x, 0.0) + np.log(1 + np.exp(-abs(-x))))


def expm1_as_exp_minus_one(ar):
    ar.expm1 = lambda x: float(np.exp(x) - 1)


def no_max_shift(ar):
    def log_sum_exp(x):
        with np.errstate(over="ignore", under="ignore", divide="ignore"):
            return float(np.log(np.sum(np.exp(x))))
    ar.log_sum_exp = log_sum_exp


def log_of_exp(ar):
    ar.softplus = lambda x: np.log(1 + np.exp(x))
    ar.log_sigmoid = lambda x: np.log(1 / (1 + np.exp(-x)))
