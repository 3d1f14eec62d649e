// Division of a two-limb number by a normalised limb via a precomputed reciprocal
// (Möller & Granlund, "Improved division by invariant integers", IEEE Trans. Computers 2011,
// Algorithm 4). Two multiplications replace the 128-by-64-bit division, which Swift lowers to
// a slow library call; every long division by a fixed divisor limb uses it.

/// A normalised divisor limb d (top bit set) with v = ⌊(B² − 1)/d⌋ − B, B = 2⁶⁴.
@usableFromInline
internal struct LimbReciprocal {
    @usableFromInline let d: UInt64
    @usableFromInline let v: UInt64

    /// Precondition: the top bit of `d` is set.
    @inlinable
    init(_ d: UInt64) {
        assert(d >> 63 == 1, "LimbReciprocal needs a normalised divisor")
        self.d = d
        // (B² − 1)/d − B = ((B − 1 − d)·B + (B − 1)) / d, and B − 1 − d = ~d < d: no overflow.
        v = d.dividingFullWidth((~d, .max)).quotient
    }

    /// (⌊(u₁B + u₀)/d⌋, remainder) for u₁ < d.
    @inlinable @inline(__always)
    func divide(_ u1: UInt64, _ u0: UInt64) -> (quotient: UInt64, remainder: UInt64) {
        // ⟨q₁, q₀⟩ = v·u₁ + ⟨u₁, u₀⟩, then q₁ + 1 is the candidate quotient (at most one too
        // large or one too small, corrected below).
        let (ph, pl) = v.multipliedFullWidth(by: u1)
        let (q0, carry) = pl.addingReportingOverflow(u0)
        var q1 = ph &+ u1 &+ (carry ? 1 : 0) &+ 1
        var r = u0 &- q1 &* d
        if r > q0 {
            q1 &-= 1
            r &+= d
        }
        if r >= d {
            q1 &+= 1
            r &-= d
        }
        return (q1, r)
    }
}
