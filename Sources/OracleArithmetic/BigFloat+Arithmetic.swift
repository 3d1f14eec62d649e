/// The field operations and the square root of `BigFloat`, each correctly rounded (to nearest,
/// ties to even) to `BigFloat.workingPrecision`.
///
/// Each operation forms an exact integer result, or an integer quotient/root plus a sticky bit,
/// and rounds once (`BigFloat+Rounding`), on limbs in one scratch buffer (`BigFloat+Limbs`; the
/// `reference…` functions here are the same integers through `BigInt`, kept for the tests). Costs:
/// `+ −` O(n) in the aligned length (a far smaller operand is replaced by a one-bit stand-in, so
/// 1 + 2⁻¹⁰⁰⁰⁰⁰⁰ is cheap); `×` one limb product; `÷` one division of a (p + 2)-bit quotient;
/// `sqrt` an integer root by recursion on the top half and one Newton step.
extension BigFloat: RealScalar {
    public static var zero: BigFloat { BigFloat(mantissa: BigInt(0), exponent: 0) }
    public static var one: BigFloat { BigFloat(mantissa: BigInt(1), exponent: 0) }
    /// `false`: operations round to the working precision.
    public static var isExact: Bool { false }
    /// Always `true`: a `BigFloat` has no infinities or NaN.
    public var isFinite: Bool { true }

    public static prefix func - (operand: BigFloat) -> BigFloat {
        BigFloat(mantissa: -operand.mantissa, exponent: operand.exponent)
    }

    /// lhs + rhs, correctly rounded to the working precision.
    public static func + (lhs: BigFloat, rhs: BigFloat) -> BigFloat {
        sum(lhs, rhs, precision: workingPrecision)
    }

    /// lhs − rhs, correctly rounded to the working precision.
    public static func - (lhs: BigFloat, rhs: BigFloat) -> BigFloat {
        sum(lhs, -rhs, precision: workingPrecision)
    }

    /// lhs × rhs, correctly rounded to the working precision.
    public static func * (lhs: BigFloat, rhs: BigFloat) -> BigFloat {
        limbProduct(lhs, rhs, precision: workingPrecision)
    }

    /// lhs × rhs correctly rounded to `p` bits through `BigInt` (the reference for `limbProduct`).
    static func referenceProduct(_ lhs: BigFloat, _ rhs: BigFloat, precision p: Int) -> BigFloat {
        BigFloat(mantissa: lhs.mantissa * rhs.mantissa, exponent: lhs.exponent + rhs.exponent)
            .rounded(toPrecision: p)
    }

    /// lhs ÷ rhs, correctly rounded to the working precision.
    ///
    /// Precondition: `rhs ≠ 0` (the `FieldScalar` contract). Use `divided(by:)` on unchecked input.
    public static func / (lhs: BigFloat, rhs: BigFloat) -> BigFloat {
        precondition(!rhs.mantissa.isZero, "BigFloat division by zero; use divided(by:) to get a thrown error")
        return limbQuotient(
            lhs.mantissa, rhs.mantissa, exponent: lhs.exponent - rhs.exponent, precision: workingPrecision)
    }

    /// self ÷ divisor, correctly rounded to the working precision.
    ///
    /// Throws `ArithmeticError.divisionByZero` when `divisor` is zero.
    public func divided(by divisor: BigFloat) throws(ArithmeticError) -> BigFloat {
        guard !divisor.mantissa.isZero else { throw .divisionByZero(operation: "BigFloat \(self) / 0") }
        return self / divisor
    }

    /// √x correctly rounded to the working precision. Throws `ArithmeticDomainError` when x < 0.
    ///
    /// **Edge Cases:** √0 = 0; exact squares give exact roots.
    public static func sqrt(_ x: BigFloat) throws -> BigFloat {
        guard !x.isNegative else { throw ArithmeticDomainError.sqrt(of: x) }
        if x.mantissa.isZero { return x }
        return limbSquareRoot(ofPositive: x, precision: workingPrecision)
    }

    // MARK: - Kernels

    /// The exact sum (no rounding).
    static func exactSum(_ a: BigFloat, _ b: BigFloat) -> BigFloat {
        if a.mantissa.isZero { return b }
        if b.mantissa.isZero { return a }
        let e = Swift.min(a.exponent, b.exponent)
        return BigFloat(mantissa: (a.mantissa << (a.exponent - e)) + (b.mantissa << (b.exponent - e)), exponent: e)
    }

    /// a + b correctly rounded to `p` bits (on limbs: `limbSum`).
    static func sum(_ a: BigFloat, _ b: BigFloat, precision p: Int) -> BigFloat {
        if a.mantissa.isZero { return b.rounded(toPrecision: p) }
        if b.mantissa.isZero { return a.rounded(toPrecision: p) }
        return limbSum(a, b, precision: p)
    }

    /// a + b correctly rounded to `p` bits through `BigInt` (the reference for `limbSum`).
    static func referenceSum(_ a: BigFloat, _ b: BigFloat, precision p: Int) -> BigFloat {
        if a.mantissa.isZero { return b.rounded(toPrecision: p) }
        if b.mantissa.isZero { return a.rounded(toPrecision: p) }
        let (big, small) = a.topBit >= b.topBit ? (a, b) : (b, a)
        // big is a multiple of 2^L. The sum has |big + small| > 2^(topBit(big) − 2), so its rounding
        // boundaries (representable values and midpoints) are multiples of 2^(topBit(big) − p − 2),
        // hence of 2^L. If |small| < 2^L, big + small lies strictly between big and the next
        // multiple of 2^L on small's side, where no boundary is: any stand-in of small's sign and
        // magnitude below 2^L (here 2^(L−1)) rounds the same, and the exact sum stays short.
        let L = Swift.min(big.exponent, big.topBit - p - 4)
        if small.topBit < L {
            let standIn = BigFloat(mantissa: BigInt(small.signum), exponent: L - 1)
            return exactSum(big, standIn).rounded(toPrecision: p)
        }
        return exactSum(big, small).rounded(toPrecision: p)
    }

    /// √x for x ≥ 0, correctly rounded to `p` bits.
    static func squareRoot(ofNonNegative x: BigFloat, precision p: Int) -> BigFloat {
        if x.mantissa.isZero { return x }
        // x = M·2^e. Shift M left by k (with e − k even) until it has at least 2p + 4 bits, so that
        // S = ⌊√(M·2^k)⌋ has at least p + 2 bits and the remainder is a pure sticky bit.
        let M = x.mantissa
        var k = Swift.max(0, 2 * p + 4 - M.bitLength)
        if (x.exponent - k) & 1 != 0 { k += 1 }
        let N = M << k
        let S = integerSquareRoot(N)
        return rounded(
            negative: false, magnitude: S, exponent: (x.exponent - k) / 2, precision: p,
            tail: S * S == N ? .exact : .above)
    }

    /// ⌊√n⌋ for n ≥ 0, by Newton's iteration from an over-estimate (Zimmermann's `SqrtRem` is not
    /// needed at these sizes).
    static func integerSquareRoot(_ n: BigInt) -> BigInt {
        if n.isZero { return n }
        // Over-estimate from the leading ≤ 100 bits: n < (T + 1)·2^shift with T = n >> shift, and the
        // Double square root of T (relative error < 2⁻⁵²) inflated by 2⁻⁴⁵ and rounded up exceeds
        // √(T + 1).
        let shift = Swift.max(0, n.bitLength - 100) & ~1
        let top = (n >> shift).doubleValue
        let estimate = (top.squareRoot() * (1 + 0x1p-45)).rounded(.up) + 1
        guard let seed = BigInt(exactly: estimate) else { preconditionFailure("unreachable: finite estimate") }
        var x = seed << (shift / 2)
        // From any x ≥ ⌊√n⌋, x ← ⌊(x + ⌊n/x⌋)/2⌋ decreases strictly until it reaches ⌊√n⌋.
        while true {
            let y = (x + divideNonZero(n, by: x).quotient) >> 1
            if y >= x { return x }
            x = y
        }
    }
}
