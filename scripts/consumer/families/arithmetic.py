"""Independent consumer of Fixtures/arithmetic/: decimal strings to float64 by exact rational
arithmetic (fractions.Fraction) and an explicit round-to-nearest-even; exp, log, log1p, expm1 by
NumPy; log-sum-exp, softplus and log-sigmoid by SciPy's max-shifted routes.

Mutants (LATENT_ORACLE_MUTANT) reproduce one bug class each.
"""
import math
from fractions import Fraction

import numpy as np
from scipy.special import log_expit, logsumexp

from fixture_io import ConsumerError, mutant, real_out

MUTANTS = {
    "decimal-via-float-multiplication", "ties-away", "truncation", "double-rounding", "subnormal-flush",
    "overflow-threshold", "negative-zero", "exp-via-pow-e", "log-base", "log-domain",
    "log1p-as-log", "expm1-as-exp-minus-one", "no-max-shift", "log-of-exp",
}

MAX_FINITE = Fraction(2**1024 - 2**971)


def round_to_bits(a, bits, min_exponent):
    """The positive Fraction a rounded to `bits` significant bits (ties to even, or away from
    zero for the ties-away mutant), with the least exponent of the last bit `min_exponent`."""
    e = a.numerator.bit_length() - a.denominator.bit_length()
    if Fraction(2) ** e > a:
        e -= 1
    # now 2^e <= a < 2^(e+1); the last kept bit has weight 2^q
    q = max(e - bits + 1, min_exponent)
    scaled = a / Fraction(2) ** q
    n, rest = divmod(scaled.numerator, scaled.denominator)
    twice = 2 * rest
    if mutant() == "truncation":
        return Fraction(n) * Fraction(2) ** q
    if twice > scaled.denominator or (twice == scaled.denominator and (n % 2 == 1 or mutant() == "ties-away")):
        n += 1
    return Fraction(n) * Fraction(2) ** q


def to_double(text):
    negative = text.startswith("-")
    a = abs(Fraction(text))
    if mutant() == "decimal-via-float-multiplication":
        return float_multiplication(text)
    if a == 0:
        return -0.0 if negative and mutant() != "negative-zero" else 0.0
    if mutant() == "double-rounding":
        a = round_to_bits(a, 64, -16445)  # x87 extended: 64-bit significand
    if mutant() == "overflow-threshold" and a > MAX_FINITE:
        return -math.inf if negative else math.inf
    r = round_to_bits(a, 53, -1074)
    if mutant() == "subnormal-flush" and r < Fraction(2) ** -1022:
        r = Fraction(0)
    if r > MAX_FINITE:
        x = math.inf
    else:
        x = r.numerator / r.denominator if r.denominator == 1 else math.ldexp(r.numerator, -(r.denominator.bit_length() - 1))
    return -x if negative else x


def float_multiplication(text):
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


def compute(group, inputs):
    if "decimal" in inputs:
        return {"value": real_out(to_double(inputs["decimal"]))}
    if group == "logsumexp":
        x = np.asarray(inputs["x"], dtype=np.float64).reshape(-1)
        with np.errstate(over="ignore", under="ignore", divide="ignore"):
            if mutant() == "no-max-shift":
                return {"y": real_out(float(np.log(np.sum(np.exp(x)))))}
        return {"y": real_out(float(logsumexp(x)))}
    x = float(inputs["x"])
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        if group == "exp":
            if mutant() == "exp-via-pow-e":
                return {"y": real_out(np.float64(math.e) ** np.float64(x))}
            y = float(np.exp(x))
            if mutant() == "subnormal-flush" and 0 < abs(y) < 2.0 ** -1022:
                y = 0.0
            return {"y": real_out(y)}
        if group == "log":
            if x <= 0 and mutant() != "log-domain":
                raise ConsumerError("domain-error", "ln of %r" % x)
            f = np.log10 if mutant() == "log-base" else np.log
            return {"y": real_out(f(x))}
        if group == "log1p":
            if x <= -1 and mutant() != "log-domain":
                raise ConsumerError("domain-error", "ln(1 + x) of %r" % x)
            if mutant() == "log1p-as-log":
                return {"y": real_out(float(np.log(1 + x)))}
            return {"y": real_out(float(np.log1p(x)))}
        if group == "expm1":
            if mutant() == "expm1-as-exp-minus-one":
                return {"y": real_out(float(np.exp(x) - 1))}
            return {"y": real_out(float(np.expm1(x)))}
        if group in ("softplus", "log-sigmoid"):
            sign = 1.0 if group == "softplus" else -1.0
            t = sign * x  # softplus(t); log-sigmoid(x) = -softplus(-x)
            if mutant() == "log-of-exp":
                y = np.log(1 + np.exp(x)) if sign > 0 else np.log(1 / (1 + np.exp(-x)))
                return {"y": real_out(float(y))}
            if mutant() == "log1p-as-log":
                return {"y": real_out(sign * float(max(t, 0.0) + np.log(1 + np.exp(-abs(t)))))}
            y = np.logaddexp(0.0, x) if sign > 0 else log_expit(x)
            return {"y": real_out(float(y))}
    raise KeyError("arithmetic: unknown group " + group)
