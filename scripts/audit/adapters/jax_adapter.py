"""JAX (CPU) against the fixtures, through jax.scipy and jax.grad only; float64 and float32.

- divergences/discrete-kl: KL(p || q) = jnp.sum(jax.scipy.special.rel_entr(p, q)) (a Bernoulli p is
  the pmf [1 - p, p]; rel_entr neither validates nor normalises, so no input is refused).
- elbo/elbo-identity gaussian-mixture: ln p(x) = jax.scipy.special.logsumexp of ln w_k +
  jax.scipy.stats.multivariate_normal.logpdf; posterior = jax.nn.softmax of the same terms;
  kl = sum rel_entr(q, posterior); elbo = ln p(x) - kl.
- mean-field/normal-gamma gamma-expectations: expectedLogTau = jax.scipy.special.digamma(a) - ln b
  (the Gamma takes a RATE b). E[tau] and the entropy have no jax.scipy function: not computed.
- gradient-estimators/gaussian per-sample: pw = jax.grad of f(mu + sigma * eps) with respect to
  (mu, sigma) (the fixture's reparameterisation x = mu + sigma eps), sf = f(x) times jax.grad of
  jax.scipy.stats.norm.logpdf(x, mu, sigma); the rho = ln sigma entry is sigma times the sigma entry
  (the fixture's chain rule). Functions squared-distance, gaussian-bump, cosine; gaussian-log-likelihood
  needs y, w, b, s^2 the inputs do not carry per case and is out of scope.
- gradient-estimators/discrete score-function: logits eta = ln pi (softmax is shift invariant, so
  softmax(eta) = pi); objective = sum softmax(eta) * values; gradient = jax.grad of it with respect to
  eta (the fixture's logit gradient; a Bernoulli is K = 2); sf row i = values[z_i] times jax.grad of
  jax.nn.log_softmax(eta)[z_i]. The optimal baselines and variances are closed forms, not computed.
- vae/networks elbo-gradient and linear: gradient = jax.grad of the single-sample ELBO with respect
  to the layers (encoder then decoder, W row by row then b). JAX has no distribution library, so the
  ELBO is written in jax.numpy as the fixture's conventions state it: layers act(W @ h + b) (jnp.tanh
  or identity), z = mu + exp(rho) * epsilon, ln p(x|z) = sum jax.scipy.stats.norm.logpdf(x, a, sqrt(s2))
  or sum x * jax.nn.log_sigmoid(a) + (1 - x) * jax.nn.log_sigmoid(-a), KL = sum (exp(2 rho) + mu^2 -
  1 - 2 rho) / 2. What is checked is jax.grad through that graph, so only the gradient is reported.
- arithmetic/stable-log-exp: jnp.log1p, jnp.expm1, jax.scipy.special.logsumexp, jax.nn.softplus,
  jax.nn.log_sigmoid (x <= -1 in log1p is not refused: the numbers returned are reported).
The float32 run casts every input to float32 (x64 stays enabled, so float32 arrays compute in float32).
"""
import math

import jax

jax.config.update("jax_enable_x64", True)
jax.config.update("jax_platforms", "cpu")

import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
from jax.scipy import special, stats  # noqa: E402

from common import Run, arguments, real_out, reals_out  # noqa: E402

VERSION = "jax %s (jaxlib %s, CPU)" % (jax.__version__, __import__("jaxlib").__version__)
FUNCTIONS = {
    "squared-distance": lambda x, k: (x - k) ** 2,
    "gaussian-bump": lambda x, k: jnp.exp(-k * x * x),
    "cosine": lambda x, k: jnp.cos(k * x),
}


def out(x):
    return reals_out(np.asarray(x, dtype=np.float64))


def discrete_kl(dtype):
    def compute(case):
        p, q = case.inputs["p"], case.inputs["q"]
        if case.group == "bernoulli" or np.ndim(p) == 0:
            p, q = [1.0 - p, p], [1.0 - q, q]
        p, q = jnp.asarray(p, dtype), jnp.asarray(q, dtype)
        if p.shape != q.shape:
            from common import Refusal
            raise Refusal("shape-mismatch")
        return {"kl": real_out(jnp.sum(special.rel_entr(p, q)))}
    return compute


def mixture_elbo(dtype):
    def compute(case):
        x, w, mu, cov, q = (jnp.asarray(case.inputs[k], dtype) for k in ("x", "weights", "means", "covariances", "q"))
        terms = jnp.stack([jnp.log(w[k]) + stats.multivariate_normal.logpdf(x, mu[k], cov[k]) for k in range(len(w))])
        log_evidence = special.logsumexp(terms)
        posterior = jax.nn.softmax(terms)
        kl = jnp.sum(special.rel_entr(q, posterior))
        return {"logEvidence": real_out(log_evidence), "posterior": out(posterior), "kl": real_out(kl),
                "elbo": real_out(log_evidence - kl)}
    return compute


def gamma_expectations(dtype):
    def compute(case):
        a, b = jnp.asarray(case.inputs["shape"], dtype), jnp.asarray(case.inputs["rate"], dtype)
        return {"expectedLogTau": real_out(special.digamma(a) - jnp.log(b))}
    return compute


def per_sample(dtype):
    def compute(case):
        f = FUNCTIONS[case.inputs["function"]]
        k, mu, sigma = (jnp.asarray(case.inputs[n], dtype) for n in ("k", "mean", "sigma"))
        eps = jnp.asarray(case.inputs["epsilon"], dtype)
        pathwise = jax.grad(lambda m, s, e: f(m + s * e, k), argnums=(0, 1))
        pw = jax.vmap(pathwise, in_axes=(None, None, 0))(mu, sigma, eps)
        x = mu + sigma * eps
        score = jax.vmap(jax.grad(lambda xi, m, s: stats.norm.logpdf(xi, m, s), argnums=(1, 2)),
                         in_axes=(0, None, None))(x, mu, sigma)
        fx = f(x, k)
        pw_rows = [pw[0], pw[1], sigma * pw[1]]
        sf_rows = [fx * score[0], fx * score[1], sigma * fx * score[1]]
        return {"pw": out(jnp.stack(pw_rows).T), "sf": out(jnp.stack(sf_rows).T)}  # rows are draws
    return compute


def discrete_score(dtype):
    def compute(case):
        pi, values = jnp.asarray(case.inputs["probabilities"], dtype), jnp.asarray(case.inputs["values"], dtype)
        eta = jnp.log(pi)
        objective = lambda e: jnp.sum(jax.nn.softmax(e) * values)
        score = jax.grad(lambda e, z: jax.nn.log_softmax(e)[z])
        z = np.asarray(case.inputs["z"], dtype=np.int64)
        sf = jnp.stack([values[k] * score(eta, int(k)) for k in z])
        return {"objective": real_out(objective(eta)), "gradient": out(jax.grad(objective)(eta)), "sf": out(sf)}
    return compute


ACTIVATIONS = {"identity": lambda h: h, "tanh": jnp.tanh}


def layers(inputs, prefix, dtype):
    return [(jnp.asarray(inputs["%s-W%d" % (prefix, l)], dtype), jnp.asarray(inputs["%s-b%d" % (prefix, l)], dtype))
            for l in range(int(inputs[prefix + "-layers"]))]


def forward(params, activations, h):
    for (w, b), act in zip(params, activations):
        h = ACTIVATIONS[act](w @ h + b)
    return h


def vae_gradient(dtype):
    def compute(case):
        i = case.inputs
        acts = {p: [i["%s-act%d" % (p, l)] for l in range(int(i[p + "-layers"]))] for p in ("encoder", "decoder")}
        x, eps = jnp.asarray(i["x"], dtype), jnp.asarray(i["epsilon"], dtype)
        s = jnp.sqrt(jnp.asarray(i["s2"], dtype))

        def elbo(params):
            encoder, decoder = params
            h = forward(encoder, acts["encoder"], x)
            mu, rho = jnp.split(h, 2)
            z = mu + jnp.exp(rho) * eps
            a = forward(decoder, acts["decoder"], z)
            if i["likelihood"] == "gaussian":
                reconstruction = jnp.sum(stats.norm.logpdf(x, a, s))
            else:
                reconstruction = jnp.sum(x * jax.nn.log_sigmoid(a) + (1 - x) * jax.nn.log_sigmoid(-a))
            return reconstruction - jnp.sum(jnp.exp(2 * rho) + mu * mu - 1 - 2 * rho) / 2

        params = (layers(i, "encoder", dtype), layers(i, "decoder", dtype))
        grads = jax.grad(elbo)(params)
        flat = jnp.concatenate([g.reshape(-1) for net in grads for layer in net for g in layer])
        return {"gradient": out(flat)}
    return compute


ARITHMETIC = {"log1p": jnp.log1p, "expm1": jnp.expm1, "logsumexp": special.logsumexp,
              "softplus": jax.nn.softplus, "log-sigmoid": jax.nn.log_sigmoid}


def stable_log_exp(dtype):
    def compute(case):
        return {"y": real_out(ARITHMETIC[case.group](jnp.asarray(case.inputs["x"], dtype)))}
    return compute


def main():
    args = arguments(__doc__)
    for precision, dtype in (("float64", jnp.float64), ("float32", jnp.float32)):
        run = Run(args, "jax", "jax-" + precision, VERSION, precision)
        run.file("divergences/discrete-kl.json", ["bernoulli", "categorical", "categorical-infinite",
                                                   "discrete-bad-input"], discrete_kl(dtype))
        run.file("elbo/elbo-identity.json", ["gaussian-mixture"], mixture_elbo(dtype))
        run.file("mean-field/normal-gamma.json", ["gamma-expectations"], gamma_expectations(dtype))
        run.file("gradient-estimators/gaussian.json", ["per-sample"], per_sample(dtype),
                 cases=lambda case: case.inputs["function"] in FUNCTIONS)
        run.file("gradient-estimators/discrete.json", ["score-function"], discrete_score(dtype))
        run.file("vae/networks.json", ["elbo-gradient", "linear"], vae_gradient(dtype))
        run.file("arithmetic/stable-log-exp.json", sorted(ARITHMETIC), stable_log_exp(dtype))


if __name__ == "__main__":
    main()
