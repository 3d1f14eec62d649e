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
"""
import math
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import BayesianRidge, LinearRegression
from sklearn.mixture import GaussianMixture

from common import Run, arguments, real_out, reals_out
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


if __name__ == "__main__":
    main()
