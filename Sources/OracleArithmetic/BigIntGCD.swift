// Greatest common divisor: Euclid's algorithm on limbs, finishing in machine words with
// Stein's binary algorithm once the operands fit in one limb.

extension Limbs {
    /// gcd(a, b) of single limbs by Stein's binary algorithm; gcd(0, 0) = 0.
    @usableFromInline
    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        if a == 0 { return b }
        if b == 0 { return a }
        var x = a, y = b
        let shift = (x | y).trailingZeroBitCount
        x >>= UInt64(x.trailingZeroBitCount)
        repeat {
            // x is odd here; strip the factors of two from y (they are not common).
            y >>= UInt64(y.trailingZeroBitCount)
            if x > y { swap(&x, &y) }
            y -= x
        } while y != 0
        return x << UInt64(shift)
    }

    /// gcd(a, b) of two-limb values in 128-bit arithmetic.
    private static func gcd(_ a: UInt128, _ b: UInt128) -> UInt128 {
        var x = a, y = b
        while y >> 64 != 0 {
            (x, y) = (y, x % y)
        }
        if y == 0 { return x }
        // y fits in one limb: one more step brings x below it too.
        let r = UInt64(truncatingIfNeeded: x % y)
        return UInt128(gcd(UInt64(truncatingIfNeeded: y), r))
    }

    /// gcd(|a|, |b|) of normalised magnitudes.
    @usableFromInline
    static func gcd(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var x = a, y = b
        if compare(x, y) < 0 { swap(&x, &y) }
        // Invariant: x ≥ y.
        while true {
            if y.isEmpty { return x }
            if y.count == 1 {
                let g = gcd(y[0], x.count == 1 ? x[0] % y[0] : remainder(x, dividingBy: y[0]))
                return g == 0 ? [] : [g]
            }
            if x.count == 2 {
                let g = gcd(UInt128(x[1]) << 64 | UInt128(x[0]), UInt128(y[1]) << 64 | UInt128(y[0]))
                let lo = UInt64(truncatingIfNeeded: g), hi = UInt64(truncatingIfNeeded: g >> 64)
                var result = [lo, hi]
                normalize(&result)
                return result
            }
            (x, y) = (y, divide(x, by: y).remainder)
        }
    }
}

extension BigInt {
    /// The greatest common divisor of `a` and `b`, ≥ 0; gcd(0, 0) = 0 and gcd(a, 0) = |a|.
    public static func gcd(_ a: BigInt, _ b: BigInt) -> BigInt {
        BigInt(negative: false, normalizedLimbs: Limbs.gcd(a.storage, b.storage))
    }
}
