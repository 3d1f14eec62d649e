/// Decimal rendering of `BigFloat`, for debugging and printing only (fixtures store exact forms).
extension BigFloat: CustomStringConvertible {
    /// A decimal in scientific notation with ⌊p · log₁₀ 2⌋ + 2 significant digits, p the working
    /// precision (enough to tell apart any two p-bit numbers), e.g. `"3.14159…e+0"`; `"0"` for zero.
    /// The last digit is rounded half-up from the exact value.
    public var description: String {
        if mantissa.isZero { return "0" }
        let digits = Int(Double(BigFloat.workingPrecision) * 0.301_029_995_663_981_2) + 2
        // 2^(t−1) ≤ |x| < 2^t, so ⌊log₁₀|x|⌋ is within one of ⌊(t − 1) log₁₀ 2⌋.
        var decimalExponent = Int((Double(topBit - 1) * 0.301_029_995_663_981_2).rounded(.down))
        var N = scaledToInteger(digits - 1 - decimalExponent)
        let lower = BigFloat.powerOfTen(digits - 1)
        if N >= lower * BigInt(10) {
            decimalExponent += 1
            N = scaledToInteger(digits - 1 - decimalExponent)
        } else if N < lower {
            decimalExponent -= 1
            N = scaledToInteger(digits - 1 - decimalExponent)
        }
        var text = N.description
        // Rounding up may carry into an extra digit (e.g. 9.99… → 10.0…).
        if text.count > digits {
            decimalExponent += 1
            text.removeLast()
        }
        let head = text.prefix(1)
        let tail = text.dropFirst()
        let sign = isNegative ? "-" : ""
        let exponentSign = decimalExponent < 0 ? "-" : "+"
        return "\(sign)\(head).\(tail)e\(exponentSign)\(decimalExponent.magnitude)"
    }

    /// round(|self| · 10^k) (half-up), exactly.
    private func scaledToInteger(_ k: Int) -> BigInt {
        var numerator = mantissa.magnitude
        var denominator = BigInt(1)
        if exponent >= 0 { numerator = numerator << exponent } else { denominator = denominator << -exponent }
        if k >= 0 {
            numerator = numerator * BigFloat.powerOfTen(k)
        } else {
            denominator = denominator * BigFloat.powerOfTen(-k)
        }
        return divideNonZero((numerator << 1) + denominator, by: denominator << 1).quotient
    }

    /// 10ⁿ for n ≥ 0, by repeated squaring.
    static func powerOfTen(_ n: Int) -> BigInt {
        var result = BigInt(1)
        var base = BigInt(10)
        var n = n
        while n > 0 {
            if n & 1 == 1 { result = result * base }
            n >>= 1
            if n > 0 { base = base * base }
        }
        return result
    }
}
