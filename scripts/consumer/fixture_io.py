"""Reading LatentOracle fixture values and writing results files (format version 1).

Only what a consumer needs: values become Python/NumPy objects, results become JSON that
`latent-oracle verify` reads. Reals are read from their exact hex spelling, never from the
decimal, so nothing is lost.
"""
import json
import math
import os

import numpy as np

SCHEMA_VERSION = 1


def mutant():
    """The bug class this run reproduces (LATENT_ORACLE_MUTANT), or None for the correct consumer."""
    return os.environ.get("LATENT_ORACLE_MUTANT") or None


def value(v):
    """A fixture value as Python: real -> float, array -> numpy array (or list of ints/str),
    word -> int, integer/string/bool as is."""
    if isinstance(v, dict):
        if "double" in v:
            return float.fromhex(v["hex"]) if v["hex"] not in ("NaN", "Infinity", "-Infinity") else float(v["double"].replace("Infinity", "inf"))
        if "shape" in v:
            data = [value(x) for x in v["data"]]
            if data and isinstance(data[0], float):
                return np.array(data, dtype=np.float64).reshape(v["shape"])
            return data
        raise ValueError("unknown value object: %r" % (v,))
    if isinstance(v, str) and v.startswith("0x") and len(v) == 18:
        return int(v, 16)
    return v


def inputs(case):
    return {name: value(v) for name, v in case["inputs"].items()}


def real_out(x):
    """A float for the results file: JSON number, or the strings NaN / Infinity / -Infinity."""
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def reals_out(a):
    """A numpy array (any shape) as nested lists of result reals."""
    a = np.asarray(a, dtype=np.float64)
    if a.ndim == 0:
        return real_out(a)
    return [reals_out(row) for row in a]


def word_out(w):
    return "0x%016x" % (w & 0xFFFFFFFFFFFFFFFF)


class ConsumerError(Exception):
    """The consumer refuses an input; `kind` is the fixture's error kind."""

    def __init__(self, kind, message=""):
        super().__init__(message or kind)
        self.kind = kind


def write_results(path, fixture, implementation, results):
    document = {
        "schema": "latent-oracle-results",
        "schemaVersion": SCHEMA_VERSION,
        "family": fixture["family"],
        "variant": fixture["variant"],
        "implementation": implementation,
        "results": results,
    }
    with open(path, "w", encoding="utf-8") as f:
        json.dump(document, f, indent=1, allow_nan=False, ensure_ascii=False)
        f.write("\n")
