"""Mean-field VI, written from the conventions in Fixtures/mean-field/*.json
(Proofs/10-mean-field.md, Proofs/11-type-ii-ml.md) with NumPy and SciPy only.

Mutants (LATENT_ORACLE_MUTANT) reproduce one bug class each, to prove the fixture catches it.
"""
import numpy as np
from scipy.special import digamma, gamma, gammaln

from fixture_io import ConsumerError, mutant, real_out, reals_out

MUTANTS = {
    "precision-vs-variance", "kl-direction", "jacobi-vs-gauss-seidel",
    "expectation-of-log-vs-log-of-expectation", "digamma-vs-log", "gamma-rate-vs-scale",
    "mean-field-validation", "effective-parameters", "evidence-gamma-terms",
    "one-pass-sufficient-statistics", "responsibilities-no-max-shift", "entropy-of-zero-responsibility",
    "log-det-via-det", "lgamma-via-log-gamma",
}

LOG_2PI = np.log(2 * np.pi)


# ---------------------------------------------------------------- correlated Gaussian target

def _check_precision(lam):
    if mutant() == "mean-field-validation":
        return
    try:
        np.linalg.cholesky(lam)
    except np.linalg.LinAlgError:
        raise ConsumerError("not-positive-definite")


def _factor_precisions(lam):
    if mutant() == "precision-vs-variance":
        return 1.0 / np.diag(np.linalg.inv(lam))   # 1/Σjj: the marginal, not the conditional
    return np.diag(lam).copy()


def _gaussian_kl_qp(mu, lam, m, l):
    """KL(q || p), q = prod N(m_j, 1/l_j), p = N(mu, lam^-1)."""
    r = m - mu
    if mutant() == "log-det-via-det":
        with np.errstate(all="ignore"):
            logdet = np.log(np.linalg.det(lam))
    else:
        _, logdet = np.linalg.slogdet(lam)
    return 0.5 * (np.sum(np.diag(lam) / l) + r @ lam @ r - len(mu) - logdet + np.sum(np.log(l)))


def _gaussian_kl_pq(mu, lam, m, l):
    """KL(p || q) (the wrong direction, for the mutant)."""
    sigma = np.linalg.inv(lam)
    r = m - mu
    _, logdet = np.linalg.slogdet(lam)
    return 0.5 * (np.sum(l * np.diag(sigma)) + np.sum(l * r * r) - len(mu) - np.sum(np.log(l)) + logdet)


def gaussian_trace(x):
    mu, lam = x["mean"], x["precision"]
    _check_precision(lam)
    m, l = x["initialMeans"].copy(), x["initialPrecisions"].copy()
    d = len(mu)
    means, precs, elbo = [m.copy()], [l.copy()], [-_gaussian_kl_qp(mu, lam, m, l)]
    target_prec = _factor_precisions(lam)
    for _ in range(x["sweeps"]):
        old = m.copy()
        for j in range(d):
            src = old if mutant() == "jacobi-vs-gauss-seidel" else m
            s = sum(lam[j, k] * (src[k] - mu[k]) for k in range(d) if k != j)
            m[j] = mu[j] - s / lam[j, j]
            l[j] = target_prec[j]
            means.append(m.copy())
            precs.append(l.copy())
            elbo.append(-_gaussian_kl_qp(mu, lam, m, l))
    return {"means": reals_out(np.array(means)), "precisions": reals_out(np.array(precs)), "elbo": reals_out(np.array(elbo))}


def gaussian_optimum(x):
    mu, lam = x["mean"], x["precision"]
    _check_precision(lam)
    l = _factor_precisions(lam)
    kl = _gaussian_kl_pq(mu, lam, mu, l) if mutant() == "kl-direction" else _gaussian_kl_qp(mu, lam, mu, l)
    return {"means": reals_out(mu), "precisions": reals_out(l), "meanFieldVariances": reals_out(1.0 / l),
            "trueVariances": reals_out(np.diag(np.linalg.inv(lam))), "klQP": real_out(kl)}


# ---------------------------------------------------------------- Normal-Gamma

def _e_tau(a, b):
    return a * b if mutant() == "gamma-rate-vs-scale" else a / b


def _e_log_tau(a, b):
    if mutant() == "digamma-vs-log":
        return np.log(a) - np.log(b)
    if mutant() == "gamma-rate-vs-scale":
        return digamma(a) + np.log(b)
    return digamma(a) - np.log(b)


def _gamma_entropy(a, b):
    log_b = -np.log(b) if mutant() == "gamma-rate-vs-scale" else np.log(b)
    if mutant() == "lgamma-via-log-gamma":
        with np.errstate(all="ignore"):
            return a - log_b + np.log(gamma(a)) + (1 - a) * digamma(a)
    return a - log_b + gammaln(a) + (1 - a) * digamma(a)


def _prior(x):
    """(data - shift, mu0 - shift, lam0, a0, b0, shift): the model is shift-invariant except for the
    location of mu, and data at 1e8 with spread 1 keep every sum O(1) once mu0 is subtracted (exactly,
    by Sterbenz's lemma, for data within a factor 2 of mu0)."""
    data, mu0, lam0, a0, b0 = x["data"], x["mu0"], x["lambda0"], x["a0"], x["b0"]
    if mutant() != "mean-field-validation":
        if len(data) == 0:
            raise ConsumerError("empty-data")
        if not (lam0 > 0 and a0 > 0 and b0 > 0):
            raise ConsumerError("improper-prior")
    shift = 0.0 if mutant() == "one-pass-sufficient-statistics" else mu0
    return np.asarray(data, dtype=np.float64) - shift, mu0 - shift, lam0, a0, b0, shift


def _expected_squares(data, mu0, lam0, m, lam):
    if mutant() == "one-pass-sufficient-statistics":
        s = np.sum(data * data) - 2 * m * np.sum(data) + len(data) * m * m + lam0 * (m - mu0) ** 2
    else:
        s = np.sum((data - m) ** 2) + lam0 * (m - mu0) ** 2
    if mutant() == "expectation-of-log-vs-log-of-expectation":
        return s
    return s + (len(data) + lam0) / lam


def _ng_elbo(data, mu0, lam0, a0, b0, m, lam, a, b):
    n = len(data)
    e_tau, e_log_tau = _e_tau(a, b), _e_log_tau(a, b)
    lik = 0.5 * (n + 1) * (e_log_tau - LOG_2PI) + 0.5 * np.log(lam0) - 0.5 * e_tau * _expected_squares(data, mu0, lam0, m, lam)
    tau_prior = a0 * np.log(b0) - gammaln(a0) + (a0 - 1) * e_log_tau - b0 * e_tau
    mu_entropy = 0.5 * (1 + LOG_2PI - np.log(lam))
    return lik + tau_prior + mu_entropy + _gamma_entropy(a, b)


def _ng_update(data, mu0, lam0, a0, b0, q, j):
    m, lam, a, b = q
    n = len(data)
    if j == 0:
        m = (lam0 * mu0 + np.sum(data)) / (lam0 + n)
        lam = (lam0 + n) * _e_tau(a, b)
    else:
        a = a0 + (n + 1) / 2
        b = b0 + 0.5 * _expected_squares(data, mu0, lam0, m, lam)
        if mutant() == "gamma-rate-vs-scale":
            b = 1.0 / b
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
    scatter = np.sum(data * data) - n * xbar * xbar if mutant() == "one-pass-sufficient-statistics" \
        else np.sum((data - xbar) ** 2)
    b = b0 + 0.5 * (scatter + lam0 * n * (xbar - mu0) ** 2 / kappa)
    return (lam0 * mu0 + np.sum(data)) / kappa, kappa, a0 + n / 2, b


def ng_log_evidence(data, mu0, lam0, a0, b0):
    _, kappa, a, b = ng_exact(data, mu0, lam0, a0, b0)
    gamma_terms = 0.0 if mutant() == "evidence-gamma-terms" else gammaln(a) - gammaln(a0)
    if mutant() == "gamma-rate-vs-scale":
        return gamma_terms - a0 * np.log(b0) + a * np.log(b) + 0.5 * np.log(lam0 / kappa) - 0.5 * len(data) * LOG_2PI
    return gamma_terms + a0 * np.log(b0) - a * np.log(b) + 0.5 * np.log(lam0 / kappa) - 0.5 * len(data) * LOG_2PI


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
           "expectedTau": real_out(_e_tau(a, b)), "meanFieldVarianceOfMu": real_out(1.0 / lam)}
    if a_exact > 1:
        out["exactVarianceOfMu"] = real_out(b_exact / ((a_exact - 1) * kappa))
    out["elboAtOptimum"] = real_out(_ng_elbo(data, mu0, lam0, a0, b0, m, lam, a, b))
    out["logEvidence"] = real_out(ng_log_evidence(data, mu0, lam0, a0, b0))
    return out


def gamma_expectations(x):
    a, b = x["shape"], x["rate"]
    return {"expectedTau": real_out(_e_tau(a, b)), "expectedLogTau": real_out(_e_log_tau(a, b)),
            "entropy": real_out(_gamma_entropy(a, b))}


# ---------------------------------------------------------------- Bayesian GMM (1-D, known variance)

def _bgmm_elbo(x, sigma2, a0, m0, s02, r, alpha, m, v):
    e_log_pi = _e_log_pi(alpha)
    sq = (x[:, None] - m[None, :]) ** 2 + (0.0 if mutant() == "expectation-of-log-vs-log-of-expectation" else v[None, :])
    with np.errstate(divide="ignore", invalid="ignore"):
        if mutant() == "entropy-of-zero-responsibility":
            log_r = np.log(r)
        else:
            log_r = np.where(r > 0, np.log(np.where(r > 0, r, 1.0)), 0.0)
    K = len(alpha)
    with np.errstate(invalid="ignore"):
        total = np.sum(r * (-0.5 * (LOG_2PI + np.log(sigma2)) - sq / (2 * sigma2) + e_log_pi[None, :] - log_r))
    total += gammaln(K * a0) - K * gammaln(a0) - gammaln(np.sum(alpha))
    total += np.sum((a0 - alpha) * e_log_pi + gammaln(alpha))
    total += np.sum(-0.5 * (LOG_2PI + np.log(s02)) - ((m - m0) ** 2 + v) / (2 * s02) + 0.5 * (1 + LOG_2PI + np.log(v)))
    return total


def _e_log_pi(alpha):
    if mutant() == "digamma-vs-log":
        return np.log(alpha) - np.log(np.sum(alpha))
    return digamma(alpha) - digamma(np.sum(alpha))


def bayesian_gmm(x):
    data = np.asarray(x["data"], dtype=np.float64)
    K, sigma2, a0, m0, s02 = x["componentCount"], x["componentVariance"], x["concentration"], x["priorMean"], x["priorVariance"]
    r = np.full((len(data), K), 1.0 / K)
    alpha, m, v = np.ones(K), np.asarray(x["initialMeans"], dtype=np.float64).copy(), np.ones(K)
    elbo = [_bgmm_elbo(data, sigma2, a0, m0, s02, r, alpha, m, v)]
    for _ in range(x["sweeps"]):
        sq = (data[:, None] - m[None, :]) ** 2 + (0.0 if mutant() == "expectation-of-log-vs-log-of-expectation" else v[None, :])
        logits = _e_log_pi(alpha)[None, :] - sq / (2 * sigma2)
        if mutant() != "responsibilities-no-max-shift":
            logits -= logits.max(axis=1, keepdims=True)
        r = np.exp(logits)
        with np.errstate(invalid="ignore"):
            r /= r.sum(axis=1, keepdims=True)
        elbo.append(_bgmm_elbo(data, sigma2, a0, m0, s02, r, alpha, m, v))
        alpha = a0 + r.sum(axis=0)
        elbo.append(_bgmm_elbo(data, sigma2, a0, m0, s02, r, alpha, m, v))
        nk = r.sum(axis=0)
        prec = 1 / s02 + nk / sigma2
        v = 1 / prec
        m = (m0 / s02 + (r * data[:, None]).sum(axis=0) / sigma2) / prec
        elbo.append(_bgmm_elbo(data, sigma2, a0, m0, s02, r, alpha, m, v))
    return {"elbo": reals_out(np.array(elbo)), "means": reals_out(m), "variances": reals_out(v), "concentrations": reals_out(alpha)}


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
    lam = alpha * np.eye(p) + beta * A.T @ A
    cho = np.linalg.cholesky(lam)
    mean = beta * np.linalg.solve(lam, A.T @ y)
    cov = np.linalg.inv(lam)
    return lam, cho, mean, cov


def mackay(x):
    xs, y = x["x"], x["y"]
    A = np.stack([np.ones_like(xs), xs, xs * xs], axis=1)
    n, p = A.shape
    alpha, beta = x["alpha0"], x["beta0"]
    alphas, betas = [], []
    for _ in range(x["iterations"]):
        _, _, mean, cov = _posterior(A, y, alpha, beta)
        gamma = p if mutant() == "effective-parameters" else p - alpha * np.trace(cov)
        rss = np.sum((y - A @ mean) ** 2)
        alpha, beta = gamma / (mean @ mean), (n - gamma) / rss
        alphas.append(alpha)
        betas.append(beta)
    lam, cho, mean, _ = _posterior(A, y, alpha, beta)
    rss = np.sum((y - A @ mean) ** 2)
    log_ev = (0.5 * p * np.log(alpha) + 0.5 * n * np.log(beta) - 0.5 * beta * rss - 0.5 * alpha * (mean @ mean)
              - np.sum(np.log(np.diag(cho))) - 0.5 * n * LOG_2PI)
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
    try:
        return GROUPS[(variant, group_id)](inputs)
    except (np.linalg.LinAlgError, ValueError, ZeroDivisionError):
        if mutant() == "mean-field-validation":
            return {"value": "NaN"}   # the unvalidated input broke the computation: no refusal
        raise
