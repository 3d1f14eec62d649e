"""The VAE family (Fixtures/vae/networks.json, Proofs/09-vae.md) in NumPy: MLP forward and
hand-written backward passes, the single-sample ELBO with the analytical KL, IWAE, the linear
VAE's PPCA marginal, SGD/Adam training. Mutants (LATENT_ORACLE_MUTANT) reproduce one bug each.
"""
import math

import numpy as np

from fixture_io import ConsumerError, mutant, real_out, reals_out

MUTANTS = {
    "kl-term-sign", "reparam-detached", "log-sigma-chain-rule", "iwae-missing-log-k", "ppca-covariance",
    "adam-bias-correction", "shape-validation", "non-finite-weights", "empty-input",
    "bernoulli-log-of-sigmoid", "clipped-log-probabilities", "softplus-without-log1p",
    "sigmoid-complement-cancellation", "iwae-no-max-shift", "kl-log-of-variance", "iwae-log-q-from-z",
    "log-of-density", "bernoulli-logit-cancellation",
}


def act(name, a):
    return np.tanh(a) if name == "tanh" else a


def act_grad(name, y):
    return 1.0 - y * y if name == "tanh" else np.ones_like(y)


def network(inp, name):
    layers = []
    for l in range(inp[name + "-layers"]):
        W = np.atleast_2d(np.asarray(inp["%s-W%d" % (name, l)], dtype=np.float64))
        b = np.asarray(inp["%s-b%d" % (name, l)], dtype=np.float64)
        if mutant() != "non-finite-weights" and not (np.all(np.isfinite(W)) and np.all(np.isfinite(b))):
            raise ConsumerError("non-finite-input")
        layers.append([W, b, inp["%s-act%d" % (name, l)]])
    return layers


def check_shapes(enc, dec):
    if mutant() == "shape-validation":
        return
    for net in (enc, dec):
        for i in range(1, len(net)):
            if net[i][0].shape[1] != net[i - 1][0].shape[0]:
                raise ConsumerError("shape-mismatch")
    if enc[-1][0].shape[0] != 2 * dec[0][0].shape[1] or dec[-1][0].shape[0] != enc[0][0].shape[1]:
        raise ConsumerError("shape-mismatch")


def forward(net, x):
    acts = [x]
    for W, b, a in net:
        k = min(W.shape[1], acts[-1].size)          # only a shape-validation mutant sees k < cols
        acts.append(act(a, W[:, :k] @ acts[-1][:k] + b))
    return acts


def backward(net, acts, g):
    grads = []
    for i in range(len(net) - 1, -1, -1):
        W, b, a = net[i]
        delta = g * act_grad(a, acts[i + 1])
        grads.append((np.outer(delta, acts[i]), delta))
        g = W.T @ delta
    return g, grads[::-1]


def sigmoid(a):
    """sigmoid(a) without overflow: 1/(1 + e^-a) for a >= 0, e^a/(1 + e^a) for a < 0."""
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def softplus(a):
    """ln(1 + e^a) without overflow or loss: max(a, 0) + log1p(e^-|a|)."""
    return np.maximum(a, 0) + np.log1p(np.exp(-np.abs(a)))


def loglik(inp, x, a):
    if inp["likelihood"] == "gaussian":
        s2 = inp["s2"]
        r = x - a
        if mutant() == "log-of-density":
            with np.errstate(all="ignore"):
                density = np.prod(np.exp(-r * r / (2 * s2)) / np.sqrt(2 * math.pi * s2))
                return float(np.log(density)), r / s2
        return -0.5 * (x.size * math.log(2 * math.pi * s2) + r @ r / s2), r / s2
    with np.errstate(all="ignore"):
        if mutant() in ("bernoulli-log-of-sigmoid", "clipped-log-probabilities"):
            p = 1.0 / (1.0 + np.exp(-a))
            if mutant() == "clipped-log-probabilities":
                p = np.clip(p, 1e-7, 1 - 1e-7)
            value = float(np.sum(x * np.log(p) + (1 - x) * np.log(1 - p)))
        elif mutant() == "softplus-without-log1p":
            value = float(np.sum(x * a - np.log(1.0 + np.exp(a))))
        elif mutant() == "bernoulli-logit-cancellation":
            value = float(np.sum(x * a - (np.maximum(a, 0) + np.log1p(np.exp(-np.abs(a))))))
        else:
            # x a - softplus(a) = -(x softplus(-a) + (1 - x) softplus(a)): no difference of two ~|a| numbers
            value = -float(np.sum(x * softplus(-a) + (1 - x) * softplus(a)))
        if mutant() == "sigmoid-complement-cancellation":
            return value, x - 1.0 / (1.0 + np.exp(-a))
    # x - sigmoid(a) for binary x: x sigmoid(-a) - (1 - x) sigmoid(a), no difference of near-equal numbers
    return value, x * sigmoid(-a) - (1 - x) * sigmoid(a)


def elbo_and_grad(inp, enc, dec, x, eps):
    d = eps.size
    ea = forward(enc, x)
    mu, rho = ea[-1][:d], ea[-1][d:]
    sigma = np.exp(rho)
    z = mu + sigma * eps
    da = forward(dec, z)
    rec, ga = loglik(inp, x, da[-1])
    with np.errstate(all="ignore"):
        log_var = np.log(sigma ** 2) if mutant() == "kl-log-of-variance" else 2.0 * rho
    kl = float(np.sum(0.5 * (sigma ** 2 + mu ** 2 - 1.0 - log_var)))
    elbo = rec + kl if mutant() == "kl-term-sign" else rec - kl
    gz, dgrads = backward(dec, da, ga)
    if mutant() == "reparam-detached":
        gz = np.zeros_like(gz)
    ksign = -1.0 if mutant() == "kl-term-sign" else 1.0
    g_mu = gz - ksign * mu
    path = eps if mutant() == "log-sigma-chain-rule" else eps * sigma
    g_rho = gz * path - ksign * (sigma ** 2 - 1.0)
    _, egrads = backward(enc, ea, np.concatenate([g_mu, g_rho]))
    flat = np.concatenate([np.concatenate([gw.ravel(), gb]) for gw, gb in egrads + dgrads])
    return rec, kl, elbo, flat


def log_weight(inp, enc, dec, x, eps):
    d = eps.size
    ea = forward(enc, x)
    mu, rho = ea[-1][:d], ea[-1][d:]
    sigma = np.exp(rho)
    z = mu + sigma * eps
    rec, _ = loglik(inp, x, forward(dec, z)[-1])
    log_prior = -0.5 * np.sum(math.log(2 * math.pi) + z * z)
    if mutant() == "iwae-log-q-from-z":
        u = (z - mu) / sigma
        log_q = -0.5 * np.sum(math.log(2 * math.pi) + u * u) - np.sum(rho)
    else:
        log_q = -0.5 * np.sum(math.log(2 * math.pi) + eps * eps) - np.sum(rho)
    return rec + log_prior - log_q


def iwae(inp, enc, dec, x, epss):
    if mutant() != "empty-input" and len(epss) == 0:
        raise ConsumerError("empty")
    if len(epss) == 0:
        return 0.0
    lw = np.array([log_weight(inp, enc, dec, x, e) for e in epss])
    if mutant() == "iwae-no-max-shift":
        with np.errstate(all="ignore"):
            total = float(np.log(np.sum(np.exp(lw))))
    else:
        m = lw.max()
        total = m + math.log(np.sum(np.exp(lw - m)))
    return total if mutant() == "iwae-missing-log-k" else total - math.log(len(epss))


def params(net):
    return np.concatenate([np.concatenate([W.ravel(), b]) for W, b, _ in net])


def set_params(net, theta, start=0):
    for layer in net:
        W, b = layer[0], layer[1]
        layer[0] = theta[start:start + W.size].reshape(W.shape)
        start += W.size
        layer[1] = theta[start:start + b.size].copy()
        start += b.size
    return start


def compute(group, inp):
    try:
        return _compute(group, inp)
    except (ValueError, IndexError, np.linalg.LinAlgError):
        if not mutant():
            raise
        return {}          # a mutant that skipped validation computed garbage: report nothing


def _compute(group, inp):
    enc, dec = network(inp, "encoder"), network(inp, "decoder")
    check_shapes(enc, dec)
    if group == "training" or "data" in inp:
        return train(inp, enc, dec)
    x = np.asarray(inp["x"], dtype=np.float64)
    eps = np.asarray(inp["epsilon"], dtype=np.float64)
    rec, kl, elbo, grad = elbo_and_grad(inp, enc, dec, x, eps)
    if group == "linear":
        W, b = dec[0][0], dec[0][1]
        cov = W @ W.T + (1.0 if mutant() == "ppca-covariance" else inp["s2"]) * np.eye(x.size)
        L = np.linalg.cholesky(cov)
        w = np.linalg.solve(L, x - b)
        logp = -0.5 * (x.size * math.log(2 * math.pi) + 2 * np.sum(np.log(np.diag(L))) + w @ w)
        # E elbo = elbo at eps = 0 minus sum_j sigma_j^2 ||W_j||^2 / (2 s2)
        d = eps.size
        sigma = np.exp(forward(enc, x)[-1][d:])
        _, _, elbo0, _ = elbo_and_grad(inp, enc, dec, x, np.zeros(d))
        expected = elbo0 - np.sum(sigma ** 2 * np.sum(W * W, axis=0)) / (2 * inp["s2"])
        return {"log-marginal": real_out(logp), "expected-elbo": real_out(expected), "elbo": real_out(elbo),
                "gradient": reals_out(grad)}
    epss = np.asarray(inp["iwae-epsilon"], dtype=np.float64).reshape(-1, eps.size)
    return {"reconstruction": real_out(rec), "kl": real_out(kl), "elbo": real_out(elbo),
            "iwae": real_out(iwae(inp, enc, dec, x, epss)), "gradient": reals_out(grad)}


def train(inp, enc, dec):
    data = np.asarray(inp["data"], dtype=np.float64).reshape(-1, 2)
    if mutant() != "empty-input" and data.shape[0] == 0:
        raise ConsumerError("empty")
    if data.shape[0] == 0:
        return {}
    eps = np.asarray(inp["epsilon"], dtype=np.float64)
    theta = np.concatenate([params(enc), params(dec)])
    m = np.zeros_like(theta)
    v = np.zeros_like(theta)
    trace = []
    eta = inp["learning-rate"]
    for t in range(eps.shape[0]):
        g = np.zeros_like(theta)
        total = 0.0
        for n, x in enumerate(data):
            _, _, elbo, grad = elbo_and_grad(inp, enc, dec, x, eps[t, n])
            total += elbo
            g += grad
        g /= data.shape[0]
        trace.append(total / data.shape[0])
        if inp["optimizer"] == "sgd":
            theta = theta + eta * g
        else:
            b1, b2, ae = inp["beta1"], inp["beta2"], inp["adam-epsilon"]
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            if mutant() == "adam-bias-correction":
                mh, vh = m, v
            else:
                mh, vh = m / (1 - b1 ** (t + 1)), v / (1 - b2 ** (t + 1))
            theta = theta + eta * mh / (np.sqrt(vh) + ae)
        k = set_params(enc, theta)
        set_params(dec, theta, k)
    return {"mean-elbo": reals_out(np.array(trace)), "final-parameters": reals_out(theta)}
