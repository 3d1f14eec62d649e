"""Shared pieces of scripts/bench's suites: the specified generator, timing, residues."""
import time

Q = 2 ** 31 - 1
MASK = (1 << 64) - 1


class SplitMix64:
    """The generator of Fixtures/README.md (Steele, Lea and Flood 2014), as OracleRandom's."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)


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
