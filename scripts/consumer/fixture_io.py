"""The NumPy consumer's view of fixture values, on top of scripts/python/latent_oracle_fixtures.py.

Reading fixture files, decoding reals from their exact hex spelling, words and arrays, and
writing results files all go through that module (so the gate tests it); this file adds only
the consumer's conventions: real arrays as NumPy float64 arrays of their shape, other arrays as
flat lists, the mutant switch and the refusal exception.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "python"))

import latent_oracle_fixtures as lof  # noqa: E402
from latent_oracle_fixtures import SCHEMA_VERSION, real_out, reals_out, word_out, write_results  # noqa: E402,F401


def mutant():
    """The bug class this run reproduces (LATENT_ORACLE_MUTANT), or None for the correct consumer."""
    return os.environ.get("LATENT_ORACLE_MUTANT") or None


def value(v):
    """A fixture value as Python: real -> float, array of reals -> numpy array of its shape, other
    array -> flat list, word -> int, integer/string/bool as is."""
    if lof.is_array(v):
        data = [value(x) for x in v["data"]]
        if data and isinstance(data[0], float):
            return np.array(data, dtype=np.float64).reshape(v["shape"])
        return data
    return lof.decode(v, numpy=False)


def inputs(case):
    return {name: value(v) for name, v in case["inputs"].items()}


class ConsumerError(Exception):
    """The consumer refuses an input; `kind` is the fixture's error kind."""

    def __init__(self, kind, message=""):
        super().__init__(message or kind)
        self.kind = kind
