// Field operations on `Rational` with the gcd tricks of Knuth, TAOCP vol. 2, 4.5.1: removing
// common factors before multiplying keeps every product as small as the reduced result allows,
// and avoids a large gcd at the end.

extension Rational: FieldScalar {
    public static let zero = Rational(0)
    public static let one = Rational(1)
    public static var isExact: Bool { true }
    /// Always `true`: a rational has no NaN or infinity.
    public var isFinite: Bool { true }

    public static func + (lhs: Rational, rhs: Rational) -> Rational {
        sum(lhs, rhs.numerator, rhs.denominator)
    }

    public static func - (lhs: Rational, rhs: Rational) -> Rational {
        sum(lhs, -rhs.numerator, rhs.denominator)
    }

    /// a/b + c/d in lowest terms (b, d > 0, each fraction reduced).
    private static func sum(_ x: Rational, _ c: BigInt, _ d: BigInt) -> Rational {
        let a = x.numerator, b = x.denominator
        if c.isZero { return x }
        if a.isZero { return Rational(reducedNumerator: c, denominator: d) }
        if b == d {
            // Common denominator: only factors of b can cancel from the sum of numerators.
            let t = a + c
            if t.isZero { return .zero }
            if b == .one { return Rational(reducedNumerator: t, denominator: .one) }
            let g = BigInt.gcd(t, b)
            if g == .one { return Rational(reducedNumerator: t, denominator: b) }
            return Rational(reducedNumerator: t.exactQuotient(g), denominator: b.exactQuotient(g))
        }
        // An integer plus a reduced fraction: (a·d + c)/d is reduced, since gcd(a·d + c, d) = gcd(c, d) = 1.
        if b == .one { return Rational(reducedNumerator: a * d + c, denominator: d) }
        if d == .one { return Rational(reducedNumerator: a + c * b, denominator: b) }
        // g = gcd(b, d). If g = 1 the result (ad + bc)/(bd) is already reduced.
        let g = BigInt.gcd(b, d)
        if g == .one {
            return Rational(reducedNumerator: a * d + c * b, denominator: b * d)
        }
        // Otherwise t = a·(d/g) + c·(b/g); any common factor of t and the denominator
        // b·d/g divides g, so reduce by g₂ = gcd(t, g) only.
        let bg = b.exactQuotient(g), dg = d.exactQuotient(g)
        let t = a * dg + c * bg
        if t.isZero { return .zero }
        let g2 = BigInt.gcd(t, g)
        if g2 == .one { return Rational(reducedNumerator: t, denominator: bg * d) }
        return Rational(reducedNumerator: t.exactQuotient(g2), denominator: bg * d.exactQuotient(g2))
    }

    public static func * (lhs: Rational, rhs: Rational) -> Rational {
        if lhs.numerator.isZero || rhs.numerator.isZero { return .zero }
        return product(lhs.numerator, lhs.denominator, rhs.numerator, rhs.denominator)
    }

    /// (a/b)·(c/d) in lowest terms for reduced inputs with b, d > 0 and a, c ≠ 0:
    /// cancel g₁ = gcd(a, d) and g₂ = gcd(c, b) before multiplying.
    private static func product(_ a: BigInt, _ b: BigInt, _ c: BigInt, _ d: BigInt) -> Rational {
        // gcd(x, 1) = 1: skip the gcds against unit denominators (integer operands).
        let g1 = d == .one ? BigInt.one : BigInt.gcd(a, d), g2 = b == .one ? BigInt.one : BigInt.gcd(c, b)
        let a1 = g1 == .one ? a : a.exactQuotient(g1), d1 = g1 == .one ? d : d.exactQuotient(g1)
        let c1 = g2 == .one ? c : c.exactQuotient(g2), b1 = g2 == .one ? b : b.exactQuotient(g2)
        return Rational(reducedNumerator: a1 * c1, denominator: b1 * d1)
    }

    /// lhs / rhs. Precondition: `rhs` is not 0 (use `divided(by:)` on user input).
    public static func / (lhs: Rational, rhs: Rational) -> Rational {
        precondition(!rhs.numerator.isZero, "Rational division by zero")
        return lhs.uncheckedDivided(by: rhs)
    }

    public static prefix func - (operand: Rational) -> Rational {
        Rational(reducedNumerator: -operand.numerator, denominator: operand.denominator)
    }

    /// The value correctly rounded to `Double`; see `Rational+Double`.
    public var doubleValue: Double { roundedToDouble() }
}

extension Rational {
    /// self / other. Throws `ArithmeticError.divisionByZero` when `other` is 0.
    public func divided(by other: Rational) throws(ArithmeticError) -> Rational {
        guard !other.numerator.isZero else { throw .divisionByZero(operation: "Rational \(self) / 0") }
        return uncheckedDivided(by: other)
    }

    private func uncheckedDivided(by other: Rational) -> Rational {
        if numerator.isZero { return .zero }
        // (a/b)/(c/d) = (a/b)·(d/c), with the sign moved to the numerator.
        let c = other.numerator
        return Rational.product(
            numerator, denominator, c.isNegative ? -other.denominator : other.denominator, c.magnitude)
    }

    /// 1 / self. Throws `ArithmeticError.divisionByZero` when self is 0.
    public var reciprocal: Rational {
        get throws(ArithmeticError) {
            guard !numerator.isZero else { throw .divisionByZero(operation: "reciprocal of 0") }
            let sign = numerator.isNegative
            return Rational(reducedNumerator: sign ? -denominator : denominator, denominator: numerator.magnitude)
        }
    }

    /// self to the integer power n (negative n allowed for non-zero self; 0⁰ = 1).
    ///
    /// Throws `ArithmeticError.divisionByZero` for 0 to a negative power and
    /// `ArithmeticError.resultTooLarge` when the numerator or denominator would exceed
    /// `BigInt.maximumPowerBitLength` bits. Powers of reduced fractions are reduced, so no gcd.
    public func power(_ n: Int) throws(ArithmeticError) -> Rational {
        if n < 0 {
            guard !numerator.isZero else { throw .divisionByZero(operation: "0 to the negative power \(n)") }
            guard n != Int.min else { throw .exponentTooLarge("exponent \(n) cannot be negated") }
            return try reciprocal.power(-n)
        }
        return Rational(reducedNumerator: try numerator.power(n), denominator: try denominator.power(n))
    }

    /// |self|.
    public var magnitude: Rational { Rational(reducedNumerator: numerator.magnitude, denominator: denominator) }
}
