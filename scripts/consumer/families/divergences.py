"""Independent consumer of Fixtures/divergences/: Gaussian KL in float64 through Cholesky factors
(SciPy triangular solves, the Gibbs-grouped sum of non-negative terms), the exact rational parts
with fractions.Fraction (Gaussian elimination), and Bernoulli/categorical KL with NumPy.

In a float32 run (run.py --precision float32) every real is float32: the inputs rounded to float32,
NumPy/SciPy in float32 and float32 sums; the parts are then formed in float32 too,
rationalPart = ½(Σ δᵢ + Σ_{i>j} M²ᵢⱼ + ‖y‖²) (= ½(‖M‖²_F − k + ‖y‖²)) and logArgument = Π (L2ᵢᵢ/L1ᵢᵢ)².

Mutants (LATENT_ORACLE_MUTANT) reproduce one bug class each.
"""
import math
from fractions import Fraction

import numpy as np
from scipy.linalg import solve_triangular

from fixture_io import ConsumerError, mutant, precision, real, real_out, rsum

FLOAT32 = True

MUTANTS = {
    "kl-direction", "missing-half", "logdet-sign", "sigma-vs-variance", "trace-term-transposed",
    "cancellation-near-equal", "infinite-support", "zero-times-log-zero", "cross-entropy-minus-entropy",
    "log-det-via-det", "cholesky-jitter", "variance-ratio-underflow", "mahalanobis-overflow", "clipped-log",
    "epsilon-in-log", "ratio-overflow", "log-one-minus-p", "log-variance-difference", "explicit-inverse",
}

JITTER = 1e-6


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


def gaussian_kl(m1, s1, m2, s2):
    k = len(m1)
    l1, l2 = cholesky(s1), cholesky(s2)
    m = solve_triangular(l2, l1, lower=True)
    y = solve_triangular(l2, m2 - m1, lower=True)
    maha = y @ y
    off = np.sum(np.tril(m, -1) ** 2)
    a, b = np.diag(l1), np.diag(l2)
    delta = (a - b) * (a + b) / (b * b)
    ratio = a / b
    small = np.abs(delta) <= 0.5
    # δ − log1p δ near δ = 0 (no cancellation), r − 1 − 2 ln(a/b) elsewhere (δ may round to −1).
    gaps = np.where(small, delta - np.log1p(np.where(small, delta, 0)), ratio * ratio - 1 - 2 * np.log(ratio))
    kl = real(0.5) * (np.sum(gaps) + off + maha)
    log_a = 2 * (np.sum(np.log(b)) - np.sum(np.log(a)))  # ln(|Σ2|/|Σ1|)
    if mutant() == "cross-entropy-minus-entropy":
        log2pi = np.log(real(2 * math.pi))
        cross = real(0.5) * (k * log2pi + 2 * np.sum(np.log(b)) + np.sum(m * m) + maha)
        kl = cross - real(0.5) * (k * (1 + log2pi) + 2 * np.sum(np.log(a)))
    if mutant() == "log-det-via-det":
        with np.errstate(all="ignore"):
            kl += real(0.5) * (np.log(np.linalg.det(s2)) if np.linalg.det(s2) > 0 else -np.inf) - real(0.5) * log_a \
                - real(0.5) * (np.log(np.linalg.det(s1)) if np.linalg.det(s1) > 0 else -np.inf)
    if mutant() == "cancellation-near-equal":
        trace = np.sum(m * m)
        kl = real(0.5) * (trace - k + maha + 2 * np.sum(np.log(b)) - 2 * np.sum(np.log(a)))
    if mutant() == "explicit-inverse":
        x, d = np.linalg.inv(s2), m2 - m1
        kl = real(0.5) * (np.trace(x @ s1) - k + d @ x @ d + log_a)
    if mutant() == "logdet-sign":
        kl -= log_a
    if mutant() == "trace-term-transposed":
        mt = solve_triangular(l1, l2, lower=True)
        kl += real(0.5) * (np.sum(mt * mt) - np.sum(m * m))
    if mutant() == "missing-half":
        kl *= 2
    if precision() == "float32":
        # tr(MᵀM) − k = Σ δᵢ + Σ_{i>j} M²ᵢⱼ: M's diagonal is L1ᵢᵢ/L2ᵢᵢ, so δ (from the Cholesky
        # diagonals) replaces the rounded Mᵢᵢ² − 1, which a solve by reciprocals leaves off by u.
        return kl, real(0.5) * (np.sum(delta) + off + maha), np.prod((b / a) ** 2)
    return kl, None, None


def diagonal_kl(m1, v1, m2, v2):
    """KL of diagonal Gaussians from the variances themselves: per coordinate
    δ − log1p δ with δ = (v1 − v2)/v2 (v1 − v2 exact when near, by Sterbenz) or r − 1 − (ln v1 − ln v2),
    plus ((μ1 − μ2)/σ2)², all terms non-negative."""
    with np.errstate(under="ignore", over="ignore"):
        delta = (v1 - v2) / v2
        ratio = v1 / v2
    small = np.abs(delta) <= 0.5
    # ln of the ratio (one rounding of a value near 1 costs only u·|ln r|) while the ratio is a
    # normal Double; ln v1 − ln v2 (absolute error u·|ln v|) only where the ratio under- or overflows.
    in_range = np.isfinite(ratio) & (ratio >= np.finfo(ratio.dtype).tiny)
    with np.errstate(divide="ignore"):
        log_ratio = np.where(in_range, np.log(np.where(in_range, ratio, 1.0)), np.log(v1) - np.log(v2))
    if mutant() == "log-variance-difference":
        log_ratio = np.log(v1) - np.log(v2)
    if mutant() == "variance-ratio-underflow":
        with np.errstate(divide="ignore"):
            log_ratio = np.log(ratio)
    gaps = np.where(small, delta - np.log1p(np.where(small, delta, 0)), ratio - 1 - log_ratio)
    with np.errstate(over="ignore", under="ignore"):
        maha = ((m1 - m2) / np.sqrt(v2)) ** 2
        if mutant() == "mahalanobis-overflow":
            maha = (m1 - m2) ** 2 / v2
    kl = real(0.5) * (rsum(gaps) + rsum(maha))
    k = len(m1)
    if mutant() == "cross-entropy-minus-entropy":
        log2pi = np.log(real(2 * math.pi))
        cross = real(0.5) * (k * log2pi + rsum(np.log(v2)) + rsum(v1 / v2) + rsum(maha))
        kl = cross - real(0.5) * (k * (1 + log2pi) + rsum(np.log(v1)))
    if mutant() == "cancellation-near-equal":
        # tr − k + Mahalanobis + ln|Σ2| − ln|Σ1|, each term rounded on its own.
        with np.errstate(divide="ignore", over="ignore"):
            kl = real(0.5) * (rsum(ratio) - k + rsum(maha) + rsum(np.log(v2)) - rsum(np.log(v1)))
    if mutant() == "log-det-via-det":
        with np.errstate(all="ignore"):
            kl += real(0.5) * (rsum(log_ratio) + np.log(np.prod(v2)) - np.log(np.prod(v1)))
    if mutant() == "logdet-sign":
        kl += rsum(log_ratio)
    if mutant() == "trace-term-transposed":
        with np.errstate(over="ignore"):
            kl += real(0.5) * (rsum(v2 / v1) - rsum(ratio))
    if mutant() == "missing-half":
        kl *= 2
    if precision() == "float32":
        with np.errstate(over="ignore", under="ignore"):
            return kl, real(0.5) * (rsum(ratio) - k + rsum(maha)), np.prod(v2 / v1)
    return kl, None, None


def compute_gaussian(inputs):
    m1, m2 = np.asarray(inputs["mean1"]), np.asarray(inputs["mean2"])
    if "variance1" in inputs:
        v1, v2 = np.asarray(inputs["variance1"]), np.asarray(inputs["variance2"])
        if mutant() == "sigma-vs-variance":
            v1, v2 = v1 * v1, v2 * v2
        if np.any(v1 <= 0) or np.any(v2 <= 0):
            raise ConsumerError("not-positive-definite", "variance <= 0")
        s1, s2 = np.diag(v1), np.diag(v2)
    else:
        s1, s2 = np.asarray(inputs["covariance1"]), np.asarray(inputs["covariance2"])
    k = len(m1)
    if len(m2) != k or s1.shape != (k, k) or s2.shape != (k, k):
        raise ConsumerError("shape-mismatch", "dimensions differ")
    if mutant() == "kl-direction":
        m1, s1, m2, s2 = m2, s2, m1, s1
    if mutant() == "cholesky-jitter":
        s1, s2 = s1 + JITTER * np.eye(k), s2 + JITTER * np.eye(k)
    if "variance1" in inputs:
        kl, rational, argument = diagonal_kl(m1, np.diag(s1).copy(), m2, np.diag(s2).copy())
    else:
        kl, rational, argument = gaussian_kl(m1, s1, m2, s2)
    if precision() == "float32":
        return {"kl": real_out(kl), "rationalPart": real_out(rational), "logArgument": real_out(argument)}
    try:
        rational, argument = exact_parts(m1.tolist(), s1.tolist(), m2.tolist(), s2.tolist())
        rational, argument = float(rational), float(argument)
    except (OverflowError, ValueError, ZeroDivisionError):  # a mutant's non-finite or swapped inputs
        rational, argument = math.nan, math.nan
    return {"kl": real_out(kl), "rationalPart": real_out(float(rational)), "logArgument": real_out(float(argument))}


def probability_vector(p):
    # float64: |Σ p − 1| ≤ 1e-12; float32: (K + 2)·2⁻²³ (K entries rounded to float32 and summed).
    limit = (len(p) + 2) * 2.0 ** -23 if precision() == "float32" else 1e-12
    if np.any(p < 0) or np.any(p > 1) or abs(math.fsum(p) - 1) > limit:
        raise ConsumerError("not-a-probability", "not on the simplex")


def log_probabilities(x, complement_of=None):
    """ln of each entry; `complement_of` (a Bernoulli probability x₁) makes the first entry
    ln(1 − x₁) = log1p(−x₁), exact where the rounded Double 1 − x₁ is not."""
    with np.errstate(divide="ignore"):
        logs = np.log(x)
        if complement_of is not None:
            logs[0] = np.log(1 - complement_of) if mutant() == "log-one-minus-p" else np.log1p(-complement_of)
        if mutant() == "clipped-log":
            logs = np.log(np.clip(x, 1e-12, 1))
        if mutant() == "epsilon-in-log":
            logs = np.log(x + 1e-10)
    return logs


def discrete_kl(p, q, bernoulli=None):
    if mutant() == "kl-direction":
        p, q = q, p
        bernoulli = None if bernoulli is None else (bernoulli[1], bernoulli[0])
    log_p = log_probabilities(p, None if bernoulli is None else bernoulli[0])
    log_q = log_probabilities(q, None if bernoulli is None else bernoulli[1])
    total = []
    for pk, qk, lp, lq in zip(p, q, log_p, log_q):
        if pk == 0 and mutant() != "zero-times-log-zero":
            continue
        if qk == 0:
            if mutant() == "infinite-support":
                continue
            if pk > 0:
                return math.inf
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            if mutant() == "ratio-overflow":
                total.append(pk * np.log(pk / qk))
            else:
                total.append(pk * (lp - lq))
    return rsum(total) if not any(math.isnan(t) or math.isinf(t) for t in total) else math.nan


def compute_discrete(group, inputs):
    p, q = inputs["p"], inputs["q"]
    bernoulli = None
    if np.ndim(p) == 0:
        if not (0 <= p <= 1 and 0 <= q <= 1):
            raise ConsumerError("not-a-probability", "outside [0, 1]")
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
