import OracleArithmetic

/// A certified decimal as printed (e.g. NIST's `0.165289256198347E-01`): its exact value c, the
/// half-unit h = ½·10ᵏ of its last printed digit, and the rule it is checked by (LG-13).
///
/// **The 15-digit rule.** NIST certifies StRD values to 15 significant digits, and prints a few
/// with more (Wampler5's F is printed `6.7552445824012241E-03`; the exact value is
/// 6.75524458240122455504…E-03, so NIST's 17th digit is not the correct rounding). A value v
/// *reproduces* c when |v − c| ≤ ½ unit in c's d-th significant digit, d = min(15, printed
/// significant digits) (`comparedDigits`, `tolerance`): for ≤ 15 printed digits that is exactly
/// "c is the correct rounding of v"; digits beyond the 15th are never held against v. A printed
/// zero has no significant digit and is compared absolutely, at its decimal places (at most 15).
public struct CertifiedDecimal: Hashable, Sendable, CustomStringConvertible {
    /// The number of significant digits NIST certifies.
    public static let certifiedDigits = 15

    /// The text as printed.
    public let text: String
    /// c, exactly.
    public let value: Rational
    /// h = ½·10ᵏ, k the decimal exponent of the last printed digit.
    public let halfUnit: Rational
    /// k: the last printed digit is in the 10ᵏ place.
    public let lastDigitExponent: Int
    /// The number of significant digits printed (leading zeros excluded; 0 for a printed zero).
    public let significantDigits: Int
    /// The digits compared: min(15, `significantDigits`), or for a printed zero min(15, its decimal
    /// places). The LRE is capped here.
    public let comparedDigits: Int
    /// Half a unit in the last compared digit: ½·10^(k + max(0, D − 15)) for D printed significant
    /// digits (= `halfUnit` when D ≤ 15), ½·10^max(k, −15) for a printed zero.
    public let tolerance: Rational

    /// The layout, to print other values the same way: sign, fraction digits, exponent suffix.
    private let fractionDigits: Int
    private let hasPoint: Bool
    private let exponentSuffix: Substring

    /// Parses a decimal `[sign] digits [. digits] [E|e [sign] digits]`; fractions `p/q` are refused.
    public init(_ text: String) throws(DecimalParseError) {
        if let slash = text.firstIndex(of: "/") {
            throw DecimalParseError(
                input: text, position: text.distance(from: text.startIndex, to: slash),
                reason: "a fraction; a certified value is a decimal")
        }
        let value = try Rational(decimal: text)
        var mantissa = Substring(text)
        var exponent = 0
        exponentSuffix = mantissa.firstIndex(where: { $0 == "E" || $0 == "e" }).map { mantissa[$0...] } ?? ""
        if !exponentSuffix.isEmpty {
            // Rational(decimal:) has accepted it, so the exponent is well-formed and |exponent| ≤ 10⁶ + digits.
            exponent = Int(String(exponentSuffix.dropFirst().filter { $0 != "+" })) ?? 0
            mantissa = mantissa[..<exponentSuffix.startIndex]
        }
        hasPoint = mantissa.contains(".")
        fractionDigits =
            mantissa.firstIndex(of: ".").map { mantissa.distance(from: $0, to: mantissa.endIndex) - 1 } ?? 0
        let digits = mantissa.filter(\.isNumber)
        self.text = text
        self.value = value
        significantDigits = digits.drop(while: { $0 == "0" }).count
        let k = exponent - fractionDigits
        lastDigitExponent = k
        halfUnit = powerOfTen(k) / Rational(2)
        if value.isZero {
            comparedDigits = Swift.min(Self.certifiedDigits, Swift.max(0, -k))
            tolerance = powerOfTen(Swift.max(k, -Self.certifiedDigits)) / Rational(2)
        } else {
            comparedDigits = Swift.min(Self.certifiedDigits, significantDigits)
            tolerance = powerOfTen(k + Swift.max(0, significantDigits - Self.certifiedDigits)) / Rational(2)
        }
    }

    public var description: String { text }

    /// Whether c is a correct rounding of v to the printed digits: |v − c| ≤ h, decided in ℚ.
    public func isCorrectRounding(of v: Rational) -> Bool {
        (v - value).magnitude <= halfUnit
    }

    /// Whether c is a correct rounding of √v (v ≥ 0) to the printed digits, decided in ℚ without
    /// a square root: max(c − h, 0)² ≤ v ≤ (c + h)².
    public func isCorrectRoundingOfSquareRoot(of v: Rational) -> Bool {
        Self.squareRoot(of: v, within: halfUnit, of: value)
    }

    /// Whether v reproduces c under the 15-digit rule: |v − c| ≤ `tolerance`, decided in ℚ.
    public func isReproduced(by v: Rational) -> Bool {
        (v - value).magnitude <= tolerance
    }

    /// Whether √v (v ≥ 0) reproduces c under the 15-digit rule, decided in ℚ by squaring.
    public func isReproducedBySquareRoot(of v: Rational) -> Bool {
        Self.squareRoot(of: v, within: tolerance, of: value)
    }

    private static func squareRoot(of v: Rational, within h: Rational, of c: Rational) -> Bool {
        guard v.signum >= 0, c.signum >= 0 else { return false }
        let low = c - h
        let lowSquared = low.signum > 0 ? low * low : Rational.zero
        let high = c + h
        return lowSquared <= v && v <= high * high
    }

    /// NIST's log relative error LRE = −log₁₀(|x − c|/|c|) of an estimate x, capped at
    /// `comparedDigits` and floored at 0; for c = 0 the absolute form −log₁₀|x|. Computed from the
    /// exact difference, rounded once.
    public func logRelativeError(of x: Rational) -> Double {
        let cap = Double(comparedDigits)
        let difference = (x - value).magnitude
        if difference.isZero { return cap }
        let relative = value.isZero ? difference : difference / value.magnitude
        return Swift.min(cap, Swift.max(0, -decimalLogarithm(relative)))
    }

    /// v rounded to the printed digits (to a multiple of 10ᵏ, ties away from zero) and printed in
    /// c's layout (same decimal places and exponent); c itself when c is a correct rounding of v.
    public func rounded(_ v: Rational) -> (text: String, value: Rational) {
        if isCorrectRounding(of: v) { return (text, value) }
        let scaled = v / powerOfTen(lastDigitExponent)
        let half = Rational(1) / Rational(2)
        let n = scaled.signum >= 0 ? (scaled + half).floor : -((half - scaled).floor)
        return layout(n)
    }

    /// √v (v ≥ 0) rounded to the printed digits in c's layout, decided exactly; c itself when c is
    /// a correct rounding of √v.
    public func roundedSquareRoot(of v: Rational) -> (text: String, value: Rational) {
        if isCorrectRoundingOfSquareRoot(of: v) || v.signum < 0 { return (text, value) }
        // n = round(√w), w = v/10^(2k): from a 64-bit-margin approximation, then exact correction.
        let w = v / powerOfTen(2 * lastDigitExponent)
        let bits = Swift.max(64, (w.numerator.bitLength - w.denominator.bitLength) / 2 + 64)
        let approximation = BigFloat.withPrecision(bits) { (try? BigFloat.sqrt(BigFloat(w))) ?? BigFloat(0) }
            .rationalValue
        let half = Rational(1) / Rational(2)
        var n = (approximation + half).floor
        while (Rational(n) + half).squared <= w { n += BigInt(1) }
        while n.signum > 0, (Rational(n) - half).squared > w { n -= BigInt(1) }
        return layout(n)
    }

    /// n·10ᵏ printed with c's decimal places and exponent suffix.
    private func layout(_ n: BigInt) -> (text: String, value: Rational) {
        var digits = n.magnitude.description
        if digits.count <= fractionDigits {
            digits = String(repeating: "0", count: fractionDigits + 1 - digits.count) + digits
        }
        let split = digits.index(digits.endIndex, offsetBy: -fractionDigits)
        let mantissa = hasPoint ? String(digits[..<split]) + "." + String(digits[split...]) : digits
        let printed = (n.signum < 0 ? "-" : "") + mantissa + String(exponentSuffix)
        return (printed, Rational(n) * powerOfTen(lastDigitExponent))
    }

    /// The first significant digit (1-based, counted in c) at which `other`, printed in c's layout,
    /// differs from c; `nil` when they agree digit for digit or are not laid out alike.
    public func firstDifferingDigit(_ other: String) -> Int? {
        func mantissaDigits(_ s: String) -> (digits: [Character], suffix: Substring) {
            let e = s.firstIndex { $0 == "E" || $0 == "e" } ?? s.endIndex
            return (s[..<e].filter(\.isNumber).map { $0 }, s[e...])
        }
        var (mine, mySuffix) = mantissaDigits(text)
        var (theirs, theirSuffix) = mantissaDigits(other)
        guard mySuffix == theirSuffix, !value.isZero else { return nil }
        let width = Swift.max(mine.count, theirs.count)
        mine = [Character](repeating: "0", count: width - mine.count) + mine
        theirs = [Character](repeating: "0", count: width - theirs.count) + theirs
        guard let index = mine.indices.first(where: { mine[$0] != theirs[$0] }) else { return nil }
        let leadingZeros = mine.prefix { $0 == "0" }.count
        return Swift.max(1, index - leadingZeros + 1)
    }
}

/// 10ⁿ as a rational, for any integer n.
private func powerOfTen(_ n: Int) -> Rational {
    let power = Rational(BigInt(10).uncheckedPowerOrOne(Swift.abs(n)))
    return n >= 0 ? power : Rational.one / power
}

extension BigInt {
    /// 10^|n| for the small exponents of printed decimals (|n| ≤ a few thousand).
    fileprivate func uncheckedPowerOrOne(_ n: Int) -> BigInt {
        (try? power(n)) ?? BigInt(1)
    }
}

/// log₁₀ of a positive rational to ~1e-17 relative (ample for an LRE), in 80-bit `BigFloat`.
private func decimalLogarithm(_ r: Rational) -> Double {
    let natural = BigFloat.withPrecision(80) { (try? BigFloat.log(BigFloat(r))) ?? BigFloat(0) }
    return natural.doubleValue / 2.302585092994045684
}
