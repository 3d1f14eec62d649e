import Foundation

/// The two JSON trees of the format layer.
///
/// `JSON` is what the canonical writer emits: objects keep the key order they were built with.
/// `JSONNode` is what the strict parser returns: the same tree, with the source position of
/// every value so that a validation error can say `line:column`.
/// Numbers are kept as their token text, so nothing is rounded before the reader decides
/// whether a number is an integer, a `Double` or an error.

/// One `"key": value` pair of a `JSON` object.
public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var value: JSON
    public init(_ key: String, _ value: JSON) {
        self.key = key
        self.value = value
    }
}

/// A JSON value to be written canonically.
public enum JSON: Sendable, Equatable {
    case object([JSONMember])
    case array([JSON])
    case string(String)
    /// The token text of a JSON number (`"16"`, `"1e-12"`), written verbatim.
    case number(String)
    case bool(Bool)
    case null

    /// An integer number.
    public static func integer(_ n: Int) -> JSON { .number(String(n)) }

    /// `true` for strings, numbers, booleans and null.
    public var isScalar: Bool {
        switch self {
        case .object, .array: return false
        case .string, .number, .bool, .null: return true
        }
    }
}

/// A position in a source document: 1-based line, and 1-based column counted in UTF-8 bytes.
public struct SourcePosition: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public var description: String { "\(line):\(column)" }
}

/// One `"key": value` pair of a parsed object.
public struct JSONNodeMember: Sendable {
    public var key: String
    public var value: JSONNode
}

/// A parsed JSON value and where it starts in the source.
public struct JSONNode: Sendable {
    public enum Kind: Sendable {
        case object([JSONNodeMember])
        case array([JSONNode])
        case string(String)
        case number(String)
        case bool(Bool)
        case null
    }
    public var kind: Kind
    public var position: SourcePosition

    /// Frees the tree on another thread: the caller's reference must be the last one outside
    /// `tree`. A file of 10⁶ cases has tens of millions of nodes, whose freeing the caller then
    /// need not wait for.
    public static func releaseInBackground(_ tree: consuming JSONNode) {
        let last = tree
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(last) {} }
    }

    /// The JSON type's name, for messages ("an object", "a string", …).
    public var typeName: String {
        switch kind {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }
}
