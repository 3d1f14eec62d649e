"""Mutants of the mixtures consumer (scripts/consumer/families/mixtures.py): each reproduces one
bug class the fixtures flag, by replacing one or more of the consumer's small functions.

Each public function is the patch of the flag it is named for (hyphens for underscores); run.py
applies it to the consumer module when LATENT_ORACLE_MUTANT names the flag (scripts/mutants runs
every flag this way).
"""
import math

import numpy as np


def _row_log_sum_exp(lj):
    return np.array([m + math.log(math.fsum(np.exp(row - m))) for row, m in zip(lj, lj.max(axis=1))])


def unnormalised_responsibilities(mx):
    def posterior(lj):
        r = np.exp(lj)
        return r, lj, math.fsum(np.log(r.sum(axis=1)))
    mx.posterior = posterior


def covariance_n_minus_one(mx):
    def component_covariance(X, rk, mu, nk):
        diff = X - mu
        scatter = (rk[:, None] * diff).T @ diff
        scatter = (scatter + scatter.T) / 2
        return scatter / (nk - 1)
    mx.component_covariance = component_covariance


def no_logsumexp_shift(mx):
    def posterior(lj):
        with np.errstate(all="ignore"):
            p = np.exp(lj)
            total = p.sum(axis=1)
            r = p / total[:, None]
            return r, np.log(r), math.fsum(np.log(total))
    mx.posterior = posterior


def label_permutation(mx):
    # The components reported in reverse order.
    clean_compute = mx.compute

    def compute(group_id, inputs):
        out = clean_compute(group_id, inputs)
        for name in ("weights", "means", "covariances"):
            if name in out:
                per_iteration = group_id not in ("rational-m-step", "hard-assignment")
                out[name] = [row[::-1] for row in out[name]] if per_iteration else out[name][::-1]
        return out
    mx.compute = compute


def n_instead_of_nk(mx):
    # Means and covariances divided by N instead of N_k.
    def component_means(X, r, nk):
        return (r.T @ X) / np.full_like(nk, float(X.shape[0]))[:, None]

    def component_covariance(X, rk, mu, nk):
        diff = X - mu
        scatter = (rk[:, None] * diff).T @ diff
        scatter = (scatter + scatter.T) / 2
        return scatter / float(X.shape[0])

    mx.component_means, mx.component_covariance = component_means, component_covariance


def regulariser_omitted(mx):
    clean_m_step = mx.m_step
    mx.m_step = lambda X, r, ctype, eps: clean_m_step(X, r, ctype, 0.0)


def bad_input_accepted(mx):
    # Nothing is refused; an input that breaks EM yields a number, not a refusal.
    clean_em = mx.em_trace

    def em_trace(inputs):
        try:
            return clean_em(inputs)
        except (mx.EMFailure, ValueError, FloatingPointError, ZeroDivisionError):
            return {"logLikelihood": ["NaN"]}

    mx.validate = lambda X, w, cov: None
    mx.em_trace = em_trace


def soft_instead_of_hard(mx):
    mx.hard_assignment = lambda lj: mx.posterior(lj)[:2]


def log_responsibility_cancellation(mx):
    # ln r = l - logsumexp(l) (scikit-learn's route): ln r near 0 rounds to a multiple of u.
    def posterior(lj):
        norm = _row_log_sum_exp(lj)
        logr = lj - norm[:, None]
        return np.exp(logr), logr, math.fsum(norm)
    mx.posterior = posterior


def one_pass_covariance(mx):
    # E_r[x xᵀ] − μ μᵀ: cancels terms of size |μ|² when the data are offset.
    def component_covariance(X, rk, mu, nk):
        scatter = (rk[:, None] * X).T @ X - nk * np.outer(mu, mu)
        scatter = (scatter + scatter.T) / 2
        return scatter / nk
    mx.component_covariance = component_covariance


def nk_epsilon_floor(mx):
    # scikit-learn's _estimate_gaussian_parameters: nk = resp.sum(axis=0) + 10 * eps
    clean_counts = mx.component_counts
    mx.component_counts = lambda r: clean_counts(r) + 10 * np.finfo(float).eps


def expanded_mahalanobis(mx):
    # xᵀPx − 2μᵀPx + μᵀPμ (scikit-learn's diagonal/spherical route): cancels for offset data.
    def mahalanobis(X, mu, cov, L):
        P = np.linalg.inv(cov)
        return np.einsum("ni,ij,nj->n", X, P, X) - 2 * X @ (P @ mu) + mu @ P @ mu
    mx.mahalanobis = mahalanobis


def explicit_inverse(mx):
    # (x − μ)ᵀ inv(Σ) (x − μ): on the major axis of an ill-conditioned Σ, entries ≈ 1/λ_min cancel.
    def mahalanobis(X, mu, cov, L):
        diff = X - mu
        return np.einsum("ni,ij,nj->n", diff, np.linalg.inv(cov), diff)
    mx.mahalanobis = mahalanobis


def log_det_via_det(mx):
    def log_det(cov, L):
        with np.errstate(all="ignore"):
            return np.log(np.linalg.det(cov))
    mx.log_det = log_det


def log_of_density(mx):
    # ℓ = ln(π N(x)) from the density itself: it underflows to 0 below ℓ ≈ −745 (−103 in float32).
    def log_joints(X, w, mu, cov, failure):
        n, d = X.shape
        out = np.empty((n, len(w)), dtype=X.dtype)
        for k in range(len(w)):
            L = mx.cholesky(cov[k], failure)
            m = mx.mahalanobis(X, mu[k], cov[k], L)
            with np.errstate(all="ignore"):
                density = np.exp(-0.5 * (d * mx.LOG_2PI + mx.log_det(cov[k], L) + m))
                out[:, k] = np.log(w[k] * density)
        return out
    mx.log_joints = log_joints


def _logs_of_rounded(mx):
    # ln of the rounded r: a responsibility within u of 1 has ln r = 0; 0 gives −∞.
    clean_posterior = mx.posterior

    def posterior(lj):
        r, _, total = clean_posterior(lj)
        with np.errstate(divide="ignore"):
            return r, np.log(r), total
    mx.posterior = posterior


def log_of_rounded_responsibilities(mx):
    _logs_of_rounded(mx)


def clipped_log_responsibilities(mx):
    clean_posterior = mx.posterior

    def posterior(lj):
        r, _, total = clean_posterior(lj)
        with np.errstate(divide="ignore"):
            return r, np.log(np.maximum(r, 1e-12)), total
    mx.posterior = posterior


def log_instead_of_log1p(mx):
    mx.log_one_plus = lambda s: np.log(1 + s)


def entropy_by_difference(mx):
    # H(q_n) = ln p(x_n) − Σ_k q_nk ℓ_nk: a difference of O(|ℓ|) terms for an H near 0.
    clean_entropy = mx.entropy

    def entropy(q, logq, lj=None):
        if lj is None:
            return clean_entropy(q, logq)
        return math.fsum(_row_log_sum_exp(lj) - np.sum(q * lj, axis=1))
    mx.entropy = entropy


def unmasked_zero_responsibilities(mx):
    # The q = 0 terms summed too (0 · ln 0 = NaN), with ln r of the rounded r.
    _logs_of_rounded(mx)
    mx.support = lambda q: np.ones_like(q, dtype=bool)


def eigenvalue_log_det(mx):
    # ln|Σ| = Σ ln λ_i from eigvalsh (scipy.stats.multivariate_normal's route): λ_min is off by ≈ u·λ_max.
    mx.log_det = lambda cov, L: np.sum(np.log(np.linalg.eigvalsh(cov)))


def precision_factor_difference(mx):
    # scikit-learn's full-covariance route: P = L⁻ᵀ, y = x P − μ P (two products ≈ |x|·‖P‖ that cancel).
    from scipy.linalg import solve_triangular

    def mahalanobis(X, mu, cov, L):
        P = solve_triangular(L, np.eye(L.shape[0], dtype=X.dtype), lower=True).T
        y = X @ P - mu @ P
        return np.sum(y * y, axis=1)
    mx.mahalanobis = mahalanobis
