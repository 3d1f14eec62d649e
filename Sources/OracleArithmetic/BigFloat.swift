/// Arbitrary-precision binary floating point: the reference scalar for transcendental derivations.
///
/// A `BigFloat` is the dyadic rational `mantissa · 2^exponent`, where `mantissa` is a `BigInt`
/// that is odd or zero (zero has exponent 0). The representation is therefore canonical: equal
/// values have equal fields, so `==` and hashing are exact. There is no NaN, no infinity and no
/// signed zero; operations whose result is undefined throw (`divided(by:)`, `log`, `sqrt`, …) or,
/// for the non-throwing protocol requirements, state their precondition.
///
/// A value carries no precision of its own: every *operation* rounds its exact result to
/// `BigFloat.workingPrecision` bits (round to nearest, ties to even), which is a task-local, so
/// `BigFloat.withPrecision(300) { … }` changes it for one computation without affecting others.
/// Conversions *into* `BigFloat` from `Double` are exact.
///
/// **Accuracy (at working precision p, ulp = 2^(⌊log₂|y|⌋ + 1 − p) of the result y):**
/// - `+ − × ÷`, `sqrt`, `init(_: Rational, precision:)`: correctly rounded (error ≤ ½ ulp).
/// - `exp`, `expm1`, `log`, `log1p`, `pi`, `ln2`: error < (½ + 2⁻¹²) ulp, i.e. correctly rounded
///   unless the exact value lies within 2⁻¹² ulp of a rounding boundary (see `BigFloat+Elementary`).
/// - `doubleValue`: correctly rounded to `Double`, including subnormals and overflow to ±∞.
public struct BigFloat: Sendable, Hashable {
    /// The odd (or zero) integer m in m · 2^e.
    public let mantissa: BigInt
    /// The binary exponent e in m · 2^e (0 for zero).
    public let exponent: Int

    /// The exact value `mantissa · 2^exponent` (no rounding; trailing zero bits are moved into
    /// the exponent so the stored mantissa is odd).
    public init(mantissa: BigInt, exponent: Int) {
        if mantissa.isZero {
            self.mantissa = mantissa
            self.exponent = 0
            return
        }
        let zeros = mantissa.trailingZeroBitCount
        self.mantissa = zeros == 0 ? mantissa : mantissa >> zeros
        self.exponent = exponent + zeros
    }

    /// The working precision in bits used by every rounding operation of this task.
    ///
    /// The default, 128 bits, is a little more than twice `Double`'s 53: a computation that loses
    /// up to about 70 bits to cancellation or conditioning still yields a correctly rounded
    /// `Double`, while values stay two 64-bit limbs long (cheap). Derivations that need more set it
    /// with `withPrecision(_:_:)`; the Ziv loop (`correctlyRoundedDouble`) raises it until the
    /// rounding to `Double` is decided.
    @TaskLocal public static var workingPrecision: Int = 128

    /// The smallest precision `withPrecision` accepts (a 1-bit precision makes ties degenerate).
    public static let minimumPrecision = 2

    /// Runs `body` with `workingPrecision == bits`.
    ///
    /// Precondition: `bits ≥ BigFloat.minimumPrecision` (a programming error, not user input).
    public static func withPrecision<R>(_ bits: Int, _ body: () throws -> R) rethrows -> R {
        precondition(
            bits >= minimumPrecision, "BigFloat precision must be at least \(minimumPrecision) bits, got \(bits)")
        return try $workingPrecision.withValue(bits) { try body() }
    }

    /// ⌊log₂|x|⌋ + 1 for x ≠ 0: the t with 2^(t−1) ≤ |x| < 2^t. (0 for zero.)
    public var topBit: Int { mantissa.isZero ? 0 : exponent + mantissa.bitLength }

    /// −1, 0 or 1.
    public var signum: Int { mantissa.signum }

    /// `true` when the value is negative.
    public var isNegative: Bool { mantissa.isNegative }
}

// MARK: - Conversions in

extension BigFloat {
    /// `value`, exactly (every finite `Double` is a dyadic rational).
    ///
    /// Precondition: `value` is finite (use `init?(exactly:)` on unchecked input).
    public init(_ value: Double) {
        precondition(value.isFinite, "BigFloat has no NaN or infinity; use BigFloat(exactly:) to check \(value)")
        if value == 0 {
            self.init(mantissa: BigInt(0), exponent: 0)
            return
        }
        // value = ±significand · 2^exponent with significand ∈ [1, 2) (also for subnormals),
        // and significand · 2⁵² is an integer below 2⁵³.
        let integral = UInt64(value.significand * 0x1p52)
        let magnitude = BigInt(integral)
        self.init(mantissa: value < 0 ? -magnitude : magnitude, exponent: Int(value.exponent) - 52)
    }

    /// `value` exactly, or `nil` for NaN and ±∞.
    public init?(exactly value: Double) {
        guard value.isFinite else { return nil }
        self.init(value)
    }

    /// `integer`, exact when it has at most `workingPrecision` significant bits, else rounded.
    public init(_ integer: Int) {
        self.init(BigInt(integer))
    }

    /// `integer`, exact when it has at most `workingPrecision` significant bits, else rounded.
    public init(_ integer: BigInt) {
        self = BigFloat(mantissa: integer, exponent: 0).rounded(toPrecision: BigFloat.workingPrecision)
    }

    /// The rational `r` correctly rounded (to nearest, ties to even) to `precision` bits
    /// (default: the working precision).
    ///
    /// Precondition: `precision ≥ BigFloat.minimumPrecision`.
    public init(_ r: Rational, precision: Int? = nil) {
        let p = precision ?? BigFloat.workingPrecision
        precondition(
            p >= BigFloat.minimumPrecision, "BigFloat precision must be at least \(BigFloat.minimumPrecision) bits")
        self = BigFloat.roundedQuotient(r.numerator, r.denominator, exponent: 0, precision: p)
    }
}

extension BigFloat: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
}

// MARK: - Conversions out

extension BigFloat {
    /// The exact value as a reduced fraction.
    public var rationalValue: Rational {
        let numerator = exponent >= 0 ? mantissa << exponent : mantissa
        let denominator = exponent >= 0 ? BigInt(1) : BigInt(1) << -exponent
        do {
            return try Rational(numerator: numerator, denominator: denominator)
        } catch {
            // The denominator is a power of two, never zero.
            preconditionFailure("unreachable: \(error)")
        }
    }

    /// The value correctly rounded to `Double` (to nearest, ties to even), including gradual
    /// underflow to subnormals, underflow to ±0 (keeping the sign) and overflow to ±∞.
    public var doubleValue: Double {
        if mantissa.isZero { return 0 }
        let negative = mantissa.isNegative
        let t = topBit
        // |x| ≥ 2^1024 overflows; |x| < 2^−1075 (t ≤ −1075) is below half the least subnormal.
        if t > 1024 { return negative ? -.infinity : .infinity }
        if t < -1074 { return negative ? -0.0 : 0.0 }
        // Normal doubles keep 53 bits (quantum 2^(t−53)); subnormals have quantum 2^−1074.
        let quantum = Swift.max(t - 53, -1074)
        let r = BigFloat.rounded(
            negative: negative, magnitude: mantissa.magnitude, exponent: exponent, toQuantum: quantum, tail: .exact)
        if r.mantissa.isZero { return negative ? -0.0 : 0.0 }
        // |r.mantissa| ≤ 2⁵³ and r is representable (or overflows to ∞), so this is exact.
        let significand = Double(r.mantissa.magnitude.limbs[0])
        return Double(sign: negative ? .minus : .plus, exponent: r.exponent, significand: significand)
    }
}

// MARK: - Order

extension BigFloat: Comparable {
    public static func < (lhs: BigFloat, rhs: BigFloat) -> Bool {
        if lhs.signum != rhs.signum { return lhs.signum < rhs.signum }
        let order = compareMagnitudes(lhs, rhs)
        return lhs.isNegative ? order > 0 : order < 0
    }

    /// −1, 0 or 1 as |a| <, =, > |b|.
    static func compareMagnitudes(_ a: BigFloat, _ b: BigFloat) -> Int {
        if a.mantissa.isZero || b.mantissa.isZero {
            return (a.mantissa.isZero ? 0 : 1) - (b.mantissa.isZero ? 0 : 1)
        }
        if a.topBit != b.topBit { return a.topBit < b.topBit ? -1 : 1 }
        let e = Swift.min(a.exponent, b.exponent)
        let ma = a.mantissa.magnitude << (a.exponent - e)
        let mb = b.mantissa.magnitude << (b.exponent - e)
        return ma == mb ? 0 : (ma < mb ? -1 : 1)
    }
}
