"""statsmodels against linear-gaussian/least-squares, through OLS only.

OLS(y, design).fit(method=M) for each method statsmodels offers for OLS ("pinv", "qr"), on the
design exactly as the fixture builds it, no column scaling. Conventions, translated visibly:
theta = params; rss = ssr; sigma2-unbiased = scale (RSS/(n - p)); sigma2-ml = ssr/nobs;
standard-errors = bse (from scale, NIST's convention); log-likelihood = llf (at sigma2-ml);
r-squared = rsquared, which statsmodels centres only when it detects a constant column, as the
fixture does.
"""
import warnings

import numpy as np
import statsmodels
import statsmodels.api as sm

warnings.simplefilter("ignore")  # rank warnings: verify judges the numbers

from common import Refusal, Run, arguments, real_out, reals_out
from scipy_adapter import design

VERSION = "statsmodels %s (numpy %s)" % (statsmodels.__version__, np.__version__)


def ols(method):
    def compute(case):
        try:
            fit = sm.OLS(case.inputs["y"], design(case)).fit(method=method)
        except np.linalg.LinAlgError as error:  # "qr" inverts RᵀR for the covariance and stops there
            raise Refusal("rank-deficient", str(error))
        out = {"theta": reals_out(fit.params)}
        if case.group == "exact-small":
            out.update({"rss": real_out(fit.ssr), "sigma2-ml": real_out(fit.ssr / fit.nobs),
                        "sigma2-unbiased": real_out(fit.scale), "standard-errors": reals_out(fit.bse),
                        "r-squared": real_out(fit.rsquared), "log-likelihood": real_out(fit.llf)})
        return out
    return compute


def main():
    args = arguments(__doc__)
    for method in ("pinv", "qr"):
        Run(args, "statsmodels", "ols-" + method, VERSION + " OLS.fit(method=%r)" % method).file(
            "linear-gaussian/least-squares.json", ["exact-small", "ill-conditioned-polynomial", "nist-strd"],
            ols(method))


if __name__ == "__main__":
    main()
