/// A precision for `FixedPrecisionFloat`: the number of significant bits, 53 ≤ bits ≤ 192.
public protocol FloatPrecision: Sendable {
    /// p, the significant bits of every value; 53 ≤ p ≤ 192 (a `Double` converts exactly).
    static var bits: Int { get }
}

/// 128 significant bits (the lower of the two precisions of a certified EM trace).
public enum Precision128: FloatPrecision {
    @inlinable public static var bits: Int { 128 }
}

/// 192 significant bits (the higher of the two precisions of a certified EM trace).
public enum Precision192: FloatPrecision {
    @inlinable public static var bits: Int { 192 }
}

/// Binary floating point with exactly p = `P.bits` significant bits, an unbounded exponent and
/// round to nearest, ties to even: the values and operations of `BigFloat` at working precision
/// p, held in three inline 64-bit limbs instead of a heap-allocated `BigInt`.
///
/// **Contract:** every `+ − ×` is the exact result correctly rounded to p bits (to nearest, ties
/// to even), computed here in fixed-width integer arithmetic with no allocation. A correctly
/// rounded result is unique, so each one equals `BigFloat`'s at `workingPrecision == p`, bit for
/// bit (neither type has an exponent range, subnormals, signed zero, NaN or infinity). `÷`,
/// `sqrt`, `exp`, `expm1`, `log`, `log1p`, `pi`, `ln2`, `doubleValue` and `description` convert
/// exactly to `BigFloat` and run its operation at precision p, so they too return exactly
/// `BigFloat`'s value. A generic computation at `FixedPrecisionFloat<P>` therefore returns the
/// very values it returns at `BigFloat` with `workingPrecision == P.bits`, only faster.
///
/// **Accuracy:** as `BigFloat` at precision p: `+ − × ÷ sqrt` error ≤ ½ ulp; the elementary
/// functions < (½ + 2⁻¹²) ulp.
public struct FixedPrecisionFloat<P: FloatPrecision>: Sendable, Hashable {
    /// The value is (−1)^negative · significand · 2^exponent, with a significand of exactly p bits
    /// (bit p − 1 set) in limbs 0 … 2 (limb 3 is 0), or 0 with exponent 0 and `negative == false`:
    /// a canonical form, so `==` and hashing compare values.
    @usableFromInline var negative: Bool
    @usableFromInline var exponent: Int
    @usableFromInline var significand: SIMD4<UInt64>

    @inlinable
    init(negative: Bool, exponent: Int, significand: SIMD4<UInt64>) {
        self.negative = negative
        self.exponent = exponent
        self.significand = significand
    }

    /// The exact value of `x` when it has at most p significant bits, else `x` rounded to p bits.
    public init(_ x: BigFloat) {
        let p = P.bits
        let y = x.mantissa.bitLength <= p ? x : BigFloat.withPrecision(p) { x * BigFloat.one }
        var wide = SIMD8<UInt64>()
        for (i, limb) in y.mantissa.limbs.enumerated() { wide[i] = limb }
        self = Self.rounded(wide, exponent: y.exponent, negative: y.isNegative)
    }

    /// The value as a `BigFloat`, exactly.
    public var bigFloat: BigFloat {
        BigFloat(
            mantissa: BigInt(negative: negative, limbs: [significand[0], significand[1], significand[2]]),
            exponent: exponent)
    }

    /// `body`'s `BigFloat` result at working precision p, as a `FixedPrecisionFloat` (exact: a
    /// result rounded to p bits has at most p significant bits).
    @inlinable
    static func viaBigFloat(_ body: () throws -> BigFloat) rethrows -> Self {
        if BigFloat.workingPrecision == P.bits { return Self(try body()) }
        return try BigFloat.withPrecision(P.bits) { Self(try body()) }
    }

    // MARK: - Fixed-width integer helpers (little-endian 64-bit limbs, 512 bits)

    /// w · 2^s mod 2⁵¹², for 0 ≤ s < 512.
    @inlinable @inline(__always)
    static func shiftedLeft(_ w: SIMD8<UInt64>, _ s: Int) -> SIMD8<UInt64> {
        let q = s >> 6, r = UInt64(s & 63)
        var out = SIMD8<UInt64>()
        var i = 7
        while i >= q {
            var limb = w[i - q] << r
            if r != 0, i - q - 1 >= 0 { limb |= w[i - q - 1] >> (64 - r) }
            out[i] = limb
            i -= 1
        }
        return out
    }

    /// a + b (no overflow: both below 2⁵¹¹ here).
    @inlinable @inline(__always)
    static func sum(_ a: SIMD8<UInt64>, _ b: SIMD8<UInt64>) -> SIMD8<UInt64> {
        var out = SIMD8<UInt64>()
        var carry: UInt64 = 0
        for i in 0..<8 {
            let (s1, o1) = a[i].addingReportingOverflow(b[i])
            let (s2, o2) = s1.addingReportingOverflow(carry)
            out[i] = s2
            carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
        return out
    }

    /// a − b for a ≥ b.
    @inlinable @inline(__always)
    static func difference(_ a: SIMD8<UInt64>, _ b: SIMD8<UInt64>) -> SIMD8<UInt64> {
        var out = SIMD8<UInt64>()
        var borrow: UInt64 = 0
        for i in 0..<8 {
            let (d1, o1) = a[i].subtractingReportingOverflow(b[i])
            let (d2, o2) = d1.subtractingReportingOverflow(borrow)
            out[i] = d2
            borrow = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
        return out
    }

    /// Limb k of w, or 0 past the top (k ≥ 0).
    @inlinable @inline(__always)
    static func limb(_ w: SIMD8<UInt64>, _ k: Int) -> UInt64 { k < 8 ? w[k] : 0 }

    /// (−1)^negative · w · 2^e correctly rounded to p bits (to nearest, ties to even), w < 2⁵¹¹.
    @inlinable @inline(__always)
    static func rounded(_ w: SIMD8<UInt64>, exponent e: Int, negative: Bool) -> Self {
        let p = P.bits
        var top = 7
        while top >= 0 && w[top] == 0 { top -= 1 }
        if top < 0 { return .zero }
        let length = top * 64 + 64 - w[top].leadingZeroBitCount
        if length <= p {
            // Exact: w · 2^e = (w · 2^(p − L)) · 2^(e − (p − L)), a p-bit significand (limbs 0 … 2).
            let shift = p - length, q = shift >> 6, r = UInt64(shift & 63)
            var m = SIMD4<UInt64>()
            for i in q..<3 {
                var value = w[i - q] << r
                if r != 0 && i - q >= 1 { value |= w[i - q - 1] >> (64 - r) }
                m[i] = value
            }
            return Self(negative: negative, exponent: e - shift, significand: m)
        }
        // w = m · 2^s + t with m the top p bits and 0 ≤ t < 2^s: round m by the bit below it (½ ulp)
        // and whether anything lies below that (sticky); a tie (exactly ½ ulp) goes to even m.
        var s = length - p
        let q = s >> 6, r = UInt64(s & 63)
        var m = SIMD4<UInt64>()
        for i in 0..<3 {
            var value = limb(w, i + q) >> r
            if r != 0 { value |= limb(w, i + q + 1) << (64 - r) }
            m[i] = value
        }
        let below = s - 1, bq = below >> 6, br = UInt64(below & 63)
        if (w[bq] >> br) & 1 == 1 {
            var sticky = w[bq] & ((1 << br) &- 1) != 0
            var i = 0
            while !sticky && i < bq {
                sticky = w[i] != 0
                i += 1
            }
            if sticky || m[0] & 1 == 1 {
                let (m0, c0) = m[0].addingReportingOverflow(1)
                let (m1, c1) = m[1].addingReportingOverflow(c0 ? 1 : 0)
                let (m2, c2) = m[2].addingReportingOverflow(c1 ? 1 : 0)
                m = SIMD4(m0, m1, m2, 0)
                // m + 1 = 2^p (m was p ones): the significand 2^(p − 1) at the next exponent.
                let carried = p == 192 ? c2 : (m[(p >> 6)] >> UInt64(p & 63)) & 1 == 1
                if carried {
                    m = SIMD4()
                    m[(p - 1) >> 6] = 1 << UInt64((p - 1) & 63)
                    s += 1
                }
            }
        }
        return Self(negative: negative, exponent: e + s, significand: m)
    }

    @inlinable
    var wide: SIMD8<UInt64> { SIMD8(significand[0], significand[1], significand[2], 0, 0, 0, 0, 0) }

    @inlinable
    var isZeroValue: Bool { significand == SIMD4() }

    /// |self| < |other| for nonzero values (equal bit lengths, so the exponent decides first).
    @inlinable
    func magnitudeIsBelow(_ other: Self) -> Bool {
        if exponent != other.exponent { return exponent < other.exponent }
        for i in stride(from: 2, through: 0, by: -1) where significand[i] != other.significand[i] {
            return significand[i] < other.significand[i]
        }
        return false
    }
}

extension FixedPrecisionFloat: RealScalar {
    @inlinable public static var zero: Self { Self(negative: false, exponent: 0, significand: SIMD4()) }
    @inlinable public static var one: Self { Self(1) }
    /// `false`: operations round to p bits.
    @inlinable public static var isExact: Bool { false }
    /// Always `true`: there are no infinities or NaN.
    @inlinable public var isFinite: Bool { true }

    /// `integer` exactly (64 ≤ p bits).
    @inlinable
    public init(_ integer: Int) {
        self = Self.rounded(
            SIMD8(UInt64(integer.magnitude), 0, 0, 0, 0, 0, 0, 0), exponent: 0, negative: integer < 0)
    }

    /// `value` exactly. Precondition: `value` is finite.
    @inlinable
    public init(_ value: Double) {
        precondition(value.isFinite, "FixedPrecisionFloat has no NaN or infinity, got \(value)")
        // |value| = significand · 2^(e − 1075) with the implicit bit for normals, 2^(−1074) steps below.
        let raw = value.exponentBitPattern
        let significand = value.significandBitPattern | (raw == 0 ? 0 : 1 << 52)
        let e = raw == 0 ? -1074 : Int(raw) - 1075
        self = Self.rounded(
            SIMD8(significand, 0, 0, 0, 0, 0, 0, 0), exponent: e, negative: value.sign == .minus && value != 0)
    }

    @inlinable
    public static prefix func - (operand: Self) -> Self {
        operand.isZeroValue
            ? operand
            : Self(negative: !operand.negative, exponent: operand.exponent, significand: operand.significand)
    }

    /// lhs + rhs correctly rounded to p bits.
    @inlinable
    public static func + (lhs: Self, rhs: Self) -> Self {
        if rhs.isZeroValue { return lhs }
        if lhs.isZeroValue { return rhs }
        // a the operand of larger magnitude, b the other; both have p-bit significands.
        let (a, b) = lhs.magnitudeIsBelow(rhs) ? (rhs, lhs) : (lhs, rhs)
        let d = a.exponent - b.exponent
        // |b| < 2^(e_b + p) ≤ 2^(e_a − 3) = ulp(a)/8 when d ≥ p + 3: a ± b lies strictly within
        // ulp(a)/4 of a, closer to a than to any other p-bit value (below a power of two the
        // spacing halves to ulp(a)/2, whose midpoint is still ulp(a)/4 away), so it rounds to a.
        if d >= P.bits + 3 { return a }
        // Exact: a·2^(−e_b) = m_a·2^d has at most 2p + 2 < 511 bits.
        let x = shiftedLeft(a.wide, d), y = b.wide
        let exact = a.negative == b.negative ? sum(x, y) : difference(x, y)
        return rounded(exact, exponent: b.exponent, negative: a.negative)
    }

    /// lhs − rhs correctly rounded to p bits.
    @inlinable
    public static func - (lhs: Self, rhs: Self) -> Self { lhs + (-rhs) }

    /// lhs × rhs correctly rounded to p bits.
    @inlinable
    public static func * (lhs: Self, rhs: Self) -> Self {
        if lhs.isZeroValue || rhs.isZeroValue { return .zero }
        // The exact 2p-bit product of the significands, schoolbook over 3 × 3 limbs: each
        // a_i·b_j + w + carry ≤ (2⁶⁴ − 1)² + 2(2⁶⁴ − 1) < 2¹²⁸ fits in two limbs.
        var w = SIMD8<UInt64>()
        for i in 0..<3 {
            let a = lhs.significand[i]
            if a == 0 { continue }
            var carry: UInt64 = 0
            for j in 0..<3 {
                let (high, low) = a.multipliedFullWidth(by: rhs.significand[j])
                let (s1, o1) = low.addingReportingOverflow(w[i + j])
                let (s2, o2) = s1.addingReportingOverflow(carry)
                w[i + j] = s2
                carry = high &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
            }
            w[i + 3] = carry
        }
        return rounded(w, exponent: lhs.exponent + rhs.exponent, negative: lhs.negative != rhs.negative)
    }

    /// lhs ÷ rhs correctly rounded to p bits (by `BigFloat`). Precondition: rhs ≠ 0.
    @inlinable
    public static func / (lhs: Self, rhs: Self) -> Self { viaBigFloat { lhs.bigFloat / rhs.bigFloat } }

    /// The value correctly rounded to `Double`.
    public var doubleValue: Double { bigFloat.doubleValue }

    /// √x (by `BigFloat`); throws `ArithmeticDomainError` when x < 0.
    public static func sqrt(_ x: Self) throws -> Self { try viaBigFloat { try BigFloat.sqrt(x.bigFloat) } }
    /// eˣ (by `BigFloat`).
    public static func exp(_ x: Self) -> Self { viaBigFloat { BigFloat.exp(x.bigFloat) } }
    /// eˣ − 1 (by `BigFloat`).
    public static func expm1(_ x: Self) -> Self { viaBigFloat { BigFloat.expm1(x.bigFloat) } }
    /// ln x (by `BigFloat`); throws `ArithmeticDomainError` when x ≤ 0.
    public static func log(_ x: Self) throws -> Self { try viaBigFloat { try BigFloat.log(x.bigFloat) } }
    /// ln(1 + x) (by `BigFloat`); throws `ArithmeticDomainError` when x ≤ −1.
    public static func log1p(_ x: Self) throws -> Self { try viaBigFloat { try BigFloat.log1p(x.bigFloat) } }
    /// π rounded to p bits.
    public static var pi: Self { viaBigFloat { BigFloat.pi } }
    /// ln 2 rounded to p bits.
    public static var ln2: Self { viaBigFloat { BigFloat.ln2 } }
}

extension FixedPrecisionFloat: Comparable {
    @inlinable
    public static func < (lhs: Self, rhs: Self) -> Bool {
        if lhs.negative != rhs.negative { return lhs.negative }
        if lhs.isZeroValue { return !rhs.isZeroValue }
        if rhs.isZeroValue { return false }
        return lhs.negative ? rhs.magnitudeIsBelow(lhs) : lhs.magnitudeIsBelow(rhs)
    }
}

extension FixedPrecisionFloat: CustomStringConvertible {
    public var description: String { bigFloat.description }
}
