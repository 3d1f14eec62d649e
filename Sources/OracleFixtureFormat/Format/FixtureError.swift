/// Why a fixture, results or manifest file was refused, and what to do about it.
///
/// Every reader in this module throws only this type. Its `description` is one line:
/// `<where>: <what was wrong>; <what to do>`, where `<where>` is `file:line:column` and, when
/// the problem sits inside the document, the JSON path of the offending value.
public struct FixtureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of problem, so that callers and tests can branch on it.
    public enum Kind: String, Sendable, Equatable {
        /// Not JSON at all: a syntax error, truncation, NaN literal, duplicate key, too deep.
        case malformedJSON = "malformed-json"
        /// The `schema` field names another kind of document.
        case unsupportedSchema = "unsupported-schema"
        /// The `schemaVersion` is not one this reader knows.
        case unsupportedVersion = "unsupported-version"
        /// A required field is absent.
        case missingField = "missing-field"
        /// A field this format does not define (usually a typo).
        case unknownField = "unknown-field"
        /// A value of the wrong JSON type (a string where a number belongs, …).
        case wrongType = "wrong-type"
        /// A value of the right type that the format does not allow (bad id, negative size, …).
        case invalidValue = "invalid-value"
        /// An array whose `data` count is not the product of its `shape`.
        case shapeMismatch = "shape-mismatch"
        /// NaN or an infinity where a finite number is required.
        case notFinite = "not-finite"
        /// Two cases with one id.
        case duplicateCaseID = "duplicate-case-id"
        /// A case uses a flag that has no entry in `notes`.
        case unnotedFlag = "unnoted-flag"
        /// The decimal and hexadecimal spellings of a real disagree or are not canonical.
        case inconsistentNumber = "inconsistent-number"
        /// A results file that belongs to another family or variant than the fixture it is checked against.
        case wrongFamily = "wrong-family"
        /// The file could not be read or written.
        case io = "io"
    }

    public let kind: Kind
    /// `file:line:column`, optionally followed by ` (path)`.
    public let location: String
    public let problem: String
    public let remedy: String

    public init(_ kind: Kind, location: String, problem: String, remedy: String) {
        self.kind = kind
        self.location = FixtureError.oneLine(location)
        self.problem = FixtureError.oneLine(problem)
        self.remedy = FixtureError.oneLine(remedy)
    }

    public var description: String { "\(location): \(problem); \(remedy)" }

    /// Replaces line breaks so that the description is always a single line.
    public static func oneLine(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\u{2028}", "\u{2029}": out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A quoted rendering of a user-supplied string for a message (at most 120 characters).
    public static func quoted(_ text: String) -> String {
        let limit = 120
        let short = text.count > limit ? String(text.prefix(limit)) + "…" : text
        return "\"" + short + "\""
    }
}
