#!/usr/bin/env python3
"""An adapter of the README's "Checking your library with verify": it computes only `kl` of
Fixtures/divergences/gaussian-kl.json with NumPy, as a library whose KL function returns the
divergence alone would, and writes a results file for `latent-oracle verify`.

The KL of two Gaussians goes through Cholesky factors L1, L2 of the covariances:
KL = ½[‖L2⁻¹L1‖²_F + ‖L2⁻¹(μ2 − μ1)‖² − k + 2 Σ log diag L2 − 2 Σ log diag L1].
A covariance that is not positive definite is refused as `not-positive-definite`, and means and
covariances of different dimensions as `shape-mismatch`.

Usage: numpy_gaussian_kl.py OUT.json [--float32] [--bug missing-half]
  --float32           compute in single precision and declare "precision": "float32"
  --bug missing-half  drop the ½ in front of the bracket (the fixture's `missing-half` flag)
"""
import argparse
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts", "python"))
import latent_oracle_fixtures as lof  # noqa: E402


class Refusal(Exception):
    """The input is refused; the message is the fixture's error kind."""


def cholesky(a):
    try:
        return np.linalg.cholesky(a)
    except np.linalg.LinAlgError:
        raise Refusal("not-positive-definite")


def kl(inputs, dtype, half):
    """KL(p ‖ q) of two Gaussians given by means and either variances or covariances."""
    if "variance1" in inputs:
        s1, s2 = (np.diag(np.asarray(inputs[v], dtype=dtype)) for v in ("variance1", "variance2"))
    else:
        s1, s2 = (np.asarray(inputs[c], dtype=dtype) for c in ("covariance1", "covariance2"))
    m1, m2 = (np.asarray(inputs[m], dtype=dtype) for m in ("mean1", "mean2"))
    if s1.shape != s2.shape or m1.shape != m2.shape or m1.shape[0] != s1.shape[0]:
        raise Refusal("shape-mismatch")
    l1, l2 = cholesky(s1), cholesky(s2)
    m = np.linalg.solve(l2, l1)
    d = np.linalg.solve(l2, m2 - m1)
    log_det = 2 * np.sum(np.log(np.diag(l2))) - 2 * np.sum(np.log(np.diag(l1)))
    return half * (np.sum(m * m) + d @ d - dtype(len(m1)) + log_det)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--float32", action="store_true")
    parser.add_argument("--bug", choices=["missing-half"])
    args = parser.parse_args()
    dtype = np.float32 if args.float32 else np.float64
    half = dtype(1) if args.bug == "missing-half" else dtype(0.5)
    fixture = lof.load(os.path.join(ROOT, "Fixtures", "divergences", "gaussian-kl.json"))
    results = {}
    for case in lof.cases(fixture):
        try:
            with np.errstate(all="ignore"):
                results[case.id] = {"kl": lof.real_out(kl(case.inputs, dtype, half))}
        except Refusal as refusal:
            results[case.id] = lof.error_out(str(refusal))
    lof.write_results(args.out, fixture, "numpy %s linalg" % np.__version__, results,
                      precision="float32" if args.float32 else "float64")
    return 0


if __name__ == "__main__":
    sys.exit(main())
