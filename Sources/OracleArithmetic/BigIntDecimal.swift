// Decimal text for `BigInt`: printing and parsing in chunks of 19 digits (10¹⁹ < 2⁶⁴).

extension Limbs {
    /// 10¹⁹, the largest power of ten below 2⁶⁴.
    @usableFromInline static let decimalChunk: UInt64 = 10_000_000_000_000_000_000
    @usableFromInline static let decimalChunkDigits = 19

    /// The magnitude written by the ASCII digits `digits` (all `0`–`9`, already validated).
    /// O(n²) in chunks of 19 digits.
    @usableFromInline
    static func fromDecimalDigits(_ digits: ArraySlice<UInt8>) -> [UInt64] {
        var result: [UInt64] = []
        var index = digits.startIndex
        // The first chunk takes the remainder so that the rest are full 19-digit chunks.
        var chunkLength = digits.count % decimalChunkDigits
        if chunkLength == 0 { chunkLength = decimalChunkDigits }
        while index < digits.endIndex {
            var chunk: UInt64 = 0
            var scale: UInt64 = 1
            for byte in digits[index..<(index + chunkLength)] {
                chunk = chunk &* 10 &+ UInt64(byte &- UInt8(ascii: "0"))
                scale &*= 10
            }
            result = result.isEmpty ? (chunk == 0 ? [] : [chunk]) : multiplyAdd(result, scale, chunk)
            index += chunkLength
            chunkLength = decimalChunkDigits
        }
        return result
    }

    /// The decimal digits of a magnitude ("0" for 0).
    @usableFromInline
    static func decimalString(_ x: [UInt64]) -> String {
        if x.isEmpty { return "0" }
        if x.count == 1 { return String(x[0]) }
        // Peel off base-10¹⁹ chunks, least significant first, by repeated one-limb division.
        var chunks: [UInt64] = []
        chunks.reserveCapacity(x.count * 64 / 63 + 1)
        var rest = x
        // 10¹⁹ > 2⁶³ is already normalised.
        let reciprocal = LimbReciprocal(decimalChunk)
        while !rest.isEmpty {
            var remainder: UInt64 = 0
            var i = rest.count - 1
            while i >= 0 {
                (rest[i], remainder) = reciprocal.divide(remainder, rest[i])
                i -= 1
            }
            normalize(&rest)
            chunks.append(remainder)
        }
        var bytes: [UInt8] = Array(String(chunks[chunks.count - 1]).utf8)
        bytes.reserveCapacity(bytes.count + (chunks.count - 1) * decimalChunkDigits)
        var digits = [UInt8](repeating: 0, count: decimalChunkDigits)
        for chunk in chunks.dropLast().reversed() {
            var value = chunk
            for k in stride(from: decimalChunkDigits - 1, through: 0, by: -1) {
                digits[k] = UInt8(ascii: "0") &+ UInt8(value % 10)
                value /= 10
            }
            bytes.append(contentsOf: digits)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A cursor over the UTF-8 of a numeric string, producing `DecimalParseError`s with positions.
/// Shared by `BigInt(decimal:)` and `Rational(decimal:)`.
internal struct DecimalScanner {
    let input: String
    let bytes: [UInt8]
    var index = 0

    init(_ input: String) {
        self.input = input
        bytes = Array(input.utf8)
    }

    var atEnd: Bool { index >= bytes.count }
    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// Consumes an optional `+` or `-`; returns `true` for `-`.
    mutating func sign() -> Bool {
        guard let byte = current, byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") else { return false }
        index += 1
        return byte == UInt8(ascii: "-")
    }

    /// Consumes a run of digits (possibly empty) and returns their byte range.
    mutating func digits() -> Range<Int> {
        let start = index
        while let byte = current, DecimalScanner.isDigit(byte) { index += 1 }
        return start..<index
    }

    /// The error at the cursor: "unexpected 'c'" or, at the end, `endReason`.
    func error(expecting endReason: String) -> DecimalParseError {
        // Every byte before the cursor is ASCII (it was accepted), so the byte offset is the
        // character offset.
        if atEnd {
            return DecimalParseError(input: input, position: index, reason: "unexpected end of input; \(endReason)")
        }
        let rest = String(decoding: bytes[index...], as: UTF8.self)
        let character = rest.first.map(String.init) ?? "?"
        return DecimalParseError(input: input, position: index, reason: "unexpected '\(character)'; \(endReason)")
    }
}

extension BigInt: CustomStringConvertible {
    /// The value in decimal, with a leading `-` when negative (no `+`, no leading zeros).
    public var description: String {
        negative ? "-" + Limbs.decimalString(storage) : Limbs.decimalString(storage)
    }

    /// Parses an optional sign (`+` or `-`) followed by one or more decimal digits, nothing else.
    ///
    /// Throws `DecimalParseError` naming the position of the first character that does not fit,
    /// e.g. `malformed decimal "12a" at position 2: unexpected 'a'; expected a digit`.
    public init(decimal text: String) throws(DecimalParseError) {
        var scanner = DecimalScanner(text)
        let isNegative = scanner.sign()
        let range = scanner.digits()
        guard !range.isEmpty else { throw scanner.error(expecting: "expected a digit") }
        guard scanner.atEnd else { throw scanner.error(expecting: "expected a digit") }
        self.init(negative: isNegative, normalizedLimbs: Limbs.fromDecimalDigits(scanner.bytes[range]))
    }
}
