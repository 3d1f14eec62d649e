import Foundation

/// ln Γ(x) and ψ(x) = Γ′(x)/Γ(x) for x > 0, correctly rounded to the working precision p.
///
/// **Method.** The upward recurrences ln Γ(x) = ln Γ(x + n) − ln Πᵢ₌₀ⁿ⁻¹(x + i) and
/// ψ(x) = ψ(x + n) − Σᵢ₌₀ⁿ⁻¹ 1/(x + i) move x to y = x + n (exact), where the Stirling series
///   ln Γ(y) = (y − ½) ln y − y + ½ ln 2π + Σₖ₌₁ᴷ B₂ₖ / (2k(2k − 1) y^(2k−1)) + R_K,
///   ψ(y) = ln y − 1/(2y) − Σₖ₌₁ᴷ B₂ₖ / (2k y^(2k)) + R′_K
/// is summed by Horner's rule in 1/y². For real y > 0 both series are enveloping: each remainder
/// is bounded by the first omitted term (DLMF 5.11.ii; F. W. J. Olver, *Asymptotics and Special
/// Functions*, 1974, ch. 8 §4). The Bernoulli numbers come exactly from the tangent numbers
/// Tₖ (R. P. Brent and D. Harvey, "Fast computation of Bernoulli, tangent and secant numbers",
/// 2011): B₂ₖ = (−1)^(k−1) · 2k · Tₖ / (4ᵏ (4ᵏ − 1)). The shift y and the number of terms K are
/// chosen per working width w so that the truncation is below 2^−(w+4) and n + 2K is least.
///
/// **Error bound (absolute, at width w, u = 2⁻ʷ).** ln Γ: the product of n exact factors carries
/// relative error ≤ 1.01(n − 1)u, so its logarithm L an absolute ≤ 1.02 n u + 1.001 u |L|;
/// (y − ½)·ln y − y + ½ ln 2π carries ≤ u (4.1 |(y − ½) ln y| + 2y + 3) (ln and π within
/// 1.001 u relative, three roundings); Horner's sum of K terms, each below the first, 1/(12y),
/// ≤ (K + 1) u / y; the final two roundings ≤ u (2|M| + 2|S| + |L|). Together (with the
/// truncation's 2^−(w+4)) ε ≤ 8u (|(y − ½) ln y| + y + |L| + n + K + 8). ψ: the n reciprocals and
/// their sum H carry ≤ 1.01 (n + 1) u H; ln y ≤ 1.001 u |ln y|; the rest ≤ u (K + 6); so
/// ε ≤ 8u (|ln y| + (n + 2) H + K + 4). Each bound is applied as a power of two from the operands'
/// leading bits, which overestimate them.
///
/// **Correct rounding (Ziv).** With ỹ and ε, when ỹ − ε and ỹ + ε round to the same p-bit value, so
/// does the exact value; otherwise w grows by half and the evaluation is repeated. ln Γ(1) =
/// ln Γ(2) = 0 are returned exactly; elsewhere neither function is taken to have a p-bit value
/// (as MPFR's `mpfr_lngamma` and `mpfr_digamma` assume), and the loop stops at w > 64p + 4096 with
/// `ArithmeticError.exponentTooLarge` rather than run on (an argument within 2^−4000 of a zero).
///
/// **Edge Cases:** x ≤ 0 throws `ArithmeticDomainError` (poles and the negative axis are out of
/// scope: shapes of Gamma distributions are positive).
extension BigFloat {
    /// ln Γ(x) for x > 0, correctly rounded to the working precision (see the extension's notes).
    public static func logGamma(_ x: BigFloat) throws -> BigFloat {
        guard x.signum > 0 else {
            throw ArithmeticDomainError(function: "logGamma", argument: "\(x)", requirement: "x > 0")
        }
        if x == one || x == BigFloat(2) { return zero }
        return try zivRounded("logGamma", x) { w in try logGammaWithErrorExponent(x, width: w) }
    }

    /// ψ(x) = Γ′(x)/Γ(x) for x > 0, correctly rounded to the working precision (see the extension's
    /// notes).
    public static func digamma(_ x: BigFloat) throws -> BigFloat {
        guard x.signum > 0 else {
            throw ArithmeticDomainError(function: "digamma", argument: "\(x)", requirement: "x > 0")
        }
        return try zivRounded("digamma", x) { w in try digammaWithErrorExponent(x, width: w) }
    }

    /// Evaluates at widths w = p + 32, then ×1.5, until [ỹ − 2^E, ỹ + 2^E] rounds to one p-bit value.
    private static func zivRounded(
        _ function: String, _ x: BigFloat, _ evaluate: (Int) throws -> (value: BigFloat, errorExponent: Int)
    ) throws -> BigFloat {
        let p = workingPrecision
        var w = p + 32
        while w <= 64 * p + 4096 {
            let (y, e) = try evaluate(w)
            let radius = BigFloat(mantissa: BigInt(1), exponent: e)
            let low = exactSum(y, -radius).rounded(toPrecision: p)
            if low == exactSum(y, radius).rounded(toPrecision: p) { return low }
            w += w / 2
        }
        throw ArithmeticError.exponentTooLarge(
            "\(function)(\(x)) at \(p) bits: undecided at \(64 * p + 4096) bits (an argument this close to a zero)")
    }

    /// ln Γ(x) at width w and E with |ỹ − ln Γ(x)| ≤ 2^E.
    private static func logGammaWithErrorExponent(_ x: BigFloat, width w: Int) throws -> (BigFloat, Int) {
        let (n, terms) = GammaSeries.plan(x: x, width: w, remainder: GammaSeries.logGammaRemainderLog2)
        return try withPrecision(w) {
            let (y, product) = shifted(x, by: n, from: one) { $0 * $1 }
            let logProduct = n > 0 ? try log(product) : zero
            let a = exactSum(y, BigFloat(mantissa: BigInt(-1), exponent: -1))
            let logY = try log(y)
            let aLogY = a * logY
            let main = aLogY - y + (try StirlingCoefficients.shared.halfLogTwoPi(width: w))
            // Σₖ B₂ₖ/(2k(2k − 1)) · y^−(2k−1) = (1/y) · (c₁ + t(c₂ + t(… + t c_K))), t = 1/y².
            let inverse = one / y
            let series = horner(
                StirlingCoefficients.shared.logGamma(terms, width: w), terms: terms, at: inverse * inverse)
            let value = main + series * inverse - logProduct
            let top = Swift.max(aLogY.topBit, y.topBit, logProduct.topBit, BigInt(n + terms + 8).bitLength)
            return (value, top + 5 - w)
        }
    }

    /// y = x + n (exact) and `step` folded over x, x + 1, …, x + n − 1 from `initial` (the product or
    /// the sum of reciprocals of an upward recurrence).
    private static func shifted(
        _ x: BigFloat, by n: Int, from initial: BigFloat, _ step: (BigFloat, BigFloat) -> BigFloat
    ) -> (y: BigFloat, accumulated: BigFloat) {
        var y = x
        var accumulated = initial
        for _ in 0..<n {
            accumulated = step(accumulated, y)
            y = exactSum(y, one)
        }
        return (y, accumulated)
    }

    /// c₁ + t(c₂ + t(… + t c_K)) at the working precision, over the first K = `terms` coefficients
    /// (a cached array may hold more).
    private static func horner(_ coefficients: [BigFloat], terms: Int, at t: BigFloat) -> BigFloat {
        coefficients.prefix(terms).reversed().reduce(zero) { $0 * t + $1 }
    }

    /// ψ(x) at width w and E with |ỹ − ψ(x)| ≤ 2^E.
    private static func digammaWithErrorExponent(_ x: BigFloat, width w: Int) throws -> (BigFloat, Int) {
        let (n, terms) = GammaSeries.plan(x: x, width: w, remainder: GammaSeries.digammaRemainderLog2)
        return try withPrecision(w) {
            let (y, shift) = shifted(x, by: n, from: zero) { $0 + one / $1 }
            let logY = try log(y)
            let inverse = one / y
            let t = inverse * inverse
            // Σₖ B₂ₖ/(2k) · y^−2k = t · (d₁ + t(d₂ + … + t d_K)).
            let series = horner(StirlingCoefficients.shared.digamma(terms, width: w), terms: terms, at: t)
            let halfInverse = BigFloat(mantissa: inverse.mantissa, exponent: inverse.exponent - 1)
            let value = logY - halfInverse - series * t - shift
            let top = Swift.max(
                logY.topBit, shift.topBit + BigInt(n + 2).bitLength, BigInt(terms + 4).bitLength)
            return (value, top + 5 - w)
        }
    }
}

/// The Bernoulli numbers and the choice of shift and length of the Stirling series.
enum GammaSeries {
    /// The most terms K the series uses; larger widths shift further instead.
    static let maximumTerms = 160

    /// B₂ₖ for k = 1 … `maximumTerms` (index k − 1), exactly, from the tangent numbers
    /// T₁ = 1, T_k = (k − 1) T_{k−1}, then T_j ← (j − k) T_{j−1} + (j − k + 2) T_j for k ≤ j
    /// (Brent and Harvey's O(K²) integer recurrence).
    static let bernoulli: [Rational] = {
        let count = maximumTerms
        var tangent = [BigInt](repeating: BigInt(0), count: count + 1)
        tangent[1] = BigInt(1)
        if count >= 2 {
            for k in 2...count { tangent[k] = BigInt(k - 1) * tangent[k - 1] }
            for k in 2...count {
                for j in k...count {
                    tangent[j] = BigInt(j - k) * tangent[j - 1] + BigInt(j - k + 2) * tangent[j]
                }
            }
        }
        return (1...count).map { k in
            let fourK = BigInt(1) << (2 * k)
            let numerator = BigInt(2 * k) * tangent[k]
            let b = Rational(numerator: k % 2 == 1 ? numerator : -numerator, nonzeroDenominator: fourK * (fourK - 1))
            return b
        }
    }()

    /// B₂ₖ / (2k(2k − 1)) for k = 1 … `maximumTerms` (index k − 1): ln Γ's Stirling coefficients.
    static let logGammaCoefficients: [Rational] = bernoulli.enumerated().map { index, b in
        let k = index + 1
        return b / Rational(2 * k * (2 * k - 1))
    }

    /// B₂ₖ / (2k) for k = 1 … `maximumTerms` (index k − 1): ψ's Stirling coefficients.
    static let digammaCoefficients: [Rational] = bernoulli.enumerated().map { index, b in
        b / Rational(2 * (index + 1))
    }

    /// An upper bound on log₂|B₂ₘ|: |B₂ₘ| = 2 (2m)! ζ(2m) / (2π)^(2m) with ζ(2m) ≤ π²/6 < 2^0.72.
    static func bernoulliLog2(_ m: Int) -> Double {
        1.73 + lgamma(Double(2 * m + 1)) / 0.6931471805599453 - Double(2 * m) * log2(2 * Double.pi) + 1e-9 * Double(m)
    }

    /// log₂ of ln Γ's remainder bound after K terms at y: |B_(2K+2)| / ((2K + 2)(2K + 1) y^(2K+1)).
    static func logGammaRemainderLog2(_ terms: Int, _ log2Y: Double) -> Double {
        bernoulliLog2(terms + 1) - log2(Double((2 * terms + 2) * (2 * terms + 1))) - Double(2 * terms + 1) * log2Y
    }

    /// log₂ of ψ's remainder bound after K terms at y: |B_(2K+2)| / ((2K + 2) y^(2K+2)).
    static func digammaRemainderLog2(_ terms: Int, _ log2Y: Double) -> Double {
        bernoulliLog2(terms + 1) - log2(Double(2 * terms + 2)) - Double(2 * terms + 2) * log2Y
    }

    /// The shift n and the number of terms K at width w: among the thresholds y₀ = w/16, w/8, …, 4w
    /// (at least 2), the pair with remainder ≤ 2^−(w+4) (the bound's 2 bits of slack cover the
    /// `Double` evaluation of it) and the least n + 2K (a series term costs a product and a sum, its
    /// coefficient cached; a shift a product and an exact sum, cheaper).
    static func plan(
        x: BigFloat, width w: Int, remainder: (Int, Double) -> Double
    ) -> (shift: Int, terms: Int) {
        let xApproximate = x.approximateDouble
        var best: (shift: Int, terms: Int)? = nil
        for scale in [1.0 / 16, 1.0 / 8, 1.0 / 4, 1.0 / 2, 1, 2, 4] {
            let threshold = Swift.max(2, (Double(w) * scale).rounded(.up))
            let shift = xApproximate < threshold ? Int((threshold - xApproximate).rounded(.up)) : 0
            // y = x + n ≥ max(x, threshold) up to the Double estimate's 2⁻⁵² relative error.
            let log2Y = log2(Swift.max(xApproximate, threshold)) - 1e-12
            guard let terms = (1...maximumTerms).first(where: { remainder($0, log2Y) <= -Double(w + 4) - 2 })
            else { continue }
            if best.map({ shift + 2 * terms < $0.shift + 2 * $0.terms }) ?? true { best = (shift, terms) }
        }
        // 4w always suffices: at y ≥ 4w the K-th remainder falls by ≥ 2(log₂ 4w − log₂ 2K/πe) bits per
        // term, so K = maximumTerms reaches far below 2^−(w+6) for every w ≥ 2.
        return best ?? (Swift.max(0, Int((4 * Double(w) - xApproximate).rounded(.up))), maximumTerms)
    }
}

/// The Stirling coefficients B₂ₖ/(2k(2k − 1)) and B₂ₖ/(2k) rounded to nearest at width w, cached per
/// width: each is the correctly rounded value of an exact rational, so a cached entry is the one a
/// fresh conversion gives, and results never depend on earlier requests. At most `maximumWidths`
/// widths are kept (beyond that the coefficients are converted per call), ≲ 160 entries each.
final class StirlingCoefficients: @unchecked Sendable {
    static let shared = StirlingCoefficients()
    static let maximumWidths = 64

    // Guarded by `lock`: the first coefficients at each width, for ln Γ and for ψ.
    private var logGammaEntries: [Int: [BigFloat]] = [:]
    private var digammaEntries: [Int: [BigFloat]] = [:]
    private var halfLogTwoPiEntries: [Int: BigFloat] = [:]
    private let lock = NSLock()

    /// ½ ln 2π at width w: ln of 2π (π within (½ + 2⁻¹²) ulp, doubled exactly) within (½ + 2⁻¹²) ulp,
    /// halved exactly; within 1.5 u absolutely, as the error bound takes it.
    func halfLogTwoPi(width w: Int) throws -> BigFloat {
        lock.lock()
        let found = halfLogTwoPiEntries[w]
        lock.unlock()
        if let found { return found }
        let value = try BigFloat.withPrecision(w) {
            let pi = BigFloat.pi
            let logTwoPi = try BigFloat.log(BigFloat(mantissa: pi.mantissa, exponent: pi.exponent + 1))
            return BigFloat(mantissa: logTwoPi.mantissa, exponent: logTwoPi.exponent - 1)
        }
        lock.lock()
        if halfLogTwoPiEntries.count < Self.maximumWidths { halfLogTwoPiEntries[w] = value }
        lock.unlock()
        return value
    }

    /// The first `count` ln Γ coefficients at width w.
    func logGamma(_ count: Int, width w: Int) -> [BigFloat] {
        cached(&logGammaEntries, GammaSeries.logGammaCoefficients, count, w)
    }

    /// The first `count` ψ coefficients at width w.
    func digamma(_ count: Int, width w: Int) -> [BigFloat] {
        cached(&digammaEntries, GammaSeries.digammaCoefficients, count, w)
    }

    private func cached(_ entries: inout [Int: [BigFloat]], _ exact: [Rational], _ count: Int, _ w: Int) -> [BigFloat] {
        lock.lock()
        let found = entries[w]
        lock.unlock()
        if let found, found.count >= count { return found }
        // Converted outside the lock; a concurrent duplicate converts the same values.
        let converted = exact.prefix(count).map { BigFloat($0, precision: w) }
        lock.lock()
        if entries[w] != nil || entries.count < Self.maximumWidths {
            if (entries[w]?.count ?? 0) < converted.count { entries[w] = converted }
        }
        lock.unlock()
        return converted
    }
}
