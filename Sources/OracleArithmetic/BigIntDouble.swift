// Conversions between `BigInt` and `Double`, and the correctly rounded conversion of
// Q·2ᵉ (+ a sticky fraction) to `Double` that `Rational.doubleValue` shares.

extension Limbs {
    /// The `Double` nearest to (−1)^negative · (Q + f) · 2ᵉ, ties to even, where Q is the
    /// normalised magnitude `significand` and f ∈ [0, 1) is an unknown fraction that is non-zero
    /// exactly when `sticky`.
    ///
    /// Requirement when `sticky`: Q has at least one bit below the last kept bit (guaranteed when
    /// Q ≥ 2⁵⁴), so the round bit is a bit of Q.
    ///
    /// **Edge Cases:** results below half the least subnormal round to ±0 (exactly half rounds to
    /// even, i.e. 0); results that round to 2¹⁰²⁴ or beyond give ±∞; subnormals are rounded at
    /// the fixed quantum 2⁻¹⁰⁷⁴ (gradual underflow, a single rounding).
    @usableFromInline
    static func roundedDouble(negative: Bool, significand q: [UInt64], exponent e: Int, sticky: Bool) -> Double {
        let signBit: UInt64 = negative ? 1 << 63 : 0
        let length = bitLength(q)
        if length == 0 {
            assert(!sticky, "a sticky fraction needs a non-zero significand")
            return Double(bitPattern: signBit)
        }
        // The value lies in [2^top, 2^(top+1)).
        let top = length - 1 + e
        if top > 1023 { return Double(bitPattern: signBit | Double.infinity.bitPattern) }
        // Weight of the last kept bit: 53 significant bits for normal numbers, the fixed quantum
        // 2⁻¹⁰⁷⁴ for subnormals.
        let lowest = max(top - 52, -1074)
        let dropped = lowest - e
        var m: UInt64
        if dropped <= 0 {
            assert(!sticky, "sticky fraction with no round bit")
            m = (q.isEmpty ? 0 : q[0]) << UInt64(-dropped)
        } else if dropped > length {
            // Even the round bit (weight 2^(lowest−1)) is above the value: |value| < half a quantum.
            return Double(bitPattern: signBit)
        } else {
            let kept = shiftRight(q, dropped)
            m = kept.isEmpty ? 0 : kept[0]
            let roundBit = bit(q, dropped - 1)
            let restNonZero = sticky || hasBitsBelow(q, dropped - 1)
            // Round half to even.
            if roundBit && (restNonZero || m & 1 == 1) { m += 1 }
        }
        // m ≤ 2⁵³; rounding may carry into a new binade.
        var exponent = lowest
        if m == 1 << 53 {
            m = 1 << 52
            exponent += 1
        }
        if m < 1 << 52 {
            // Subnormal (exponent == −1074), or zero: the bit pattern is m itself.
            return Double(bitPattern: signBit | m)
        }
        // Normal: value = m · 2^exponent with m ∈ [2⁵², 2⁵³), biased exponent = exponent + 52 + 1023.
        let biased = exponent + 52 + 1023
        if biased >= 2047 { return Double(bitPattern: signBit | Double.infinity.bitPattern) }
        return Double(bitPattern: signBit | UInt64(biased) << 52 | (m & ((1 << 52) - 1)))
    }
}

extension BigInt {
    /// The integer equal to `value`, or `nil` when `value` is not a finite integer.
    public init?(exactly value: Double) {
        guard value.isFinite, value == value.rounded(.towardZero) else { return nil }
        if value == 0 {
            self = .zero
            return
        }
        // A non-zero integral double is normal: value = 1.f · 2^exponent with exponent ≥ 0.
        let significand = (1 << 52) | value.significandBitPattern
        let shift = Int(value.exponent) - 52
        let limbs = shift >= 0 ? Limbs.shiftLeft([significand], shift) : Limbs.shiftRight([significand], -shift)
        self.init(negative: value < 0, normalizedLimbs: limbs)
    }

    /// The value correctly rounded to `Double` (round half to even); ±∞ when |self| rounds to
    /// 2¹⁰²⁴ or more.
    public var doubleValue: Double {
        Limbs.roundedDouble(negative: negative, significand: storage, exponent: 0, sticky: false)
    }

    /// The value as an `Int`, or `nil` when it does not fit.
    public var intValue: Int? {
        if storage.isEmpty { return 0 }
        guard storage.count == 1 else { return nil }
        let m = storage[0]
        if negative {
            if m <= UInt64(Int.max) { return -Int(m) }
            return m == UInt64(Int.max) + 1 ? Int.min : nil
        }
        return m <= UInt64(Int.max) ? Int(m) : nil
    }
}
