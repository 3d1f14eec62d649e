"""PyTorch (CPU) against the fixtures, through torch.distributions and torch.logsumexp; float64 and float32.

- divergences/gaussian-kl: torch.distributions.kl_divergence for the pairs it registers that the
  fixtures cover: Normal/Normal (univariate; the fixture gives variances, Normal takes the standard
  deviation sqrt(variance)), Independent(Normal, 1)/Independent(Normal, 1) (diagonal), and
  MultivariateNormal/MultivariateNormal with covariance_matrix (full, near-equal, ill-conditioned).
  Refusals: validate_args=True raises ValueError for a covariance that is not positive definite or a
  non-positive scale (mapped to not-positive-definite), and a RuntimeError/ValueError on mismatched
  dimensions (shape-mismatch). Only kl is computed (rationalPart and logArgument are the oracle's terms).
- divergences/discrete-kl: kl_divergence(Bernoulli(probs=q...)) and Categorical pairs, validate_args=True
  (a Categorical normalises probs by design; a Bernoulli outside [0, 1] is refused).
- elbo/elbo-identity gaussian-mixture: ln p(x) = torch.logsumexp of ln w_k + MultivariateNormal.log_prob,
  posterior = softmax of the same terms, kl = kl_divergence(Categorical(q), Categorical(posterior)),
  elbo = ln p(x) - kl.
- gradient-estimators/gaussian per-sample: pw from Normal(mu, sigma).rsample() with autograd, with the
  draw's standard normal taken from the fixture's epsilon (torch.distributions.normal._standard_normal
  is replaced by the written draws: the one visible patch, so rsample's own x = loc + eps * scale is
  used); sf = f(x) times the autograd gradient of Normal(mu, sigma).log_prob(x). The rho = ln sigma
  entry is sigma times the sigma entry. Functions squared-distance, gaussian-bump, cosine.
"""
import numpy as np
import torch
import torch.distributions as D
import torch.distributions.normal as normal_module

from common import Refusal, Run, arguments, real_out, reals_out

VERSION = "torch %s (CPU)" % torch.__version__
FUNCTIONS = {
    "squared-distance": lambda x, k: (x - k) ** 2,
    "gaussian-bump": lambda x, k: torch.exp(-k * x * x),
    "cosine": lambda x, k: torch.cos(k * x),
}


def t(x, dtype):
    return torch.as_tensor(np.asarray(x, dtype=np.float64), dtype=dtype)


def gaussian_kl(dtype):
    def compute(case):
        i = case.inputs
        try:
            if case.group == "univariate":
                p = D.Normal(t(i["mean1"], dtype), t(i["variance1"], dtype).sqrt(), validate_args=True)
                q = D.Normal(t(i["mean2"], dtype), t(i["variance2"], dtype).sqrt(), validate_args=True)
            elif "variance1" in i:  # diagonal: a product of univariate Normals
                p, q = (D.Independent(D.Normal(t(i["mean" + j], dtype).reshape(-1),
                                               t(i["variance" + j], dtype).reshape(-1).sqrt(), validate_args=True), 1)
                        for j in "12")
            else:
                m1, m2 = t(i["mean1"], dtype).reshape(-1), t(i["mean2"], dtype).reshape(-1)
                c1, c2 = t(i["covariance1"], dtype), t(i["covariance2"], dtype)
                c1 = c1.reshape(len(m1), len(m1)) if c1.numel() == len(m1) ** 2 else c1
                c2 = c2.reshape(len(m2), len(m2)) if c2.numel() == len(m2) ** 2 else c2
                if len(m1) != len(m2) or c1.shape != c2.shape:
                    raise Refusal("shape-mismatch")
                p = D.MultivariateNormal(m1, covariance_matrix=c1, validate_args=True)
                q = D.MultivariateNormal(m2, covariance_matrix=c2, validate_args=True)
            return {"kl": real_out(D.kl_divergence(p, q))}
        except ValueError as error:
            raise Refusal("not-positive-definite", str(error))
        except RuntimeError as error:
            raise Refusal("shape-mismatch", str(error))
    return compute


def discrete_kl(dtype):
    def compute(case):
        p, q = case.inputs["p"], case.inputs["q"]
        try:
            if case.group == "bernoulli" or np.ndim(p) == 0:
                a, b = (D.Bernoulli(probs=t(r, dtype), validate_args=True) for r in (p, q))
            else:
                if np.shape(p) != np.shape(q):
                    raise Refusal("shape-mismatch")
                a, b = (D.Categorical(probs=t(r, dtype), validate_args=True) for r in (p, q))
        except ValueError as error:
            raise Refusal("not-a-probability", str(error))
        return {"kl": real_out(D.kl_divergence(a, b))}
    return compute


def mixture_elbo(dtype):
    def compute(case):
        x, w, mu, cov, q = (t(case.inputs[k], dtype) for k in ("x", "weights", "means", "covariances", "q"))
        terms = torch.stack([torch.log(w[k]) + D.MultivariateNormal(mu[k], covariance_matrix=cov[k]).log_prob(x)
                             for k in range(len(w))])
        log_evidence = torch.logsumexp(terms, 0)
        posterior = torch.softmax(terms, 0)
        kl = D.kl_divergence(D.Categorical(probs=q), D.Categorical(probs=posterior))
        return {"logEvidence": real_out(log_evidence), "kl": real_out(kl), "elbo": real_out(log_evidence - kl),
                "posterior": reals_out(posterior.numpy().astype(np.float64))}
    return compute


def per_sample(dtype):
    def compute(case):
        f = FUNCTIONS[case.inputs["function"]]
        k = t(case.inputs["k"], dtype)
        eps = t(case.inputs["epsilon"], dtype)
        pw, sf = [[], [], []], [[], [], []]
        original = normal_module._standard_normal
        try:
            for e in eps:
                normal_module._standard_normal = lambda shape, dtype, device, e=e: e.reshape(shape)
                mu = t(case.inputs["mean"], dtype).requires_grad_()
                sigma = t(case.inputs["sigma"], dtype).requires_grad_()
                x = D.Normal(mu, sigma).rsample()
                gm, gs = torch.autograd.grad(f(x, k), (mu, sigma))
                pw[0].append(gm.item()); pw[1].append(gs.item()); pw[2].append((sigma * gs).item())
                xd = x.detach()
                sm, ss = torch.autograd.grad(D.Normal(mu, sigma).log_prob(xd), (mu, sigma))
                fx = f(xd, k).item()
                sf[0].append(fx * sm.item()); sf[1].append(fx * ss.item()); sf[2].append(fx * (sigma * ss).item())
        finally:
            normal_module._standard_normal = original
        return {"pw": reals_out(pw), "sf": reals_out(sf)}
    return compute


def main():
    args = arguments(__doc__)
    for precision, dtype in (("float64", torch.float64), ("float32", torch.float32)):
        run = Run(args, "torch", "torch-" + precision, VERSION, precision)
        run.file("divergences/gaussian-kl.json", ["unit-shift", "univariate", "diagonal", "full", "near-equal",
                                                   "ill-conditioned", "gaussian-bad-input"], gaussian_kl(dtype))
        run.file("divergences/discrete-kl.json", ["bernoulli", "categorical", "categorical-infinite",
                                                   "discrete-bad-input"], discrete_kl(dtype))
        run.file("elbo/elbo-identity.json", ["gaussian-mixture"], mixture_elbo(dtype))
        run.file("gradient-estimators/gaussian.json", ["per-sample"], per_sample(dtype),
                 cases=lambda case: case.inputs["function"] in FUNCTIONS)


if __name__ == "__main__":
    main()
