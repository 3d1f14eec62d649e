"""Mutants of the randomness consumer (scripts/consumer/families/randomness.py): each reproduces one
bug class the fixture flags, by replacing a method of the consumer's Sampler or the generator's mix.

Each public function is the patch of the flag it is named for (hyphens for underscores); run.py
applies it to the consumer module when LATENT_ORACLE_MUTANT names the flag (scripts/mutants runs
every flag this way).
"""
import numpy as np

MASK = (1 << 64) - 1


def state_advance_order(rn):
    # The word mixed from the state before it advances.
    def next_word(self):
        out = rn.splitmix64.mix(self.state)
        self.state = (self.state + rn.splitmix64.GAMMA) & MASK
        return out
    rn.Sampler.next = next_word


def arithmetic_shift(rn):
    # Shifts on the signed view of the state: the sign bit is smeared in from the left.
    def shift(z, k):
        signed = z - (1 << 64) if z >> 63 else z
        return (signed >> k) & MASK

    def mix(z):
        z = ((z ^ shift(z, 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ shift(z, 27)) * 0x94D049BB133111EB) & MASK
        return z ^ shift(z, 31)
    rn.splitmix64.mix = mix


def uniform_mapping(rn):
    # The whole word divided by 2⁶⁴ in float64: rounds up to 1.0 near the top.
    rn.Sampler.uniform = lambda self: float(np.float64(self.next()) / np.float64(2.0**64))


def polar_partner_reuse(rn):
    # The polar method's second variate v2·√t cached and returned by the next call.
    def normal(self):
        cached = getattr(self, "cached_normal", None)
        if cached is not None:
            self.cached_normal = None
            return cached
        v1, v2, root = self.polar()
        self.cached_normal = v2 * root
        return v1 * root
    rn.Sampler.normal = normal


def _patch_categorical(rn, lands, redraw):
    """Replaces the consumer's RNG-5 walk by one that stops at the first i with lands(u, c), and
    draws a fresh u for every category after the first when `redraw`."""
    def categorical(self, p):
        rn.validate(p)
        u = self.uniform()
        c = 0.0
        for i, pi in enumerate(p):
            c += pi
            if redraw and i > 0:
                u = self.uniform()
            if lands(u, c):
                return i
        positive = [i for i, pi in enumerate(p) if pi > 0]
        return positive[-1] if positive else -1
    rn.Sampler.categorical = categorical


def categorical_one_draw(rn):
    # A fresh uniform drawn for every category after the first.
    _patch_categorical(rn, lambda u, c: u < c, redraw=True)


def categorical_boundary(rn):
    # u ≤ c instead of u < c: a u exactly on a cumulative boundary lands in the lower category.
    _patch_categorical(rn, lambda u, c: u <= c, redraw=False)


def categorical_validation(rn):
    rn.validate = lambda p: None
