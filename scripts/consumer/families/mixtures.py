"""An independent NumPy/SciPy EM for Gaussian mixtures, written from the conventions in
Fixtures/mixtures/*.json (Proofs/06-gmm-em.md, EM-1 ... EM-10).

Mutants (LATENT_ORACLE_MUTANT) reproduce one bug class each, to prove the fixtures catch it.
"""
import math

import numpy as np
from scipy.linalg import solve_triangular

from fixture_io import ConsumerError, mutant, real_out, reals_out

MUTANTS = {
    "unnormalised-responsibilities", "covariance-n-minus-one", "no-logsumexp-shift",
    "label-permutation", "n-instead-of-nk", "regulariser-omitted", "bad-input-accepted",
    "soft-instead-of-hard", "log-responsibility-cancellation", "one-pass-covariance", "nk-epsilon-floor",
    "expanded-mahalanobis", "log-det-via-det", "log-of-rounded-responsibilities", "clipped-log-responsibilities",
    "log-instead-of-log1p", "entropy-by-difference", "unmasked-zero-responsibilities", "explicit-inverse",
}

U = 2.0 ** -53
LOG_2PI = math.log(2 * math.pi)


class EMFailure(Exception):
    def __init__(self, kind):
        super().__init__(kind)
        self.kind = kind


def cholesky(sigma, failure):
    try:
        return np.linalg.cholesky(sigma)
    except np.linalg.LinAlgError:
        raise EMFailure(failure)


def log_joints(X, w, mu, cov, failure):
    """l[n, k] = ln w_k + ln N(x_n; mu_k, cov_k), through the Cholesky factor."""
    n, d = X.shape
    out = np.empty((n, len(w)))
    for k in range(len(w)):
        L = cholesky(cov[k], failure)
        z = solve_triangular(L, (X - mu[k]).T, lower=True)
        m = np.sum(z * z, axis=0)
        logdet = 2.0 * np.sum(np.log(np.diag(L)))
        if mutant() == "expanded-mahalanobis":
            # xᵀPx − 2μᵀPx + μᵀPμ (scikit-learn's diagonal/spherical route): cancels for offset data.
            P = np.linalg.inv(cov[k])
            m = np.einsum("ni,ij,nj->n", X, P, X) - 2 * X @ (P @ mu[k]) + mu[k] @ P @ mu[k]
        if mutant() == "explicit-inverse":
            # (x − μ)ᵀ inv(Σ) (x − μ): on the major axis of an ill-conditioned Σ, entries ≈ 1/λ_min cancel.
            diff = X - mu[k]
            m = np.einsum("ni,ij,nj->n", diff, np.linalg.inv(cov[k]), diff)
        if mutant() == "log-det-via-det":
            with np.errstate(all="ignore"):
                logdet = np.log(np.linalg.det(cov[k]))
        out[:, k] = math.log(w[k]) - 0.5 * (d * LOG_2PI + logdet + m)
    return out


def posterior(lj):
    """(r, ln r, L) with ln r kept from the log-sum-exp (accurate near one-hot rows)."""
    if mutant() == "unnormalised-responsibilities":
        r = np.exp(lj)
        return r, lj, math.fsum(np.log(r.sum(axis=1)))
    if mutant() == "no-logsumexp-shift":
        with np.errstate(all="ignore"):
            p = np.exp(lj)
            total = p.sum(axis=1)
            r = p / total[:, None]
            return r, np.log(r), math.fsum(np.log(total))
    if mutant() == "log-responsibility-cancellation":
        # ln r = l - logsumexp(l) (scikit-learn's route): ln r near 0 rounds to a multiple of u.
        norm = np.array([m + math.log(math.fsum(np.exp(row - m))) for row, m in zip(lj, lj.max(axis=1))])
        logr = lj - norm[:, None]
        return np.exp(logr), logr, math.fsum(norm)
    top = np.argmax(lj, axis=1)
    rows = np.arange(lj.shape[0])
    m = lj[rows, top]
    shifted = lj - m[:, None]
    e = np.exp(shifted)
    e[rows, top] = 0.0
    s = np.array([math.fsum(row) for row in e])
    # ln r* = −log1p(s): ln(1 + s) is 0 for s below u.
    lp = np.log(1 + s) if mutant() == "log-instead-of-log1p" else np.log1p(s)
    logr = shifted - lp[:, None]
    logr[rows, top] = -lp
    r = np.exp(logr)
    with np.errstate(divide="ignore"):
        if mutant() in ("log-of-rounded-responsibilities", "unmasked-zero-responsibilities"):
            # ln of the rounded r: a responsibility within u of 1 has ln r = 0; 0 gives −∞.
            logr = np.log(r)
        elif mutant() == "clipped-log-responsibilities":
            logr = np.log(np.maximum(r, 1e-12))
    return r, logr, math.fsum(m + lp)


def m_step(X, r, ctype, eps):
    n, d = X.shape
    nk = r.sum(axis=0)
    if mutant() == "nk-epsilon-floor":
        # scikit-learn's _estimate_gaussian_parameters: nk = resp.sum(axis=0) + 10 * eps
        nk = nk + 10 * np.finfo(float).eps
    for k, value in enumerate(nk):
        if not value > 0:
            raise EMFailure("vanishing-responsibilities")
    w = nk / nk.sum()
    divisor = np.full_like(nk, float(n)) if mutant() == "n-instead-of-nk" else nk
    mu = (r.T @ X) / divisor[:, None]
    if mutant() == "regulariser-omitted":
        eps = 0.0
    cov = []
    for k in range(r.shape[1]):
        diff = X - mu[k]
        scatter = (r[:, k, None] * diff).T @ diff
        if mutant() == "one-pass-covariance":
            # E_r[x xᵀ] − μ μᵀ: cancels terms of size |μ|² when the data are offset.
            scatter = (r[:, k, None] * X).T @ X - nk[k] * np.outer(mu[k], mu[k])
        scatter = (scatter + scatter.T) / 2
        denominator = nk[k] - 1 if mutant() == "covariance-n-minus-one" else divisor[k]
        s = scatter / denominator
        if ctype == "diagonal":
            s = np.diag(np.diag(s))
        elif ctype == "spherical":
            s = np.eye(d) * (np.trace(s) / d)
        cov.append(s + eps * np.eye(d))
    return w, mu, np.array(cov)


def bound(lj, q, logq):
    mask = np.ones_like(q, dtype=bool) if mutant() == "unmasked-zero-responsibilities" else q > 0
    return math.fsum((q[mask] * (lj[mask] - logq[mask])).ravel())


def entropy(q, logq, lj=None):
    if mutant() == "entropy-by-difference" and lj is not None:
        # H(q_n) = ln p(x_n) − Σ_k q_nk ℓ_nk: a difference of O(|ℓ|) terms for an H near 0.
        lse = np.array([m + math.log(math.fsum(np.exp(row - m))) for row, m in zip(lj, lj.max(axis=1))])
        return math.fsum(lse - np.sum(q * lj, axis=1))
    mask = np.ones_like(q, dtype=bool) if mutant() == "unmasked-zero-responsibilities" else q > 0
    with np.errstate(invalid="ignore"):
        return math.fsum((-q[mask] * logq[mask]).ravel())


def validate(X, w, cov):
    if mutant() == "bad-input-accepted":
        return
    if not np.all(np.isfinite(X)):
        raise ConsumerError("non-finite-input")
    if len(w) > len({tuple(x) for x in X.tolist()}):
        raise ConsumerError("too-many-components")
    if np.any(w < 0) or abs(math.fsum(w) - 1) > 4 * len(w) * U:
        raise ConsumerError("weights-not-normalised")
    if np.any(w == 0):
        raise ConsumerError("vanishing-responsibilities")
    for k in range(len(w)):
        try:
            np.linalg.cholesky(cov[k])
        except np.linalg.LinAlgError:
            raise ConsumerError("not-positive-definite")


def relabel(a):
    """The label-permutation mutant reverses the component order of every parameter array."""
    return a[::-1] if mutant() == "label-permutation" else a


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
        "weights": reals_out([relabel(x) for x in W]), "means": reals_out([relabel(x) for x in M]),
        "covariances": reals_out([relabel(x) for x in C]),
    }


def hard_step(inputs):
    X, w, mu, cov = inputs["data"], inputs["weights"], inputs["means"], inputs["covariances"]
    lj0 = log_joints(X, w, mu, cov, "not-positive-definite")
    _, _, L0 = posterior(lj0)
    if mutant() == "soft-instead-of-hard":
        q, logq, _ = posterior(lj0)
    else:
        c = np.argmax(lj0, axis=1)
        q = np.zeros_like(lj0)
        q[np.arange(len(c)), c] = 1.0
        logq = np.zeros_like(lj0)
    w1, mu1, cov1 = m_step(X, q, inputs["covarianceType"], inputs["covarianceRegulariser"])
    lj1 = log_joints(X, w1, mu1, cov1, "collapsed-component")
    _, _, L1 = posterior(lj1)
    return {
        "logLikelihoodBefore": real_out(L0), "boundBefore": real_out(bound(lj0, q, logq)),
        "boundAfter": real_out(bound(lj1, q, logq)), "logLikelihoodAfter": real_out(L1),
        "weights": reals_out(relabel(w1)), "means": reals_out(relabel(mu1)), "covariances": reals_out(relabel(cov1)),
        "assignments": [int(i) for i in np.argmax(q, axis=1)],
    }


def compute(group_id, inputs):
    if group_id == "rational-m-step":
        w, mu, cov = m_step(inputs["data"], inputs["responsibilities"], inputs["covarianceType"], inputs["covarianceRegulariser"])
        return {"weights": reals_out(relabel(w)), "means": reals_out(relabel(mu)), "covariances": reals_out(relabel(cov))}
    if group_id == "hard-assignment":
        return hard_step(inputs)
    try:
        return em_trace(inputs)
    except EMFailure as failure:
        if mutant() == "bad-input-accepted":
            return {"logLikelihood": ["NaN"]}
        raise ConsumerError(failure.kind)
    except (ValueError, FloatingPointError, ZeroDivisionError):
        if mutant() == "bad-input-accepted":
            return {"logLikelihood": ["NaN"]}
        raise
