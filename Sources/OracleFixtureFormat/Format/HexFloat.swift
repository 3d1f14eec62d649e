/// The exact hexadecimal spelling of a `Double`, identical to Python's `float.hex()`.
///
/// Canonical form (one spelling per value, so consumers can compare strings directly):
/// - normal numbers: `[-]0x1.<13 hex digits>p<sign><exponent>`, e.g. `0x1.999999999999ap-4`
///   for 0.1 and `0x1.0000000000000p+0` for 1;
/// - subnormal numbers: `[-]0x0.<13 hex digits>p-1022`, e.g. `0x0.0000000000001p-1022` for
///   the least positive subnormal 2⁻¹⁰⁷⁴;
/// - zeros: `0x0.0p+0` and `-0x0.0p+0`;
/// - non-finite values: `NaN`, `Infinity`, `-Infinity` (the same strings as the decimal field).
///
/// Digits are lower case. In Python, `float.fromhex(s)` reads every spelling and
/// `x.hex() == s` checks one; in C, `strtod` reads them.
public enum HexFloat {
    /// The canonical spelling of `x`.
    public static func format(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x < 0 ? "-Infinity" : "Infinity" }
        let sign = x.sign == .minus ? "-" : ""
        if x == 0 { return sign + "0x0.0p+0" }
        let biased = Int(x.exponentBitPattern)
        let digits = String(x.significandBitPattern, radix: 16)
        let fraction = String(repeating: "0", count: 13 - digits.count) + digits
        if biased == 0 { return sign + "0x0." + fraction + "p-1022" }
        let e = biased - 1023
        return sign + "0x1." + fraction + "p" + (e < 0 ? "-" : "+") + String(e.magnitude)
    }

    /// The `Double` whose canonical spelling is exactly `s`, or nil when `s` is not a
    /// canonical spelling (so `parse(format(x))` is `x` bit for bit, NaN aside, and every
    /// non-canonical text is refused).
    public static func parse(_ s: String) -> Double? {
        switch s {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: break
        }
        var text = Substring(s)
        var negative = false
        if text.hasPrefix("-") {
            negative = true
            text = text.dropFirst()
        }
        guard text.hasPrefix("0x"), let p = text.firstIndex(of: "p") else { return nil }
        let mantissa = text[text.index(text.startIndex, offsetBy: 2)..<p]
        let exponentText = text[text.index(after: p)...]
        guard mantissa.count >= 3, exponentText.count >= 2, exponentText.count <= 6,
            exponentText.first == "+" || exponentText.first == "-",
            exponentText.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }),
            let exponent = Int(exponentText)
        else { return nil }
        let lead = mantissa.first
        guard mantissa.dropFirst().first == ".", lead == "0" || lead == "1" else { return nil }
        let fractionText = mantissa.dropFirst(2)
        guard fractionText.allSatisfy({ "0123456789abcdef".contains($0) }) else { return nil }
        let magnitude: Double
        if lead == "0" && fractionText == "0" {
            magnitude = 0
        } else {
            guard fractionText.count == 13, let fraction = UInt64(fractionText, radix: 16) else { return nil }
            if lead == "1" {
                guard (-1022...1023).contains(exponent) else { return nil }
                magnitude = Double(
                    sign: .plus, exponentBitPattern: UInt(exponent + 1023), significandBitPattern: fraction)
            } else {
                guard exponent == -1022, fraction != 0 else { return nil }
                magnitude = Double(sign: .plus, exponentBitPattern: 0, significandBitPattern: fraction)
            }
        }
        let value = negative ? -magnitude : magnitude
        return format(value) == s ? value : nil
    }
}
