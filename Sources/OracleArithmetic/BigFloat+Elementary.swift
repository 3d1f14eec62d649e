import Foundation

/// exp, expm1, log, log1p, π and ln 2 for `BigFloat` at the working precision p.
///
/// Goals, in priority order: 1. a proven error bound, (½ + 2⁻¹²) ulp, for every finite argument;
/// 2. relative accuracy near the zeros of expm1, log and log1p (no cancellation); 3. speed at a few
/// hundred bits (fixed-point `BigInt` loops, cached constants).
///
/// **Error bound.** Each function evaluates an approximation ỹ with |ỹ − f(x)| < 2⁻¹⁴ · 2⁻ᵖ |f(x)|
/// (the F = p + s + 24 + ⌈log₂ F⌉ + … fractional bits of fixed point absorb the kernel errors
/// derived in `FixedPoint`; see `fixedPointBits`), then rounds ỹ once to nearest. Hence
/// |result − f(x)| < (½ + 2⁻¹²) ulp, where ulp = 2^(⌊log₂|result|⌋ + 1 − p); the result is the
/// correctly rounded one unless f(x) lies within 2⁻¹³ ulp of a midpoint between two p-bit numbers.
/// The Ziv loop in `BigFloat+CorrectRounding` uses the bound `errorBoundUlps: 1`.
extension BigFloat {
    /// The fixed-point width F for target precision p, s halvings and `smallness` = −⌊log₂|f(x)|⌋
    /// bits of extra relative accuracy: base = p + s + smallness, F = base + 24 + ⌈log₂ base⌉.
    ///
    /// The kernels' error is below 2^(s+2) · (3N + J² + 5) units for expm1 (N < F/2 series terms,
    /// J² ≤ F/64 + 1), plus a few units of argument reduction and 2 units per log1p term, i.e. below
    /// 2^(s + 5 + ⌈log₂ base⌉) units; dividing by |f(x)| ≥ 2^(−smallness−2) leaves a relative error
    /// < 2^(7 − 24 − p) = 2⁻¹⁷ · 2⁻ᵖ (2⁻¹⁴ · 2⁻ᵖ with the slack taken in the steps below).
    static func fixedPointBits(precision p: Int, halvings s: Int, smallness: Int) -> Int {
        let base = p + s + smallness
        return base + 24 + (Int.bitWidth - base.leadingZeroBitCount)
    }

    /// The number s of argument halvings before the Taylor series of exp: it balances s squarings
    /// against ≈ F/(s + 3) series terms. A term costs a division by a small integer and a sum (linear
    /// in the length L of F), a squaring a product (quadratic in L), so the optimum s + 3 ≈
    /// √(F · cost(term)/cost(squaring)) is nearly independent of F; measured release timings put it
    /// at s ≈ 10 from 128 to 1024 bits (≈ √p below that).
    static func halvings(bits p: Int) -> Int {
        Swift.min(10, Int(Double(p).squareRoot()))
    }

    /// ln 2 ≈ 0.693 as a `Double` (to choose k = round(x / ln 2); its accuracy does not matter).
    private static let ln2Double = 0x1.62e42fefa39efp-1

    // MARK: - exp and expm1

    /// eˣ at the working precision, with |result − eˣ| < (½ + 2⁻¹²) ulp.
    ///
    /// Precondition: x < 2⁶⁰ (the result's binary exponent must fit in `Int`). Arguments for a
    /// `Double` result need only |x| < 746; `correctlyRoundedExp` checks its argument.
    ///
    /// **Edge Cases:** exp(0) = 1 exactly, and exp(x) = 1 for |x| < 2^−(p+2) (correctly rounded);
    /// exp(x) = 0 for x ≤ −2⁶⁰ (flushed: the value is below 2^(−1.6·10¹⁸)).
    public static func exp(_ x: BigFloat) -> BigFloat {
        exp(x, precision: workingPrecision, limbs: true)
    }

    /// eˣ to `p` bits; `limbs: false` forces the reference route (`BigInt` kernels), for tests.
    static func exp(_ x: BigFloat, precision p: Int, limbs: Bool) -> BigFloat {
        if x.mantissa.isZero { return one }
        // x ≤ −2⁶⁰: eˣ < 2^(−1.6·10¹⁸), flushed to 0 like an IEEE underflow (a mixture's
        // responsibilities meet such x for a nearly singular component; 0 is what they need).
        if x.isNegative && x.topBit > 60 { return zero }
        precondition(x.topBit <= 60, "BigFloat.exp: x ≥ 2^60 gives a result whose exponent overflows")
        // |x| < 2^−(p+2): eˣ lies strictly between 1 − 2^−(p+1) and 1 + 2^−p, the midpoints between
        // 1 and its p-bit neighbours 1 − 2^−p and 1 + 2^(1−p), so 1 is the correctly rounded
        // result. (The reduction below would otherwise carry −log₂|x| extra bits of relative
        // accuracy that exp does not need: millions of bits for the e^(−10⁶)-sized terms of
        // unbounded-exponent arithmetic.)
        if x.topBit <= -(p + 2) { return one }
        if limbs, let y = LimbElementary.exp(x, precision: p, minusOne: false) { return y }
        let (k, U, F) = expm1Reduced(x, precision: p)
        // eˣ = 2^k (1 + u).
        return rounded(fixedPoint: (BigInt(1) << F) + U, exponent: k - F, precision: p)
    }

    /// eˣ − 1 at the working precision, with |result − (eˣ − 1)| < (½ + 2⁻¹²) ulp also for tiny x.
    ///
    /// Precondition: x < 2⁶⁰ (expm1(x) = −1 for x ≤ −2⁶⁰, correctly rounded).
    ///
    /// **Edge Cases:** expm1(0) = 0 exactly; for |x| far below 2⁻ᵖ the result is x, rounded as
    /// x + x²/2 would be (nudged upward).
    public static func expm1(_ x: BigFloat) -> BigFloat {
        expm1(x, precision: workingPrecision, limbs: true)
    }

    /// eˣ − 1 to `p` bits; `limbs: false` forces the reference route, for tests.
    static func expm1(_ x: BigFloat, precision p: Int, limbs: Bool) -> BigFloat {
        if x.mantissa.isZero { return zero }
        // x ≤ −2⁶⁰: eˣ − 1 = −1 + (less than 2^(−p−1)), whose correct rounding is −1.
        if x.isNegative && x.topBit > 60 { return -one }
        precondition(x.topBit <= 60, "BigFloat.expm1: x ≥ 2^60 gives a result whose exponent overflows")
        // expm1(x) = x + δ with 0 < δ < x² for |x| < 1/2.
        if x.isTinyForSeries(precision: p) { return x.roundedNudged(upward: true, precision: p) }
        if limbs, let y = LimbElementary.exp(x, precision: p, minusOne: true) { return y }
        let (k, U, F) = expm1Reduced(x, precision: p)
        let one = BigInt(1) << F
        if k == 0 { return rounded(fixedPoint: U, exponent: -F, precision: p) }
        // eˣ − 1 = 2^k (1 + u) − 1, formed exactly at scale 2^(min(k,0) − F). With k ≠ 0, |x| > 0.34
        // and |eˣ − 1| > 0.29, so there is no cancellation to amplify the error of u.
        if k > 0 { return rounded(fixedPoint: ((one + U) << k) - one, exponent: -F, precision: p) }
        return rounded(fixedPoint: (one + U) - (one << -k), exponent: k - F, precision: p)
    }

    /// Reduces x = k ln 2 + r (|r| ≲ 0.47) and returns (k, U, F) with U ≈ expm1(r) · 2^F.
    ///
    /// Up to `ExpTable.maximumPrecision` bits and for |x| ≳ 2⁻⁹, r is reduced further by the cached
    /// e^(j/2⁸) and e^(k/2¹⁶) (`ExpTable.expm1`, error < 8 + 1.65× the kernel's); otherwise by s
    /// halvings (`FixedPoint.expm1`).
    ///
    /// **Error:** U carries the (absolute) kernel error of `FixedPoint.expm1` plus 3 units from r,
    /// and F counts `smallness` = −⌊log₂|x|⌋ − 1 extra bits when k = 0 (relative accuracy for small x). Since
    /// 1 + u ≥ 0.62, |eˣ − 1| ≥ 0.7|x| for k = 0 and |eˣ − 1| > 0.29 · 2^max(k,0) otherwise, the error
    /// is < 2⁻¹⁴ · 2⁻ᵖ of both eˣ and eˣ − 1.
    private static func expm1Reduced(_ x: BigFloat, precision p: Int) -> (k: Int, U: BigInt, F: Int) {
        // |x| < 2⁶⁰, so x's Double is finite and k fits; k is near x/ln 2 up to the Double's
        // relative error 2⁻⁵², which for |x| ≳ 2⁵⁰ is more than ½ and is corrected below.
        var k = Int((x.approximateDouble / ln2Double).rounded())
        let smallness = k == 0 ? Swift.max(0, -x.topBit) : 0
        let sTarget = halvings(bits: p)
        let s = Swift.max(0, sTarget - smallness)
        let F = fixedPointBits(precision: p, halvings: s, smallness: smallness)
        let X = FixedPoint.scaled(x, bits: F)
        // r = x − k ln 2 with ln 2 to F + c bits (c = bits of k): error < 3 units.
        func remainder(_ k: Int) -> BigInt {
            if k == 0 { return X }
            let c = Int.bitWidth - k.magnitude.leadingZeroBitCount
            return X - (BigInt(k) * FixedPoint.ln2(bits: F + c)) >> c
        }
        var R = remainder(k)
        if R.bitLength >= F {
            // |r| ≥ ½ (only for |x| ≳ 2⁵⁰, where |r| < 2⁹): move k by round(r/ln 2), from r's top 52
            // bits, which leaves |r| ≤ (½ + 2⁻⁴⁰) ln 2 as the series and the tables assume.
            let top = Double((R >> (F - 52)).intValue ?? 0) * 0x1p-52
            k += Int((top / ln2Double).rounded())
            R = remainder(k)
        }
        if p <= ExpTable.maximumPrecision && smallness < 9 { return (k, ExpTable.expm1(R, bits: F), F) }
        return (k, FixedPoint.expm1(R, bits: F, halvings: s), F)
    }

    // MARK: - log and log1p

    /// ln x at the working precision, with |result − ln x| < (½ + 2⁻¹²) ulp (relative accuracy also
    /// for x near 1). Throws `ArithmeticDomainError` when x ≤ 0.
    ///
    /// **Edge Cases:** log(1) = 0 exactly.
    public static func log(_ x: BigFloat) throws -> BigFloat {
        guard x.signum > 0 else { throw ArithmeticDomainError.log(of: x) }
        return logOfPositive(x, precision: workingPrecision, limbs: true)
    }

    /// ln(1 + x) at the working precision, with |result − ln(1 + x)| < (½ + 2⁻¹²) ulp also for tiny
    /// x. Throws `ArithmeticDomainError` when x ≤ −1.
    ///
    /// **Edge Cases:** log1p(0) = 0 exactly; for |x| far below 2⁻ᵖ the result is x nudged downward.
    public static func log1p(_ x: BigFloat) throws -> BigFloat {
        guard x > -one else { throw ArithmeticDomainError.log1p(of: x) }
        return logOnePlus(x, precision: workingPrecision, limbs: true)
    }

    /// ln(1 + x) to `p` bits for x > −1; `limbs: false` forces the reference route, for tests.
    static func logOnePlus(_ x: BigFloat, precision p: Int, limbs: Bool) -> BigFloat {
        if x.mantissa.isZero { return zero }
        // 1 + x ∈ [1/√2, √2] ⇔ x ∈ [−0.2929, 0.4142]: keep x itself as the small quantity z.
        let xd = x.approximateDouble
        if xd >= -0.29 && xd <= 0.41 { return logOnePlus(x, twoPower: 0, precision: p, limbs: limbs) }
        // Otherwise 1 + x is formed exactly (no rounding), and |ln(1 + x)| > 0.25 (no cancellation).
        return logOfPositive(exactSum(one, x), precision: p, limbs: limbs)
    }

    /// ln x for x > 0, to `p` bits; `limbs: false` forces the reference route, for tests.
    static func logOfPositive(_ x: BigFloat, precision p: Int, limbs: Bool) -> BigFloat {
        // x = 2^E · y with y ∈ [1/2, 1), then moved to [1/√2, √2) so |ln y| ≤ ½ ln 2.
        var E = x.topBit
        var y = BigFloat(mantissa: x.mantissa, exponent: x.exponent - E)
        if y.approximateDouble < 0.7071067811865476 {
            E -= 1
            y = BigFloat(mantissa: y.mantissa, exponent: y.exponent + 1)
        }
        return logOnePlus(exactSum(y, -one), twoPower: E, precision: p, limbs: limbs)
    }

    /// ln(2^E · (1 + z)) for 1 + z ∈ [0.7, 1.42], with z exact, to `p` bits.
    ///
    /// Up to `LogTable.maximumPrecision` bits by the cached table (`logOnePlusTable`), beyond it by
    /// one Newton step on exp (`logOnePlusNewton`), which also fills the table.
    static func logOnePlus(_ z: BigFloat, twoPower E: Int, precision p: Int, limbs: Bool = true) -> BigFloat {
        if z.mantissa.isZero && E == 0 { return zero }
        // ln(1 + z) = z − δ with 0 < δ < z² for |z| < 1/2.
        if E == 0 && z.isTinyForSeries(precision: p) { return z.roundedNudged(upward: false, precision: p) }
        if limbs, let y = LimbElementary.log(z: z, twoPower: E, precision: p) { return y }
        if p <= LogTable.maximumPrecision { return logOnePlusTable(z, twoPower: E, precision: p) }
        return logOnePlusNewton(z, twoPower: E, precision: p)
    }

    /// ln(2^E · (1 + z)) by one Newton step on exp, for 1 + z ∈ [0.7, 1.42] (z ≠ 0 or E ≠ 0).
    ///
    /// With y₀ = `Foundation.log1p` of z's `Double` (any approximation works, a good one makes the
    /// next step short): ln(1 + z) = y₀ + log1p(d), d = (1 + z) e^{−y₀} − 1 = z + v + z·v where
    /// v = expm1(−y₀). Then |d| ≲ 2⁻⁵⁰ and log1p(d) needs only ≈ F/50 series terms: the cost is one
    /// expm1 evaluation.
    ///
    /// **Error:** v carries the `FixedPoint.expm1` error, d at most 1.42 times that plus 2 units,
    /// log1p(d) 4/3 of that plus 2 units per term, and E ln 2 three units; meanwhile
    /// |ln(2^E(1 + z))| ≥ 0.34 for E ≠ 0 and ≥ 0.83|z| ≥ 2^(⌊log₂|z|⌋ − 1) for E = 0, and F adds
    /// those bits (`smallness`) plus 2, so the relative error is < 2⁻¹⁴ · 2⁻ᵖ.
    static func logOnePlusNewton(_ z: BigFloat, twoPower E: Int, precision p: Int) -> BigFloat {
        let y0 = Foundation.log1p(z.approximateDouble)
        let s = y0 == 0 ? 0 : Swift.max(0, halvings(bits: p) + Int(y0.exponent) + 1)
        let smallness = E == 0 ? Swift.max(0, -z.topBit) : 0
        let F = fixedPointBits(precision: p, halvings: s, smallness: smallness) + 2
        let Y0 = FixedPoint.scaled(BigFloat(y0), bits: F)
        let Z = FixedPoint.scaled(z, bits: F)
        // The identity holds for whatever Y0 we use, so use the fixed-point one exactly.
        let V = FixedPoint.expm1(-Y0, bits: F, halvings: s)
        let D = Z + V + ((Z * V) >> F)
        let R = Y0 + FixedPoint.log1p(D, bits: F)
        return rounded(fixedPoint: R + FixedPoint.multipleOfLn2(E, bits: F), exponent: -F, precision: p)
    }

    /// ln(2^E · (1 + z)) from the table, for 1 + z ∈ [0.7, 1.42] (z ≠ 0 or E ≠ 0).
    ///
    /// With c = j/256 the table point nearest y = 1 + z (|y − c| ≤ 2⁻⁹):
    /// ln y = ln c + 2 atanh(v), v = (y − c)/(y + c), |v| < 2⁻⁹·⁴, so the atanh series gains 19 bits a
    /// term, and costs one division for v. For c = 1 (|z| < 2⁻⁹) no table entry is used and v is
    /// z/(2 + z), so small z keeps its relative accuracy.
    ///
    /// **Error:** v < 2 units, 2 atanh(v) < 4 + 2·(series error) units, ln c < 2 units, E ln 2 < 3
    /// units: far below the `fixedPointBits` budget. |ln(2^E y)| ≥ 0.34 for E ≠ 0; for E = 0,
    /// |ln y| ≥ 0.83|z| as in `logOnePlusNewton`, and F carries those `smallness` bits.
    static func logOnePlusTable(_ z: BigFloat, twoPower E: Int, precision p: Int) -> BigFloat {
        let smallness = E == 0 ? Swift.max(0, -z.topBit) : 0
        let F = fixedPointBits(precision: p, halvings: 0, smallness: smallness) + 2
        let one = BigInt(1) << F
        let Y = one + FixedPoint.scaled(z, bits: F)
        // j = round(256 y) ∈ [179, 364].
        let j = ((Y + (one >> 9)) >> (F - 8)).intValue ?? 256
        let C = BigInt(j) << (F - 8)
        let V = divideNonZero((Y - C) << F, by: Y + C).quotient
        var R = FixedPoint.atanh(V, bits: F) << 1
        if j != 256 { R += LogTable.shared.logarithm(j, bits: F) }
        return rounded(fixedPoint: R + FixedPoint.multipleOfLn2(E, bits: F), exponent: -F, precision: p)
    }

    // MARK: - Constants

    /// π at the working precision, with |result − π| < (½ + 2⁻¹²) ulp (Machin's formula, cached).
    public static var pi: BigFloat {
        let p = workingPrecision
        let F = p + 24
        return rounded(fixedPoint: FixedPoint.pi(bits: F), exponent: -F, precision: p)
    }

    /// ln 2 at the working precision, with |result − ln 2| < (½ + 2⁻¹²) ulp (atanh series, cached).
    public static var ln2: BigFloat {
        let p = workingPrecision
        let F = p + 24
        return rounded(fixedPoint: FixedPoint.ln2(bits: F), exponent: -F, precision: p)
    }
}
