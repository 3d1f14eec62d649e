/// Correctly rounded `Double`s of real quantities, by Ziv's strategy: approximate at precision p
/// with a known error bound, and if the error interval straddles a rounding boundary of `Double`,
/// try again at 2p.

/// Why `BigFloat.correctlyRoundedDouble` could not decide the rounding.
public enum CorrectRoundingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A parameter is out of range (negative error bound, precision below 2, maximum below start).
    case invalidParameter(String)
    /// At the maximum precision the error interval still contained a rounding boundary of
    /// `Double`: the quantity is (or is astonishingly close to) a `Double` or a midpoint between
    /// two, and no `exactCheck` confirmed it.
    case undecided(maximumPrecision: Int, approximation: String)

    public var description: String {
        switch self {
        case .invalidParameter(let reason):
            return "correctlyRoundedDouble: invalid parameter: \(reason)"
        case .undecided(let maximumPrecision, let approximation):
            return """
                correctlyRoundedDouble: rounding still ambiguous at \(maximumPrecision) bits (≈ \(approximation)); \
                the value may be exactly a Double or a midpoint: pass an exactCheck
                """
        }
    }
}

extension BigFloat {
    /// The correctly rounded (to nearest, ties to even) `Double` of a real quantity v.
    ///
    /// `compute(p)` is called inside `withPrecision(p)` and must return y with
    /// |y − v| ≤ `errorBoundUlps` · 2^(⌊log₂|y|⌋ + 1 − p), and y = 0 only when v = 0. When both ends
    /// of [y − bound, y + bound] round to the same `Double`, so does v (rounding is monotone), and
    /// that `Double` is returned. Otherwise p doubles, up to `maximumPrecision`.
    ///
    /// **Exact cases.** If v is itself a `Double`, or a midpoint between two, every interval contains
    /// that boundary and no precision decides. Pass `exactCheck`: when an interval is ambiguous it is
    /// called with each such boundary b in the interval (as an exact `Rational`), and must return
    /// `true` only when v = b exactly (e.g. b² = x for a square root); then the rounding of b itself
    /// is returned. exp, log, expm1 and log1p of a rational are never such boundaries except at their
    /// trivial points (Lindemann–Weierstrass), which the `correctlyRounded…` conveniences return
    /// directly.
    ///
    /// Throws `CorrectRoundingError.undecided` after `maximumPrecision`, and rethrows `compute`'s
    /// errors.
    public static func correctlyRoundedDouble(
        errorBoundUlps: Int = 1, startingPrecision: Int = 64, maximumPrecision: Int = 1 << 16,
        exactCheck: ((Rational) throws -> Bool)? = nil,
        _ compute: (Int) throws -> BigFloat
    ) throws -> Double {
        guard errorBoundUlps >= 0 else {
            throw CorrectRoundingError.invalidParameter("errorBoundUlps = \(errorBoundUlps) < 0")
        }
        guard startingPrecision >= 53 else {
            throw CorrectRoundingError.invalidParameter("startingPrecision = \(startingPrecision) < 53")
        }
        guard maximumPrecision >= startingPrecision else {
            throw CorrectRoundingError.invalidParameter("maximumPrecision = \(maximumPrecision) < startingPrecision")
        }
        var p = startingPrecision
        while true {
            let y = try withPrecision(p) { try compute(p) }
            if y.mantissa.isZero { return 0 }
            // bound < |y| because errorBoundUlps < 2^(p−1) is required below, so lo and hi share y's sign.
            guard errorBoundUlps < 1 << Swift.min(p - 2, 62) else {
                throw CorrectRoundingError.invalidParameter(
                    "errorBoundUlps = \(errorBoundUlps) is not small against 2^p")
            }
            let bound = BigFloat(mantissa: BigInt(errorBoundUlps), exponent: y.topBit - p)
            let lo = exactSum(y, -bound)
            let hi = exactSum(y, bound)
            let dLo = lo.doubleValue
            let dHi = hi.doubleValue
            if dLo == dHi { return dLo }
            if let exactCheck, let exact = try exactBoundary(dLo, dHi, lo: lo, hi: hi, exactCheck) {
                return exact
            }
            if p >= maximumPrecision {
                throw CorrectRoundingError.undecided(maximumPrecision: maximumPrecision, approximation: "\(y)")
            }
            p = Swift.min(2 * p, maximumPrecision)
        }
    }

    /// The rounding of the boundary b ∈ [lo, hi] (a `Double` or the midpoint of two neighbours) for
    /// which `exactCheck(b)` holds, if any. Only adjacent `Double`s are examined: a wider interval is
    /// simply refined first.
    private static func exactBoundary(
        _ dLo: Double, _ dHi: Double, lo: BigFloat, hi: BigFloat, _ exactCheck: (Rational) throws -> Bool
    ) throws -> Double? {
        guard dLo.isFinite, dHi.isFinite, dLo.nextUp == dHi else { return nil }
        let a = BigFloat(dLo)
        let b = BigFloat(dHi)
        let sum = exactSum(a, b)
        let midpoint = BigFloat(mantissa: sum.mantissa, exponent: sum.exponent - 1)
        for candidate in [midpoint, a, b] where lo <= candidate && candidate <= hi {
            if try exactCheck(candidate.rationalValue) { return candidate.doubleValue }
        }
        return nil
    }

    // MARK: - Conveniences for rational arguments

    /// The correctly rounded `Double` of eˣ (±∞/0 beyond the `Double` range).
    ///
    /// The argument is first rounded to p + 14 bits: since |x| < 2¹⁰ on this path, that perturbs eˣ
    /// by a relative 2^(−p−4), and with exp's own (½ + 2⁻¹²) ulp the total stays below 1 ulp.
    public static func correctlyRoundedExp(_ x: Rational) throws -> Double {
        if x.isZero { return 1 }
        // e^710 > Double.greatestFiniteMagnitude + ½ ulp; e^−746 < 2^−1075 (half the least subnormal).
        if x > Rational(710) { return .infinity }
        if x < Rational(-746) { return 0 }
        return try correctlyRoundedDouble(errorBoundUlps: 1) { p in
            exp(BigFloat(x, precision: p + 14))
        }
    }

    /// The correctly rounded `Double` of eˣ − 1.
    ///
    /// The argument is rounded to p + 14 bits; expm1's condition number x eˣ/(eˣ − 1) is below
    /// 1 + |x| ≤ 2¹⁰ here, so the perturbation is a relative 2^(−p−4).
    public static func correctlyRoundedExpm1(_ x: Rational) throws -> Double {
        if x.isZero { return 0 }
        if x > Rational(710) { return .infinity }
        // e^−40 < 2⁻⁵⁷: eˣ − 1 rounds to −1 (it lies within a quarter ulp of −1).
        if x < Rational(-40) { return -1 }
        return try correctlyRoundedDouble(errorBoundUlps: 1) { p in
            expm1(BigFloat(x, precision: p + 14))
        }
    }

    /// The correctly rounded `Double` of ln x. Throws `ArithmeticDomainError` when x ≤ 0.
    ///
    /// For x ∈ [½, 2] it evaluates log1p(x − 1) with x − 1 formed exactly; otherwise log x. Either
    /// way the condition number is ≤ 1/ln 2 < 1.45, so rounding the argument to p + 4 bits costs
    /// < 0.1 ulp.
    public static func correctlyRoundedLog(_ x: Rational) throws -> Double {
        guard x > .zero else { throw ArithmeticDomainError.log(of: x) }
        if x == .one { return 0 }
        let nearOne = x + x >= .one && x <= Rational(2)
        return try correctlyRoundedDouble(errorBoundUlps: 1) { p in
            nearOne ? try log1p(BigFloat(x - .one, precision: p + 4)) : try log(BigFloat(x, precision: p + 4))
        }
    }

    /// The correctly rounded `Double` of ln(1 + x). Throws `ArithmeticDomainError` when x ≤ −1.
    ///
    /// For x ∈ [−½, 1] it evaluates log1p x; otherwise log(1 + x) with 1 + x formed exactly; the
    /// condition number is < 1.45 either way (see `correctlyRoundedLog`).
    public static func correctlyRoundedLog1p(_ x: Rational) throws -> Double {
        guard x > -Rational.one else { throw ArithmeticDomainError.log1p(of: x) }
        if x.isZero { return 0 }
        let small = x + x >= -Rational.one && x <= .one
        return try correctlyRoundedDouble(errorBoundUlps: 1) { p in
            small ? try log1p(BigFloat(x, precision: p + 4)) : try log(BigFloat(x + .one, precision: p + 4))
        }
    }

    /// The correctly rounded `Double` of √x. Throws `ArithmeticDomainError` when x < 0.
    ///
    /// The argument is rounded to p + 2 bits (a relative 2^(−p−3) on √x) and the root is correctly
    /// rounded, so the bound is 1 ulp. Exact roots (x = b² for a `Double` or a midpoint b) are
    /// confirmed by `exactCheck` (b² = x in exact rationals).
    public static func correctlyRoundedSqrt(_ x: Rational) throws -> Double {
        guard x >= .zero else { throw ArithmeticDomainError.sqrt(of: x) }
        if x.isZero { return 0 }
        return try correctlyRoundedDouble(errorBoundUlps: 1, exactCheck: { b in b * b == x }) { p in
            try sqrt(BigFloat(x, precision: p + 2))
        }
    }
}
