"""Independent consumer of Fixtures/arithmetic/: decimal strings to float64 by exact rational
arithmetic (fractions.Fraction) and an explicit round-to-nearest-even; exp, log, log1p, expm1 by
NumPy; log-sum-exp, softplus and log-sigmoid by SciPy's max-shifted routes. In a float32 run
(run.py --precision float32) the arguments are rounded to float32 and the same NumPy and SciPy
routines run on float32 (the decimal cases are float64-only and are computed in float64).

The bug classes the fixtures flag are reproduced apart, in scripts/mutants.d/arithmetic.py, by
overriding the small functions below.
"""
import math
from fractions import Fraction

import numpy as np
from scipy.special import log_expit, logsumexp

from fixture_io import ConsumerError, real, real_out, real_type

FLOAT32 = True

MAX_FINITE = Fraction(2**1024 - 2**971)


def rounds_up(twice_rest, denominator, n):
    """Round to nearest, ties to even: whether n + rest/denominator rounds up to n + 1."""
    return twice_rest > denominator or (twice_rest == denominator and n % 2 == 1)


def round_to_bits(a, bits, min_exponent):
    """The positive Fraction a rounded to `bits` significant bits (see rounds_up), with the least
    exponent of the last bit `min_exponent`."""
    e = a.numerator.bit_length() - a.denominator.bit_length()
    if Fraction(2) ** e > a:
        e -= 1
    # now 2^e <= a < 2^(e+1); the last kept bit has weight 2^q
    q = max(e - bits + 1, min_exponent)
    scaled = a / Fraction(2) ** q
    n, rest = divmod(scaled.numerator, scaled.denominator)
    if rounds_up(2 * rest, scaled.denominator, n):
        n += 1
    return Fraction(n) * Fraction(2) ** q


def round_to_double(a):
    """The positive Fraction a rounded once to binary64's precision and exponent range (the
    result may exceed the largest finite double; see overflows)."""
    return round_to_bits(a, 53, -1074)


def overflows(a, r):
    """Whether a, rounded to r, is out of binary64's range: r exceeds the largest finite double."""
    return r > MAX_FINITE


def signed_zero(negative):
    return -0.0 if negative else 0.0


def to_double(text):
    """The decimal string rounded to the nearest double, by exact rational arithmetic."""
    negative = text.startswith("-")
    a = abs(Fraction(text))
    if a == 0:
        return signed_zero(negative)
    r = round_to_double(a)
    if overflows(a, r):
        x = math.inf
    else:
        x = r.numerator / r.denominator if r.denominator == 1 else math.ldexp(r.numerator, -(r.denominator.bit_length() - 1))
    return -x if negative else x


def exp(x):
    return float(np.exp(x))


def ln(x):
    return np.log(x)


def log1p(x):
    return float(np.log1p(x))


def expm1(x):
    return float(np.expm1(x))


def softplus(x):
    """ln(1 + eˣ) by NumPy's logaddexp(0, x)."""
    return np.logaddexp(0.0, x)


def log_sigmoid(x):
    """ln σ(x) = −softplus(−x) by SciPy's log_expit."""
    return log_expit(x)


def log_sum_exp(x):
    """ln Σ exp(xᵢ) by SciPy's max-shifted logsumexp."""
    return float(logsumexp(x))


def refuse_if(condition, message):
    """Refuses an argument outside the function's domain."""
    if condition:
        raise ConsumerError("domain-error", message)


def compute(group, inputs):
    if "decimal" in inputs:
        return {"value": real_out(to_double(inputs["decimal"]))}
    if group == "logsumexp":
        x = np.asarray(inputs["x"], dtype=real_type()).reshape(-1)
        return {"y": real_out(log_sum_exp(x))}
    x = real(inputs["x"])
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        if group == "exp":
            return {"y": real_out(exp(x))}
        if group == "log":
            refuse_if(x <= 0, "ln of %r" % x)
            return {"y": real_out(ln(x))}
        if group == "log1p":
            refuse_if(x <= -1, "ln(1 + x) of %r" % x)
            return {"y": real_out(log1p(x))}
        if group == "expm1":
            return {"y": real_out(expm1(x))}
        if group == "softplus":
            return {"y": real_out(float(softplus(x)))}
        if group == "log-sigmoid":
            return {"y": real_out(float(log_sigmoid(x)))}
    raise KeyError("arithmetic: unknown group " + group)
