"""Independent consumer of Fixtures/divergences/: Gaussian KL in float64 through Cholesky factors
(SciPy triangular solves, the Gibbs-grouped sum of non-negative terms), the exact rational parts
with fractions.Fraction (Gaussian elimination), and Bernoulli/categorical KL with NumPy.

Mutants (LATENT_ORACLE_MUTANT) reproduce one bug class each.
"""
import math
from fractions import Fraction

import numpy as np
from scipy.linalg import solve_triangular

from fixture_io import ConsumerError, mutant, real_out

MUTANTS = {
    "kl-direction", "missing-half", "logdet-sign", "sigma-vs-variance", "trace-term-transposed",
    "cancellation-near-equal", "infinite-support", "zero-times-log-zero",
}


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
    maha = float(y @ y)
    off = float(np.sum(np.tril(m, -1) ** 2))
    a, b = np.diag(l1), np.diag(l2)
    delta = (a - b) * (a + b) / (b * b)
    ratio = a / b
    small = np.abs(delta) <= 0.5
    # δ − log1p δ near δ = 0 (no cancellation), r − 1 − 2 ln(a/b) elsewhere (δ may round to −1).
    gaps = np.where(small, delta - np.log1p(np.where(small, delta, 0.0)), ratio * ratio - 1 - 2 * np.log(ratio))
    kl = 0.5 * (float(np.sum(gaps)) + off + maha)
    log_a = 2 * float(np.sum(np.log(b)) - np.sum(np.log(a)))  # ln(|Σ2|/|Σ1|)
    if mutant() == "cancellation-near-equal":
        trace = float(np.sum(m * m))
        kl = 0.5 * (trace - k + maha + 2 * float(np.sum(np.log(b))) - 2 * float(np.sum(np.log(a))))
    if mutant() == "logdet-sign":
        kl -= log_a
    if mutant() == "trace-term-transposed":
        mt = solve_triangular(l1, l2, lower=True)
        kl += 0.5 * (float(np.sum(mt * mt)) - float(np.sum(m * m)))
    if mutant() == "missing-half":
        kl *= 2
    return kl


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
    kl = gaussian_kl(m1, s1, m2, s2)
    rational, argument = exact_parts(m1.tolist(), s1.tolist(), m2.tolist(), s2.tolist())
    return {"kl": real_out(kl), "rationalPart": real_out(float(rational)), "logArgument": real_out(float(argument))}


def probability_vector(p):
    if np.any(p < 0) or np.any(p > 1) or abs(math.fsum(p) - 1) > 1e-12:
        raise ConsumerError("not-a-probability", "not on the simplex")


def discrete_kl(p, q):
    if mutant() == "kl-direction":
        p, q = q, p
    total = []
    for pk, qk in zip(p, q):
        if pk == 0 and mutant() != "zero-times-log-zero":
            continue
        if qk == 0:
            if mutant() == "infinite-support":
                continue
            if pk > 0:
                return math.inf
        with np.errstate(divide="ignore", invalid="ignore"):
            total.append(float(pk * (np.log(pk) - np.log(qk))))
    return math.fsum(total) if not any(math.isnan(t) for t in total) else math.nan


def compute_discrete(group, inputs):
    p, q = inputs["p"], inputs["q"]
    if isinstance(p, float):
        if not (0 <= p <= 1 and 0 <= q <= 1):
            raise ConsumerError("not-a-probability", "outside [0, 1]")
        p, q = np.array([1 - p, p]), np.array([1 - q, q])
    p, q = np.asarray(p), np.asarray(q)
    if len(p) != len(q):
        raise ConsumerError("shape-mismatch", "lengths differ")
    probability_vector(p)
    probability_vector(q)
    return {"kl": real_out(discrete_kl(p, q))}


def compute(group, inputs):
    if "mean1" in inputs:
        return compute_gaussian(inputs)
    return compute_discrete(group, inputs)
