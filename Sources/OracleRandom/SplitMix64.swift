/// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014): the one pseudo-random generator that LatentOracle specifies, so that any
/// language can reproduce its stream in a few lines (`Proofs/01-randomness.md`, RNG-1 and RNG-2).
///
/// The state is a single 64-bit word. Each call adds the golden-ratio increment γ to the state
/// (RNG-1) and returns a bijective mix of the new state (RNG-2). All arithmetic is modulo 2⁶⁴.
///
/// **Postconditions:** two generators built from the same seed return the same words forever;
/// the period is 2⁶⁴ (γ is odd, so the state visits every word once per period).
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    /// γ = 0x9E3779B97F4A7C15, the odd integer nearest 2⁶⁴/φ (φ the golden ratio).
    public static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The current state: the seed before the first call, then seed + n·γ (mod 2⁶⁴) after n calls.
    public private(set) var state: UInt64

    /// A generator whose first output is `mix(seed &+ γ)`. Every seed is valid, including 0.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64-bit word: advance the state by γ (RNG-1), then return `mix(state)` (RNG-2).
    public mutating func next() -> UInt64 {
        // RNG-1: the state transition is a Weyl sequence, state ← state + γ (mod 2⁶⁴).
        state &+= Self.increment
        return Self.mix(state)
    }

    /// The output function (RNG-2): Stafford's "Mix13" variant of the MurmurHash3 finaliser,
    /// a bijection of 64-bit words.
    ///
    ///     z ← (z ⊕ (z ≫ 30)) · 0xBF58476D1CE4E5B9  (mod 2⁶⁴)
    ///     z ← (z ⊕ (z ≫ 27)) · 0x94D049BB133111EB  (mod 2⁶⁴)
    ///     z ← z ⊕ (z ≫ 31)
    ///
    /// (≫ is the logical right shift.)
    public static func mix(_ word: UInt64) -> UInt64 {
        var z = word
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
