/// Rounding to nearest, ties to even: the one place where `BigFloat` loses information.
///
/// Every correctly rounded operation computes an exact integer M and exponent e such that the
/// exact result v satisfies |v| = M · 2^e, or |v| = M · 2^e ± ε for an infinitesimal ε > 0 (the
/// *tail*: the operation knows only that a non-zero remainder was dropped, and on which side).
/// Rounding then needs only the bits of M, never the full exact value.
///
/// A remainder r with 0 < r < 2^e is equivalent to an infinitesimal tail whenever the rounding
/// position lies at least one bit above bit 0 of M (no rounding boundary falls strictly between
/// M·2^e and (M+1)·2^e); the quotient and square-root paths ensure this by computing M with at
/// least p + 2 bits.

/// Where the exact magnitude lies relative to the integer that represents it.
enum RoundingTail: Sendable {
    /// |v| = M · 2^e.
    case exact
    /// |v| = M · 2^e + ε for an infinitesimal ε > 0 (a sticky bit below M).
    case above
    /// |v| = M · 2^e − ε for an infinitesimal ε > 0.
    case below
}

extension BigFloat {
    /// The value with sign `negative` and magnitude `M · 2^e (± tail)`, rounded to nearest, ties to
    /// even, to a multiple of `2^quantum`.
    ///
    /// **Postconditions:** the result is the multiple of 2^quantum nearest to the exact value; when
    /// the value is exactly halfway, the one whose quotient by 2^quantum is even.
    static func rounded(
        negative: Bool, magnitude M: BigInt, exponent e: Int, toQuantum quantum: Int, tail: RoundingTail
    ) -> BigFloat {
        precondition(!M.isNegative && !(M.isZero && tail != .exact), "rounding needs a non-negative magnitude")
        var M = M
        var e = e
        var tail = tail
        if tail == .below {
            // For ε small enough, |v| = M·2^e − ε lies strictly between (M·2^J − 1)·2^(e−J) and
            // M·2^J·2^(e−J), so it equals (M·2^J − 1)·2^(e−J) + ε' with an infinitesimal ε' > 0.
            // With J ≥ e − quantum + 2 the rounding position is at least 2 bits above bit 0, so no
            // rounding boundary lies strictly inside that interval.
            let J = Swift.max(2, e - quantum + 2)
            M = (M << J) - BigInt(1)
            e -= J
            tail = .above
        }
        let shift = quantum - e
        if shift <= 0 {
            // M·2^e is already a multiple of 2^quantum, and a tail `.above` is less than half a
            // quantum, so the value rounds to M·2^e itself.
            return BigFloat(mantissa: negative ? -M : M, exponent: e)
        }
        var Q = M >> shift
        // The round bit is bit (shift − 1); the sticky part is the bits below it plus the tail.
        let roundBit = M.bit(shift - 1)
        let sticky = tail == .above || (!M.isZero && M.trailingZeroBitCount < shift - 1)
        if roundBit && (sticky || Q.bit(0)) {
            Q = Q + BigInt(1)
        }
        return BigFloat(mantissa: negative ? -Q : Q, exponent: quantum)
    }

    /// The value with sign `negative` and magnitude `M · 2^e (± tail)` rounded to nearest, ties to
    /// even, to `p` significant bits.
    static func rounded(
        negative: Bool, magnitude M: BigInt, exponent e: Int, precision p: Int, tail: RoundingTail = .exact
    ) -> BigFloat {
        if M.isZero { return BigFloat(mantissa: M, exponent: 0) }
        var M = M
        var e = e
        var tail = tail
        if tail == .below {
            // Move the tail below first: |v| may then lie in the binade under M·2^e (when M is a power
            // of two), and the precision must count bits from |v|'s own leading bit. After this,
            // M·2^J − 1 has at least p + 2 bits, so the round bit lies above the tail.
            let J = Swift.max(2, p + 3 - M.bitLength)
            M = (M << J) - BigInt(1)
            e -= J
            tail = .above
        }
        let quantum = e + M.bitLength - p
        return rounded(negative: negative, magnitude: M, exponent: e, toQuantum: quantum, tail: tail)
    }

    /// m · 2^e rounded to `p` bits for any integer m (not necessarily odd): the exit of the
    /// fixed-point kernels, which skips normalising m before rounding it.
    static func rounded(fixedPoint m: BigInt, exponent e: Int, precision p: Int) -> BigFloat {
        rounded(negative: m.isNegative, magnitude: m.magnitude, exponent: e, precision: p)
    }

    /// A `Double` within a relative 2⁻⁵² of `self` (±∞ or ±0 beyond the range), from the leading
    /// 64 bits: cheaper than `doubleValue`, for choosing argument reductions, not for results.
    var approximateDouble: Double {
        if mantissa.isZero { return 0 }
        let shift = Swift.max(0, mantissa.bitLength - 64)
        let top = shift == 0 ? mantissa.magnitude : mantissa.magnitude >> shift
        return Double(sign: isNegative ? .minus : .plus, exponent: exponent + shift, significand: Double(top.limbs[0]))
    }

    /// `self` rounded to `p` significant bits (to nearest, ties to even).
    func rounded(toPrecision p: Int) -> BigFloat {
        if mantissa.bitLength <= p { return self }
        return BigFloat.rounded(negative: isNegative, magnitude: mantissa.magnitude, exponent: exponent, precision: p)
    }

    /// `self + ε·direction` for an infinitesimal ε > 0, rounded to `p` bits: the correct rounding of
    /// any value strictly between `self` and its neighbour at distance 2^min(exponent, topBit − p − 2)
    /// in that direction.
    func roundedNudged(upward: Bool, precision p: Int) -> BigFloat {
        let awayFromZero = upward != isNegative
        return BigFloat.rounded(
            negative: isNegative, magnitude: mantissa.magnitude, exponent: exponent, precision: p,
            tail: awayFromZero ? .above : .below)
    }

    /// `true` when every value strictly between `self` and `self ± 2^(2·topBit)` rounds, at precision
    /// `p`, like `self ± ε`: the gap from `self` to the nearest other rounding boundary (a multiple
    /// of 2^(topBit − p − 2), or of 2^exponent when `self` is not itself one) exceeds 2^(2·topBit).
    /// Used for f(x) = x ± δ with 0 < δ < x² (expm1, log1p of tiny x).
    func isTinyForSeries(precision p: Int) -> Bool {
        !mantissa.isZero && 2 * topBit <= Swift.min(exponent, topBit - p - 2)
    }

    /// (a / b) · 2^e correctly rounded to `p` bits. Precondition: `b ≠ 0`.
    static func roundedQuotient(_ a: BigInt, _ b: BigInt, exponent e: Int, precision p: Int) -> BigFloat {
        precondition(!b.isZero, "roundedQuotient: zero divisor")
        return limbQuotient(a, b, exponent: e, precision: p)
    }

    /// `roundedQuotient` through `BigInt` division (the reference for `limbQuotient`).
    static func referenceQuotient(_ a: BigInt, _ b: BigInt, exponent e: Int, precision p: Int) -> BigFloat {
        precondition(!b.isZero, "roundedQuotient: zero divisor")
        if a.isZero { return BigFloat(mantissa: a, exponent: 0) }
        let A = a.magnitude
        let B = b.magnitude
        // Scale so the integer quotient has at least p + 2 bits: A·2^k ≥ 2^(p+1)·B.
        let k = Swift.max(0, p + 2 + B.bitLength - A.bitLength)
        let (Q, R) = divideNonZero(A << k, by: B)
        return rounded(
            negative: a.isNegative != b.isNegative, magnitude: Q, exponent: e - k, precision: p,
            tail: R.isZero ? .exact : .above)
    }
}

/// Truncated division by a divisor that the caller has proved non-zero.
@inline(__always)
func divideNonZero(_ a: BigInt, by b: BigInt) -> (quotient: BigInt, remainder: BigInt) {
    do {
        return try a.quotientAndRemainder(dividingBy: b)
    } catch {
        preconditionFailure("unreachable: the divisor is non-zero (\(error))")
    }
}

extension BigInt {
    /// Bit `k` (k ≥ 0) of |self|.
    @inline(__always)
    func bit(_ k: Int) -> Bool {
        let words = limbs
        let index = k >> 6
        guard index < words.count else { return false }
        return (words[index] >> UInt64(k & 63)) & 1 == 1
    }
}
