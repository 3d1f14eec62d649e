import Foundation

/// The specified standard-normal sampler (`Proofs/01-randomness.md`, RNG-4).
extension SplitMix64 {
    /// A draw from N(0, 1) by Marsaglia's polar method (Marsaglia & Bray, SIAM Review 6, 1964),
    /// with every floating-point operation specified so that another IEEE 754 binary64
    /// implementation with a correctly rounded `log` reproduces it bit for bit:
    ///
    ///     repeat
    ///         u₁ = uniform(); u₂ = uniform()            (two words, u₁ first)
    ///         v₁ = 2·u₁ − 1;  v₂ = 2·u₂ − 1              (both exact)
    ///         s  = v₁·v₁ + v₂·v₂                         (two rounded products, one rounded sum; no FMA)
    ///     until 0 < s < 1
    ///     t = (−2 · log(s)) / s                          (−2·log(s) is exact; one rounded division)
    ///     return v₁ · √t                                 (correctly rounded √, one rounded product)
    ///
    /// The partner value v₂·√t is discarded, so the generator carries no cached normal and its
    /// state is always just the SplitMix64 word.
    ///
    /// **Accuracy:** `log` is the platform's (glibc's `log` on Linux, correctly rounded on every
    /// input the test vectors reach; the reference script checks this). Every other step is a
    /// single correctly rounded IEEE operation.
    ///
    /// **Postconditions:** consumes an even number of words (2 per attempt; an attempt is accepted
    /// with probability π/4); the result is finite and |result| ≤ √(−2 ln 2⁻¹⁰⁴) ≈ 12.01
    /// (|v₁|/√s ≤ 1, and s ≥ 2⁻¹⁰⁴, the least non-zero sum of squares of multiples of 2⁻⁵²).
    public mutating func standardNormal() -> Double {
        while true {
            let u1 = uniform()
            let u2 = uniform()
            // u = k·2⁻⁵³, so 2u − 1 = (k − 2⁵²)·2⁻⁵² is exact: no rounding enters v₁ or v₂.
            let v1 = 2.0 * u1 - 1.0
            let v2 = 2.0 * u2 - 1.0
            // Written as two products and one sum; Swift never contracts this into an FMA.
            let s = v1 * v1 + v2 * v2
            // Rejecting s = 0 avoids log(0); rejecting s ≥ 1 keeps (v₁, v₂) uniform in the disc.
            guard s > 0.0 && s < 1.0 else { continue }
            // (v₁, v₂)/√s is uniform on the circle and −2 ln s ~ χ²₂ independently, so
            // v₁·√(−2 ln s / s) = (v₁/√s)·√(−2 ln s) is standard normal (Box–Muller in polar form).
            let t = (-2.0 * log(s)) / s
            return v1 * t.squareRoot()
        }
    }
}
