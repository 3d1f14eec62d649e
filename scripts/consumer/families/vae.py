"""The VAE family (Fixtures/vae/networks.json, Proofs/09-vae.md) in NumPy: MLP forward and
hand-written backward passes, the single-sample ELBO with the analytical KL, IWAE, the linear
VAE's PPCA marginal, SGD/Adam training. In a float32 run (run.py --precision float32) every real is
float32: the inputs rounded to float32, the networks, logarithms, Cholesky factor and optimizer
state in float32. The bug classes the fixture flags are reproduced apart, in
scripts/mutants.d/vae.py, by overriding the small functions below.
"""
import math

import numpy as np

from fixture_io import ConsumerError, precision, real, real_out, real_type, reals_out

FLOAT32 = True


def log(x):
    """ln of a scalar: math.log in float64, NumPy's float32 log in float32."""
    return np.log(real(x)) if precision() == "float32" else math.log(x)


def act(name, a):
    return np.tanh(a) if name == "tanh" else a


def act_grad(name, y):
    return 1.0 - y * y if name == "tanh" else np.ones_like(y)


def check_finite(W, b):
    if not (np.all(np.isfinite(W)) and np.all(np.isfinite(b))):
        raise ConsumerError("non-finite-input")


def network(inp, name):
    layers = []
    for l in range(inp[name + "-layers"]):
        W = np.atleast_2d(np.asarray(inp["%s-W%d" % (name, l)], dtype=real_type()))
        b = np.asarray(inp["%s-b%d" % (name, l)], dtype=real_type())
        check_finite(W, b)
        layers.append([W, b, inp["%s-act%d" % (name, l)]])
    return layers


def check_shapes(enc, dec):
    """Refuses layers whose shapes do not chain, and an encoder/decoder pair that does not fit."""
    for net in (enc, dec):
        for i in range(1, len(net)):
            if net[i][0].shape[1] != net[i - 1][0].shape[0]:
                raise ConsumerError("shape-mismatch")
    if enc[-1][0].shape[0] != 2 * dec[0][0].shape[1] or dec[-1][0].shape[0] != enc[0][0].shape[1]:
        raise ConsumerError("shape-mismatch")


def forward(net, x):
    acts = [x]
    for W, b, a in net:
        acts.append(act(a, W @ acts[-1] + b))
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


def gaussian_loglik(x, a, s2):
    """(ln N(x; a, s2 I), its gradient (x − a)/s2 in a)."""
    r = x - a
    return -0.5 * (x.size * log(real(2 * math.pi) * s2) + r @ r / s2), r / s2


def bernoulli_loglik(x, a):
    """Σ x a − softplus(a) = −Σ (x softplus(−a) + (1 − x) softplus(a)): no difference of two ~|a| numbers."""
    return -real(np.sum(x * softplus(-a) + (1 - x) * softplus(a)))


def bernoulli_score(x, a):
    """x − sigmoid(a) for binary x, as x sigmoid(−a) − (1 − x) sigmoid(a): no difference of near-equal numbers."""
    return x * sigmoid(-a) - (1 - x) * sigmoid(a)


def loglik(inp, x, a):
    """(ln p(x | decoder output a), its gradient in a)."""
    if inp["likelihood"] == "gaussian":
        return gaussian_loglik(x, a, inp["s2"])
    with np.errstate(all="ignore"):
        return bernoulli_loglik(x, a), bernoulli_score(x, a)


def log_variance(sigma, rho):
    """ln σ² = 2ρ, from ρ = ln σ itself."""
    return 2.0 * rho


def elbo_value(rec, kl):
    """ELBO = reconstruction − KL(q(z|x) ‖ p(z))."""
    return rec - kl


def kl_gradient(mu, sigma):
    """(∂KL/∂μ, ∂KL/∂ρ) = (μ, σ² − 1) of the analytical KL, ρ = ln σ."""
    return mu, sigma ** 2 - 1.0


def path_derivative(eps, sigma):
    """∂z/∂ρ = ε σ of z = μ + σ ε, ρ = ln σ."""
    return eps * sigma


def encode(enc, x, eps):
    """The encoder's activations, μ, ρ = ln σ, σ, and z = μ + σ ε (the reparameterisation)."""
    d = eps.size
    ea = forward(enc, x)
    mu, rho = ea[-1][:d], ea[-1][d:]
    sigma = np.exp(rho)
    return ea, mu, rho, sigma, mu + sigma * eps


def elbo_and_grad(inp, enc, dec, x, eps):
    ea, mu, rho, sigma, z = encode(enc, x, eps)
    da = forward(dec, z)
    rec, ga = loglik(inp, x, da[-1])
    kl = real(np.sum(0.5 * (sigma ** 2 + mu ** 2 - 1.0 - log_variance(sigma, rho))))
    elbo = elbo_value(rec, kl)
    gz, dgrads = backward(dec, da, ga)
    kl_mu, kl_rho = kl_gradient(mu, sigma)
    g_mu = gz - kl_mu
    g_rho = gz * path_derivative(eps, sigma) - kl_rho
    _, egrads = backward(enc, ea, np.concatenate([g_mu, g_rho]))
    flat = np.concatenate([np.concatenate([gw.ravel(), gb]) for gw, gb in egrads + dgrads])
    return rec, kl, elbo, flat


def log_weight(inp, enc, dec, x, eps):
    _, mu, rho, sigma, z = encode(enc, x, eps)
    rec, _ = loglik(inp, x, forward(dec, z)[-1])
    log_prior = -0.5 * np.sum(log(2 * math.pi) + z * z)
    return rec + log_prior - log_q(eps, rho, z, mu, sigma)


def log_q(eps, rho, z, mu, sigma):
    """ln q(z|x) at z = μ + σ ε, from ε itself (exact; z − μ would lose ε's low digits)."""
    return -0.5 * np.sum(log(2 * math.pi) + eps * eps) - np.sum(rho)


def log_sum_exp(lw):
    """ln Σ exp(lwᵢ), max-shifted."""
    m = lw.max()
    return m + log(np.sum(np.exp(lw - m)))


def iwae_bound(total, k):
    """ln((1/K) Σ wᵢ) = ln Σ wᵢ − ln K."""
    return total - log(k)


def iwae(inp, enc, dec, x, epss):
    if len(epss) == 0:
        raise ConsumerError("empty")
    lw = np.array([log_weight(inp, enc, dec, x, e) for e in epss], dtype=real_type())
    return iwae_bound(log_sum_exp(lw), len(epss))


def ppca_log_marginal(x, W, b, s2):
    """ln N(x; b, W Wᵀ + s2 I), the linear VAE's marginal, by Cholesky."""
    L = np.linalg.cholesky(W @ W.T + s2 * np.eye(x.size, dtype=real_type()))
    w = np.linalg.solve(L, x - b)
    return -0.5 * (x.size * log(2 * math.pi) + 2 * np.sum(np.log(np.diag(L))) + w @ w)


def phi(l):
    """φ(ℓ) = eˡ − 1 − ℓ ≥ 0: its series Σ_{k≥2} ℓᵏ/k! for |ℓ| ≤ ½, where expm1(ℓ) − ℓ would cancel."""
    if abs(l) > 0.5:
        return np.expm1(l) - l
    term, total, k = l * l / 2, 0 * l, 2
    while total + term != total:
        total += term
        k += 1
        term = term * l / k
    return total


def posterior_kl(x, mu, rho, W, b, s2, logp, expected):
    """KL(q(z|x) ‖ p(z|x)), p(z|x) = N(m, s² M⁻¹), M = WᵀW + s² I, m = M⁻¹Wᵀ(x − b): with
    ℓⱼ = ln Mⱼⱼ + 2ρⱼ − ln s², δ = μ − m and h = Σ ln Mⱼⱼ − ln|M| = −ln|R| (R the correlation matrix of
    M), KL = ½[Σ φ(ℓⱼ) + δᵀMδ/s² + h], three parts ≥ 0 that do not cancel when q is near p(z|x)."""
    d = mu.size
    M = W.T @ W + s2 * np.eye(d, dtype=real_type())
    m = np.linalg.solve(M, W.T @ (x - b))
    diag = np.diag(M)
    total = sum(phi(l) for l in np.log(diag) + 2 * rho - log(s2))
    if d > 1:
        scale = np.sqrt(diag)
        R = M / np.outer(scale, scale)
        np.fill_diagonal(R, 1)
        total -= 2 * np.sum(np.log(np.diag(np.linalg.cholesky(R))))
    delta = mu - m
    return 0.5 * (total + delta @ M @ delta / s2)


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
    enc, dec = network(inp, "encoder"), network(inp, "decoder")
    check_shapes(enc, dec)
    if group == "training" or "data" in inp:
        return train(inp, enc, dec)
    x = np.asarray(inp["x"], dtype=real_type())
    eps = np.asarray(inp["epsilon"], dtype=real_type())
    rec, kl, elbo, grad = elbo_and_grad(inp, enc, dec, x, eps)
    if group == "linear":
        W, b = dec[0][0], dec[0][1]
        logp = ppca_log_marginal(x, W, b, inp["s2"])
        # E elbo = elbo at eps = 0 minus sum_j sigma_j^2 ||W_j||^2 / (2 s2)
        d = eps.size
        sigma = np.exp(forward(enc, x)[-1][d:])
        _, _, elbo0, _ = elbo_and_grad(inp, enc, dec, x, np.zeros(d, dtype=real_type()))
        expected = elbo0 - np.sum(sigma ** 2 * np.sum(W * W, axis=0)) / (2 * inp["s2"])
        out = forward(enc, x)[-1]
        gap = posterior_kl(x, out[:d], out[d:], W, b, inp["s2"], logp, expected)
        return {"log-marginal": real_out(logp), "expected-elbo": real_out(expected), "elbo": real_out(elbo),
                "gradient": reals_out(grad), "posterior-kl": real_out(gap)}
    epss = np.asarray(inp["iwae-epsilon"], dtype=real_type()).reshape(-1, eps.size)
    return {"reconstruction": real_out(rec), "kl": real_out(kl), "elbo": real_out(elbo),
            "iwae": real_out(iwae(inp, enc, dec, x, epss)), "gradient": reals_out(grad)}


def bias_corrected(m, v, b1, b2, t):
    """Adam's moments after t steps with the bias of their zero start removed."""
    return m / (1 - b1 ** t), v / (1 - b2 ** t)


def batch_mean(values):
    """The mean over the data points of per-point values (a list of scalars or of equal-length
    vectors), as a 1-D array: NumPy's pairwise sum along a contiguous axis, a few ulps at any N
    (a running sum adds each addition's rounding to a growing total, up to N·u)."""
    rows = np.asarray(values, dtype=real_type()).reshape(len(values), -1)
    return np.sum(np.ascontiguousarray(rows.T), axis=1, dtype=real_type()) / real(len(values))


def train(inp, enc, dec):
    data = np.asarray(inp["data"], dtype=real_type()).reshape(-1, enc[0][0].shape[1])
    if data.shape[0] == 0:
        raise ConsumerError("empty")
    eps = np.asarray(inp["epsilon"], dtype=real_type())
    theta = np.concatenate([params(enc), params(dec)])
    m = np.zeros_like(theta)
    v = np.zeros_like(theta)
    trace = []
    eta = inp["learning-rate"]
    for t in range(eps.shape[0]):
        elbos, grads = [], []
        for n, x in enumerate(data):
            _, _, elbo, grad = elbo_and_grad(inp, enc, dec, x, eps[t, n])
            elbos.append(elbo)
            grads.append(grad)
        g = batch_mean(grads)
        trace.append(batch_mean(elbos)[0])
        if inp["optimizer"] == "sgd":
            theta = theta + eta * g
        else:
            b1, b2, ae = inp["beta1"], inp["beta2"], inp["adam-epsilon"]
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            mh, vh = bias_corrected(m, v, b1, b2, t + 1)
            theta = theta + eta * mh / (np.sqrt(vh) + ae)
        k = set_params(enc, theta)
        set_params(dec, theta, k)
    return {"mean-elbo": reals_out(np.array(trace)), "final-parameters": reals_out(theta)}
