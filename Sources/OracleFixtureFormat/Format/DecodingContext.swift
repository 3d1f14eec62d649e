/// Typed access to a parsed JSON tree that turns every surprise into a located `FixtureError`.
///
/// Paths are written like `testGroups[0].cases[3].expected.words`; the location of an error is
/// `file:line:column (path)`.
public struct DecodingContext: Sendable {
    public let source: String

    /// A context whose errors name `source` (a file path or a label such as "request").
    public init(source: String) {
        self.source = source
    }

    public func location(_ node: JSONNode, _ path: String) -> String {
        "\(source):\(node.position)" + (path.isEmpty ? "" : " (\(path))")
    }

    public func error(_ kind: FixtureError.Kind, _ node: JSONNode, _ path: String, _ problem: String, _ remedy: String)
        -> FixtureError
    {
        FixtureError(kind, location: location(node, path), problem: problem, remedy: remedy)
    }

    public func wrongType(_ node: JSONNode, _ path: String, expected: String) -> FixtureError {
        if case .string(let s) = node.kind, expected.contains("number"), ["NaN", "Infinity", "-Infinity"].contains(s) {
            return error(.notFinite, node, path, "\(s) where a finite number is required", "write a finite number here")
        }
        return error(
            .wrongType, node, path, "expected \(expected), found \(node.typeName)",
            "write \(expected) here (see Fixtures/README.md)")
    }

    public func object(_ node: JSONNode, _ path: String) throws(FixtureError) -> ObjectReader {
        guard case .object(let members) = node.kind else { throw wrongType(node, path, expected: "an object") }
        return ObjectReader(context: self, node: node, path: path, members: members)
    }

    public func array(_ node: JSONNode, _ path: @autoclosure () -> String) throws(FixtureError) -> [JSONNode] {
        guard case .array(let elements) = node.kind else { throw wrongType(node, path(), expected: "an array") }
        return elements
    }

    public func string(_ node: JSONNode, _ path: @autoclosure () -> String) throws(FixtureError) -> String {
        guard case .string(let s) = node.kind else { throw wrongType(node, path(), expected: "a string") }
        return s
    }

    public func nonEmptyString(_ node: JSONNode, _ path: @autoclosure () -> String) throws(FixtureError) -> String {
        let s = try string(node, path())
        if s.isEmpty { throw error(.invalidValue, node, path(), "the string is empty", "write a non-empty text") }
        return s
    }

    public func bool(_ node: JSONNode, _ path: @autoclosure () -> String) throws(FixtureError) -> Bool {
        guard case .bool(let b) = node.kind else { throw wrongType(node, path(), expected: "true or false") }
        return b
    }

    /// A JSON integer token (no fraction, no exponent) with |n| ≤ 2⁵³.
    public func integer(_ node: JSONNode, _ path: @autoclosure () -> String) throws(FixtureError) -> Int {
        guard case .number(let token) = node.kind else { throw wrongType(node, path(), expected: "an integer number") }
        guard let n = Int(token), n.magnitude <= UInt(FixtureValue.maximumInteger) else {
            throw error(
                .invalidValue, node, path(), "\(token) is not an integer in [-2^53, 2^53]",
                "write an integer here, or a real as { \"double\", \"hex\", \"accuracy\" }")
        }
        return n
    }

    /// A JSON number read as the nearest Double; refuses overflow to infinity.
    public func finiteNumber(_ node: JSONNode, _ path: @autoclosure () -> String) throws(FixtureError) -> Double {
        guard case .number(let token) = node.kind else { throw wrongType(node, path(), expected: "a finite number") }
        guard let x = Double(token), x.isFinite else {
            throw error(.notFinite, node, path(), "\(token) overflows a Double", "write a finite number")
        }
        return x
    }

    /// An identifier: lower-case letters, digits, '-', '.', '_', starting with a letter or digit.
    public func identifier(_ node: JSONNode, _ path: @autoclosure () -> String) throws(FixtureError) -> String {
        let s = try string(node, path())
        guard Self.isIdentifier(s) else {
            throw error(
                .invalidValue, node, path(), "\(FixtureError.quoted(s)) is not an identifier",
                "use lower-case letters, digits, '-', '.' and '_', starting with a letter or digit")
        }
        return s
    }

    public static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, isLowerAlphanumeric(first) else { return false }
        return s.unicodeScalars.allSatisfy { isLowerAlphanumeric($0) || $0 == "-" || $0 == "." || $0 == "_" }
    }

    private static func isLowerAlphanumeric(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("0"..."9").contains(c)
    }
}

/// The members of one JSON object, read by key, with checks for missing and unknown keys.
public struct ObjectReader {
    public let context: DecodingContext
    public let node: JSONNode
    public let path: String
    public let members: [JSONNodeMember]

    public init(context: DecodingContext, node: JSONNode, path: String, members: [JSONNodeMember]) {
        self.context = context
        self.node = node
        self.path = path
        self.members = members
    }

    public func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    public func has(_ key: String) -> Bool { members.contains { $0.key == key } }

    public func optional(_ key: String) -> JSONNode? { members.first { $0.key == key }?.value }

    public func required(_ key: String) throws(FixtureError) -> JSONNode {
        guard let value = optional(key) else {
            throw context.error(
                .missingField, node, path, "the required field \"\(key)\" is missing",
                "add \"\(key)\" (see Fixtures/README.md)")
        }
        return value
    }

    /// Throws `unknownField` for the first key not in `allowed`.
    public func rejectUnknown(_ allowed: [String]) throws(FixtureError) {
        for member in members where !allowed.contains(member.key) {
            throw context.error(
                .unknownField, member.value, childPath(member.key),
                "the field \(FixtureError.quoted(member.key)) is not part of this format",
                "remove it or fix its spelling (allowed here: \(allowed.joined(separator: ", ")))")
        }
    }

    // Shorthands for a required member of a given type.
    public func string(_ key: String) throws(FixtureError) -> String {
        try context.string(required(key), childPath(key))
    }
    public func nonEmptyString(_ key: String) throws(FixtureError) -> String {
        try context.nonEmptyString(required(key), childPath(key))
    }
    public func identifier(_ key: String) throws(FixtureError) -> String {
        try context.identifier(required(key), childPath(key))
    }
    public func integer(_ key: String) throws(FixtureError) -> Int {
        try context.integer(required(key), childPath(key))
    }
    public func array(_ key: String) throws(FixtureError) -> [JSONNode] {
        try context.array(required(key), childPath(key))
    }
    public func object(_ key: String) throws(FixtureError) -> ObjectReader {
        try context.object(required(key), childPath(key))
    }

    /// An object of string values, in file order.
    public func stringMap(_ key: String) throws(FixtureError) -> OrderedMap<String> {
        let reader = try object(key)
        var map = OrderedMap<String>()
        for member in reader.members {
            map[member.key] = try context.string(member.value, reader.childPath(member.key))
        }
        return map
    }
}
