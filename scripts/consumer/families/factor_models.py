"""An independent NumPy implementation of Fixtures/factor-models/ (Proofs/07-factor-models.md):
PPCA in closed form (Tipping & Bishop 1999) and by EM, factor analysis EM, mixtures of PPCA EM.
Written from the fixture conventions: S normalised by 1/N, sigma^2 the mean of the discarded
eigenvalues, eigenvalues non-increasing, log-likelihoods summed over points, mu = the sample mean.

In a float32 run (run.py --precision float32) every real is float32: the inputs rounded to float32,
LAPACK's float32 routines (ssyevd, sgesv, sgetrf, spotrf) and float32 sums; the float64 run is
unchanged. `log`, `log_2pi` and `eye` below pick the precision.

The bug classes the fixtures flag are reproduced apart, in scripts/mutants.d/factor_models.py, by
overriding the small functions below.
"""
import math

import numpy as np

from fixture_io import ConsumerError, float32, log, log_2pi, precision, real, real_out, real_type, reals_out

FLOAT32 = True


def eye(k):
    """The k × k identity at this run's precision."""
    return np.eye(k, dtype=real_type())


def validate(data, q=None, need_points=True):
    """Refuses data that are not a finite N × d array, or a latent dimension q outside 1 … d − 1
    (and, with need_points, fewer than q + 2 points)."""
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


def moments(data):
    """(x̄, S): the sample mean and the covariance S normalised by 1/N, from the centred data."""
    n = data.shape[0]
    mean = data.mean(axis=0)
    centred = data - mean
    return mean, centred.T @ centred / n


def log_det(cov):
    """ln|C| by slogdet, refusing a C that is not positive definite."""
    sign, logdet = np.linalg.slogdet(cov)
    if sign <= 0:
        raise ConsumerError("not-positive-definite")
    return logdet


def _gaussian_loglik(n, cov, s):
    """sum_n ln N(x_n; xbar, C) = -(N/2)[d ln 2pi + ln|C| + tr(C^-1 S)] (mu = xbar)."""
    logdet = log_det(cov)
    d = cov.shape[0]
    return real(-0.5) * n * (d * log_2pi() + logdet + np.trace(np.linalg.solve(cov, s)))


def eigen_decreasing(s):
    """The eigenvalues of S in non-increasing order and their eigenvectors (columns)."""
    values, vectors = np.linalg.eigh(s)  # ascending
    return values[::-1], vectors[:, ::-1]


def noise_variance(discarded):
    """σ² = the mean of the discarded eigenvalues."""
    return discarded.mean()


def principal_subspace(data, s, values, vectors, q):
    """(U_q, σ², λ_q − σ²): the top q eigenvectors, the noise variance and the scales of W Wᵀ."""
    sigma2 = noise_variance(values[q:])
    return vectors[:, :q], sigma2, values[:q] - sigma2


def closed_form(data, q):
    validate(data, q)
    n, d = data.shape
    _, s = moments(data)
    values, vectors = eigen_decreasing(s)
    u, sigma2, scales = principal_subspace(data, s, values, vectors, q)
    wwt = (u * scales) @ u.T
    projection = u @ u.T
    cov = wwt + sigma2 * eye(d)
    loglik = _gaussian_loglik(n, cov, s)
    return {
        "eigenvalues": reals_out(values),
        "noiseVariance": real_out(sigma2),
        "loadingsProduct": reals_out(wwt),
        "projection": reals_out(projection),
        "logLikelihood": real_out(loglik),
    }


def span_projection(w):
    """The projection onto span(W), W (WᵀW)⁻¹ Wᵀ: the same for every rotation W R."""
    return w @ np.linalg.solve(w.T @ w, w.T)


def ppca_em_step(w, sigma2, s):
    q = w.shape[1]
    m = w.T @ w + sigma2 * eye(q)
    sw = s @ w
    new_w = sw @ np.linalg.inv(sigma2 * eye(q) + np.linalg.solve(m, w.T @ sw))
    new_sigma2 = np.trace(s - sw @ np.linalg.solve(m, new_w.T)) / s.shape[0]
    return new_w, new_sigma2


def _em_trace(data, w, noise, iterations, step, noise_covariance):
    """An EM trace from (W⁽⁰⁾, noise⁽⁰⁾) by `step`: ln L, the noise and WWᵀ at t = 0 … T, and the
    last W; `noise_covariance(noise, d)` is the noise's part of the model covariance WWᵀ + noise."""
    n, d = data.shape
    _, s = moments(data)
    logliks, noises, products = [], [], []
    for t in range(iterations + 1):
        if t > 0:
            w, noise = step(w, noise, s)
        wwt = w @ w.T
        logliks.append(_gaussian_loglik(n, wwt + noise_covariance(noise, d), s))
        noises.append(noise)
        products.append(wwt)
    return logliks, noises, products, w


def ppca_em(data, q, w0, sigma0, iterations):
    validate(data, q)
    check_loadings(data, q, w0)
    logliks, sigmas, products, w = _em_trace(
        data, w0, sigma0, iterations, ppca_em_step, lambda sigma2, d: sigma2 * eye(d))
    return {
        "logLikelihoods": reals_out(logliks),
        "noiseVariances": reals_out(sigmas),
        "loadingsProducts": reals_out(np.array(products)),
        "finalProjection": reals_out(span_projection(w)),
    }


def check_loadings(data, q, w0):
    """Refuses initial loadings that are not d × q."""
    if w0.shape != (data.shape[1], q):
        raise ConsumerError("shape-mismatch")


def check_fa_inputs(data, q, w0, psi0):
    """Refuses initial loadings or noise variances of the wrong shape, and a constant coordinate."""
    if w0.shape != (data.shape[1], q) or psi0.shape != (data.shape[1],):
        raise ConsumerError("shape-mismatch")
    for j in range(data.shape[1]):
        if np.all(data[:, j] == data[0, j]):
            raise ConsumerError("zero-variance")


def fa_em_step(w, psi, s):
    """One factor-analysis EM step: β = G WᵀΨ⁻¹ with G = (I + WᵀΨ⁻¹W)⁻¹, W' = S βᵀ (G + β S βᵀ)⁻¹
    and Ψ' = diag(S − W' β S), from the new loadings W'."""
    q = w.shape[1]
    wt_psi_inv = w.T / psi
    g = np.linalg.inv(eye(q) + wt_psi_inv @ w)
    beta = g @ wt_psi_inv
    beta_s = beta @ s
    new_w = np.linalg.solve(g + beta_s @ beta.T, beta_s).T
    return new_w, np.diag(s - new_w @ beta_s).copy()


def fa_em(data, q, w0, psi0, iterations, noise="diagonal"):
    validate(data, q)
    check_fa_inputs(data, q, w0, psi0)

    def step(w, psi, s):
        w, psi = fa_em_step(w, psi, s)
        return (w, np.full(psi.shape[0], psi.mean())) if noise == "isotropic" else (w, psi)
    logliks, psis, products, _ = _em_trace(data, w0, psi0, iterations, step, lambda psi, d: np.diag(psi))
    return {
        "logLikelihoods": reals_out(logliks),
        "noiseVariances": reals_out(np.array(psis)),
        "loadingsProducts": reals_out(np.array(products)),
    }


def _log_normal(x, mean, cov):
    d = mean.shape[0]
    chol = np.linalg.cholesky(cov)
    z = np.linalg.solve(chol, (x - mean).T)
    return real(-0.5) * (d * log_2pi() + 2 * np.log(np.diag(chol)).sum() + (z * z).sum(axis=0))


def component_log_normal(x, mean, w, noise):
    """ln N(x; μ, WWᵀ + σ²I) per row of x, through the Cholesky factor of C = WWᵀ + σ²I."""
    return _log_normal(x, mean, w @ w.T + noise * eye(mean.shape[0]))


def log_normalise(joint):
    """(ln Σ_k exp ℓ_nk per point, the responsibilities exp(ℓ_nk − that)) by log-sum-exp: each row's
    max ℓ_nk is subtracted before exp, so a point far from every component (every ℓ_nk below the
    log of the least float) keeps a finite log-likelihood and responsibilities that sum to 1."""
    top = joint.max(axis=1, keepdims=True)
    norm = top[:, 0] + np.log(np.exp(joint - top).sum(axis=1))
    return norm, np.exp(joint - norm[:, None])


def weighted_moments(data, rk):
    """(N_k, μ_k, S_k): the responsibility-weighted count, mean and covariance about μ_k, from the
    centred data (data − μ_k)."""
    nk = rk.sum()
    mu = (rk @ data) / nk
    c = data - mu
    return nk, mu, (c.T * rk) @ c / nk


def mppca_component_step(data, rk, old_mean, old_w, old_noise):
    """One component's M step: N_k, the new mean μ_k, then one PPCA EM step on the
    responsibility-weighted covariance about the new mean."""
    nk, mu, sk = weighted_moments(data, rk)
    w, s2 = ppca_em_step(old_w, old_noise, sk)
    return nk, mu, w, s2


def mppca_em(data, q, weights, means, loadings, noise, iterations):
    validate(data, q, need_points=False)
    n, d = data.shape
    k_count = weights.shape[0]

    def joint(weights, means, loadings, noise):
        return np.stack([log(weights[k]) + component_log_normal(data, means[k], loadings[k], noise[k])
                         for k in range(k_count)], axis=1)

    def loglik_and_resp(params):
        norm, responsibilities = log_normalise(joint(*params))
        return norm.sum(), responsibilities

    params = (weights, means, loadings, noise)
    logliks, all_weights, all_means, all_noise = [], [], [], []
    for t in range(iterations + 1):
        if t > 0:
            _, r = loglik_and_resp(params)
            old_weights, old_means, old_loadings, old_noise = params
            new_weights, new_means, new_loadings, new_noise = [], [], [], []
            for k in range(k_count):
                nk, mu, w, s2 = mppca_component_step(data, r[:, k], old_means[k], old_loadings[k], old_noise[k])
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
        with np.errstate(all="ignore"):
            if algorithm == "ppca-closed-form":
                return closed_form(inputs["data"], inputs["latentDimension"])
            if algorithm == "ppca-em":
                q = inputs["initialLoadings"].shape[1]
                return ppca_em(inputs["data"], q, inputs["initialLoadings"], inputs["initialNoiseVariance"],
                               inputs["iterations"])
            if algorithm == "fa-em":
                q = inputs["initialLoadings"].shape[1]
                return fa_em(inputs["data"], q, inputs["initialLoadings"], inputs["initialNoiseVariances"],
                             inputs["iterations"])
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
