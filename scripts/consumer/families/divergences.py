"""Independent consumer of Fixtures/divergences/: Gaussian KL in float64 through Cholesky factors
(SciPy triangular solves, the Gibbs-grouped sum of non-negative terms), the exact rational parts
with fractions.Fraction (Gaussian elimination), and Bernoulli/categorical KL with NumPy.

In a float32 run (run.py --precision float32) every real is float32: the inputs rounded to float32,
NumPy/SciPy in float32 and float32 sums; the parts are then formed in float32 too,
rationalPart = ½(Σ δᵢ + Σ_{i>j} M²ᵢⱼ + ‖y‖²) (= ½(‖M‖²_F − k + ‖y‖²)) and logArgument = Π (L2ᵢᵢ/L1ᵢᵢ)².

The bug classes the fixtures flag are reproduced apart, in scripts/mutants.d/divergences.py, by
overriding the small functions below.
"""
import math
from fractions import Fraction
from types import SimpleNamespace

import numpy as np
from scipy.linalg import solve_triangular

from fixture_io import ConsumerError, precision, real, real_out, rsum

FLOAT32 = True

# Up to this dimension the float64 run forms rationalPart and logArgument exactly with Fractions
# (an independent check of the oracle's exact split); beyond it Gauss-Jordan over ℚ takes minutes,
# and both parts come from the Cholesky factors in float64 as in a float32 run.
EXACT_PARTS_DIMENSION = 24


def cholesky(s):
    if not np.all(np.isfinite(s)) or not np.allclose(s, s.T, rtol=0, atol=0):
        raise ConsumerError("not-positive-definite", "not symmetric")
    try:
        return np.linalg.cholesky(s)
    except np.linalg.LinAlgError:
        raise ConsumerError("not-positive-definite", "Cholesky failed")


def exact_solve_trace_det(a, b):
    """tr(A⁻¹B) and det(A) over the rationals by Gauss-Jordan elimination (A symmetric positive definite)."""
    n = len(a)
    m = [[Fraction(a[i][j]) for j in range(n)] + [Fraction(b[i][j]) for j in range(n)] for i in range(n)]
    det = Fraction(1)
    for c in range(n):
        pivot = m[c][c]
        if pivot <= 0:
            raise ConsumerError("not-positive-definite", "non-positive pivot")
        det *= pivot
        for r in range(n):
            if r != c and m[r][c] != 0:
                f = m[r][c] / pivot
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return sum(m[i][n + i] / m[i][i] for i in range(n)), det


def exact_parts(m1, s1, m2, s2):
    k = len(m1)
    d = [Fraction(x) - Fraction(y) for x, y in zip(m2, m1)]
    trace, det2 = exact_solve_trace_det(s2, s1)
    maha, _ = exact_solve_trace_det(s2, [[di * dj for dj in d] for di in d])
    _, det1 = exact_solve_trace_det(s1, s1)
    return (trace - k + maha) / 2, det2 / det1


def cholesky_terms(m1, s1, m2, s2):
    """The pieces of KL(N(m1, Σ1) ‖ N(m2, Σ2)) from the Cholesky factors Σ1 = L1L1ᵀ, Σ2 = L2L2ᵀ:
    M = L2⁻¹L1 (off: Σ_{i>j} M²ᵢⱼ), y = L2⁻¹(m2 − m1) (maha = ‖y‖²), the diagonals a of L1 and b of
    L2, ratio = a/b and δ = (a − b)(a + b)/b² = ratio² − 1 without cancellation."""
    l1, l2 = cholesky(s1), cholesky(s2)
    m = solve_triangular(l2, l1, lower=True)
    y = solve_triangular(l2, m2 - m1, lower=True)
    a, b = np.diag(l1), np.diag(l2)
    return SimpleNamespace(k=len(m1), m1=m1, s1=s1, m2=m2, s2=s2, l1=l1, l2=l2, m=m, maha=y @ y,
                           off=np.sum(np.tril(m, -1) ** 2), a=a, b=b, delta=(a - b) * (a + b) / (b * b), ratio=a / b)


def cholesky_kl(t):
    """½(Σᵢ gapᵢ + off + maha), every term non-negative: gapᵢ = ratio² − 1 − 2 ln ratio, as
    δ − log1p δ near δ = 0 (no cancellation) and r − 1 − 2 ln(a/b) elsewhere (δ may round to −1)."""
    small = np.abs(t.delta) <= 0.5
    gaps = np.where(small, t.delta - np.log1p(np.where(small, t.delta, 0)), t.ratio * t.ratio - 1 - 2 * np.log(t.ratio))
    return real(0.5) * (np.sum(gaps) + t.off + t.maha)


def gaussian_kl(m1, s1, m2, s2):
    t = cholesky_terms(m1, s1, m2, s2)
    kl = cholesky_kl(t)
    if precision() == "float32" or t.k > EXACT_PARTS_DIMENSION:
        # tr(MᵀM) − k = Σ δᵢ + Σ_{i>j} M²ᵢⱼ: M's diagonal is L1ᵢᵢ/L2ᵢᵢ, so δ (from the Cholesky
        # diagonals) replaces the rounded Mᵢᵢ² − 1, which a solve by reciprocals leaves off by u.
        return kl, real(0.5) * (np.sum(t.delta) + t.off + t.maha), np.prod((t.b / t.a) ** 2)
    return kl, None, None


def diagonal_log_ratio(v1, v2, ratio):
    """ln(v1/v2): ln of the ratio (one rounding of a value near 1 costs only u·|ln r|) while the ratio
    is a normal number; ln v1 − ln v2 (absolute error u·|ln v|) only where the ratio under- or overflows."""
    in_range = np.isfinite(ratio) & (ratio >= np.finfo(ratio.dtype).tiny)
    with np.errstate(divide="ignore"):
        return np.where(in_range, np.log(np.where(in_range, ratio, 1.0)), np.log(v1) - np.log(v2))


def diagonal_mahalanobis(m1, m2, v2):
    """((μ1 − μ2)/σ2)² per coordinate: the difference scaled before it is squared (no overflow)."""
    with np.errstate(over="ignore", under="ignore"):
        return ((m1 - m2) / np.sqrt(v2)) ** 2


def diagonal_terms(m1, v1, m2, v2):
    """The pieces of the diagonal KL: δ = (v1 − v2)/v2 (v1 − v2 exact when near, by Sterbenz),
    ratio = v1/v2, its logarithm and the Mahalanobis terms."""
    with np.errstate(under="ignore", over="ignore"):
        delta = (v1 - v2) / v2
        ratio = v1 / v2
    return SimpleNamespace(k=len(m1), m1=m1, v1=v1, m2=m2, v2=v2, delta=delta, ratio=ratio,
                           log_ratio=diagonal_log_ratio(v1, v2, ratio), maha=diagonal_mahalanobis(m1, m2, v2))


def diagonal_kl_value(t):
    """½(Σ gaps + Σ maha), per coordinate δ − log1p δ near δ = 0, r − 1 − ln r elsewhere: all terms
    non-negative."""
    small = np.abs(t.delta) <= 0.5
    gaps = np.where(small, t.delta - np.log1p(np.where(small, t.delta, 0)), t.ratio - 1 - t.log_ratio)
    return real(0.5) * (rsum(gaps) + rsum(t.maha))


def diagonal_kl(m1, v1, m2, v2):
    """KL of diagonal Gaussians from the variances themselves (diagonal_terms, diagonal_kl_value)."""
    t = diagonal_terms(m1, v1, m2, v2)
    kl = diagonal_kl_value(t)
    if precision() == "float32":
        with np.errstate(over="ignore", under="ignore"):
            return kl, real(0.5) * (rsum(t.ratio) - t.k + rsum(t.maha)), np.prod(v2 / v1)
    return kl, None, None


def read_variances(inputs):
    return np.asarray(inputs["variance1"]), np.asarray(inputs["variance2"])


def gaussian_arguments(inputs):
    """(m1, Σ1, m2, Σ2) of KL(N(m1, Σ1) ‖ N(m2, Σ2)), refusing non-positive variances and shapes that differ."""
    m1, m2 = np.asarray(inputs["mean1"]), np.asarray(inputs["mean2"])
    if "variance1" in inputs:
        v1, v2 = read_variances(inputs)
        if np.any(v1 <= 0) or np.any(v2 <= 0):
            raise ConsumerError("not-positive-definite", "variance <= 0")
        s1, s2 = np.diag(v1), np.diag(v2)
    else:
        s1, s2 = np.asarray(inputs["covariance1"]), np.asarray(inputs["covariance2"])
    k = len(m1)
    if len(m2) != k or s1.shape != (k, k) or s2.shape != (k, k):
        raise ConsumerError("shape-mismatch", "dimensions differ")
    return m1, s1, m2, s2


def compute_gaussian(inputs):
    m1, s1, m2, s2 = gaussian_arguments(inputs)
    if "variance1" in inputs:
        kl, rational, argument = diagonal_kl(m1, np.diag(s1).copy(), m2, np.diag(s2).copy())
    else:
        kl, rational, argument = gaussian_kl(m1, s1, m2, s2)
    if rational is not None:
        return {"kl": real_out(kl), "rationalPart": real_out(rational), "logArgument": real_out(argument)}
    try:
        rational, argument = exact_parts(m1.tolist(), s1.tolist(), m2.tolist(), s2.tolist())
        rational, argument = float(rational), float(argument)
    except (OverflowError, ValueError, ZeroDivisionError):  # non-finite inputs have no exact parts
        rational, argument = math.nan, math.nan
    return {"kl": real_out(kl), "rationalPart": real_out(float(rational)), "logArgument": real_out(float(argument))}


def probability(x):
    """A Bernoulli probability must lie in [0, 1]."""
    if not 0 <= x <= 1:
        raise ConsumerError("not-a-probability", "outside [0, 1]")


def probability_vector(p):
    # float64: |Σ p − 1| ≤ 1e-12; float32: (K + 2)·2⁻²³ (K entries rounded to float32 and summed).
    limit = (len(p) + 2) * 2.0 ** -23 if precision() == "float32" else 1e-12
    if np.any(p < 0) or np.any(p > 1) or abs(math.fsum(p) - 1) > limit:
        raise ConsumerError("not-a-probability", "not on the simplex")


def log_complement(p):
    """ln(1 − p) = log1p(−p), exact where the rounded 1 − p is not."""
    return np.log1p(-p)


def log_probabilities(x, complement_of=None):
    """ln of each entry; `complement_of` (a Bernoulli probability x₁) makes the first entry
    ln(1 − x₁) by log_complement."""
    with np.errstate(divide="ignore"):
        logs = np.log(x)
        if complement_of is not None:
            logs[0] = log_complement(complement_of)
    return logs


def skips_term(pk, qk):
    """A term with pk = 0 contributes 0 · ln(0/qk) = 0."""
    return pk == 0


def kl_term(pk, qk, lp, lq):
    """pk (ln pk − ln qk), from the logarithms (pk/qk itself may overflow)."""
    return pk * (lp - lq)


def discrete_kl(p, q, bernoulli=None):
    log_p = log_probabilities(p, None if bernoulli is None else bernoulli[0])
    log_q = log_probabilities(q, None if bernoulli is None else bernoulli[1])
    total = []
    for pk, qk, lp, lq in zip(p, q, log_p, log_q):
        if skips_term(pk, qk):
            continue
        if qk == 0 and pk > 0:  # p puts mass where q has none
            return math.inf
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            total.append(kl_term(pk, qk, lp, lq))
    return rsum(total) if not any(math.isnan(t) or math.isinf(t) for t in total) else math.nan


def compute_discrete(group, inputs):
    p, q = inputs["p"], inputs["q"]
    bernoulli = None
    if np.ndim(p) == 0:
        probability(p)
        probability(q)
        bernoulli = (p, q)
        p, q = np.array([1 - p, p]), np.array([1 - q, q])
    p, q = np.asarray(p, dtype=type(real(0))), np.asarray(q, dtype=type(real(0)))
    if len(p) != len(q):
        raise ConsumerError("shape-mismatch", "lengths differ")
    probability_vector(p)
    probability_vector(q)
    return {"kl": real_out(discrete_kl(p, q, bernoulli))}


def compute(group, inputs):
    if "mean1" in inputs:
        return compute_gaussian(inputs)
    return compute_discrete(group, inputs)
