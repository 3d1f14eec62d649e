"""An independent NumPy implementation of Fixtures/factor-models/ (Proofs/07-factor-models.md):
PPCA in closed form (Tipping & Bishop 1999) and by EM, factor analysis EM, mixtures of PPCA EM.
Written from the fixture conventions: S normalised by 1/N, sigma^2 the mean of the discarded
eigenvalues, eigenvalues non-increasing, log-likelihoods summed over points, mu = the sample mean.

Mutants (LATENT_ORACLE_MUTANT) reproduce one bug class each, to prove the fixtures catch it.
"""
import math

import numpy as np

from fixture_io import ConsumerError, mutant, real_out, reals_out

MUTANTS = {
    "covariance-ddof", "noise-sum-not-mean", "eigenvalue-order", "rotation-dependent-comparison",
    "fa-stale-loadings", "mppca-stale-mean", "input-validation", "one-pass-covariance", "log-det-via-det",
    "randomized-svd",
}

LOG_2PI = math.log(2 * math.pi)


def _validate(data, q=None, need_points=True):
    if mutant() == "input-validation":
        return
    if data.ndim != 2 or data.size == 0:
        raise ConsumerError("shape-mismatch")
    if not np.all(np.isfinite(data)):
        raise ConsumerError("non-finite-input")
    n, d = data.shape
    if q is not None:
        if q < 1 or q >= d:
            raise ConsumerError("latent-dimension")
        if need_points and n < q + 2:
            raise ConsumerError("too-few-points")


def _moments(data):
    n = data.shape[0]
    mean = data.mean(axis=0)
    if mutant() == "one-pass-covariance":
        # E[xxᵀ] − x̄x̄ᵀ: both terms are ≈ ‖x̄‖² for data offset from the origin.
        return mean, data.T @ data / n - np.outer(mean, mean)
    centred = data - mean
    ddof = 1 if mutant() == "covariance-ddof" else 0
    return mean, centred.T @ centred / (n - ddof)


def _gaussian_loglik(n, cov, s):
    """sum_n ln N(x_n; xbar, C) = -(N/2)[d ln 2pi + ln|C| + tr(C^-1 S)] (mu = xbar)."""
    sign, logdet = np.linalg.slogdet(cov)
    if mutant() == "log-det-via-det":
        with np.errstate(all="ignore"):
            det = np.linalg.det(cov)
            sign, logdet = (1.0, math.log(det)) if det > 0 else (1.0, -math.inf)
    if sign <= 0 and mutant() != "input-validation":   # the mutant refuses nothing and returns numbers
        raise ConsumerError("not-positive-definite")
    d = cov.shape[0]
    return -0.5 * n * (d * LOG_2PI + logdet + np.trace(np.linalg.solve(cov, s)))


def closed_form(data, q):
    _validate(data, q)
    n, d = data.shape
    _, s = _moments(data)
    values, vectors = np.linalg.eigh(s)  # ascending
    if mutant() != "eigenvalue-order":
        values, vectors = values[::-1], vectors[:, ::-1]
    discarded = values[q:]
    sigma2 = discarded.sum() if mutant() == "noise-sum-not-mean" else discarded.mean()
    u = vectors[:, :q]
    scales = values[:q] - sigma2
    if mutant() == "randomized-svd":
        u, top = _randomized_principal(data - data.mean(axis=0), q)
        sigma2 = (np.trace(s) - top.sum()) / (d - q)
        scales = top - sigma2
    wwt = (u * scales) @ u.T
    projection = u @ u.T
    cov = wwt + sigma2 * np.eye(d)
    loglik = _gaussian_loglik(n, cov, s)
    return {
        "eigenvalues": reals_out(values),
        "noiseVariance": real_out(sigma2),
        "loadingsProduct": reals_out(wwt),
        "projection": reals_out(projection),
        "logLikelihood": real_out(loglik),
    }


def _randomized_principal(centred, q, oversamples=10, power_iterations=4):
    """The bug: scikit-learn's randomized range finder (PCA(svd_solver='randomized')) for the top q
    right singular vectors of the centred data and their eigenvalues s²/N, seeded."""
    n, d = centred.shape
    rng = np.random.default_rng(0)
    basis = np.linalg.qr(centred @ rng.standard_normal((d, min(d, q + oversamples))))[0]
    for _ in range(power_iterations):
        basis = np.linalg.qr(centred @ np.linalg.qr(centred.T @ basis)[0])[0]
    _, singular, vt = np.linalg.svd(basis.T @ centred, full_matrices=False)
    return vt[:q].T, singular[:q] ** 2 / n


def _span_projection(w):
    if mutant() == "rotation-dependent-comparison":
        # Treats W's columns as orthonormal principal directions: right only for R = I.
        return sum(np.outer(c, c) / (c @ c) for c in w.T)
    return w @ np.linalg.solve(w.T @ w, w.T)


def ppca_em_step(w, sigma2, s):
    q = w.shape[1]
    m = w.T @ w + sigma2 * np.eye(q)
    sw = s @ w
    new_w = sw @ np.linalg.inv(sigma2 * np.eye(q) + np.linalg.solve(m, w.T @ sw))
    new_sigma2 = np.trace(s - sw @ np.linalg.solve(m, new_w.T)) / s.shape[0]
    return new_w, new_sigma2


def ppca_em(data, q, w0, sigma0, iterations):
    _validate(data, q)
    if w0.shape != (data.shape[1], q) and mutant() != "input-validation":
        raise ConsumerError("shape-mismatch")
    n, d = data.shape
    _, s = _moments(data)
    w, sigma2 = w0, sigma0
    logliks, sigmas, products = [], [], []
    for t in range(iterations + 1):
        if t > 0:
            w, sigma2 = ppca_em_step(w, sigma2, s)
        wwt = w @ w.T
        logliks.append(_gaussian_loglik(n, wwt + sigma2 * np.eye(d), s))
        sigmas.append(sigma2)
        products.append(wwt)
    return {
        "logLikelihoods": reals_out(logliks),
        "noiseVariances": reals_out(sigmas),
        "loadingsProducts": reals_out(np.array(products)),
        "finalProjection": reals_out(_span_projection(w)),
    }


def fa_em(data, q, w0, psi0, iterations, noise="diagonal"):
    _validate(data, q)
    if mutant() != "input-validation":
        if w0.shape != (data.shape[1], q) or psi0.shape != (data.shape[1],):
            raise ConsumerError("shape-mismatch")
        for j in range(data.shape[1]):
            if np.all(data[:, j] == data[0, j]):
                raise ConsumerError("zero-variance")
    n, d = data.shape
    _, s = _moments(data)
    w, psi = w0, psi0
    logliks, psis, products = [], [], []
    for t in range(iterations + 1):
        if t > 0:
            wt_psi_inv = w.T / psi
            g = np.linalg.inv(np.eye(q) + wt_psi_inv @ w)
            beta = g @ wt_psi_inv
            beta_s = beta @ s
            new_w = np.linalg.solve(g + beta_s @ beta.T, beta_s).T
            used = w if mutant() == "fa-stale-loadings" else new_w
            psi = np.diag(s - used @ beta_s).copy()
            if noise == "isotropic":
                psi = np.full(d, psi.mean())
            w = new_w
        logliks.append(_gaussian_loglik(n, w @ w.T + np.diag(psi), s))
        psis.append(psi)
        products.append(w @ w.T)
    return {
        "logLikelihoods": reals_out(logliks),
        "noiseVariances": reals_out(np.array(psis)),
        "loadingsProducts": reals_out(np.array(products)),
    }


def _log_normal(x, mean, cov):
    d = mean.shape[0]
    chol = np.linalg.cholesky(cov)
    z = np.linalg.solve(chol, (x - mean).T)
    return -0.5 * (d * LOG_2PI + 2 * np.log(np.diag(chol)).sum() + (z * z).sum(axis=0))


def mppca_em(data, q, weights, means, loadings, noise, iterations):
    _validate(data, q, need_points=False)
    n, d = data.shape
    k_count = weights.shape[0]

    def joint(weights, means, loadings, noise):
        return np.stack([math.log(weights[k]) + _log_normal(data, means[k], loadings[k] @ loadings[k].T + noise[k] * np.eye(d))
                         for k in range(k_count)], axis=1)

    def loglik_and_resp(params):
        j = joint(*params)
        top = j.max(axis=1, keepdims=True)
        norm = top[:, 0] + np.log(np.exp(j - top).sum(axis=1))
        return norm.sum(), np.exp(j - norm[:, None])

    params = (weights, means, loadings, noise)
    logliks, all_weights, all_means, all_noise = [], [], [], []
    for t in range(iterations + 1):
        if t > 0:
            _, r = loglik_and_resp(params)
            old_weights, old_means, old_loadings, old_noise = params
            new_weights, new_means, new_loadings, new_noise = [], [], [], []
            for k in range(k_count):
                nk = r[:, k].sum()
                mu = (r[:, k] @ data) / nk
                centre = old_means[k] if mutant() == "mppca-stale-mean" else mu
                c = data - centre
                sk = (c.T * r[:, k]) @ c / nk
                w, s2 = ppca_em_step(old_loadings[k], old_noise[k], sk)
                new_weights.append(nk / n)
                new_means.append(mu)
                new_loadings.append(w)
                new_noise.append(s2)
            params = (np.array(new_weights), np.array(new_means), np.array(new_loadings), np.array(new_noise))
        value, _ = loglik_and_resp(params)
        logliks.append(value)
        all_weights.append(params[0])
        all_means.append(params[1])
        all_noise.append(params[3])
    return {
        "logLikelihoods": reals_out(logliks),
        "weights": reals_out(np.array(all_weights)),
        "means": reals_out(np.array(all_means)),
        "noiseVariances": reals_out(np.array(all_noise)),
    }


def compute(group_id, inputs):
    if group_id == "ppca":
        return closed_form(inputs["data"], inputs["latentDimension"])
    if group_id == "bad-input":
        algorithm = inputs["algorithm"]
        try:
            with np.errstate(all="ignore"):
                if algorithm == "ppca-closed-form":
                    return closed_form(inputs["data"], inputs["latentDimension"])
                if algorithm == "ppca-em":
                    q = inputs["initialLoadings"].shape[1]
                    return ppca_em(inputs["data"], q, inputs["initialLoadings"], inputs["initialNoiseVariance"], inputs["iterations"])
                if algorithm == "fa-em":
                    q = inputs["initialLoadings"].shape[1]
                    return fa_em(inputs["data"], q, inputs["initialLoadings"], inputs["initialNoiseVariances"], inputs["iterations"])
        except (np.linalg.LinAlgError, ValueError, IndexError):
            if mutant() == "input-validation":
                return {"noiseVariance": 0.0}
            raise
        raise ConsumerError("unknown-algorithm")
    if group_id == "ppca-em":
        return ppca_em(inputs["data"], inputs["latentDimension"], inputs["initialLoadings"],
                       inputs["initialNoiseVariance"], inputs["iterations"])
    if group_id == "fa-em":
        return fa_em(inputs["data"], inputs["latentDimension"], inputs["initialLoadings"],
                     inputs["initialNoiseVariances"], inputs["iterations"], inputs["noise"])
    if group_id == "mppca-em":
        return mppca_em(inputs["data"], inputs["latentDimension"], inputs["initialWeights"], inputs["initialMeans"],
                        inputs["initialLoadings"], inputs["initialNoiseVariances"], inputs["iterations"])
    raise ConsumerError("unknown-group")
