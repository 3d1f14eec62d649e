"""An independent SplitMix64 and its samplers, written from the conventions in
Fixtures/randomness/splitmix64.json (Proofs/01-randomness.md, RNG-1 ... RNG-5).

Mutants (LATENT_ORACLE_MUTANT) reproduce one bug class each, to prove the fixture catches it.
"""
import math

import numpy as np

from fixture_io import ConsumerError, mutant, real_out, word_out

# The bug classes this module can reproduce, one per fixture flag (scripts/mutants checks each).
MUTANTS = {
    "state-advance-order", "arithmetic-shift", "uniform-mapping", "polar-partner-reuse",
    "categorical-one-draw", "categorical-boundary", "categorical-validation",
}

MASK = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15


def _shift(z, k):
    """z >> k: logical (correct), or arithmetic on the signed view (mutant arithmetic-shift)."""
    if mutant() == "arithmetic-shift":
        signed = z - (1 << 64) if z >> 63 else z
        return (signed >> k) & MASK
    return z >> k


def mix(z):
    z = ((z ^ _shift(z, 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ _shift(z, 27)) * 0x94D049BB133111EB) & MASK
    return z ^ _shift(z, 31)


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK
        self.cached_normal = None

    def next(self):
        if mutant() == "state-advance-order":
            out = mix(self.state)
            self.state = (self.state + GAMMA) & MASK
            return out
        self.state = (self.state + GAMMA) & MASK
        return mix(self.state)

    def uniform(self):
        w = self.next()
        if mutant() == "uniform-mapping":
            return float(np.float64(w) / np.float64(2.0**64))
        return float(w >> 11) * 2.0**-53

    def normal(self):
        if mutant() == "polar-partner-reuse" and self.cached_normal is not None:
            z, self.cached_normal = self.cached_normal, None
            return z
        while True:
            v1 = 2.0 * self.uniform() - 1.0
            v2 = 2.0 * self.uniform() - 1.0
            s = v1 * v1 + v2 * v2
            if 0.0 < s < 1.0:
                break
        t = (-2.0 * float(np.log(s))) / s
        root = math.sqrt(t)
        if mutant() == "polar-partner-reuse":
            self.cached_normal = v2 * root
        return v1 * root

    def categorical(self, p):
        if mutant() != "categorical-validation":
            validate(p)
        u = self.uniform()
        c = 0.0
        for i, pi in enumerate(p):
            c += pi
            if mutant() == "categorical-one-draw" and i > 0:
                u = self.uniform()
            if (u <= c) if mutant() == "categorical-boundary" else (u < c):
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
    g = SplitMix64(inputs["seed"])
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
