// Exact conversions between `Rational` and `Double`.

extension Rational {
    /// The exact value of `value` (a dyadic rational), or `nil` for NaN and ±∞. −0 gives 0.
    public init?(exactly value: Double) {
        guard value.isFinite else { return nil }
        if value == 0 {
            self = .zero
            return
        }
        // value = ±s · 2^e with s the integer significand: (2⁵² + f) · 2^(E−1075) for normal
        // numbers, f · 2⁻¹⁰⁷⁴ for subnormals.
        var s = value.significandBitPattern
        var e = -1074
        if value.isNormal {
            s |= 1 << 52
            e = Int(value.exponentBitPattern) - 1075
        }
        // Reduce: strip the factors of two shared with the denominator 2^−e.
        let twos = s.trailingZeroBitCount
        s >>= UInt64(twos)
        e += twos
        let p = BigInt(negative: value < 0, limbs: [s])
        if e >= 0 {
            self.init(reducedNumerator: p << e, denominator: .one)
        } else {
            self.init(reducedNumerator: p, denominator: BigInt.one << -e)
        }
    }

    /// p/q correctly rounded to `Double`, ties to even, with gradual underflow and overflow to ±∞.
    internal func roundedToDouble() -> Double {
        let p = numerator.magnitude, q = denominator
        if p.isZero { return 0 }
        // Both exact in Double: one IEEE division is correctly rounded (and q ≥ 1 keeps the
        // quotient far from the subnormal range of the binary64 format for |p| < 2⁵³).
        if p.limbs.count == 1 && q.limbs.count == 1 && p.limbs[0] < 1 << 53 && q.limbs[0] < 1 << 53 {
            let x = Double(p.limbs[0]) / Double(q.limbs[0])
            return numerator.isNegative ? -x : x
        }
        // Scale so the integer quotient Q = ⌊p·2ˢ / q⌋ has at least 66 bits (≥ 2⁶⁵): then
        // p/q = (Q + f)·2⁻ˢ with f ∈ [0, 1), the round bit is a bit of Q, and f ≠ 0 exactly when
        // the division leaves a remainder (the sticky bit).
        let k = p.bitLength - q.bitLength  // p/q ∈ (2^(k−1), 2^(k+1))
        let s = 66 - k
        let scaledP = s > 0 ? Limbs.shiftLeft(p.limbs, s) : p.limbs
        let scaledQ = s < 0 ? Limbs.shiftLeft(q.limbs, -s) : q.limbs
        let (quotient, remainder) = Limbs.divide(scaledP, by: scaledQ)
        return Limbs.roundedDouble(
            negative: numerator.isNegative, significand: quotient, exponent: -s, sticky: !remainder.isEmpty)
    }
}
