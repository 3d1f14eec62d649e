import OracleArithmetic

/// A certified decimal as printed (e.g. NIST's `0.165289256198347E-01`): its exact value c and
/// the half-unit h = ½·10ᵏ of its last printed digit, so that "c is the correct rounding of v to
/// the printed digits" is the exact statement |v − c| ≤ h (LG-13).
public struct CertifiedDecimal: Hashable, Sendable, CustomStringConvertible {
    /// The text as printed.
    public let text: String
    /// c, exactly.
    public let value: Rational
    /// h = ½·10ᵏ, k the decimal exponent of the last printed digit.
    public let halfUnit: Rational
    /// The number of significant digits printed (leading zeros excluded; 0 for a printed zero).
    public let significantDigits: Int

    /// Parses a decimal `[sign] digits [. digits] [E|e [sign] digits]`. Throws `DecimalParseError`.
    public init(_ text: String) throws {
        let value = try Rational(decimal: text)
        var mantissa = Substring(text)
        var exponent = 0
        if let e = mantissa.firstIndex(where: { $0 == "E" || $0 == "e" }) {
            exponent = Int(String(mantissa[mantissa.index(after: e)...].filter { $0 != "+" })) ?? 0
            mantissa = mantissa[..<e]
        }
        let fractionDigits = mantissa.firstIndex(of: ".").map { mantissa.distance(from: $0, to: mantissa.endIndex) - 1 } ?? 0
        let digits = mantissa.filter(\.isNumber)
        self.text = text
        self.value = value
        significantDigits = digits.drop(while: { $0 == "0" }).count
        // h = ½·10^(exponent − fractionDigits).
        let k = exponent - fractionDigits
        let ten = Rational(10)
        let power = (try? ten.power(Swift.abs(k))) ?? .one
        halfUnit = (k >= 0 ? power : (try? power.reciprocal) ?? .one) / Rational(2)
    }

    public var description: String { text }

    /// Whether c is a correct rounding of v to the printed digits: |v − c| ≤ h, decided in ℚ.
    public func isCorrectRounding(of v: Rational) -> Bool {
        (v - value).magnitude <= halfUnit
    }

    /// Whether c is a correct rounding of √v (v ≥ 0) to the printed digits, decided in ℚ without
    /// a square root: max(c − h, 0)² ≤ v ≤ (c + h)².
    public func isCorrectRoundingOfSquareRoot(of v: Rational) -> Bool {
        guard v.signum >= 0, value.signum >= 0 else { return false }
        let low = value - halfUnit
        let lowSquared = low.signum > 0 ? low * low : Rational.zero
        let high = value + halfUnit
        return lowSquared <= v && v <= high * high
    }

    /// The log relative error LRE = −log₁₀(|x − c|/|c|) of an estimate x, capped at 15 (NIST's
    /// measure of agreeing digits); for c = 0 the absolute form −log₁₀|x| is used. Computed from
    /// the exact difference, rounded once.
    public func logRelativeError(of x: Rational) -> Double {
        let difference = (x - value).magnitude
        if difference.isZero { return 15 }
        let relative = value.isZero ? difference : difference / value.magnitude
        let lre = -decimalLogarithm(relative)
        return Swift.min(15, Swift.max(0, lre))
    }
}

/// log₁₀ of a positive rational to ~1e-17 relative (ample for an LRE), in 80-bit `BigFloat`.
private func decimalLogarithm(_ r: Rational) -> Double {
    let natural = BigFloat.withPrecision(80) { (try? BigFloat.log(BigFloat(r))) ?? BigFloat(0) }
    return natural.doubleValue / 2.302585092994045684
}
