"""An independent NumPy/SciPy EM for Gaussian mixtures, written from the conventions in
Fixtures/mixtures/*.json (Proofs/06-gmm-em.md, EM-1 ... EM-10).

In a float32 run (run.py --precision float32) every real is float32: the inputs rounded to
float32, NumPy's float32 Cholesky and SciPy's float32 triangular solve, float32 logs and exps,
NumPy's pairwise float32 sums (rsum) where float64 takes math.fsum, and the weight-sum check at
float32's unit roundoff. A float64 run is unchanged.

The bug classes the fixtures flag are reproduced apart, in scripts/mutants.d/mixtures.py, by
overriding the small functions below.
"""
import math

import numpy as np
from scipy.linalg import solve_triangular

from fixture_io import ConsumerError, precision, real_out, reals_out, rsum

FLOAT32 = True
U = 2.0 ** -53
LOG_2PI = math.log(2 * math.pi)


def unit_roundoff():
    """u of this run's format: 2⁻⁵³, or 2⁻²⁴ in float32."""
    return 2.0 ** -24 if precision() == "float32" else U


def log(x):
    """Route: ln of a scalar, math.log in float64, NumPy's float32 log in float32."""
    return np.log(x) if precision() == "float32" else math.log(x)


class EMFailure(Exception):
    def __init__(self, kind):
        super().__init__(kind)
        self.kind = kind


def cholesky(sigma, failure):
    try:
        return np.linalg.cholesky(sigma)
    except np.linalg.LinAlgError:
        raise EMFailure(failure)


def mahalanobis(X, mu, cov, L):
    """(x_n − μ)ᵀ Σ⁻¹ (x_n − μ) for every row x_n, as ‖L⁻¹(x_n − μ)‖² with Σ = LLᵀ."""
    z = solve_triangular(L, (X - mu).T, lower=True)
    return np.sum(z * z, axis=0)


def log_det(cov, L):
    """ln|Σ| = 2 Σ ln Lᵢᵢ from the Cholesky factor."""
    return 2.0 * np.sum(np.log(np.diag(L)))


def log_joints(X, w, mu, cov, failure):
    """l[n, k] = ln w_k + ln N(x_n; mu_k, cov_k), through the Cholesky factor."""
    n, d = X.shape
    out = np.empty((n, len(w)), dtype=X.dtype)
    for k in range(len(w)):
        L = cholesky(cov[k], failure)
        m = mahalanobis(X, mu[k], cov[k], L)
        logdet = log_det(cov[k], L)
        out[:, k] = log(w[k]) - 0.5 * (d * LOG_2PI + logdet + m)
    return out


def posterior(lj):
    """(r, ln r, L) with ln r kept from the log-sum-exp (accurate near one-hot rows): per row, with
    the largest ℓ* and s = Σ_{k≠*} exp(ℓ_k − ℓ*), ln r_k = ℓ_k − ℓ* − log1p(s) and ln r* = −log1p(s)."""
    top = np.argmax(lj, axis=1)
    rows = np.arange(lj.shape[0])
    m = lj[rows, top]
    shifted = lj - m[:, None]
    e = np.exp(shifted)
    e[rows, top] = 0.0
    s = np.array([rsum(row) for row in e], dtype=lj.dtype)
    lp = log_one_plus(s)
    logr = shifted - lp[:, None]
    logr[rows, top] = -lp
    r = np.exp(logr)
    return r, logr, rsum(m + lp)


def log_one_plus(s):
    """ln(1 + s) = log1p(s), accurate for s below u (where ln(1 + s) would be 0)."""
    return np.log1p(s)


def component_counts(r):
    """N_k = Σ_n r_nk."""
    return r.sum(axis=0)


def component_means(X, r, nk):
    """μ_k = Σ_n r_nk x_n / N_k."""
    return (r.T @ X) / nk[:, None]


def component_covariance(X, rk, mu, nk):
    """Σ_n r_nk (x_n − μ_k)(x_n − μ_k)ᵀ / N_k from the differences to μ_k, symmetrised."""
    diff = X - mu
    scatter = (rk[:, None] * diff).T @ diff
    scatter = (scatter + scatter.T) / 2
    return scatter / nk


def m_step(X, r, ctype, eps):
    n, d = X.shape
    nk = component_counts(r)
    for k, value in enumerate(nk):
        if not value > 0:
            raise EMFailure("vanishing-responsibilities")
    w = nk / nk.sum()
    mu = component_means(X, r, nk)
    cov = []
    for k in range(r.shape[1]):
        s = component_covariance(X, r[:, k], mu[k], nk[k])
        if ctype == "diagonal":
            s = np.diag(np.diag(s))
        elif ctype == "spherical":
            s = np.eye(d) * (np.trace(s) / d)
        cov.append(s + eps * np.eye(d, dtype=X.dtype))
    return w, mu, np.array(cov)


def support(q):
    """The (n, k) the sums over q run over: q > 0 (a q = 0 term is 0, not 0 · ln 0)."""
    return q > 0


def bound(lj, q, logq):
    mask = support(q)
    return rsum((q[mask] * (lj[mask] - logq[mask])).ravel())


def entropy(q, logq, lj=None):
    """H(q) = −Σ q ln q over the support of q (this route needs only ln q, not the log joints lj)."""
    mask = support(q)
    with np.errstate(invalid="ignore"):
        return rsum((-q[mask] * logq[mask]).ravel())


def validate(X, w, cov):
    if not np.all(np.isfinite(X)):
        raise ConsumerError("non-finite-input")
    if len(w) > len({tuple(x) for x in X.tolist()}):
        raise ConsumerError("too-many-components")
    if np.any(w < 0) or abs(math.fsum(w) - 1) > 4 * len(w) * unit_roundoff():
        raise ConsumerError("weights-not-normalised")
    if np.any(w == 0):
        raise ConsumerError("vanishing-responsibilities")
    for k in range(len(w)):
        try:
            np.linalg.cholesky(cov[k])
        except np.linalg.LinAlgError:
            raise ConsumerError("not-positive-definite")


def em_trace(inputs):
    X, w, mu, cov = inputs["data"], inputs["weights"], inputs["means"], inputs["covariances"]
    ctype, eps, T = inputs["covarianceType"], inputs["covarianceRegulariser"], inputs["iterations"]
    validate(X, w, cov)
    lj = log_joints(X, w, mu, cov, "not-positive-definite")
    q, logq, L = posterior(lj)
    Ls, Fs, Hs, W, M, C = [L], [], [entropy(q, logq, lj)], [w], [mu], [cov]
    for _ in range(T):
        w, mu, cov = m_step(X, q, ctype, eps)
        lj = log_joints(X, w, mu, cov, "collapsed-component")
        Fs.append(bound(lj, q, logq))
        q, logq, L = posterior(lj)
        Ls.append(L)
        Hs.append(entropy(q, logq, lj))
        W.append(w)
        M.append(mu)
        C.append(cov)
    return {
        "logLikelihood": reals_out(Ls), "bound": reals_out(Fs), "entropy": reals_out(Hs),
        "weights": reals_out(W), "means": reals_out(M), "covariances": reals_out(C),
    }


def hard_assignment(lj):
    """(q, ln q) of the hard E step: each point wholly in its most probable component."""
    c = np.argmax(lj, axis=1)
    q = np.zeros_like(lj)
    q[np.arange(len(c)), c] = 1.0
    return q, np.zeros_like(lj)


def hard_step(inputs):
    X, w, mu, cov = inputs["data"], inputs["weights"], inputs["means"], inputs["covariances"]
    lj0 = log_joints(X, w, mu, cov, "not-positive-definite")
    _, _, L0 = posterior(lj0)
    q, logq = hard_assignment(lj0)
    w1, mu1, cov1 = m_step(X, q, inputs["covarianceType"], inputs["covarianceRegulariser"])
    lj1 = log_joints(X, w1, mu1, cov1, "collapsed-component")
    _, _, L1 = posterior(lj1)
    return {
        "logLikelihoodBefore": real_out(L0), "boundBefore": real_out(bound(lj0, q, logq)),
        "boundAfter": real_out(bound(lj1, q, logq)), "logLikelihoodAfter": real_out(L1),
        "weights": reals_out(w1), "means": reals_out(mu1), "covariances": reals_out(cov1),
        "assignments": [int(i) for i in np.argmax(q, axis=1)],
    }


def compute(group_id, inputs):
    if group_id == "rational-m-step":
        w, mu, cov = m_step(inputs["data"], inputs["responsibilities"], inputs["covarianceType"], inputs["covarianceRegulariser"])
        return {"weights": reals_out(w), "means": reals_out(mu), "covariances": reals_out(cov)}
    try:
        return hard_step(inputs) if group_id == "hard-assignment" else em_trace(inputs)
    except EMFailure as failure:
        raise ConsumerError(failure.kind)
