"""Mutants of the factor-models consumer (scripts/consumer/families/factor_models.py): each
reproduces one bug class the fixtures flag, by replacing one or more of the consumer's small
functions.

Each public function is the patch of the flag it is named for (hyphens for underscores); run.py
applies it to the consumer module when LATENT_ORACLE_MUTANT names the flag (scripts/mutants runs
every flag this way).
"""
import math

import numpy as np


def covariance_ddof(fm):
    def moments(data):
        n = data.shape[0]
        mean = data.mean(axis=0)
        centred = data - mean
        return mean, centred.T @ centred / (n - 1)
    fm.moments = moments


def one_pass_covariance(fm):
    # E[xxᵀ] − x̄x̄ᵀ: both terms are ≈ ‖x̄‖² for data offset from the origin.
    def moments(data):
        n = data.shape[0]
        mean = data.mean(axis=0)
        return mean, data.T @ data / n - np.outer(mean, mean)
    fm.moments = moments

    # A mixture component's weighted S_k = Σ r x xᵀ / N_k − μ μᵀ, alike.
    def weighted_moments(data, rk):
        nk = rk.sum()
        mu = (rk @ data) / nk
        return nk, mu, (data.T * rk) @ data / nk - np.outer(mu, mu)
    fm.weighted_moments = weighted_moments


def noise_sum_not_mean(fm):
    fm.noise_variance = lambda discarded: discarded.sum()


def eigenvalue_order(fm):
    # eigh's ascending order taken as the principal order.
    fm.eigen_decreasing = np.linalg.eigh


def _randomized_principal(centred, q, oversamples=10, power_iterations=4):
    """scikit-learn's randomized range finder (PCA(svd_solver='randomized')) for the top q right
    singular vectors of the centred data and their eigenvalues s²/N, seeded."""
    n, d = centred.shape
    rng = np.random.default_rng(0)
    basis = np.linalg.qr(centred @ rng.standard_normal((d, min(d, q + oversamples))))[0]
    for _ in range(power_iterations):
        basis = np.linalg.qr(centred @ np.linalg.qr(centred.T @ basis)[0])[0]
    _, singular, vt = np.linalg.svd(basis.T @ centred, full_matrices=False)
    return vt[:q].T, singular[:q] ** 2 / n


def randomized_svd(fm):
    def principal_subspace(data, s, values, vectors, q):
        d = data.shape[1]
        u, top = _randomized_principal(data - data.mean(axis=0), q)
        sigma2 = (np.trace(s) - top.sum()) / (d - q)
        return u, sigma2, top - sigma2
    fm.principal_subspace = principal_subspace


def rotation_dependent_comparison(fm):
    # Treats W's columns as orthonormal principal directions: right only for R = I.
    fm.span_projection = lambda w: sum(np.outer(c, c) / (c @ c) for c in w.T)


def fa_stale_loadings(fm):
    # Ψ' = diag(S − W β S) from the old loadings W.
    def fa_em_step(w, psi, s):
        q = w.shape[1]
        wt_psi_inv = w.T / psi
        g = np.linalg.inv(np.eye(q) + wt_psi_inv @ w)
        beta = g @ wt_psi_inv
        beta_s = beta @ s
        new_w = np.linalg.solve(g + beta_s @ beta.T, beta_s).T
        return new_w, np.diag(s - w @ beta_s).copy()
    fm.fa_em_step = fa_em_step


def uniqueness_floor(fm):
    # Ψ_j bounded below by 0.005·S_jj, as R's factanal bounds the uniquenesses of the correlation matrix.
    clean_step = fm.fa_em_step

    def fa_em_step(w, psi, s):
        new_w, new_psi = clean_step(w, psi, s)
        return new_w, np.maximum(new_psi, 0.005 * np.diag(s))
    fm.fa_em_step = fa_em_step


def mppca_stale_mean(fm):
    # The component covariance taken about the old mean.
    def mppca_component_step(data, rk, old_mean, old_w, old_noise):
        nk = rk.sum()
        mu = (rk @ data) / nk
        c = data - old_mean
        sk = (c.T * rk) @ c / nk
        w, s2 = fm.ppca_em_step(old_w, old_noise, sk)
        return nk, mu, w, s2
    fm.mppca_component_step = mppca_component_step


def no_logsumexp_shift(fm):
    # exp of the log joints without subtracting their max: a point with every ℓ_nk below the log of
    # the least float gives 0/0 responsibilities and ln 0.
    def log_normalise(joint):
        with np.errstate(all="ignore"):
            densities = np.exp(joint)
            total = densities.sum(axis=1)
            return np.log(total), densities / total[:, None]
    fm.log_normalise = log_normalise


def input_validation(fm):
    # Nothing is refused; an input that breaks the computation yields a number, not a refusal.
    fm.validate = lambda data, q=None, need_points=True: None
    fm.check_loadings = lambda data, q, w0: None
    fm.check_fa_inputs = lambda data, q, w0, psi0: None
    fm.log_det = lambda cov: np.linalg.slogdet(cov)[1]
    clean_compute = fm.compute

    def compute(group_id, inputs):
        try:
            return clean_compute(group_id, inputs)
        except (np.linalg.LinAlgError, ValueError, IndexError):
            if group_id == "bad-input":
                return {"noiseVariance": 0.0}
            raise
    fm.compute = compute


def log_det_via_det(fm):
    def log_det(cov):
        with np.errstate(all="ignore"):
            det = np.linalg.det(cov)
            return math.log(det) if det > 0 else -math.inf
    fm.log_det = log_det

    # The mixture's component density (the moments route above covers PPCA and FA) with the same
    # ln|C|: ln N(x; μ, C) = −½[d ln 2π + ln det C + ‖L⁻¹(x − μ)‖²].
    def _log_normal(x, mean, cov):
        d = mean.shape[0]
        z = np.linalg.solve(np.linalg.cholesky(cov), (x - mean).T)
        return fm.real(-0.5) * (d * fm.log_2pi() + fm.real(log_det(cov)) + (z * z).sum(axis=0))
    fm._log_normal = _log_normal


def em_stops_on_small_gain(fm):
    # Stops stepping once the log-likelihood gain is below 1e-8·|L| and reports the last parameters for
    # the remaining iterations.
    def _em_trace(data, w, noise, iterations, step, noise_covariance):
        n, d = data.shape
        _, s = fm.moments(data)
        logliks, noises, products, stopped = [], [], [], False
        for t in range(iterations + 1):
            if t > 0 and not stopped:
                w, noise = step(w, noise, s)
            wwt = w @ w.T
            logliks.append(fm._gaussian_loglik(n, wwt + noise_covariance(noise, d), s))
            noises.append(noise)
            products.append(wwt)
            if t > 0 and logliks[-1] - logliks[-2] < 1e-8 * abs(logliks[-1]):
                stopped = True
        return logliks, noises, products, w
    fm._em_trace = _em_trace


def explicit_inverse_e_step(fm):
    # The E step's β = Wᵀ(WWᵀ + Ψ)⁻¹ through an explicit inverse of the d × d marginal covariance, then
    # Σ⟨zzᵀ⟩/N = I − βW + βSβᵀ, W' = Sβᵀ(that)⁻¹ and the noise from diag(S − W'βS).
    def posterior_map(w, psi):
        return w.T @ np.linalg.inv(w @ w.T + np.diag(psi))

    def m_step(w, beta, s):
        beta_s = beta @ s
        second = fm.eye(w.shape[1]) - beta @ w + beta_s @ beta.T
        new_w = np.linalg.solve(second, beta_s).T
        return new_w, np.diag(s - new_w @ beta_s).copy()

    def ppca_em_step(w, sigma2, s):
        new_w, residual = m_step(w, posterior_map(w, np.full(w.shape[0], sigma2)), s)
        return new_w, residual.mean()

    def fa_em_step(w, psi, s):
        return m_step(w, posterior_map(w, psi), s)
    fm.ppca_em_step = ppca_em_step
    fm.fa_em_step = fa_em_step


def _floored_uniquenesses(fm, floor):
    """Every FA step's Ψ_j bounded below by the fixed `floor`, whatever the coordinate's scale."""
    clean_step = fm.fa_em_step

    def fa_em_step(w, psi, s):
        new_w, new_psi = clean_step(w, psi, s)
        return new_w, np.maximum(new_psi, floor)
    fm.fa_em_step = fa_em_step


def absolute_variance_floor(fm):
    # Ψ_j bounded below by a fixed 1e-6.
    _floored_uniquenesses(fm, 1e-6)


def small_variance_floor(fm):
    # scikit-learn's FactorAnalysis: Ψ = max(…, SMALL) with SMALL = 1e-12.
    _floored_uniquenesses(fm, 1e-12)


def explicit_precision_matrix(fm):
    # The log-density through an explicit precision matrix P = inv(C), −½(x − μ)ᵀP(x − μ) with ln|C|
    # by slogdet (as scikit-learn's PCA.score_samples uses get_precision()).
    def _log_normal(x, mean, cov):
        d = mean.shape[0]
        precision = np.linalg.inv(cov)
        r = x - mean
        return fm.real(-0.5) * (d * fm.log_2pi() + fm.log_det(cov) + ((r @ precision) * r).sum(axis=1))
    fm._log_normal = _log_normal


def eigenvalue_log_det(fm):
    # scipy.stats.multivariate_normal.logpdf: ln|C| = Σ ln λᵢ from eigh(C) and the Mahalanobis term
    # through the pseudo-inverse factor U = V/√λ, ‖(x − μ)U‖².
    def _log_normal(x, mean, cov):
        d = mean.shape[0]
        values, vectors = np.linalg.eigh(cov)
        u = vectors / np.sqrt(values)
        z = (x - mean) @ u
        return fm.real(-0.5) * (d * fm.log_2pi() + np.log(values).sum() + (z * z).sum(axis=1))
    fm._log_normal = _log_normal

    # The moments route (PPCA and FA EM, −N/2[d ln 2π + ln|C| + tr(C⁻¹S)]) with the same ln|C|.
    def log_det(cov):
        return np.log(np.linalg.eigvalsh(cov)).sum()
    fm.log_det = log_det


def woodbury_mahalanobis(fm):
    # The O(d·q²) Woodbury route: C⁻¹ = (I − W M⁻¹Wᵀ)/σ² with M = WᵀW + σ²I and its Cholesky factor L_M,
    # so (x − μ)ᵀC⁻¹(x − μ) = (‖r‖² − ‖L_M⁻¹Wᵀr‖²)/σ², and ln|C| = ln|M| + (d − q) ln σ² (accurate).
    def component_log_normal(x, mean, w, noise):
        d, q = w.shape
        chol = np.linalg.cholesky(w.T @ w + noise * fm.eye(q))
        r = x - mean
        y = np.linalg.solve(chol, w.T @ r.T)
        mahalanobis = ((r * r).sum(axis=1) - (y * y).sum(axis=0)) / noise
        log_det = 2 * np.log(np.diag(chol)).sum() + (d - q) * np.log(noise)
        return fm.real(-0.5) * (d * fm.log_2pi() + log_det + mahalanobis)
    fm.component_log_normal = component_log_normal
