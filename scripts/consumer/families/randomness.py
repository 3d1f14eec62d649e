"""SplitMix64's samplers, written from the conventions in Fixtures/randomness/splitmix64.json
(Proofs/01-randomness.md, RNG-1 ... RNG-5), on the generator of scripts/python/splitmix64.py.

The bug classes the fixture flags are reproduced apart, in scripts/mutants.d/randomness.py, by
overriding the generator's and the samplers' methods.
"""
import math

import numpy as np

from fixture_io import ConsumerError, real_out, word_out  # fixture_io puts scripts/python on sys.path
import splitmix64  # noqa: E402


class Sampler(splitmix64.SplitMix64):
    """SplitMix64 words (next), and the samplers built on them."""

    def uniform(self):
        """RNG-3: the top 53 bits of a word, times 2⁻⁵³ (exact), in [0, 1)."""
        return float(self.next() >> 11) * 2.0**-53

    def polar(self):
        """RNG-4's accepted pair: v1 = 2u − 1, v2 = 2u′ − 1 redrawn until 0 < s = v1² + v2² < 1, and
        the root √(−2 ln s / s)."""
        while True:
            v1 = 2.0 * self.uniform() - 1.0
            v2 = 2.0 * self.uniform() - 1.0
            s = v1 * v1 + v2 * v2
            if 0.0 < s < 1.0:
                break
        return v1, v2, math.sqrt((-2.0 * float(np.log(s))) / s)

    def normal(self):
        """RNG-4: Marsaglia's polar method, returning v1·√(−2 ln s / s) and discarding the partner."""
        v1, _, root = self.polar()
        return v1 * root

    def categorical(self, p):
        """RNG-5: one uniform u, the first i with u < p_0 + … + p_i (left to right in float64), and
        the last positive entry if rounding leaves u above the total."""
        validate(p)
        u = self.uniform()
        c = 0.0
        for i, pi in enumerate(p):
            c += pi
            if u < c:
                return i
        positive = [i for i, pi in enumerate(p) if pi > 0]
        return positive[-1] if positive else -1


def validate(p):
    if len(p) == 0:
        raise ConsumerError("invalid-probabilities", "empty")
    total = 0.0
    for pi in p:  # left to right in float64 (Python's sum() compensates, so it is not used)
        if not math.isfinite(pi) or pi < 0:
            raise ConsumerError("invalid-probabilities", "entry %r" % pi)
        total += pi
    if abs(total - 1.0) > 1e-12:
        raise ConsumerError("invalid-probabilities", "sum %r" % total)


def compute(group, inputs):
    g = Sampler(inputs["seed"])
    n = inputs["count"]
    if group == "words":
        return {"words": [word_out(g.next()) for _ in range(n)]}
    if group == "uniform":
        return {"uniforms": [real_out(g.uniform()) for _ in range(n)]}
    if group == "normal":
        return {"normals": [real_out(g.normal()) for _ in range(n)]}
    if "probabilities" in inputs:  # categorical, and the categorical-edges groups
        p = [float(x) for x in np.asarray(inputs["probabilities"], dtype=np.float64).ravel()]
        return {"indices": [g.categorical(p) for _ in range(n)]}
    raise KeyError("randomness: unknown group " + group)
