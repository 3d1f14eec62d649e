"""SciPy against the fixtures, through SciPy's own functions only.

- divergences/discrete-kl: scipy.stats.entropy(p, q) (KL(p || q) in nats; a Bernoulli p is [1 - p, p]).
  stats.entropy normalises p and q by design, so it does not refuse inputs off the simplex.
- linear-gaussian/least-squares: scipy.linalg.lstsq with each LAPACK driver (gelsd, gelsy, gelss),
  on the design exactly as the fixture builds it (NIST: the product of predictor powers; the
  polynomial groups: Vandermonde columns 1, x, ..., x^degree), no column scaling.
- mean-field/normal-gamma gamma-expectations: scipy.stats.gamma(a, scale=1/b).mean() and .entropy(),
  E[ln tau] = special.digamma(a) - ln b (the fixture's Gamma takes a RATE b; SciPy takes scale = 1/b).
- elbo/elbo-identity gaussian-mixture: ln p(x) = special.logsumexp(ln w_k + stats.multivariate_normal.logpdf),
  posterior = special.softmax of the same terms, kl = stats.entropy(q, posterior), elbo = ln p(x) - kl.
- arithmetic/stable-log-exp: special.log1p, special.expm1, special.logsumexp, special.softplus and
  special.log_expit (ln sigma(x), the fixture's log-sigmoid). special.log1p(x) for x <= -1 returns
  -inf or NaN with a warning (a ufunc does not raise), so the refused cases get those numbers.
"""
import math

import numpy as np
import scipy
from scipy import linalg, special, stats

from common import Refusal, Run, arguments, real_out, reals_out

VERSION = "scipy %s (numpy %s)" % (scipy.__version__, np.__version__)


def discrete_kl(case):
    p, q = case.inputs["p"], case.inputs["q"]
    if case.group == "bernoulli" or np.ndim(p) == 0:
        p, q = [1.0 - p, p], [1.0 - q, q]
    try:
        return {"kl": real_out(stats.entropy(p, q))}
    except ValueError as error:  # stats.entropy refuses arrays of different lengths
        raise Refusal("shape-mismatch", str(error))


def design(case):
    inputs = case.inputs
    if case.group == "ill-conditioned-polynomial":
        return np.vander(inputs["x"], inputs["degree"] + 1, increasing=True)
    if case.group == "nist-strd":
        x = np.atleast_2d(inputs["predictors"])
        powers = np.asarray(inputs["powers"]).reshape(-1, x.shape[1])
        return np.column_stack([np.prod(x ** k, axis=1) for k in powers])
    return inputs["design"]


def lstsq(driver):
    def compute(case):
        a, y = design(case), case.inputs["y"]
        theta, residues, rank, _ = linalg.lstsq(a, y, lapack_driver=driver)
        out = {"theta": reals_out(theta)}
        if case.group == "exact-small" and np.size(residues) == 1:
            # lstsq's residues is the residual sum of squares when rank = p < n (gelsy returns none).
            out["rss"] = real_out(np.ravel(residues)[0])
        return out
    return compute


def gamma_expectations(case):
    a, b = case.inputs["shape"], case.inputs["rate"]
    g = stats.gamma(a, scale=1.0 / b)
    return {"expectedTau": real_out(g.mean()), "expectedLogTau": real_out(special.digamma(a) - math.log(b)),
            "entropy": real_out(g.entropy())}


def mixture_elbo(case):
    x, w, mu, cov, q = (case.inputs[k] for k in ("x", "weights", "means", "covariances", "q"))
    try:
        terms = np.array([math.log(w[k]) + stats.multivariate_normal.logpdf(x, mu[k], cov[k])
                          for k in range(len(w))])
    except (ValueError, np.linalg.LinAlgError) as error:
        raise Refusal("not-positive-definite", str(error))
    log_evidence = special.logsumexp(terms)
    posterior = special.softmax(terms)
    kl = stats.entropy(q, posterior)
    return {"logEvidence": real_out(log_evidence), "posterior": reals_out(posterior), "kl": real_out(kl),
            "elbo": real_out(log_evidence - kl)}


ARITHMETIC = {"log1p": special.log1p, "expm1": special.expm1, "logsumexp": special.logsumexp,
              "softplus": special.softplus, "log-sigmoid": special.log_expit}


def stable_log_exp(case):
    with np.errstate(all="ignore"):
        return {"y": real_out(ARITHMETIC[case.group](case.inputs["x"]))}


def main():
    args = arguments(__doc__)
    run = Run(args, "scipy", "scipy", VERSION)
    run.file("divergences/discrete-kl.json", ["bernoulli", "categorical", "categorical-infinite",
                                               "discrete-bad-input"], discrete_kl)
    run.file("mean-field/normal-gamma.json", ["gamma-expectations"], gamma_expectations)
    run.file("elbo/elbo-identity.json", ["gaussian-mixture"], mixture_elbo)
    run.file("arithmetic/stable-log-exp.json", sorted(ARITHMETIC), stable_log_exp)
    for driver in ("gelsd", "gelsy", "gelss"):
        Run(args, "scipy", "lstsq-" + driver, VERSION + " linalg.lstsq(lapack_driver=%r)" % driver).file(
            "linear-gaussian/least-squares.json", ["exact-small", "ill-conditioned-polynomial", "nist-strd"],
            lstsq(driver))


if __name__ == "__main__":
    main()
