import Foundation

/// Fixed-point kernels for the elementary functions of `BigFloat`.
///
/// A fixed-point number with F fractional bits is an integer X standing for X · 2⁻ᶠ; one *unit*
/// is 2⁻ᶠ. Every loop below works on plain `BigInt`s (mostly a small division and a sum per term,
/// with rectangular splitting), never on `BigFloat` objects, and each kernel states its error in units. The callers in
/// `BigFloat+Elementary` choose F = p + guard bits so that these errors, scaled by the condition of
/// the final step, stay below 2⁻¹² ulp of the result.
enum FixedPoint {
    /// `BigInt(n)`, from a table for the series denominators (saves an allocation per term).
    @inline(__always)
    static func smallInteger(_ n: Int) -> BigInt {
        n < smallIntegers.count ? smallIntegers[n] : BigInt(n)
    }

    private static let smallIntegers: [BigInt] = (0..<1024).map { BigInt($0) }

    /// ⌊x · 2^F⌋ (exact when x is a multiple of 2⁻ᶠ; otherwise error < 1 unit).
    static func scaled(_ x: BigFloat, bits F: Int) -> BigInt {
        let shift = x.exponent + F
        return shift >= 0 ? x.mantissa << shift : x.mantissa >> -shift
    }

    /// U ≈ expm1(T · 2⁻ᶠ) · 2^F for |T · 2⁻ᶠ| ≤ 1/2, as e^(T·2⁻ᶠ) · 2^F − 2^F.
    ///
    /// t = T/2^s is summed by Taylor's series for e^t with J-fold rectangular splitting (Smith
    /// 1989, as in mpmath's `exp_basecase`): the terms tⁿ/n! with n ≡ j (mod J) are accumulated,
    /// without their factor tʲ, in J partial sums, so a term costs one small division and one sum;
    /// a full product by t^J is needed only every J terms, and J more combine the sums at the end.
    /// Then s squarings E ← E²/2^F undo the halvings.
    ///
    /// **Error:** the running coefficient loses < 2 units per term (a floored product, a truncated
    /// division) plus < 1 unit per product by t^J (whose own error is < J units), the neglected tail
    /// < 2 units, and combining with tʲ (error < j units) < J² units: the sum is within
    /// 3N + J² + 4 units of e^t·2^F (N terms); relative to e^t ≥ 0.6 that is < 1.7 (3N + J² + 4)
    /// units. A squaring doubles the relative error and adds < 1.7 units, so the result, at most
    /// 1.65 · 2^F, is within 2^(s+2) · (3N + J² + 5) units of e^(T·2⁻ᶠ)·2^F.
    /// The error is absolute: callers add −⌊log₂|expm1|⌋ bits to F for relative accuracy.
    static func expm1(_ T: BigInt, bits F: Int, halvings s: Int) -> BigInt {
        let one = BigInt(1) << F
        let t = T >> s
        if t.isZero { return t }
        let J = Swift.max(2, Int((Double(F) / 128).squareRoot()) + 1)
        // Powers t⁰ … t^J.
        var powers = [one]
        powers.reserveCapacity(J + 1)
        for _ in 0..<J { powers.append((powers[powers.count - 1] * t) >> F) }
        let tJ = powers[J]
        let sums = tJ.isNegative ? signedTaylorSums(tJ, J: J, bits: F) : taylorSums(tJ, J: J, bits: F)
        var E = sums[0]
        for j in 1..<J { E += (sums[j] * powers[j]) >> F }
        for _ in 0..<s {
            E = (E * E) >> F
        }
        return E - one
    }

    /// The J partial sums of `expm1`'s rectangular splitting for t^J ≥ 0 (J even, or t ≥ 0): sums[j]
    /// = Σ_q a_{qJ+j} with a₀ = 2^F, a_n = ⌊a_{n−1}/n⌋, times t^J (floored) after every J-th term.
    /// Every a_n is then non-negative, so the loop runs in place on limbs (`SeriesLimbs`), with
    /// exactly the integers of `signedTaylorSums`.
    static func taylorSums(_ tJ: BigInt, J: Int, bits F: Int) -> [BigInt] {
        // Values 0…J−1 hold the sums (each < e·2^F), J the running a, J+1 a quotient, J+2 t^J.
        var x = SeriesLimbs(count: J + 3, width: F / 64 + 2)
        let a = J, tPower = J + 2
        x.set(a, to: BigInt(1) << F)
        x.set(tPower, to: tJ)
        var n = 0
        while !x.isZero(a) {
            x.add(a, into: n % J)
            n += 1
            x.divide(a, by: UInt64(n), into: a)
            if n % J == 0 { x.multiplyShifted(a, tPower, bits: F, into: a) }
        }
        return (0..<J).map { x.value($0) }
    }

    /// The partial sums of `taylorSums` on signed `BigInt`s, for t^J < 0 (odd J, t < 0): a_n then
    /// alternates in sign, and the divisions truncate toward 0 and the shifts floor.
    static func signedTaylorSums(_ tJ: BigInt, J: Int, bits F: Int) -> [BigInt] {
        var sums = [BigInt](repeating: BigInt(0), count: J)
        // a = (t^J)^q / n! for n = qJ + j.
        var a = BigInt(1) << F
        var n = 0
        while !a.isZero {
            sums[n % J] += a
            n += 1
            a = divideNonZero(a, by: smallInteger(n)).quotient
            if n % J == 0 { a = (a * tJ) >> F }
        }
        return sums
    }

    /// ≈ log1p(D · 2⁻ᶠ) · 2^F for |D · 2⁻ᶠ| ≤ 1/4, by d − d²/2 + d³/3 − ….
    ///
    /// **Error:** < 2 units per term plus the propagated error of D times 1/(1 − |d|) ≤ 4/3; the
    /// callers use it with |d| < 2⁻⁴⁰, where it needs at most F/40 + 1 terms.
    static func log1p(_ D: BigInt, bits F: Int) -> BigInt {
        var sum = D
        var power = D
        var n = 2
        // Stop once |dⁿ| ≤ 1 unit: the remaining tail is below 2 units.
        while power.bitLength > 1 {
            power = (power * D) >> F
            let term = divideNonZero(power, by: smallInteger(n)).quotient
            sum = n & 1 == 0 ? sum - term : sum + term
            n += 1
        }
        return sum
    }

    /// ≈ atanh(V · 2⁻ᶠ) · 2^F for |V · 2⁻ᶠ| ≤ 2⁻⁸, by v Σ wᵏ/(2k + 1), w = v², with J-fold
    /// rectangular splitting as in `expm1`: a term costs one small division and one sum.
    ///
    /// **Error:** < 1 unit per term (truncated division) plus < 1 unit per product by w^J and
    /// < J² units from recombination, all multiplied by |v| < 1 in the final product: < 3K + J² + 2
    /// units for K terms.
    static func atanh(_ V: BigInt, bits F: Int) -> BigInt {
        if V.isZero { return V }
        let w = (V * V) >> F
        if w.isZero { return V }
        let J = Swift.max(2, Int((Double(F) / 128).squareRoot()) + 1)
        // The loop below runs on non-negative values below 2^(F+2) in one flat buffer
        // (`SeriesLimbs`): the same floored products and truncated quotients as `BigInt`
        // arithmetic would give, without an allocation per term. Values 0…J hold the powers
        // w⁰ … w^J, J+1…2J the partial sums, 2J+1 the running P, 2J+2 a quotient.
        var x = SeriesLimbs(count: 2 * J + 3, width: F / 64 + 2)
        let power = 0, sum = J + 1, P = 2 * J + 1, quotient = 2 * J + 2
        x.set(power, to: BigInt(1) << F)
        x.set(power + 1, to: w)
        for i in 1..<J { x.multiplyShifted(power + i, power + 1, bits: F, into: power + i + 1) }
        // P = w^(qJ); term k = qJ + i contributes P / (2k + 1) to sums[i].
        x.set(P, to: BigInt(1) << F)
        var k = 0
        while !x.isZero(P) {
            for i in 0..<J {
                x.divide(P, by: UInt64(2 * (k + i) + 1), into: quotient)
                x.add(quotient, into: sum + i)
            }
            k += J
            x.multiplyShifted(P, power + J, bits: F, into: P)
        }
        // S = sums[0] + Σ (sums[i] · wⁱ) >> F, accumulated in sums[0].
        for i in 1..<J {
            x.multiplyShifted(sum + i, power + i, bits: F, into: sum + i)
            x.add(sum + i, into: sum)
        }
        return (V * x.value(sum)) >> F
    }

    /// ≈ E · ln 2 · 2^F with error < 3 units (0 for E = 0).
    static func multipleOfLn2(_ E: Int, bits F: Int) -> BigInt {
        if E == 0 { return BigInt(0) }
        // ln 2 to F + c bits, c = bits of E, so the product's error stays below 2 units.
        let c = Int.bitWidth - E.magnitude.leadingZeroBitCount
        return (BigInt(E) * ln2(bits: F + c)) >> c
    }

    /// ≈ atan(1/n) · 2^F (or atanh(1/n) · 2^F when `hyperbolic`), by Σ (∓1)ᵏ / ((2k + 1) n^(2k+1)),
    /// for an integer n ≥ 2.
    ///
    /// **Error:** < 2 units per term, and K ≤ F / (2 log₂ n) + 1 terms: < 2K + 2 units.
    static func arctangentOfReciprocal(_ n: Int, bits F: Int, hyperbolic: Bool) -> BigInt {
        let n2 = BigInt(n * n)
        var power = divideNonZero(BigInt(1) << F, by: BigInt(n)).quotient
        var sum = power
        var k = 1
        while true {
            power = divideNonZero(power, by: n2).quotient
            if power.isZero { break }
            let term = divideNonZero(power, by: BigInt(2 * k + 1)).quotient
            sum = (hyperbolic || k & 1 == 0) ? sum + term : sum - term
            k += 1
        }
        return sum
    }

    /// ≈ ln 2 · 2^F with error < 2 units, from the cache.
    ///
    /// ln 2 = 18 atanh(1/26) − 2 atanh(1/4801) + 8 atanh(1/8749) (a Machin-like identity; each
    /// atanh(1/26) term gains 9.4 bits).
    static func ln2(bits F: Int) -> BigInt { ln2Cache.value(bits: F) }

    /// ≈ π · 2^F with error < 2 units, from the cache.
    ///
    /// π = 16 atan(1/5) − 4 atan(1/239) (Machin, 1706).
    static func pi(bits F: Int) -> BigInt { piCache.value(bits: F) }

    private static let ln2Cache = ConstantCache { F in
        // 28 coefficient units × (2K + 2) units of error each stay below 2^(guard − 1).
        machinSum([(18, 26), (-2, 4801), (8, 8749)], hyperbolic: true, bits: F)
    }

    private static let piCache = ConstantCache { F in
        machinSum([(16, 5), (-4, 239)], hyperbolic: false, bits: F)
    }

    /// ≈ Σ cᵢ · atan(1/nᵢ) · 2^F (atanh when `hyperbolic`) for `terms` (cᵢ, nᵢ), each arctangent taken
    /// to F + guard bits, where guard = 12 + the bit length of F, so that Σ|cᵢ| · (2K + 2) units of
    /// error at F + guard bits stay below 2^(guard − 1) before the shift back to F bits.
    private static func machinSum(_ terms: [(Int, Int)], hyperbolic: Bool, bits F: Int) -> BigInt {
        let guardBits = 12 + Int.bitWidth - F.leadingZeroBitCount
        let G = F + guardBits
        let sum = terms.reduce(BigInt(0)) { sum, term in
            sum + BigInt(term.0) * arctangentOfReciprocal(term.1, bits: G, hyperbolic: hyperbolic)
        }
        return sum >> guardBits
    }
}

final class ConstantCache: @unchecked Sendable {
    // Guarded by `lock`: the constant · 2^B for each bucket B.
    private var stored: [Int: BigInt] = [:]
    private let lock = NSLock()
    private let compute: @Sendable (Int) -> BigInt

    init(_ compute: @escaping @Sendable (Int) -> BigInt) {
        self.compute = compute
    }

    /// ≈ constant · 2^F, error < 2 units (< 1 unit at the bucket's B bits, plus the truncation).
    func value(bits F: Int) -> BigInt {
        let B = cacheBits(for: F)
        lock.lock()
        defer { lock.unlock() }
        if let value = stored[B] { return value >> (B - F) }
        let value = compute(B)
        stored[B] = value
        return value >> (B - F)
    }
}

/// The precision B at which a cached constant serving an F-bit request is computed: the least
/// power of two ≥ F + 64 (and ≥ 128).
///
/// Serving F from a value computed at B and truncated makes the result depend only on F, never on
/// which precisions were requested before (a value computed at F + 64 and one truncated from a
/// much larger B can differ in the last unit, which could flip a near-midpoint rounding): so every
/// `BigFloat` result is a deterministic function of its arguments and the working precision.
/// Buckets at powers of two cost at most twice the bits, and a doubling Ziv loop reuses them.
func cacheBits(for F: Int) -> Int {
    var B = 128
    while B < F + 64 { B <<= 1 }
    return B
}
