// Exact parsing of decimal strings (and the fixture format's "p/q") into `Rational`.
//
// Grammar (no white space, ASCII only):
//   number   = sign? ( fraction | decimal )
//   fraction = digits "/" digits                     (denominator ≠ 0)
//   decimal  = ( digits ("." digits?)? | "." digits ) ( ("e" | "E") sign? digits )?
//   sign     = "+" | "-"

extension Rational {
    /// The largest |decimal scale| accepted by `init(decimal:)`: a value d·10ᵏ with
    /// |k| > 1 000 000 (after accounting for the fraction digits) is refused, because 10ᵏ alone
    /// would need more than 3.3 million bits. Zero is accepted with any exponent.
    public static let maximumDecimalScale = 1_000_000

    /// The exact value of a decimal string such as `"-0.670191154593408E-01"`, `"1.5e3"`, `".5"`,
    /// `"7"`, `"+3."`, `"-0"`, `"1E+10"`, or a fraction `"p/q"` such as `"-22/7"`.
    ///
    /// Nothing is rounded: `"0.1"` is exactly 1/10.
    ///
    /// Throws `DecimalParseError` with the position of the first offending character for empty
    /// input, white space, missing digits (`"."`, `"e5"`, `"1e"`), repeated points (`"1.2.3"`),
    /// `inf`/`nan`/hexadecimal forms, a zero denominator, and a decimal scale beyond
    /// `maximumDecimalScale` (which is never allocated).
    public init(decimal text: String) throws(DecimalParseError) {
        var scanner = DecimalScanner(text)
        guard !scanner.bytes.isEmpty else {
            throw DecimalParseError(input: text, position: 0, reason: "empty string; expected a number")
        }
        let negative = scanner.sign()
        let integerDigits = scanner.digits()
        if scanner.current == UInt8(ascii: "/") {
            guard !integerDigits.isEmpty else { throw scanner.error(expecting: "expected a digit") }
            self = try Rational.parseFraction(&scanner, negative: negative, numeratorDigits: integerDigits)
            return
        }
        var fractionDigits = scanner.index..<scanner.index
        var pointPosition: Int?
        if scanner.current == UInt8(ascii: ".") {
            pointPosition = scanner.index
            scanner.index += 1
            fractionDigits = scanner.digits()
        }
        guard !(integerDigits.isEmpty && fractionDigits.isEmpty) else {
            throw scanner.error(expecting: "expected a digit")
        }
        var exponent = 0
        var exponentPosition: Int?
        if scanner.current == UInt8(ascii: "e") || scanner.current == UInt8(ascii: "E") {
            exponentPosition = scanner.index
            scanner.index += 1
            let exponentNegative = scanner.sign()
            let exponentDigits = scanner.digits()
            guard !exponentDigits.isEmpty else {
                throw scanner.error(expecting: "expected a digit of the exponent")
            }
            // Saturate: anything beyond 10¹⁵ is refused below anyway, and Int must not overflow.
            for byte in scanner.bytes[exponentDigits] where exponent < 1_000_000_000_000_000 {
                exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
            }
            if exponentNegative { exponent = -exponent }
        }
        guard scanner.atEnd else {
            let expected =
                exponentPosition != nil
                ? "expected a digit or the end of the exponent"
                : (pointPosition != nil
                    ? "expected a digit, an exponent or the end" : "expected a digit, '.', '/', an exponent or the end")
            throw scanner.error(expecting: expected)
        }
        // value = D · 10^(exponent − #fraction digits), D the digits without the point.
        var digits = Array(scanner.bytes[integerDigits])
        digits.append(contentsOf: scanner.bytes[fractionDigits])
        // Strip leading zeros (irrelevant) and trailing zeros (moved into the scale).
        let firstNonZero = digits.firstIndex { $0 != UInt8(ascii: "0") }
        guard let first = firstNonZero else {
            self = .zero
            return
        }
        let lastNonZero = digits.lastIndex { $0 != UInt8(ascii: "0") }!
        let scale = exponent - fractionDigits.count + (digits.count - 1 - lastNonZero)
        guard abs(scale) <= Rational.maximumDecimalScale else {
            throw DecimalParseError(
                input: text, position: exponentPosition.map { $0 + 1 } ?? (pointPosition ?? 0),
                reason:
                    """
                    the decimal scale 10^\(scale) is too large to represent exactly (|scale| > \
                    \(Rational.maximumDecimalScale))
                    """
            )
        }
        let magnitude = BigInt(negative: false, normalizedLimbs: Limbs.fromDecimalDigits(digits[first...lastNonZero]))
        let d = negative ? -magnitude : magnitude
        if scale >= 0 {
            self.init(reducedNumerator: d * BigInt.powerOfTen(scale), denominator: .one)
        } else {
            self.init(unreducedNumerator: d, denominator: BigInt.powerOfTen(-scale))
        }
    }

    /// The rest of `p/q` after the numerator digits; the scanner is at the "/".
    private static func parseFraction(
        _ scanner: inout DecimalScanner, negative: Bool, numeratorDigits: Range<Int>
    ) throws(DecimalParseError) -> Rational {
        scanner.index += 1
        let denominatorDigits = scanner.digits()
        guard !denominatorDigits.isEmpty else { throw scanner.error(expecting: "expected a digit of the denominator") }
        guard scanner.atEnd else { throw scanner.error(expecting: "expected a digit or the end of the denominator") }
        let q = BigInt(negative: false, normalizedLimbs: Limbs.fromDecimalDigits(scanner.bytes[denominatorDigits]))
        guard !q.isZero else {
            throw DecimalParseError(
                input: scanner.input, position: denominatorDigits.lowerBound, reason: "zero denominator")
        }
        let p = BigInt(negative: negative, normalizedLimbs: Limbs.fromDecimalDigits(scanner.bytes[numeratorDigits]))
        return Rational(unreducedNumerator: p, denominator: q)
    }
}

extension BigInt {
    /// 10ᵏ for k ≥ 0, as 5ᵏ · 2ᵏ (the power of 5 is under half the size of the power of 10).
    internal static func powerOfTen(_ k: Int) -> BigInt {
        BigInt(5).uncheckedPower(k) << k
    }
}
