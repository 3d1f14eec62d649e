"""Mean-field VI, written from the conventions in Fixtures/mean-field/*.json
(Proofs/10-mean-field.md, Proofs/11-type-ii-ml.md) with NumPy and SciPy only.

In a float32 run (run.py --precision float32) every real is float32: the inputs rounded to
float32, ln 2π rounded to float32, float32 arrays throughout, NumPy's float32 linear algebra and
SciPy's float32 digamma and gammaln loops. A float64 run is unchanged.

The bug classes the fixtures flag are reproduced apart, in scripts/mutants.d/mean_field.py, by
overriding the small functions below.
"""
import numpy as np
from scipy.special import digamma, gammaln

from fixture_io import ConsumerError, real, real_type, real_out, reals_out

FLOAT32 = True
LOG_2PI = np.log(2 * np.pi)


def log_2pi():
    """ln 2π in this run's precision (a float64 constant would promote float32 arithmetic)."""
    return real(LOG_2PI)


# ---------------------------------------------------------------- correlated Gaussian target

def check_precision(lam):
    """Refuses a precision matrix that is not positive definite."""
    try:
        np.linalg.cholesky(lam)
    except np.linalg.LinAlgError:
        raise ConsumerError("not-positive-definite")


def factor_precisions(lam):
    """The optimal factor precisions: the conditional precisions Λjj."""
    return np.diag(lam).copy()


def log_det(lam):
    """ln|Λ| by an LU factorisation (slogdet: no over- or underflow of the determinant itself)."""
    _, logdet = np.linalg.slogdet(lam)
    return logdet


def gaussian_kl(mu, lam, m, l):
    """KL(q || p), q = prod N(m_j, 1/l_j), p = N(mu, lam^-1)."""
    r = m - mu
    logdet = log_det(lam)
    return 0.5 * (np.sum(np.diag(lam) / l) + r @ lam @ r - len(mu) - logdet + np.sum(np.log(l)))


def optimum_kl(mu, lam, l):
    """KL(q || p) at the mean-field optimum q = prod N(mu_j, 1/l_j)."""
    return gaussian_kl(mu, lam, mu, l)


def sweep_source(m):
    """The means one CAVI sweep reads: the current ones, updated in place (Gauss-Seidel)."""
    return m


def gaussian_trace(x):
    mu, lam = x["mean"], x["precision"]
    check_precision(lam)
    m, l = x["initialMeans"].copy(), x["initialPrecisions"].copy()
    d = len(mu)
    means, precs, elbo = [m.copy()], [l.copy()], [-gaussian_kl(mu, lam, m, l)]
    target_prec = factor_precisions(lam)
    for _ in range(x["sweeps"]):
        src = sweep_source(m)
        for j in range(d):
            s = sum(lam[j, k] * (src[k] - mu[k]) for k in range(d) if k != j)
            m[j] = mu[j] - s / lam[j, j]
            l[j] = target_prec[j]
            means.append(m.copy())
            precs.append(l.copy())
            elbo.append(-gaussian_kl(mu, lam, m, l))
    return {"means": reals_out(np.array(means)), "precisions": reals_out(np.array(precs)), "elbo": reals_out(np.array(elbo))}


def true_variances(lam):
    """The marginal variances Σjj = (Λ⁻¹)jj, the diagonal of an LU inverse."""
    return np.diag(np.linalg.inv(lam))


def gaussian_optimum(x):
    mu, lam = x["mean"], x["precision"]
    check_precision(lam)
    l = factor_precisions(lam)
    kl = optimum_kl(mu, lam, l)
    return {"means": reals_out(mu), "precisions": reals_out(l), "meanFieldVariances": reals_out(1.0 / l),
            "trueVariances": reals_out(true_variances(lam)), "klQP": real_out(kl)}


# ---------------------------------------------------------------- Normal-Gamma

def e_tau(a, b):
    """E[τ] for τ ~ Gamma(shape a, rate b)."""
    return a / b


def e_log_tau(a, b):
    """E[ln τ] = ψ(a) − ln b for τ ~ Gamma(shape a, rate b)."""
    return digamma(a) - np.log(b)


def gamma_entropy(a, b):
    """The entropy of Gamma(shape a, rate b): a − ln b + ln Γ(a) + (1 − a)ψ(a), ln Γ by gammaln."""
    log_b = np.log(b)
    return a - log_b + gammaln(a) + (1 - a) * digamma(a)


def _prior(x):
    """(data - shift, mu0 - shift, lam0, a0, b0, shift): the model is shift-invariant except for the
    location of mu, and data at 1e8 with spread 1 keep every sum O(1) once mu0 is subtracted (exactly,
    by Sterbenz's lemma, for data within a factor 2 of mu0)."""
    data, mu0, lam0, a0, b0 = x["data"], x["mu0"], x["lambda0"], x["a0"], x["b0"]
    check_prior(data, lam0, a0, b0)
    shift = location_shift(mu0)
    return np.asarray(data, dtype=real_type()) - shift, mu0 - shift, lam0, a0, b0, shift


def check_prior(data, lam0, a0, b0):
    """Refuses empty data and an improper prior."""
    if len(data) == 0:
        raise ConsumerError("empty-data")
    if not (lam0 > 0 and a0 > 0 and b0 > 0):
        raise ConsumerError("improper-prior")


def location_shift(mu0):
    """The origin the Normal-Gamma and Bayesian-mixture sums are taken about: the prior mean."""
    return mu0


def squared_deviations(data, m):
    """Σ (x_i − m)², summed from the differences."""
    return np.sum((data - m) ** 2)


def expected_squares(data, mu0, lam0, m, lam):
    """E_q[Σ (x_i − μ)² + λ0 (μ − mu0)²] = Σ (x_i − m)² + λ0 (m − mu0)² + (n + λ0)/λ."""
    s = squared_deviations(data, m) + lam0 * (m - mu0) ** 2
    return s + (len(data) + lam0) / lam


def _ng_elbo(data, mu0, lam0, a0, b0, m, lam, a, b):
    n = len(data)
    et, elt = e_tau(a, b), e_log_tau(a, b)
    lik = 0.5 * (n + 1) * (elt - log_2pi()) + 0.5 * np.log(lam0) - 0.5 * et * expected_squares(data, mu0, lam0, m, lam)
    tau_prior = a0 * np.log(b0) - gammaln(a0) + (a0 - 1) * elt - b0 * et
    mu_entropy = 0.5 * (1 + log_2pi() - np.log(lam))
    return lik + tau_prior + mu_entropy + gamma_entropy(a, b)


def tau_factor_update(data, mu0, lam0, a0, b0, m, lam):
    """The CAVI update of q(τ) = Gamma(a, b): a = a0 + (n + 1)/2, b = b0 + ½ E_q[squares]."""
    a = a0 + (len(data) + 1) / 2
    b = b0 + 0.5 * expected_squares(data, mu0, lam0, m, lam)
    return a, b


def _ng_update(data, mu0, lam0, a0, b0, q, j):
    m, lam, a, b = q
    n = len(data)
    if j == 0:
        m = (lam0 * mu0 + np.sum(data)) / (lam0 + n)
        lam = (lam0 + n) * e_tau(a, b)
    else:
        a, b = tau_factor_update(data, mu0, lam0, a0, b0, m, lam)
    return [m, lam, a, b]


def ng_trace(x):
    data, mu0, lam0, a0, b0, shift = _prior(x)
    q = list(x["initialFactors"])
    rows, elbo = [list(q)], []
    q[0] -= shift
    elbo.append(_ng_elbo(data, mu0, lam0, a0, b0, *q))
    for _ in range(x["sweeps"]):
        for j in (0, 1):
            q = _ng_update(data, mu0, lam0, a0, b0, q, j)
            rows.append([q[0] + shift] + list(q[1:]))
            elbo.append(_ng_elbo(data, mu0, lam0, a0, b0, *q))
    return {"factors": reals_out(np.array(rows)), "elbo": reals_out(np.array(elbo))}


def ng_exact(data, mu0, lam0, a0, b0):
    n = len(data)
    kappa = lam0 + n
    xbar = np.mean(data)
    b = b0 + 0.5 * (scatter(data, xbar) + lam0 * n * (xbar - mu0) ** 2 / kappa)
    return (lam0 * mu0 + np.sum(data)) / kappa, kappa, a0 + n / 2, b


def scatter(data, xbar):
    """Σ (x_i − x̄)², summed from the differences to the mean x̄."""
    return np.sum((data - xbar) ** 2)


def evidence_gamma_terms(a, a0):
    """ln Γ(a_N) − ln Γ(a0), the Normal-Gamma evidence's Gamma-function terms."""
    return gammaln(a) - gammaln(a0)


def ng_log_evidence(data, mu0, lam0, a0, b0):
    """ln p(data) of the Normal-Gamma model."""
    _, kappa, a, b = ng_exact(data, mu0, lam0, a0, b0)
    gamma_terms = evidence_gamma_terms(a, a0)
    return gamma_terms + a0 * np.log(b0) - a * np.log(b) + 0.5 * np.log(lam0 / kappa) - 0.5 * len(data) * log_2pi()


def ng_optimum(x):
    data, mu0, lam0, a0, b0, shift = _prior(x)
    mean, kappa, a_exact, b_exact = ng_exact(data, mu0, lam0, a0, b0)
    # Iterate CAVI to its fixed point (a contraction), then report it.
    q = [0.0, 1.0, 1.0, 1.0]
    for _ in range(200):
        q = _ng_update(data, mu0, lam0, a0, b0, _ng_update(data, mu0, lam0, a0, b0, q, 0), 1)
    m, lam, a, b = q
    out = {"meanFieldFactors": reals_out(np.array([m + shift, lam, a, b])),
           "exactPosterior": reals_out(np.array([mean + shift, kappa, a_exact, b_exact])),
           "expectedTau": real_out(e_tau(a, b)), "meanFieldVarianceOfMu": real_out(1.0 / lam)}
    if a_exact > 1:
        out["exactVarianceOfMu"] = real_out(b_exact / ((a_exact - 1) * kappa))
    out["elboAtOptimum"] = real_out(_ng_elbo(data, mu0, lam0, a0, b0, m, lam, a, b))
    out["logEvidence"] = real_out(ng_log_evidence(data, mu0, lam0, a0, b0))
    return out


def gamma_expectations(x):
    a, b = x["shape"], x["rate"]
    return {"expectedTau": real_out(e_tau(a, b)), "expectedLogTau": real_out(e_log_tau(a, b)),
            "entropy": real_out(gamma_entropy(a, b))}


# ---------------------------------------------------------------- Bayesian GMM (1-D, known variance)

def expected_square_distances(x, m, v):
    """E_q[(x_n − μ_k)²] = (x_n − m_k)² + v_k, as an [n, K] array."""
    return (x[:, None] - m[None, :]) ** 2 + v[None, :]


def log_responsibilities(r):
    """ln r with ln 0 taken as 0, so that 0 · ln 0 = 0 in the entropy."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(r > 0, np.log(np.where(r > 0, r, 1.0)), 0.0)


def normalised_exp(logits):
    """Rows of exp(logits) normalised to sum 1, max-shifted first so that no exp overflows."""
    logits = logits - logits.max(axis=1, keepdims=True)
    r = np.exp(logits)
    with np.errstate(invalid="ignore"):
        r /= r.sum(axis=1, keepdims=True)
    return r


def _bgmm_elbo(x, sigma2, a0, m0, s02, r, alpha, m, v):
    elp = e_log_pi(alpha)
    sq = expected_square_distances(x, m, v)
    log_r = log_responsibilities(r)
    K = len(alpha)
    with np.errstate(invalid="ignore"):
        total = np.sum(r * (-0.5 * (log_2pi() + np.log(sigma2)) - sq / (2 * sigma2) + elp[None, :] - log_r))
    total += log_gamma(K * a0) - K * log_gamma(a0) - log_gamma(np.sum(alpha))
    total += np.sum((a0 - alpha) * elp + log_gamma(alpha))
    total += np.sum(-0.5 * (log_2pi() + np.log(s02)) - ((m - m0) ** 2 + v) / (2 * s02) + 0.5 * (1 + log_2pi() + np.log(v)))
    return total


def log_gamma(x):
    """ln Γ(x) of the Dirichlet terms by gammaln: Γ itself overflows beyond x ≈ 171.6 (Σα ≈ N)."""
    return gammaln(x)


def e_log_pi(alpha):
    """E[ln π_k] = ψ(α_k) − ψ(Σ α) under Dirichlet(α)."""
    return digamma(alpha) - digamma(np.sum(alpha))


def bayesian_gmm(x):
    """CAVI about the origin m0 (location_shift): the model is shift-invariant but for the location of the
    means, and data at 1e8 with spread 1 keep every squared distance O(1) once m0 is subtracted (exactly,
    by Sterbenz's lemma, for data within a factor 2 of m0); the final means are shifted back."""
    K, sigma2, a0, m0, s02 = x["componentCount"], x["componentVariance"], x["concentration"], x["priorMean"], x["priorVariance"]
    shift = location_shift(m0)
    data = np.asarray(x["data"], dtype=real_type()) - shift
    m0 = m0 - shift
    r = np.full((len(data), K), 1.0 / K, dtype=real_type())
    alpha, v = np.ones(K, dtype=real_type()), np.ones(K, dtype=real_type())
    m = np.asarray(x["initialMeans"], dtype=real_type()) - shift
    elbo = [_bgmm_elbo(data, sigma2, a0, m0, s02, r, alpha, m, v)]
    for _ in range(x["sweeps"]):
        sq = expected_square_distances(data, m, v)
        r = normalised_exp(e_log_pi(alpha)[None, :] - sq / (2 * sigma2))
        elbo.append(_bgmm_elbo(data, sigma2, a0, m0, s02, r, alpha, m, v))
        alpha = a0 + r.sum(axis=0)
        elbo.append(_bgmm_elbo(data, sigma2, a0, m0, s02, r, alpha, m, v))
        nk = r.sum(axis=0)
        prec = 1 / s02 + nk / sigma2
        v = 1 / prec
        m = (m0 / s02 + (r * data[:, None]).sum(axis=0) / sigma2) / prec
        elbo.append(_bgmm_elbo(data, sigma2, a0, m0, s02, r, alpha, m, v))
    return {"elbo": reals_out(np.array(elbo)), "means": reals_out(m + shift), "variances": reals_out(v),
            "concentrations": reals_out(alpha)}


# ---------------------------------------------------------------- type-II maximum likelihood

def evidence_curve(x):
    data, mu0, lam0, a0, b0, _ = _prior(x)
    curve = [ng_log_evidence(data, mu0, lam0, a0, g) for g in x["b0Grid"]]
    _, _, a_n, b_n = ng_exact(data, mu0, lam0, a0, b0)
    s = 2 * (b_n - b0)
    iterates, b = [], b0
    for _ in range(x["iterations"]):
        _, _, a_n, b_n = ng_exact(data, mu0, lam0, a0, b)
        b = a0 * b_n / a_n
        iterates.append(b)
    return {"logEvidence": reals_out(np.array(curve)), "optimalPriorRate": real_out(a0 * s / len(data)),
            "priorRateIterates": reals_out(np.array(iterates))}


def _posterior(A, y, alpha, beta):
    p = A.shape[1]
    lam = alpha * np.eye(p, dtype=A.dtype) + beta * A.T @ A
    cho = np.linalg.cholesky(lam)
    mean = beta * np.linalg.solve(lam, A.T @ y)
    cov = np.linalg.inv(lam)
    return lam, cho, mean, cov


def effective_parameters(p, alpha, cov):
    """MacKay's γ = p − α tr(Λ⁻¹), the number of well-determined parameters."""
    return p - alpha * np.trace(cov)


def residual_sum_of_squares(A, y, mean):
    """‖y − A μ_N‖², summed from the residuals."""
    return np.sum((y - A @ mean) ** 2)


def mackay_log_evidence(A, y, alpha, beta):
    """ln p(y | α, β) from the p × p posterior precision Λ_N = αI + βAᵀA (its Cholesky factor)."""
    n, p = A.shape
    _, cho, mean, _ = _posterior(A, y, alpha, beta)
    rss = residual_sum_of_squares(A, y, mean)
    return (0.5 * p * np.log(alpha) + 0.5 * n * np.log(beta) - 0.5 * beta * rss - 0.5 * alpha * (mean @ mean)
            - np.sum(np.log(np.diag(cho))) - 0.5 * n * log_2pi())


def mackay(x):
    xs, y = x["x"], x["y"]
    A = np.stack([np.ones_like(xs), xs, xs * xs], axis=1)
    n, p = A.shape
    alpha, beta = x["alpha0"], x["beta0"]
    alphas, betas = [], []
    for _ in range(x["iterations"]):
        _, _, mean, cov = _posterior(A, y, alpha, beta)
        gamma = effective_parameters(p, alpha, cov)
        rss = residual_sum_of_squares(A, y, mean)
        alpha, beta = gamma / (mean @ mean), (n - gamma) / rss
        alphas.append(alpha)
        betas.append(beta)
    log_ev = mackay_log_evidence(A, y, alpha, beta)
    return {"alpha": reals_out(np.array(alphas)), "beta": reals_out(np.array(betas)), "logEvidenceAtLast": real_out(log_ev)}


GROUPS = {
    ("correlated-gaussian", "cavi-trace"): gaussian_trace,
    ("correlated-gaussian", "optimum"): gaussian_optimum,
    ("correlated-gaussian", "invalid"): gaussian_optimum,
    ("normal-gamma", "cavi-trace"): ng_trace,
    ("normal-gamma", "optimum"): ng_optimum,
    ("normal-gamma", "gamma-expectations"): gamma_expectations,
    ("normal-gamma", "invalid"): ng_optimum,
}


def compute(group_id, inputs):
    if group_id == "normal-gamma-evidence-curve":
        return evidence_curve(inputs)
    if group_id == "mackay":
        return mackay(inputs)
    if "componentCount" in inputs:
        return bayesian_gmm(inputs)
    if "precision" in inputs:
        variant = "correlated-gaussian"
    else:
        variant = "normal-gamma"
    return GROUPS[(variant, group_id)](inputs)
