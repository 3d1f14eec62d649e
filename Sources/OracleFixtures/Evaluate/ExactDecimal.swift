import OracleArithmetic

/// Exact decimal spellings of dyadic rationals (every finite `Double`, and every midpoint
/// between two), for fixtures whose inputs must be exact decimal strings.
enum ExactDecimal {
    /// The exact decimal expansion of r = n / 2ᵏ: n·5ᵏ / 10ᵏ, with no exponent and no trailing
    /// fraction zeros (`"0.5"`, `"9007199254740993"`, `"1.00000000000000011102230246251565404236316680908203125"`).
    /// nil when the denominator is not a power of two (the expansion would not terminate).
    static func expansion(_ r: Rational) throws -> String? {
        let q = r.denominator
        let k = q.bitLength - 1
        guard q == BigInt.one << k else { return nil }
        var digits = Array((r.numerator.magnitude * (try BigInt(5).power(k))).description)
        if digits.count <= k { digits = Array(repeating: "0", count: k - digits.count + 1) + digits }
        var integerPart = String(digits[..<(digits.count - k)])
        var fraction = String(digits[(digits.count - k)...])
        while fraction.hasSuffix("0") { fraction.removeLast() }
        if integerPart.isEmpty { integerPart = "0" }
        let sign = r.numerator.isNegative ? "-" : ""
        return sign + integerPart + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// The exact midpoint between a finite `Double` and the next one up (2¹⁰²⁴ stands in for the
    /// successor of the largest finite Double).
    static func midpointAbove(_ d: Double) throws -> Rational {
        let low = Rational(exactly: d)!
        let high = d == .greatestFiniteMagnitude ? Rational(BigInt.one << 1024) : Rational(exactly: d.nextUp)!
        return (low + high) / Rational(2)
    }

    /// A decimal just above (`+1` in a new last place) or just below a terminating expansion.
    static func nudged(_ text: String, up: Bool) throws -> String {
        if text.contains(".") {
            // Expansions of dyadic fractions end in 5, so "…5" − one unit in a new place is "…49".
            return up ? text + "1" : String(text.dropLast()) + String(Int(String(text.last!))! - 1) + "9"
        }
        let below = try Rational(decimal: text) - Rational(1)
        return up ? text + ".1" : below.description + ".9"
    }
}
