/// A strict JSON (RFC 8259) parser that says where a document went wrong.
///
/// Written here rather than taken from Foundation so that every refusal is a `FixtureError`
/// with `file:line:column`, and so that the rules are stricter than the RFC allows:
///
/// 1. the input must be valid UTF-8 without a byte-order mark;
/// 2. `NaN`, `Infinity` and other bare words are refused with a hint to write them as strings;
/// 3. an object may not repeat a key;
/// 4. nesting deeper than `maximumDepth` is refused (no stack exhaustion on hostile input);
/// 5. nothing but whitespace may follow the value.
///
/// Columns count UTF-8 bytes from 1. The parser never traps: every path through it either
/// returns a tree or throws.
public struct JSONParser {
    /// The deepest nesting of arrays and objects accepted. Fixture files need 8.
    public static let maximumDepth = 64

    /// The number of keys up to which an object's keys are checked for repeats by comparison.
    static let linearKeyLimit = 8

    private let bytes: [UInt8]
    private let source: String
    private var index = 0
    private var line = 1
    private var lineStart = 0

    private init(bytes: [UInt8], source: String) {
        self.bytes = bytes
        self.source = source
    }

    /// Parses one JSON document. `source` names the document in error messages.
    public static func parse(_ bytes: [UInt8], source: String) throws(FixtureError) -> JSONNode {
        var parser = JSONParser(bytes: bytes, source: source)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw parser.failure("the file starts with a UTF-8 byte-order mark", "save it as plain UTF-8 without a BOM")
        }
        parser.skipWhitespace()
        if parser.index == bytes.count {
            throw parser.failure("the file is empty", "write one JSON value (a fixture or results file is one object)")
        }
        let node = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.index < bytes.count {
            throw parser.failure(
                "unexpected \(parser.describe(bytes[parser.index])) after the end of the JSON value",
                "remove the trailing text (a file holds exactly one JSON value)")
        }
        return node
    }

    /// The string values of `keys` among the members at the head of a top-level object, read
    /// member by member until every key is found or a member's value is an object or an array
    /// (where the body of a fixture or results file starts). Nil for a key not found there, and
    /// for every key on any syntax surprise.
    ///
    /// A guess from the file's head, for reading ahead (the fixture file a results file names);
    /// `parse` alone decides what the document holds. Reads only the members it passes.
    public static func leadingStrings(_ bytes: [UInt8], keys: [String]) -> [String: String] {
        var parser = JSONParser(bytes: bytes, source: "")
        var found: [String: String] = [:]
        do throws(FixtureError) {
            parser.skipWhitespace()
            guard parser.index < bytes.count, bytes[parser.index] == UInt8(ascii: "{") else { return [:] }
            parser.index += 1
            while found.count < keys.count {
                parser.skipWhitespace()
                guard parser.index < bytes.count, bytes[parser.index] == UInt8(ascii: "\"") else { return [:] }
                let key = try parser.parseString()
                parser.skipWhitespace()
                guard parser.index < bytes.count, bytes[parser.index] == UInt8(ascii: ":") else { return [:] }
                parser.index += 1
                parser.skipWhitespace()
                guard parser.index < bytes.count else { return [:] }
                switch bytes[parser.index] {
                case UInt8(ascii: "{"), UInt8(ascii: "["): return found
                case UInt8(ascii: "\""):
                    let value = try parser.parseString()
                    if keys.contains(key) {
                        guard found.updateValue(value, forKey: key) == nil else { return [:] }
                    }
                default: _ = try parser.parseValue(depth: 0)
                }
                parser.skipWhitespace()
                guard parser.index < bytes.count, bytes[parser.index] == UInt8(ascii: ",") else { return found }
                parser.index += 1
            }
        } catch {
            return [:]
        }
        return found
    }

    // MARK: - Values

    private var position: SourcePosition { SourcePosition(line: line, column: index - lineStart + 1) }

    private mutating func parseValue(depth: Int) throws(FixtureError) -> JSONNode {
        guard index < bytes.count else { throw truncated("a value") }
        let start = position
        switch bytes[index] {
        case UInt8(ascii: "{"):
            return JSONNode(kind: try parseObject(depth: depth + 1), position: start)
        case UInt8(ascii: "["):
            return JSONNode(kind: try parseArray(depth: depth + 1), position: start)
        case UInt8(ascii: "\""):
            return JSONNode(kind: .string(try parseString()), position: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONNode(kind: .number(try parseNumber()), position: start)
        case UInt8(ascii: "t"):
            try expectWord("true")
            return JSONNode(kind: .bool(true), position: start)
        case UInt8(ascii: "f"):
            try expectWord("false")
            return JSONNode(kind: .bool(false), position: start)
        case UInt8(ascii: "n"):
            try expectWord("null")
            return JSONNode(kind: .null, position: start)
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw failure(
                "a bare NaN or Infinity is not JSON",
                "write non-finite reals as the strings \"NaN\", \"Infinity\" or \"-Infinity\"")
        default:
            throw failure(
                "unexpected \(describe(bytes[index])) where a value was expected", "check the JSON syntax here")
        }
    }

    private mutating func parseObject(depth: Int) throws(FixtureError) -> JSONNode.Kind {
        try checkDepth(depth)
        index += 1  // {
        var members: [JSONNodeMember] = []
        // A repeated key is found in O(1) per key: by comparing with the few keys read so far
        // while the object is small (no hashing, no allocation for the many small objects of a
        // fixture file), and through a set of its keys once it grows past `linearKeyLimit`.
        var seen: Set<String>?
        if consumes("}") { return .object(members) }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw truncated("a key") }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw failure(
                    "unexpected \(describe(bytes[index])) where an object key was expected",
                    "keys are double-quoted strings; remove any trailing comma")
            }
            let keyPosition = position
            let key = try parseString()
            let repeated: Bool
            if seen != nil {
                repeated = !seen!.insert(key).inserted
            } else if members.count < Self.linearKeyLimit {
                repeated = members.contains { $0.key == key }
            } else {
                seen = Set(members.map(\.key))
                repeated = !seen!.insert(key).inserted
            }
            if repeated {
                throw FixtureError(
                    .malformedJSON, location: "\(source):\(keyPosition)",
                    problem: "the key \(FixtureError.quoted(key)) appears twice in one object",
                    remedy: "keep one of the two entries")
            }
            skipWhitespace()
            guard index < bytes.count else { throw truncated("':'") }
            guard bytes[index] == UInt8(ascii: ":") else {
                throw failure(
                    "unexpected \(describe(bytes[index])) after an object key", "put ':' between a key and its value")
            }
            index += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            members.append(JSONNodeMember(key: key, value: value))
            if try closes("}", "object", "members") { return .object(members) }
        }
    }

    private mutating func parseArray(depth: Int) throws(FixtureError) -> JSONNode.Kind {
        try checkDepth(depth)
        index += 1  // [
        var elements: [JSONNode] = []
        if consumes("]") { return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            if try closes("]", "array", "elements") { return .array(elements) }
        }
    }

    /// Skips white space; true, with `byte` consumed, when it comes next (an empty container's close).
    private mutating func consumes(_ byte: Unicode.Scalar) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: byte) else { return false }
        index += 1
        return true
    }

    /// After an entry of a `container`: consumes the ',' before the next entry (false) or the
    /// `close` that ends the container (true).
    private mutating func closes(_ close: Unicode.Scalar, _ container: String, _ entries: String)
        throws(FixtureError) -> Bool
    {
        skipWhitespace()
        guard index < bytes.count else { throw truncated("',' or '\(close)'") }
        switch bytes[index] {
        case UInt8(ascii: ","):
            index += 1
            return false
        case UInt8(ascii: close):
            index += 1
            return true
        default:
            throw failure(
                "unexpected \(describe(bytes[index])) inside an \(container)",
                "separate \(entries) with ',' and close the \(container) with '\(close)'")
        }
    }

    private func checkDepth(_ depth: Int) throws(FixtureError) {
        if depth > Self.maximumDepth {
            throw failure(
                "arrays and objects are nested more than \(Self.maximumDepth) deep",
                "flatten the document; fixture files need far less nesting")
        }
    }

    // MARK: - Scalars

    private mutating func parseString() throws(FixtureError) -> String {
        index += 1  // opening quote
        // Fast path: a string without escapes becomes a String straight from its bytes; one that is
        // all ASCII (every key and id of a fixture) needs no UTF-8 validation.
        let start = index
        var isASCII = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let end = index
                guard
                    let text = bytes.withUnsafeBufferPointer({ buffer in
                        let utf8 = UnsafeBufferPointer(rebasing: buffer[start..<end])
                        return isASCII ? String(decoding: utf8, as: UTF8.self) : String(validating: utf8, as: UTF8.self)
                    })
                else {
                    index += 1
                    throw failure("a string ending here is not valid UTF-8", "save the file as UTF-8")
                }
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            if byte >= 0x80 { isASCII = false }
            index += 1
        }
        var utf8 = Array(bytes[start..<index])
        while true {
            guard index < bytes.count else { throw truncated("the closing '\"' of a string") }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: utf8, as: UTF8.self) else {
                    throw failure("a string ending here is not valid UTF-8", "save the file as UTF-8")
                }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw truncated("an escape sequence") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): utf8.append(0x22)
                case UInt8(ascii: "\\"): utf8.append(0x5C)
                case UInt8(ascii: "/"): utf8.append(0x2F)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    let scalar = try parseUnicodeEscape()
                    utf8.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    index -= 1
                    throw failure(
                        "the escape '\\\(describe(escape))' is not JSON",
                        "use one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
                }
            case 0x00..<0x20:
                throw failure(
                    "a control character (\(describe(byte))) inside a string",
                    "escape it (\\n, \\t, \\u00XX); a string cannot span lines")
            default:
                utf8.append(byte)
                index += 1
            }
        }
    }

    /// Reads the `XXXX` of `\uXXXX` (and a following low surrogate when the first is high).
    private mutating func parseUnicodeEscape() throws(FixtureError) -> Unicode.Scalar {
        let first = try parseHex4()
        if (0xD800..<0xDC00).contains(first) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else {
                throw failure(
                    "a high surrogate \\u\(String(first, radix: 16)) is not followed by a low one",
                    "escape characters outside the BMP as a surrogate pair")
            }
            index += 2
            let second = try parseHex4()
            guard (0xDC00..<0xE000).contains(second) else {
                throw failure(
                    "\\u\(String(second, radix: 16)) is not a low surrogate",
                    "escape characters outside the BMP as a surrogate pair")
            }
            let value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            if let scalar = Unicode.Scalar(value) { return scalar }
        } else if let scalar = Unicode.Scalar(first) {
            return scalar
        }
        throw failure(
            "\\u\(String(first, radix: 16)) is a lone surrogate",
            "escape characters outside the BMP as a surrogate pair")
    }

    private mutating func parseHex4() throws(FixtureError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw truncated("four hex digits after \\u") }
            guard let digit = Self.hexDigitValue(bytes[index]) else {
                throw failure(
                    "\(describe(bytes[index])) is not a hex digit in a \\u escape",
                    "write \\u followed by exactly four hex digits")
            }
            value = value * 16 + UInt32(digit)
            index += 1
        }
        return value
    }

    static func hexDigitValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, returned as its text.
    private mutating func parseNumber() throws(FixtureError) -> String {
        let start = index
        func isDigit(_ i: Int) -> Bool {
            i < bytes.count && bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9")
        }
        if bytes[index] == UInt8(ascii: "-") {
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "I") || bytes[index] == UInt8(ascii: "N")) {
                throw failure(
                    "a bare -Infinity is not JSON",
                    "write non-finite reals as the strings \"NaN\", \"Infinity\" or \"-Infinity\"")
            }
        }
        guard isDigit(index) else {
            if index >= bytes.count { throw truncated("the digits of a number") }
            throw failure("a number has no digits here", "write numbers as in JSON, e.g. 16, -2.5, 1e-12")
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(index) {
                throw failure("a number has a leading zero", "remove the leading zero (JSON has no octal)")
            }
        } else {
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else {
                if index >= bytes.count { throw truncated("the digits after a decimal point") }
                throw failure("a decimal point is not followed by a digit", "write e.g. 2.0, not 2.")
            }
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
                index += 1
            }
            guard isDigit(index) else {
                if index >= bytes.count { throw truncated("the digits of an exponent") }
                throw failure("an exponent has no digits", "write e.g. 1e-12")
            }
            while isDigit(index) { index += 1 }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func expectWord(_ word: String) throws(FixtureError) {
        for expected in word.utf8 {
            guard index < bytes.count else { throw truncated("'\(word)'") }
            guard bytes[index] == expected else {
                throw failure(
                    "unexpected \(describe(bytes[index])) in what looks like '\(word)'",
                    "the only bare words in JSON are true, false and null")
            }
            index += 1
        }
    }

    // MARK: - Whitespace and errors

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
            case UInt8(ascii: "\n"):
                index += 1
                line += 1
                lineStart = index
            default:
                return
            }
        }
    }

    private func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
    }

    private func failure(_ problem: String, _ remedy: String) -> FixtureError {
        FixtureError(.malformedJSON, location: "\(source):\(position)", problem: problem, remedy: remedy)
    }

    private func truncated(_ expected: String) -> FixtureError {
        failure("the file ends where \(expected) was expected (truncated?)", "regenerate or re-download the file")
    }
}
