"""Gradient estimators for q = N(mu, sigma^2), written from the conventions of
Fixtures/gradient-estimators/gaussian.json (Proofs/08-gradient-estimators.md).

Independent of the oracle's closed forms: every expectation is a Gauss-Hermite quadrature over
eps ~ N(0, 1) of the estimator evaluated directly with NumPy, and per-sample estimates use the
written-out eps draws. In a float32 run (run.py --precision float32) every real is float32: the
inputs rounded to float32, the Gauss-Hermite nodes and weights rounded once to float32, NumPy in
float32 (dot products, np.var). The bug classes the fixture flags are reproduced apart, in
scripts/mutants.d/gradient_estimators.py, by overriding the small functions below.
"""
import math

import numpy as np
from numpy.polynomial.hermite_e import hermegauss

from fixture_io import ConsumerError, float32, precision, real, real_out, real_type, reals_out

FLOAT32 = True

# Probabilists' Gauss-Hermite rule: sum w_i g(x_i) / sqrt(2 pi) = E[g(eps)]. 160 nodes, as the fixture's
# tolerance reasons state: exp(-x^2/2) at sigma = 2 needs at least 130 (100 nodes miss by 3e-7 relative).
_NODES, _WEIGHTS = hermegauss(160)
_WEIGHTS = _WEIGHTS / math.sqrt(2.0 * math.pi)


def nodes():
    """The quadrature nodes in this run's precision."""
    return _NODES.astype(np.float32) if float32() else _NODES


def expect(values):
    if float32():
        return np.dot(_WEIGHTS.astype(np.float32), np.asarray(values, dtype=np.float32))
    return float(np.dot(_WEIGHTS, values))


def test_function(inp):
    """(f, f') as NumPy functions of x."""
    name = inp["function"]
    if name == "squared-distance":
        k = inp["k"]
        return (lambda x: (x - k) ** 2), (lambda x: 2.0 * (x - k))
    if name == "gaussian-bump":
        k = inp["k"]
        return (lambda x: np.exp(-k * x * x)), (lambda x: -2.0 * k * x * np.exp(-k * x * x))
    if name == "cosine":
        k = inp["k"]
        return (lambda x: np.cos(k * x)), (lambda x: -k * np.sin(k * x))
    if name == "gaussian-log-likelihood":
        y, w, b, s2 = inp["y"], inp["w"], inp["b"], inp["s2"]
        log_norm = np.log(real(2.0 * math.pi) * s2) if float32() else math.log(2.0 * math.pi * s2)
        return ((lambda z: -0.5 * log_norm - (y - b - w * z) ** 2 / (2.0 * s2)),
                (lambda z: w * (y - b - w * z) / s2))
    raise ValueError("unknown test function %r" % name)


def scores(eps, sigma):
    """[d/dmu, d/dsigma, d/drho] ln q as functions of eps."""
    s_mu = eps / sigma
    s_sigma = (eps * eps - 1.0) / sigma
    s_rho = s_sigma * sigma
    return [s_mu, s_sigma, s_rho]


def sample_scores(x, mu, eps, sigma):
    """The scores at the draw x = mu + sigma eps, from eps itself (x − mu would cancel)."""
    return scores(eps, sigma)


def path_derivatives(eps, sigma):
    """[dx/dmu, dx/dsigma, dx/drho] of x = mu + sigma eps, rho = ln sigma."""
    return [np.ones_like(eps), eps, sigma * eps]


def applied_baseline(b):
    """The baseline a score-function estimator subtracts from f: b itself."""
    return b


def deviation(g, m):
    """g − m: the deviations a variance squares, about the mean m."""
    return g - m


def estimates(inp, eps, baselines):
    """{name: [3 arrays]} of the four estimators at the draws eps."""
    f, fp = test_function(inp)
    mu, sigma = inp["mean"], inp["sigma"]
    x = mu + sigma * eps
    fx, fpx = f(x), fp(x)
    s = sample_scores(x, mu, eps, sigma)
    dx = path_derivatives(eps, sigma)
    const = inp["baseline"]
    return {
        "sf": [fx * s[i] for i in range(3)],
        "sf-baseline": [(fx - applied_baseline(const)) * s[i] for i in range(3)],
        "sf-optimal-baseline": [(fx - applied_baseline(baselines[i])) * s[i] for i in range(3)],
        "pw": [fpx * dx[i] for i in range(3)],
    }


def optimal_baselines(inp):
    f, _ = test_function(inp)
    fx = f(inp["mean"] + inp["sigma"] * nodes())
    s = scores(nodes(), inp["sigma"])
    with np.errstate(all="ignore"):
        if float32():
            return [expect(fx * s[i] ** 2) / expect(s[i] ** 2) for i in range(3)]
        return [float(np.float64(expect(fx * s[i] ** 2)) / np.float64(expect(s[i] ** 2))) for i in range(3)]


def check_finite(mu, sigma):
    if not (math.isfinite(mu) and math.isfinite(sigma)):
        raise ConsumerError("non-finite-input")


def check_sigma(sigma):
    if not sigma > 0:
        raise ConsumerError("not-positive")


def validate(inp):
    mu, sigma = inp["mean"], inp["sigma"]
    check_finite(mu, sigma)
    check_sigma(sigma)


def compute(group, inp):
    if "logits" in inp:
        with np.errstate(all="ignore"):
            return logits(inp)
    if "probabilities" in inp:
        return discrete(inp)
    if group == "diagonal":
        with np.errstate(all="ignore"):
            return diagonal(inp)
    validate(inp)
    with np.errstate(all="ignore"):
        return _compute(group, inp)


def _compute(group, inp):
    baselines = optimal_baselines(inp)
    if group == "per-sample":
        eps = np.asarray(inp["epsilon"], dtype=real_type())
        out = {k: v for k, v in moments(inp, baselines).items() if k == "gradient" or k.startswith("variance-")}
        # Samples first: [S, 3], row i the estimates for [mu, sigma, ln sigma] at eps[i].
        out.update({name: reals_out(np.array(v).T) for name, v in estimates(inp, eps, baselines).items()})
        return out
    if group == "sample-variance":
        eps = np.asarray(inp["epsilon"], dtype=real_type())
        return {"sample-variance-" + name: [real_out(sample_variance(g)) for g in v]
                for name, v in estimates(inp, eps, baselines).items()}
    if group in ("exact-moments", "invalid"):
        return moments(inp, baselines)
    raise ValueError("unknown group %r" % group)


def sample_variance(g):
    """(1/(S - 1)) sum (g_i - mean)^2 in two passes (NumPy's var)."""
    return float(np.var(g, ddof=1))


def gradient_estimates(est):
    """The estimates whose mean is the gradient: the pathwise f'(x) dx/dphi. The score-function mean E[f s]
    sums f(x) s, whose f(mu) E[s] = 0 part cancels: at sigma = 2^-13 it misses grad_sigma E f by up to 8e-8."""
    return est["pw"]


def moments(inp, baselines):
    """Objective, gradient (pathwise), optimal baselines and exact variances by Gauss-Hermite quadrature."""
    f, _ = test_function(inp)
    est = estimates(inp, nodes(), baselines)
    out = {"objective": real_out(expect(f(inp["mean"] + inp["sigma"] * nodes())))}
    out["gradient"] = [real_out(expect(g)) for g in gradient_estimates(est)]
    out["optimal-baseline"] = [real_out(b) for b in baselines]
    for name, values in est.items():
        out["variance-" + name] = [real_out(exact_variance(g)) for g in values]
    return out


def exact_variance(g):
    """E[(g − E g)^2] over the quadrature nodes, centred in two passes: at mu/sigma = kappa the estimates
    carry kappa u of their spread, where E g^2 − (E g)^2 would lose (E g)^2/Var g times u."""
    m = expect(g)
    return expect(deviation(g, m) ** 2)


def tensor_variance(weights, g):
    """E[(g − E g)^2] over the nodes of a tensor rule with these weights, centred in two passes (as
    exact_variance): at mu_i/sigma_i = kappa the pathwise mu_i-estimate holds kappa^2 times its variance in E g^2."""
    m = np.dot(weights, g)
    return np.dot(weights, deviation(g, m) ** 2)


def check_probabilities(pi):
    """Refuses a pi that is empty, non-finite, not positive or off the simplex (|Σ pi − 1| > K·1e-12)."""
    if pi.size == 0 or np.any(~np.isfinite(pi)) or np.any(pi <= 0) or abs(pi.sum() - 1.0) > pi.size * 1e-12:
        raise ConsumerError("invalid-probabilities")


def softmax_score(pi):
    """score[z, j] = d/d eta_j ln pi_z = [z == j] - pi_j."""
    return np.eye(pi.size, dtype=pi.dtype) - pi[None, :]


def sf_objective(fx, total, i):
    """The f whose score-function estimate coordinate i takes: the whole separable f (every coordinate)."""
    return total


def categorical_gradient(pi, f, plain):
    """Σ_z pi_z f(z) (e_z − pi) by enumeration: the score 1 − pi_j is exact, so a pi_j near 1 loses nothing."""
    return (pi[:, None] * plain).sum(axis=0)


def categorical_variance(pi, e):
    """Σ_z pi_z (e[z] − m)² per column, m = Σ_z pi_z e[z]: centred, in two passes."""
    m = (pi[:, None] * e).sum(axis=0)
    return (pi[:, None] * deviation(e, m[None, :]) ** 2).sum(axis=0)


def discrete(inp):
    """Score-function gradients for z ~ Cat(pi), pi = softmax(eta), by enumeration (GE-11, GE-12)."""
    pi = np.asarray(inp["probabilities"], dtype=real_type())
    f = np.asarray(inp["values"], dtype=real_type())
    check_probabilities(pi)
    K = pi.size
    score = softmax_score(pi)
    s2 = (pi[:, None] * score ** 2).sum(axis=0)
    bstar = (pi[:, None] * f[:, None] * score ** 2).sum(axis=0) / s2

    def est(b):
        return (f[:, None] - applied_baseline(b)[None, :]) * score          # [z, j]

    plain = est(np.zeros(K, dtype=pi.dtype))
    gradient = categorical_gradient(pi, f, plain)

    def variance(e):
        return categorical_variance(pi, e)

    z = np.asarray(inp["z"], dtype=int)
    return {
        "objective": real_out(float(np.dot(pi, f))),
        "gradient": reals_out(gradient),
        "optimal-baseline": reals_out(bstar),
        "variance-sf": reals_out(variance(plain)),
        "variance-sf-baseline": reals_out(variance(est(np.full(K, inp["baseline"])))),
        "variance-sf-optimal-baseline": reals_out(variance(est(bstar))),
        "sf": reals_out(plain[z]),
        "sf-optimal-baseline": reals_out(est(bstar)[z]),
    }


def sf_rest(mean, variance):
    """(E R, Var R) of R = Σ_{j≠i} f_j(x_j), the other coordinates' share of coordinate i's f in its
    score-function estimate (independent of eps_i)."""
    return mean, variance


def diagonal_by_coordinates(inp, fns, baselines_out):
    """The moments of GE-13 for d > 3, where a tensor rule over R^d is too large (40^d nodes): coordinate i's
    score-function estimate is (f_i + R − b) s_i with R independent of eps_i, so its variance is the 1-D
    variance of (f_i − (b − E R)) s_i plus Var(R) E[s_i²], each by the 1-D 160-node rule over eps_i."""
    mus, sigmas = np.asarray(inp["mean"], dtype=real_type()), np.asarray(inp["sigma"], dtype=real_type())
    d = len(fns)
    e = nodes()
    fx = [fns[i][0](mus[i] + sigmas[i] * e) for i in range(d)]
    fpx = [fns[i][1](mus[i] + sigmas[i] * e) for i in range(d)]
    means = [expect(v) for v in fx]
    variances = [expect(deviation(v, m) ** 2) for v, m in zip(fx, means)]
    out = {"gradient": [], "optimal-baseline": []}
    for name in ("sf", "sf-baseline", "sf-optimal-baseline", "pw"):
        out["variance-" + name] = []
    for i in range(d):
        rest_mean, rest_variance = sf_rest(sum(means[:i] + means[i + 1:]), sum(variances[:i] + variances[i + 1:]))
        s = scores(e, sigmas[i])
        dx = path_derivatives(e, sigmas[i])
        row = {k: [] for k in ("gradient", "optimal-baseline", "sf", "sf-baseline", "sf-optimal-baseline", "pw")}
        bstar = []
        for p in range(3):
            s2 = expect(s[p] ** 2)
            bstar.append(expect(fx[i] * s[p] ** 2) / s2 + rest_mean)
            row["gradient"].append(expect(gradient_estimates({"sf": fx[i] * s[p], "pw": fpx[i] * dx[p]})))

            def sf_variance(b):
                g = (fx[i] - (applied_baseline(b) - rest_mean)) * s[p]
                return exact_variance(g) + rest_variance * s2
            row["sf"].append(sf_variance(0.0))
            row["sf-baseline"].append(sf_variance(inp["baseline"]))
            row["sf-optimal-baseline"].append(sf_variance(bstar[p]))
            row["pw"].append(exact_variance(fpx[i] * dx[p]))
        baselines_out.append([float(b) for b in bstar])
        out["gradient"].append([real_out(v) for v in row["gradient"]])
        out["optimal-baseline"].append([real_out(b) for b in bstar])
        for name in ("sf", "sf-baseline", "sf-optimal-baseline", "pw"):
            out["variance-" + name].append([real_out(v) for v in row[name]])
    return out


def diagonal(inp):
    """d-dimensional diagonal Gaussian, separable f: tensor Gauss-Hermite over eps in R^d (GE-13); for d > 3
    the same moments coordinate by coordinate (diagonal_by_coordinates)."""
    names, ks = inp["functions"], np.asarray(inp["k"])
    mus, sigmas = np.asarray(inp["mean"]), np.asarray(inp["sigma"])
    d = len(names)
    fns = [test_function({"function": names[i], "k": float(ks[i])}) for i in range(d)]
    if d > 3:
        return diagonal_large(inp, fns, mus, sigmas)
    n1, w1 = hermegauss(40)
    w1 = w1 / math.sqrt(2.0 * math.pi)
    n1, w1 = n1.astype(real_type()), w1.astype(real_type())
    grids = np.meshgrid(*([n1] * d), indexing="ij")
    nodes = np.stack([g.ravel() for g in grids], axis=1)                 # [M, d]
    weights = np.prod(np.meshgrid(*([w1] * d), indexing="ij"), axis=0).ravel()

    def parts(eps):
        x = mus[None, :] + sigmas[None, :] * eps
        fx = np.stack([fns[i][0](x[:, i]) for i in range(d)], axis=1)
        fpx = np.stack([fns[i][1](x[:, i]) for i in range(d)], axis=1)
        return fx, fpx

    def ests(eps, baselines, only_mean=False):
        fx, fpx = parts(eps)
        total = fx.sum(axis=1)
        out = {k: [] for k in ("sf", "sf-baseline", "sf-optimal-baseline", "pw")}
        for i in range(d):
            s = scores(eps[:, i], sigmas[i])
            dx = path_derivatives(eps[:, i], sigmas[i])
            f = sf_objective(fx, total, i)
            params = [0] if only_mean else [0, 1, 2]
            out["sf"].append([f * s[p] for p in params])
            out["sf-baseline"].append([(f - applied_baseline(inp["baseline"])) * s[p] for p in params])
            out["sf-optimal-baseline"].append([(f - applied_baseline(baselines[i][p])) * s[p] for p in params])
            out["pw"].append([fpx[:, i] * dx[p] for p in params])
        return out

    fx, _ = parts(nodes)
    total = fx.sum(axis=1)
    baselines = []
    for i in range(d):
        s = scores(nodes[:, i], sigmas[i])
        baselines.append([float(np.dot(weights, total * s[p] ** 2) / np.dot(weights, s[p] ** 2)) for p in range(3)])
    e = ests(nodes, baselines)
    out = {"gradient": [[real_out(np.dot(weights, g)) for g in row] for row in gradient_estimates(e)],
           "optimal-baseline": [[real_out(b) for b in row] for row in baselines]}
    for name in ("sf", "sf-baseline", "sf-optimal-baseline", "pw"):
        out["variance-" + name] = [[real_out(tensor_variance(weights, g)) for g in row] for row in e[name]]
    eps = np.asarray(inp["epsilon"], dtype=real_type()).reshape(-1, d)
    sample = ests(eps, baselines, only_mean=True)
    for name in ("sf", "sf-baseline", "sf-optimal-baseline", "pw"):
        out[name + "-mean"] = reals_out(np.stack([sample[name][i][0] for i in range(d)], axis=1))
    return out


def shifted(eta):
    """(a, w, r): the first index of max eta, w = e^(eta − max) (w[a] = 1) and r = Σ_{k≠a} w_k."""
    a = int(np.argmax(eta))
    w = np.exp(eta - eta[a])
    return a, w, np.sum(np.delete(w, a))


def log_softmax(eta):
    """(eta − m) − log1p(r): no exp of a logit, and the dominant entry −log1p(r) keeps its digits."""
    a, _, r = shifted(eta)
    return (eta - eta[a]) - np.log1p(r)


def softmax(eta):
    """w / (1 + r), the shifted weights normalised."""
    _, w, r = shifted(eta)
    return w / (1 + r)


def complements(eta, pi):
    """1 − pi_j = (1 + r − w_j) / (1 + r) from the other weights: r for the maximum, 1 + (r − w_j) otherwise."""
    a, w, r = shifted(eta)
    c = (1 + (r - w)) / (1 + r)
    c[a] = r / (1 + r)
    return c


def logit_gradient(pi, c, f):
    """pi_j Σ_{k≠j} pi_k (f_j − f_k): no rounded E f subtracted."""
    return np.array([pi[j] * np.sum(np.delete(pi * (f[j] - f), j)) for j in range(pi.size)], dtype=pi.dtype)


def conditionals(eta):
    """Row j: softmax of eta with category j left out (entry j 0), shifted by the largest remaining logit,
    so that it stays a distribution when 1 − pi_j underflows."""
    K = eta.size
    rows = np.zeros((K, K), dtype=eta.dtype)
    for j in range(K):
        if K == 1:
            continue
        others = np.delete(np.arange(K), j)
        w = np.exp(eta[others] - np.max(eta[others]))
        rows[j, others] = w / np.sum(w)
    return rows


def other_moments(rho, f):
    """(M, V): M_j = E[f | z ≠ j] and V_j = Var[f | z ≠ j] (centred about M_j), per row j of rho."""
    M = rho @ f
    V = np.sum(rho * (f[None, :] - M[:, None]) ** 2, axis=1)
    return M, V


def logit_variances(pi, c, f, b, rho):
    """Var[(f − b_j) s_j] = pi_j c_j (b_j − b*_j)² + pi_j² c_j V_j; b None: the optimal b*, pi_j² c_j V_j alone."""
    M, V = other_moments(rho, f)
    floor = pi * pi * c * V
    if b is None:
        return floor
    bstar = c * f + pi * M
    return pi * c * (b - bstar) ** 2 + floor


def logits(inp):
    """Cat(softmax(eta)) from logits (GE-15, GE-16): ln pi, pi and the score-function moments."""
    eta = np.asarray(inp["logits"], dtype=real_type())
    f = np.asarray(inp["values"], dtype=real_type())
    K = eta.size
    pi = softmax(eta)
    c = complements(eta, pi)
    rho = conditionals(eta)
    M, _ = other_moments(rho, f)
    bstar = c * f + pi * M
    return {
        "log-probabilities": reals_out(log_softmax(eta)),
        "probabilities": reals_out(pi),
        "objective": real_out(np.dot(pi, f)),
        "gradient": reals_out(logit_gradient(pi, c, f)),
        "optimal-baseline": reals_out(bstar),
        "variance-sf": reals_out(logit_variances(pi, c, f, np.zeros(K, dtype=pi.dtype), rho)),
        "variance-sf-baseline": reals_out(logit_variances(pi, c, f, np.full(K, inp["baseline"], dtype=pi.dtype), rho)),
        "variance-sf-optimal-baseline": reals_out(logit_variances(pi, c, f, None, rho)),
    }


def diagonal_large(inp, fns, mus, sigmas):
    """GE-13 for d > 3: the moments by coordinates, the per-sample mu-estimates at the draws from the whole f."""
    d = len(fns)
    baselines = []
    out = diagonal_by_coordinates(inp, fns, baselines)
    eps = np.asarray(inp["epsilon"], dtype=real_type()).reshape(-1, d)
    x = mus[None, :] + sigmas[None, :] * eps
    fx = np.stack([fns[i][0](x[:, i]) for i in range(d)], axis=1)
    fpx = np.stack([fns[i][1](x[:, i]) for i in range(d)], axis=1)
    total = fx.sum(axis=1)
    sample = {k: [] for k in ("sf", "sf-baseline", "sf-optimal-baseline", "pw")}
    for i in range(d):
        s = scores(eps[:, i], sigmas[i])[0]
        f = sf_objective(fx, total, i)
        sample["sf"].append(f * s)
        sample["sf-baseline"].append((f - applied_baseline(inp["baseline"])) * s)
        sample["sf-optimal-baseline"].append((f - applied_baseline(baselines[i][0])) * s)
        sample["pw"].append(fpx[:, i] * path_derivatives(eps[:, i], sigmas[i])[0])
    for name, columns in sample.items():
        out[name + "-mean"] = reals_out(np.stack(columns, axis=1))
    return out
