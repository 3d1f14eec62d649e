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
        return {"pw": out(jnp.stack(pw_rows)), "sf": out(jnp.stack(sf_rows))}
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


if __name__ == "__main__":
    main()
