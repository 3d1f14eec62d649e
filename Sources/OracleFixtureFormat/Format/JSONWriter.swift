/// The canonical JSON writer: one spelling for every tree, so that regenerated files are
/// byte-identical and `latent-oracle check` can diff them.
///
/// The rules, in full:
/// - keys are written in the order the tree holds them (the encoders fix that order);
/// - two-space indentation, `\n` line ends, a trailing newline, no trailing spaces;
/// - `{}` and `[]` for empty containers;
/// - a container whose children are all scalars is written on one line when that line is at
///   most `inlineLimit` characters (indentation not counted): `[1, 2]`, `{ "k": "v" }`;
///   otherwise one child per line;
/// - `"key": value` with one space after the colon;
/// - strings escape `"` and `\`, the control characters U+0000–U+001F (as `\b \f \n \r \t` or
///   `\u00xx`, lower-case hex); everything else, including non-ASCII, is written as UTF-8;
/// - numbers are written as their stored token text (the encoders use `Int.description` and
///   Swift's shortest round-trip `Double.description`).
public enum JSONWriter {
    /// The longest one-line rendering of an all-scalar container.
    public static let inlineLimit = 100

    /// The canonical text of `value`, ending in a newline.
    public static func write(_ value: JSON) -> String {
        var out = ""
        write(value, indent: 0, into: &out)
        out += "\n"
        return out
    }

    /// The same tree on one line with no line break inside (for JSON-lines streams): `, ` and
    /// `: ` separators, no indentation, no trailing newline.
    public static func writeLine(_ value: JSON) -> String {
        switch value {
        case .object(let members):
            return "{" + members.map { quote($0.key) + ": " + writeLine($0.value) }.joined(separator: ", ") + "}"
        case .array(let elements):
            return "[" + elements.map(writeLine).joined(separator: ", ") + "]"
        default:
            return scalar(value)
        }
    }

    private static func write(_ value: JSON, indent: Int, into out: inout String) {
        switch value {
        case .object(let members):
            writeContainer(
                value, "{", "}", members.map { (quote($0.key) + ": ", $0.value) }, indent: indent, into: &out)
        case .array(let elements):
            writeContainer(value, "[", "]", elements.map { ("", $0) }, indent: indent, into: &out)
        case .string(let s): out += quote(s)
        case .number(let token): out += token
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }

    /// An object or array: `open` `close` when empty, its one-line form when it has one, else one
    /// entry per line (its `prefix`, the key of a member, then its value), indented.
    private static func writeContainer(
        _ value: JSON, _ open: String, _ close: String, _ entries: [(prefix: String, value: JSON)], indent: Int,
        into out: inout String
    ) {
        if entries.isEmpty {
            out += open + close
            return
        }
        if let line = inline(value) {
            out += line
            return
        }
        out += open + "\n"
        for (i, entry) in entries.enumerated() {
            out += String(repeating: " ", count: indent + 2) + entry.prefix
            write(entry.value, indent: indent + 2, into: &out)
            out += i + 1 < entries.count ? ",\n" : "\n"
        }
        out += String(repeating: " ", count: indent) + close
    }

    /// The one-line form of an all-scalar container, or nil when it has a nested container or
    /// is longer than `inlineLimit`.
    private static func inline(_ value: JSON) -> String? {
        let line: String
        switch value {
        case .object(let members):
            guard members.allSatisfy({ $0.value.isScalar }) else { return nil }
            line = "{ " + members.map { quote($0.key) + ": " + scalar($0.value) }.joined(separator: ", ") + " }"
        case .array(let elements):
            guard elements.allSatisfy(\.isScalar) else { return nil }
            line = "[" + elements.map(scalar).joined(separator: ", ") + "]"
        default:
            return nil
        }
        return line.count <= inlineLimit ? line : nil
    }

    private static func scalar(_ value: JSON) -> String {
        var out = ""
        write(value, indent: 0, into: &out)
        return out
    }

    /// The canonical quoted form of a string.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
