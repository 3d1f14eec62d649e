"""SplitMix64 (Steele, Lea and Flood 2014), the generator every fixture's randomness comes from
(Fixtures/README.md, Proofs/01-randomness.md RNG-1 and RNG-2), standard library only: the one Python
copy, used by the NumPy consumer, scripts/checks.d/10-randomness-reference and the benchmarks.

A state s advances by the odd constant γ = 0x9E3779B97F4A7C15 modulo 2⁶⁴ (RNG-1), and each word is
mix(s) of the advanced state (RNG-2): xor-shift by 30, multiply, xor-shift by 27, multiply,
xor-shift by 31, with logical (unsigned) shifts. Exact: integer arithmetic modulo 2⁶⁴.
"""

MASK = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15


def mix(z):
    """RNG-2: the output word of the state z."""
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


class SplitMix64:
    """The generator seeded with `seed` (taken modulo 2⁶⁴)."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        """The next 64-bit word: advance the state by γ (RNG-1), then mix the new state (RNG-2)."""
        self.state = (self.state + GAMMA) & MASK
        return mix(self.state)
