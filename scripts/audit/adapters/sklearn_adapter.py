"""scikit-learn against the fixtures, through public estimators (one private method, stated below).

- linear-gaussian/least-squares: LinearRegression(fit_intercept=False) on the design exactly as the
  fixture builds it (its first column is the intercept column), default tol.
- mean-field/type-ii mackay: BayesianRidge(fit_intercept=False) on the design rows [1, x, x^2].
  Naming translated: scikit-learn's alpha_ is the noise precision (the fixture's beta) and its
  lambda_ the weight precision (the fixture's alpha); alpha_init = beta0, lambda_init = alpha0; the
  Gamma hyperpriors alpha_1 = alpha_2 = lambda_1 = lambda_2 = 0 make the update MacKay's; tol = 5e-324 (it must be > 0)
  and max_iter = t give the t-th iterate; scores_[-1] is ln p(y | alpha, beta) at the last iterate.
- mixtures/em-traces: GaussianMixture with weights_init, means_init, precisions_init (the inverses
  of the fixture's covariances, in scikit-learn's per-type shape: "diagonal" is "diag"), reg_covar =
  the regulariser, tol = 5e-324; iterate t is t fits of max_iter = 1 with warm_start. logLikelihood =
  sum of score_samples, entropy = -sum r ln r of predict_proba (0 ln 0 = 0). The initial parameters
  (t = 0) are scored by a model whose fitted attributes are set to them. covariances_ are expanded
  to full matrices. The bound is not computed (no public function gives ln w + ln N per component).
- mixtures/m-step-exact: GaussianMixture._m_step(X, ln r): the M-step from given responsibilities
  has no public entry point, so this private method is unavoidable.
- factor-models/closed-form ppca: PCA(n_components=q, svd_solver=s).fit(X), one run per solver s in
  full, covariance_eigh, arpack, randomized (random_state=0). PCA is the PPCA maximum-likelihood fit
  (Tipping & Bishop), but it normalises the covariance by N - 1 (explained_variance_ = singular
  value^2 / (N - 1)) where the fixture's S takes the ML 1/N. Translated visibly: explained_variance_
  and noise_variance_ are multiplied by (N - 1)/N (set back on the fitted model), so get_covariance()
  is the ML C = WW^T + sigma^2 I and logLikelihood = sum of score_samples(X) (PCA's own PPCA density).
  noiseVariance = the rescaled noise_variance_; loadingsProduct = get_covariance() - noise_variance_ I;
  projection = components_^T components_ (the rows of components_ are the orthonormal principal axes);
  eigenvalues = (N - 1)/N times explained_variance_ of PCA(n_components=None) with the same solver
  (full and covariance_eigh only: arpack and randomized cannot return all d). bad-input cases of the
  closed form: a ValueError naming NaN is non-finite-input, an InvalidParameterError on n_components
  is latent-dimension; anything PCA accepts gets its numbers.
- FactorAnalysis.score_samples with the parameters set as fitted attributes (components_ = W^T,
  noise_variance_ = Psi, mean_); its fit (an SVD-based iteration to convergence, default tol 1e-2,
  with no initial loadings) is not the fixture's EM from W0 and has no trace, so the traces are out
  of scope. Used where the model parameters are known:
  elbo/elbo-identity linear-gaussian logEvidence = score_samples(x) with W, Psi = noiseVariance 1,
  mean_ = mu; vae/networks linear log-marginal the same with the decoder's W, s2 and b (p(x) =
  N(b, WW^T + s2 I) is PPCA's marginal); factor-models/em-traces ppca-em and fa-em logLikelihoods =
  sum of score_samples(X) at the fixture's own parameter trace (Psi_t = noiseVariances[t], W_t any
  factor of loadingsProducts[t] from numpy.linalg.eigh: the likelihood depends on W_t only through
  W_t W_t^T), mean_ = x-bar from FactorAnalysis(max_iter=1).fit(X).mean_. This checks FA's
  log-likelihood evaluation along the trace, not its fitting.
"""
import math
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import BayesianRidge, LinearRegression
from sklearn.decomposition import PCA, FactorAnalysis
from sklearn.mixture import GaussianMixture
from sklearn.utils._param_validation import InvalidParameterError

from common import Refusal, Run, arguments, real_out, reals_out
from scipy_adapter import design

VERSION = "scikit-learn %s (numpy %s)" % (sklearn.__version__, np.__version__)
COVARIANCE_TYPE = {"full": "full", "diagonal": "diag", "spherical": "spherical"}


def linear_regression(case):
    return {"theta": reals_out(LinearRegression(fit_intercept=False).fit(design(case), case.inputs["y"]).coef_)}


def mackay(case):
    x, y = case.inputs["x"], case.inputs["y"]
    a = np.column_stack([np.ones_like(x), x, x * x])
    alphas, betas, last = [], [], None
    for t in range(1, case.inputs["iterations"] + 1):
        model = BayesianRidge(max_iter=t, tol=5e-324,
                              alpha_init=case.inputs["beta0"], lambda_init=case.inputs["alpha0"],
                              alpha_1=0.0, alpha_2=0.0, lambda_1=0.0, lambda_2=0.0, fit_intercept=False,
                              compute_score=True).fit(a, y)
        alphas.append(model.lambda_)
        betas.append(model.alpha_)
        last = model.scores_[-1]
    return {"alpha": reals_out(alphas), "beta": reals_out(betas), "logEvidenceAtLast": real_out(last)}


def to_sklearn(cov, ctype):
    if ctype == "full":
        return cov
    if ctype == "diag":
        return np.array([np.diag(c) for c in cov])
    return np.array([c[0, 0] for c in cov])


def to_full(cov, ctype, d):
    if ctype == "full":
        return cov
    if ctype == "diag":
        return np.array([np.diag(c) for c in cov])
    return np.array([c * np.eye(d) for c in cov])


def entropy(r):
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(r > 0, -r * np.log(np.where(r > 0, r, 1.0)), 0.0)
    return math.fsum(terms.ravel())


def em_trace(case):
    X, w, mu, cov = (case.inputs[k] for k in ("data", "weights", "means", "covariances"))
    ctype = COVARIANCE_TYPE[case.inputs["covarianceType"]]
    d = X.shape[1]
    start = to_sklearn(cov, ctype)
    model = GaussianMixture(len(w), covariance_type=ctype, weights_init=w, means_init=mu,
                            precisions_init=1.0 / start if ctype != "full" else np.linalg.inv(start),
                            reg_covar=case.inputs["covarianceRegulariser"], tol=5e-324, max_iter=1, warm_start=True)
    # t = 0: a model carrying the initial parameters as its fitted attributes.
    initial = GaussianMixture(len(w), covariance_type=ctype)
    initial.weights_, initial.means_, initial.covariances_ = w, mu, start
    initial.precisions_cholesky_ = (np.array([np.linalg.cholesky(np.linalg.inv(c)) for c in start])
                                    if ctype == "full" else 1.0 / np.sqrt(start))
    models = [initial]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for _ in range(case.inputs["iterations"]):
            model.fit(X)
            snapshot = GaussianMixture(len(w), covariance_type=ctype)
            for name in ("weights_", "means_", "covariances_", "precisions_cholesky_"):
                setattr(snapshot, name, np.copy(getattr(model, name)))
            models.append(snapshot)
    return {"logLikelihood": reals_out([math.fsum(m.score_samples(X)) for m in models]),
            "entropy": reals_out([entropy(m.predict_proba(X)) for m in models]),
            "weights": reals_out([m.weights_ for m in models]), "means": reals_out([m.means_ for m in models]),
            "covariances": reals_out([to_full(m.covariances_, ctype, d) for m in models])}


def m_step(case):
    X, r = case.inputs["data"], case.inputs["responsibilities"]
    ctype = COVARIANCE_TYPE[case.inputs["covarianceType"]]
    model = GaussianMixture(r.shape[1], covariance_type=ctype, reg_covar=case.inputs["covarianceRegulariser"])
    with np.errstate(divide="ignore"):
        model._m_step(X, np.log(r))
    return {"weights": reals_out(model.weights_), "means": reals_out(model.means_),
            "covariances": reals_out(to_full(model.covariances_, ctype, X.shape[1]))}


def ppca(solver):
    def compute(case):
        X, q = case.inputs["data"], int(case.inputs["latentDimension"])
        n, d = X.shape
        ml = (n - 1) / n  # PCA's 1/(N - 1) covariance to the fixture's ML 1/N
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                model = PCA(n_components=q, svd_solver=solver, random_state=0).fit(X)
                everything = (PCA(n_components=None, svd_solver=solver).fit(X)
                              if solver in ("full", "covariance_eigh") else None)
        except InvalidParameterError as error:
            raise Refusal("latent-dimension", str(error))
        except ValueError as error:
            if "NaN" in str(error):
                raise Refusal("non-finite-input", str(error))
            if "n_components" in str(error):
                raise Refusal("latent-dimension", str(error))
            raise
        model.explained_variance_ = model.explained_variance_ * ml
        model.noise_variance_ = model.noise_variance_ * ml
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)
            log_likelihood = math.fsum(model.score_samples(X))
        out = {"noiseVariance": real_out(model.noise_variance_),
               "loadingsProduct": reals_out(model.get_covariance() - model.noise_variance_ * np.eye(d)),
               "projection": reals_out(model.components_.T @ model.components_),
               "logLikelihood": real_out(log_likelihood)}
        if everything is not None:
            out["eigenvalues"] = reals_out(everything.explained_variance_ * ml)
        return out
    return compute


def factor_analysis(components, noise_variance, mean):
    """A FactorAnalysis carrying (W^T, Psi, mean) as its fitted attributes."""
    model = FactorAnalysis(n_components=components.shape[0])
    model.components_ = np.asarray(components, dtype=np.float64)
    model.noise_variance_ = np.asarray(noise_variance, dtype=np.float64)
    model.mean_ = np.asarray(mean, dtype=np.float64)
    return model


def loadings_transpose(product, q):
    """A q x d matrix V with V^T V = product (the top q eigenpairs; the product has rank q)."""
    values, vectors = np.linalg.eigh(product)
    top = np.argsort(values)[::-1][:q]
    return (vectors[:, top] * np.sqrt(np.clip(values[top], 0.0, None))).T


def linear_gaussian_evidence(case):
    i = case.inputs
    d = len(i["mu"])
    model = factor_analysis(np.asarray(i["W"]).T, np.full(d, float(i["noiseVariance"])), i["mu"])
    return {"logEvidence": real_out(model.score_samples(np.asarray(i["x"])[None, :])[0])}


def vae_log_marginal(case):
    i = case.inputs
    w, b = np.asarray(i["decoder-W0"]), np.asarray(i["decoder-b0"])
    model = factor_analysis(w.T, np.full(len(b), float(i["s2"])), b)
    return {"log-marginal": real_out(model.score_samples(np.asarray(i["x"])[None, :])[0])}


def fa_trace_log_likelihood(case):
    X, q = case.inputs["data"], int(case.inputs["latentDimension"])
    d = X.shape[1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        mean = FactorAnalysis(n_components=q, max_iter=1).fit(X).mean_
    noise = np.asarray(case.expected["noiseVariances"], dtype=np.float64)
    products = case.expected["loadingsProducts"]
    values = []
    for t in range(len(products)):
        psi = np.full(d, noise[t]) if noise.ndim == 1 else noise[t]
        model = factor_analysis(loadings_transpose(products[t], q), psi, mean)
        values.append(math.fsum(model.score_samples(X)))
    return {"logLikelihoods": reals_out(values)}


def main():
    args = arguments(__doc__)
    Run(args, "scikit-learn", "linear-regression", VERSION + " LinearRegression").file(
        "linear-gaussian/least-squares.json", ["exact-small", "ill-conditioned-polynomial", "nist-strd"],
        linear_regression)
    Run(args, "scikit-learn", "bayesian-ridge", VERSION + " BayesianRidge").file(
        "mean-field/type-ii.json", ["mackay"], mackay)
    run = Run(args, "scikit-learn", "gaussian-mixture", VERSION + " GaussianMixture")
    run.file("mixtures/em-traces.json", ["synthetic", "old-faithful", "regimes"], em_trace)
    run.file("mixtures/m-step-exact.json", ["rational-m-step"], m_step)
    for solver in ("full", "covariance_eigh", "arpack", "randomized"):
        Run(args, "scikit-learn", "pca-" + solver.replace("_", "-"),
            VERSION + " PCA(svd_solver=%r).score_samples" % solver).file(
            "factor-models/closed-form.json", ["ppca", "bad-input"], ppca(solver),
            cases=lambda case: case.group == "ppca" or case.inputs.get("algorithm") == "ppca-closed-form")
    run = Run(args, "scikit-learn", "factor-analysis", VERSION + " FactorAnalysis.score_samples")
    run.file("elbo/elbo-identity.json", ["linear-gaussian"], linear_gaussian_evidence)
    run.file("vae/networks.json", ["linear"], vae_log_marginal)
    run.file("factor-models/em-traces.json", ["ppca-em", "fa-em"], fa_trace_log_likelihood)


if __name__ == "__main__":
    main()
