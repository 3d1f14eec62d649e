/// An exact rational number p/q in lowest terms with q > 0 (0 is 0/1).
///
/// Every value has one representation, so `==` and hashing compare numerator and denominator.
/// Arithmetic is exact; `+`, `−`, `×` use Knuth's gcd tricks (TAOCP 4.5.1) to keep the operands
/// of the big multiplications small, and `doubleValue` is correctly rounded.
///
/// **Edge Cases:** a zero denominator, division by zero and 0 to a negative power throw
/// `ArithmeticError` in the throwing forms; the `/` operator (from `FieldScalar`) requires a
/// non-zero divisor.
public struct Rational: Sendable {
    /// The numerator p (carries the sign).
    public let numerator: BigInt
    /// The denominator q > 0, coprime to p.
    public let denominator: BigInt

    /// Wraps a pair already in lowest terms with a positive denominator.
    @inlinable
    internal init(reducedNumerator numerator: BigInt, denominator: BigInt) {
        assert(!denominator.isNegative && !denominator.isZero)
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The integer `integer`.
    @inlinable
    public init(_ integer: Int) {
        self.init(reducedNumerator: BigInt(integer), denominator: .one)
    }

    /// The integer `integer`.
    @inlinable
    public init(_ integer: BigInt) {
        self.init(reducedNumerator: integer, denominator: .one)
    }

    /// numerator / denominator, reduced to lowest terms with a positive denominator.
    ///
    /// Throws `ArithmeticError.divisionByZero` when `denominator` is 0.
    public init(numerator: BigInt, denominator: BigInt) throws(ArithmeticError) {
        guard !denominator.isZero else {
            throw .divisionByZero(operation: "Rational(numerator: \(numerator), denominator: 0)")
        }
        self.init(unreducedNumerator: numerator, denominator: denominator)
    }

    /// numerator / denominator, reduced, for a denominator that the caller has proved non-zero
    /// (a pivot, a determinant or a content that an algorithm's postcondition makes non-zero).
    ///
    /// **Precondition:** `denominator` ≠ 0; a zero traps, so a broken postcondition is never
    /// hidden behind a substitute value.
    public init(numerator: BigInt, nonzeroDenominator denominator: BigInt) {
        precondition(!denominator.isZero, "Rational(numerator:nonzeroDenominator:) needs a non-zero denominator")
        self.init(unreducedNumerator: numerator, denominator: denominator)
    }

    /// numerator / denominator for a non-zero denominator, reduced.
    @usableFromInline
    internal init(unreducedNumerator numerator: BigInt, denominator: BigInt) {
        let sign = denominator.isNegative
        let p = sign ? -numerator : numerator, q = denominator.magnitude
        let g = BigInt.gcd(p, q)
        if g == .one || g.isZero {
            self.init(reducedNumerator: p, denominator: q)
        } else {
            self.init(reducedNumerator: p.exactQuotient(g), denominator: q.exactQuotient(g))
        }
    }

    /// `true` when the value is 0 (cheaper than comparing with `.zero`).
    @inlinable public var isZero: Bool { numerator.isZero }

    /// `true` when the denominator is 1.
    @inlinable public var isInteger: Bool { denominator == .one }

    /// −1, 0 or 1 according to the sign.
    @inlinable public var signum: Int { numerator.signum }

    /// ⌊self⌋.
    public var floor: BigInt {
        // Floor division by a positive denominator cannot fail.
        let (q, r) = numerator.uncheckedQuotientAndRemainder(denominator)
        return r.isNegative ? q - .one : q
    }

    /// ⌈self⌉.
    public var ceiling: BigInt {
        let (q, r) = numerator.uncheckedQuotientAndRemainder(denominator)
        return !r.isZero && !r.isNegative ? q + .one : q
    }
}

extension BigInt {
    /// self / d for a d known to divide self exactly (d ≠ 0).
    @usableFromInline
    internal func exactQuotient(_ d: BigInt) -> BigInt {
        BigInt(negative: negative != d.negative, normalizedLimbs: Limbs.quotient(storage, d.storage))
    }
}

extension Rational: Hashable {}

extension Rational: Comparable {
    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        if lhs.numerator.signum != rhs.numerator.signum { return lhs.numerator.signum < rhs.numerator.signum }
        if lhs.denominator == rhs.denominator { return lhs.numerator < rhs.numerator }
        // Denominators are positive: a/b < c/d ⇔ a·d < c·b.
        return lhs.numerator * rhs.denominator < rhs.numerator * lhs.denominator
    }
}

extension Rational: CustomStringConvertible {
    /// `"p/q"`, or `"p"` for an integer: the fixture format's exact form.
    public var description: String {
        isInteger ? numerator.description : "\(numerator.description)/\(denominator.description)"
    }
}

extension Rational: ExpressibleByIntegerLiteral {
    @inlinable
    public init(integerLiteral value: Int) { self.init(value) }
}
