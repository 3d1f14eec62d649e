/// The specified mapping from 64-bit words to doubles in [0, 1) (`Proofs/01-randomness.md`, RNG-3).
extension SplitMix64 {
    /// The double `⌊word / 2¹¹⌋ · 2⁻⁵³`: the top 53 bits of `word` read as a binary fraction.
    ///
    /// Both steps are exact in IEEE 754 binary64: `word >> 11 < 2⁵³` converts to `Double`
    /// without rounding, and multiplying by the power of two 2⁻⁵³ only changes the exponent.
    ///
    /// **Postconditions:** the result is one of the 2⁵³ equally spaced values k·2⁻⁵³,
    /// k = 0 … 2⁵³ − 1; it is never 1. `0` maps to 0 and `UInt64.max` to 1 − 2⁻⁵³.
    public static func unitInterval(_ word: UInt64) -> Double {
        Double(word >> 11) * 0x1p-53
    }

    /// The next uniform double in [0, 1): `unitInterval(next())`. Consumes exactly one word.
    public mutating func uniform() -> Double {
        Self.unitInterval(next())
    }
}
