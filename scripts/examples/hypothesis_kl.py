#!/usr/bin/env python3
"""Differential testing against the oracle: Hypothesis draws random Gaussian pairs, asks
`latent-oracle serve` for the certified KL(p ‖ q), and checks a float64 implementation of the
closed form against it within the tolerance the oracle returns.

The implementation under test here is NumPy's (Cholesky, triangular solves, log-determinants from
the Cholesky diagonal); replace `kl_under_test` with your own (SciPy, PyTorch, JAX, ...).

Run it as a test:   python3 -m pytest scripts/examples/hypothesis_kl.py
or as a script:     python3 scripts/examples/hypothesis_kl.py [--bin PATH-TO-latent-oracle]
It needs numpy and hypothesis (pip install numpy hypothesis pytest), and a built CLI
(`swift build --product latent-oracle`; the default path is `swift build --show-bin-path`).
"""
import json
import os
import subprocess
import sys

import numpy as np
from hypothesis import given, settings, strategies as st

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def oracle_binary():
    if "--bin" in sys.argv:
        return sys.argv[sys.argv.index("--bin") + 1]
    if os.environ.get("LATENT_ORACLE_BIN"):
        return os.environ["LATENT_ORACLE_BIN"]
    path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    return os.path.join(path, "latent-oracle")


class Oracle:
    """One long-running `latent-oracle serve`: a request line in, an answer line out."""

    def __init__(self, binary):
        self.process = subprocess.Popen([binary, "serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, bufsize=1)
        self.count = 0

    def ask(self, group, inputs):
        self.count += 1
        self.process.stdin.write(json.dumps({"group": group, "inputs": inputs, "id": self.count}) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        assert answer["id"] == self.count, answer
        return answer


def real(x):
    """A fixture real: the Double's shortest decimal and its exact hex spelling."""
    x = float(x)
    return {"double": repr(x), "hex": x.hex(), "accuracy": "exact"}


def array(values):
    values = np.asarray(values, dtype=np.float64)
    return {"shape": list(values.shape), "data": [real(v) for v in values.ravel()]}


def kl_under_test(m1, s1, m2, s2):
    """KL(N(m1, S1) ‖ N(m2, S2)) in float64 by Cholesky: the implementation being tested."""
    l1, l2 = np.linalg.cholesky(s1), np.linalg.cholesky(s2)
    m = np.linalg.solve(l2, l1)
    d = np.linalg.solve(l2, m2 - m1)
    k = len(m1)
    logdet = 2 * (np.log(np.diag(l2)).sum() - np.log(np.diag(l1)).sum())
    return 0.5 * (np.sum(m * m) - k + d @ d + logdet)


def within(observed, expected, tolerance):
    error = abs(observed - expected)
    bound = {"exact": 0.0, "absolute": tolerance["value"],
             "relative": tolerance["value"] * abs(expected)}.get(tolerance["kind"])
    if bound is None:                       # ulps
        bound = tolerance["value"] * np.spacing(abs(expected))
    return error <= max(bound, tolerance.get("absoluteFloor", 0.0)), error, bound


# Small dyadic entries keep the exact computation over ℚ cheap; the covariances are BBᵀ + cI.
entries = st.integers(-16, 16).map(lambda n: n / 8)


@st.composite
def gaussian_pairs(draw):
    k = draw(st.integers(1, 4))
    def covariance():
        b = np.array([[draw(entries) for _ in range(k)] for _ in range(k)])
        return b @ b.T + draw(st.sampled_from([0.25, 0.5, 1.0, 2.0])) * np.eye(k)
    mean = lambda: np.array([draw(entries) for _ in range(k)])
    return mean(), covariance(), mean(), covariance()


ORACLE = None


def oracle():
    global ORACLE
    if ORACLE is None:
        ORACLE = Oracle(oracle_binary())
    return ORACLE


@settings(max_examples=200, deadline=None)
@given(gaussian_pairs())
def test_gaussian_kl_against_the_oracle(pair):
    m1, s1, m2, s2 = pair
    answer = oracle().ask("divergences/gaussian-kl/full", {
        "mean1": array(m1), "covariance1": array(s1), "mean2": array(m2), "covariance2": array(s2)})
    assert "expected" in answer, answer
    expected = float.fromhex(answer["expected"]["kl"]["hex"])
    ok, error, bound = within(kl_under_test(m1, s1, m2, s2), expected, answer["tolerance"])
    assert ok, f"KL {expected!r}: error {error:.3g} over the bound {bound:.3g} ({answer['tolerance']['reason']})"


if __name__ == "__main__":
    test_gaussian_kl_against_the_oracle()
    print(f"hypothesis_kl: {oracle().count} random Gaussian pairs agree with the oracle's certified KL")
