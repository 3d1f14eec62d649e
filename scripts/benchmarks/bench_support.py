"""Shared pieces of scripts/bench's suites: the specified generator (scripts/python/splitmix64.py),
timing, residues."""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "python"))

from splitmix64 import SplitMix64  # noqa: E402,F401  (the suites draw from it)

Q = 2 ** 31 - 1


def minimum_seconds(function, repetitions):
    """The minimum wall time over `repetitions` calls of `function`, and the last call's result."""
    best, result = float("inf"), None
    for _ in range(repetitions):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def residue_mod_q(fraction):
    """numerator · denominator⁻¹ mod q = 2³¹ − 1."""
    return fraction.numerator * pow(fraction.denominator, -1, Q) % Q
