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
- vae/networks: the VAE as torch.nn modules: each layer an nn.Linear(in, out) whose weight and bias
  are loaded with the fixture's W (out x in, so y = W x + b is Linear's own convention) and b, followed
  by nn.Tanh or nn.Identity; the encoder's output splits (torch.chunk) into mu and rho = ln sigma.
  z = Normal(mu, exp(rho)).rsample() with the written epsilon (the same patch of _standard_normal as
  above). reconstruction = Normal(a, sqrt(s2)).log_prob(x).sum() or Bernoulli(logits=a).log_prob(x).sum();
  kl = kl_divergence(Normal(mu, sigma), Normal(0, 1)).sum(); elbo = reconstruction - kl; iwae =
  torch.logsumexp over k of ln p(x|z_k) + Normal(0, 1).log_prob(z_k).sum() - Normal(mu, sigma).log_prob(z_k).sum(),
  minus ln K (torch has no IWAE function; ln q is Normal.log_prob of z_k, the only entry point).
  gradient = torch.autograd.grad(elbo, parameters) flattened as the fixture orders them (encoder then
  decoder layers, each weight row by row, then bias). linear group: log-marginal =
  LowRankMultivariateNormal(b, cov_factor=W, cov_diag=s2).log_prob(x) (the linear VAE's marginal is
  PPCA's); expected-elbo (a closed form in epsilon) is not computed. training group: torch.optim.SGD
  and torch.optim.Adam(betas, eps) with maximize=True on the mean ELBO over the points (epsilon[t][n]
  for point n at step t); mean-elbo[t] before step t. invalid: layer-shapes (nn.Linear refuses the
  product: RuntimeError -> shape-mismatch) and nan-weight (Normal's default argument validation
  refuses the NaN mu: ValueError -> non-finite-input); iwae-k0 and empty-data test the caller's
  own loop, not a torch function, and are out of scope. The fixture carries no toleranceFloat32 for
  this file, so the float32 run is reported as not checked.
- arithmetic/stable-log-exp: torch.log1p, torch.expm1, torch.logsumexp, torch.nn.functional.softplus
  (default beta = 1, threshold = 20: above it softplus returns x, documented) and
  torch.nn.functional.logsigmoid (x <= -1 in log1p is not refused: the numbers returned are reported).
- gradient-estimators/discrete score-function: Categorical(logits=eta) with eta = ln pi (the fixture's
  logit parameterization); objective = (probs * values).sum(); gradient = torch.autograd.grad of it
  with respect to eta; sf row i = values[z_i] times the autograd gradient of log_prob(z_i).
"""
import numpy as np
import torch
import torch.distributions as D
import torch.distributions.normal as normal_module
from contextlib import contextmanager
from torch import nn

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
        return {"pw": reals_out(np.transpose(pw)), "sf": reals_out(np.transpose(sf))}  # rows are draws
    return compute


@contextmanager
def written_draws(eps):
    """rsample() draws the given standard normals instead of fresh ones."""
    original = normal_module._standard_normal
    normal_module._standard_normal = lambda shape, dtype, device: eps.reshape(shape)
    try:
        yield
    finally:
        normal_module._standard_normal = original


ACTIVATIONS = {"identity": nn.Identity, "tanh": nn.Tanh}


def network(inputs, prefix, dtype):
    layers = []
    for l in range(int(inputs[prefix + "-layers"])):
        w, b = t(inputs["%s-W%d" % (prefix, l)], dtype), t(inputs["%s-b%d" % (prefix, l)], dtype)
        linear = nn.Linear(w.shape[1], w.shape[0], dtype=dtype)
        with torch.no_grad():
            linear.weight.copy_(w)
            linear.bias.copy_(b)
        layers += [linear, ACTIVATIONS[inputs["%s-act%d" % (prefix, l)]]()]
    return nn.Sequential(*layers)


class VAE(nn.Module):
    def __init__(self, inputs, dtype):
        super().__init__()
        self.encoder = network(inputs, "encoder", dtype)
        self.decoder = network(inputs, "decoder", dtype)
        self.likelihood = inputs["likelihood"]
        self.s2 = t(inputs["s2"], dtype) if "s2" in inputs else None

    def posterior(self, x):
        mu, rho = torch.chunk(self.encoder(x), 2, dim=-1)
        return D.Normal(mu, torch.exp(rho))

    def log_likelihood(self, x, z):
        a = self.decoder(z)
        if self.likelihood == "gaussian":
            return D.Normal(a, torch.sqrt(self.s2)).log_prob(x).sum(-1)
        return D.Bernoulli(logits=a).log_prob(x).sum(-1)

    def elbo(self, x, eps):
        q = self.posterior(x)
        with written_draws(eps):
            z = q.rsample()
        reconstruction = self.log_likelihood(x, z)
        kl = D.kl_divergence(q, D.Normal(torch.zeros_like(q.loc), torch.ones_like(q.scale))).sum(-1)
        return reconstruction, kl, reconstruction - kl

    def iwae(self, x, draws):
        q = self.posterior(x)
        prior = D.Normal(torch.zeros_like(q.loc), torch.ones_like(q.scale))
        log_w = []
        for eps in draws:
            with written_draws(eps):
                z = q.rsample()
            log_w.append(self.log_likelihood(x, z) + prior.log_prob(z).sum(-1) - q.log_prob(z).sum(-1))
        return torch.logsumexp(torch.stack(log_w), 0) - torch.log(t(len(draws), x.dtype))

    def flat(self, tensors):
        return torch.cat([g.reshape(-1) for g in tensors])


def vae_case(dtype):
    def compute(case):
        i = case.inputs
        try:
            model = VAE(i, dtype)
            x, eps = t(i["x"], dtype), t(i["epsilon"], dtype)
            reconstruction, kl, elbo = model.elbo(x, eps)
            gradient = model.flat(torch.autograd.grad(elbo, list(model.parameters())))
            out = {"elbo": real_out(elbo.detach()), "gradient": reals_out(gradient.detach().numpy().astype(np.float64))}
            if case.group == "linear":
                w, b = t(i["decoder-W0"], dtype), t(i["decoder-b0"], dtype)
                marginal = D.LowRankMultivariateNormal(b, cov_factor=w, cov_diag=model.s2 * torch.ones_like(b))
                out["log-marginal"] = real_out(marginal.log_prob(x))
            else:
                with torch.no_grad():
                    out["iwae"] = real_out(model.iwae(x, t(i["iwae-epsilon"], dtype)))
                out["reconstruction"], out["kl"] = real_out(reconstruction.detach()), real_out(kl.detach())
            return out
        except RuntimeError as error:  # nn.Linear refuses weights whose shapes do not chain
            raise Refusal("shape-mismatch", str(error))
        except ValueError as error:  # Normal's argument validation (on by default) refuses a NaN loc
            raise Refusal("non-finite-input", str(error))
    return compute


def vae_training(dtype):
    def compute(case):
        i = case.inputs
        model = VAE(i, dtype)
        data, epsilon = t(i["data"], dtype), t(i["epsilon"], dtype)
        rate = float(i["learning-rate"])
        if i["optimizer"] == "sgd":
            optimizer = torch.optim.SGD(model.parameters(), lr=rate, maximize=True)
        else:
            optimizer = torch.optim.Adam(model.parameters(), lr=rate, betas=(float(i["beta1"]), float(i["beta2"])),
                                         eps=float(i["adam-epsilon"]), maximize=True)
        means = []
        for step in range(epsilon.shape[0]):
            optimizer.zero_grad()
            mean = model.elbo(data, epsilon[step])[2].mean()
            means.append(mean.item())
            mean.backward()
            optimizer.step()
        final = model.flat([p.detach() for p in model.parameters()])
        return {"mean-elbo": reals_out(means), "final-parameters": reals_out(final.numpy().astype(np.float64))}
    return compute


ARITHMETIC = {"log1p": torch.log1p, "expm1": torch.expm1, "logsumexp": lambda x: torch.logsumexp(x, 0),
              "softplus": torch.nn.functional.softplus, "log-sigmoid": torch.nn.functional.logsigmoid}


def stable_log_exp(dtype):
    def compute(case):
        return {"y": real_out(ARITHMETIC[case.group](t(case.inputs["x"], dtype)))}
    return compute


def discrete_score(dtype):
    def compute(case):
        values = t(case.inputs["values"], dtype)
        eta = torch.log(t(case.inputs["probabilities"], dtype)).requires_grad_()
        objective = (D.Categorical(logits=eta).probs * values).sum()
        gradient, = torch.autograd.grad(objective, eta)
        sf = []
        for z in np.asarray(case.inputs["z"], dtype=np.int64):
            score, = torch.autograd.grad(D.Categorical(logits=eta).log_prob(torch.tensor(int(z))), eta)
            sf.append((values[int(z)] * score).detach().numpy().astype(np.float64))
        return {"objective": real_out(objective.detach()), "gradient": reals_out(gradient.numpy().astype(np.float64)),
                "sf": reals_out(sf)}
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
        run.file("arithmetic/stable-log-exp.json", sorted(ARITHMETIC), stable_log_exp(dtype))
        run.file("gradient-estimators/discrete.json", ["score-function"], discrete_score(dtype))
        run.file("vae/networks.json", ["elbo-gradient", "linear", "training", "invalid"],
                 lambda case: (vae_training if case.group == "training" else vae_case)(dtype)(case),
                 cases=lambda case: case.group != "invalid" or case.name in ("layer-shapes", "nan-weight"))


if __name__ == "__main__":
    main()
