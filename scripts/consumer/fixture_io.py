"""The NumPy consumer's view of fixture values, on top of scripts/python/latent_oracle_fixtures.py.

Reading fixture files, decoding reals from their exact hex spelling, words and arrays, and
writing results files all go through that module (so the gate tests it); this file adds only
the consumer's conventions: real arrays as NumPy float64 arrays of their shape, other arrays as
flat lists, the run's precision and the refusal exception.
"""
import json
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "python"))

import latent_oracle_fixtures as lof  # noqa: E402
from latent_oracle_fixtures import SCHEMA_VERSION, real_out, reals_out, word_out  # noqa: E402,F401


def precision():
    """The format this run computes in: "float64", or "float32" (LATENT_ORACLE_PRECISION, set by
    run.py --precision) for the families that declare FLOAT32 = True."""
    return os.environ.get("LATENT_ORACLE_PRECISION") or "float64"


def float32():
    """Whether this run computes in float32."""
    return precision() == "float32"


def log(x):
    """ln of a scalar: math.log in float64, NumPy's float32 log in float32."""
    return np.log(real(x)) if float32() else math.log(x)


def log_2pi():
    """ln 2π at this run's precision."""
    return np.log(real(2 * math.pi)) if float32() else math.log(2 * math.pi)


def real_type():
    """The NumPy scalar type of every real: float64, or float32 in a float32 run."""
    return np.float32 if precision() == "float32" else np.float64


def real(x):
    """x as a real of this run's precision (a float32 run keeps float32 throughout)."""
    return real_type()(x)


def rsum(values):
    """Σ values: math.fsum in float64 (correctly rounded); in float32 NumPy's pairwise float32 sum."""
    if precision() == "float32":
        return np.sum(np.asarray(values, dtype=np.float32), dtype=np.float32)
    return math.fsum(values)


def value(v):
    """A fixture value as Python: real -> float (np.float32 in a float32 run), array of reals ->
    numpy array of its shape and this run's precision, other array -> flat list, word -> int,
    integer/string/bool as is."""
    if lof.is_array(v):
        data = [value(x) for x in v["data"]]
        if data and isinstance(data[0], (float, np.floating)):
            return np.array(data, dtype=real_type()).reshape(v["shape"])
        return data
    decoded = lof.decode(v, numpy=False)
    return real(decoded) if isinstance(decoded, float) else decoded


def write_results(path, fixture, implementation, results):
    """lof.write_results, with `"precision": "float32"` in a float32 run."""
    document = lof.results_document(fixture, implementation, results)
    if precision() == "float32":
        document["precision"] = "float32"
    folder = os.path.dirname(path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(document, f, indent=1, allow_nan=False, ensure_ascii=False)
        f.write("\n")


def inputs(case):
    return {name: value(v) for name, v in case["inputs"].items()}


class ConsumerError(Exception):
    """The consumer refuses an input; `kind` is the fixture's error kind."""

    def __init__(self, kind, message=""):
        super().__init__(message or kind)
        self.kind = kind
