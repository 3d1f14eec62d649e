/// A consumer's outputs for one fixture file (format in `Fixtures/README.md`, "Results files").
///
/// Values stay as the consumer wrote them (number token, string, boolean, nested list); the
/// verifier interprets them against what each case expects.
public struct ResultsFile: Sendable {
    public static let schemaName = "latent-oracle-results"

    /// One output as written in the results file.
    public indirect enum Value: Sendable, Equatable {
        /// A JSON number, as its token text (read exactly, never through a lossy parser).
        case number(String)
        /// `"NaN"`, `"Infinity"`, `"-Infinity"`, a hex float, a `0x…` word, or a label.
        case string(String)
        case bool(Bool)
        /// A (possibly nested) JSON list.
        case list([Value])
    }

    /// What a consumer reported for one case.
    public enum CaseResult: Sendable, Equatable {
        case outputs(OrderedMap<Value>)
        /// The consumer refused the input.
        case error(kind: String)
    }

    /// The floating-point format the implementation computed in.
    public enum Precision: String, Sendable, Equatable, CaseIterable {
        case float64, float32
    }

    public var family: String
    public var variant: String
    public var implementation: String
    /// float64 unless the file says `"precision": "float32"`.
    public var precision: Precision
    /// The cases the file claims to cover (`"scope": {"groups": [...], "cases": [...]}`); nil
    /// for every case.
    public var scope: VerificationScope?
    /// case id → result, in file order.
    public var results: OrderedMap<CaseResult>

    public init(
        family: String, variant: String, implementation: String, precision: Precision = .float64,
        scope: VerificationScope? = nil, results: OrderedMap<CaseResult>
    ) {
        self.family = family
        self.variant = variant
        self.implementation = implementation
        self.precision = precision
        self.scope = scope
        self.results = results
    }

    /// Parses and validates a results file; `source` names it in error messages.
    public static func decode(_ bytes: [UInt8], source: String) throws(FixtureError) -> ResultsFile {
        let root = try JSONParser.parse(bytes, source: source)
        defer { JSONNode.releaseInBackground(root) }
        let context = DecodingContext(source: source)
        let top = try context.object(root, "")
        try FixtureFile.checkHeader(top, schema: schemaName)
        try top.rejectUnknown([
            "schema", "schemaVersion", "family", "variant", "implementation", "precision", "scope",
            "results",
        ])
        var precision = Precision.float64
        if let node = top.optional("precision") {
            let text = try context.string(node, "precision")
            guard let value = Precision(rawValue: text) else {
                throw context.error(
                    .invalidValue, node, "precision", "the precision \(FixtureError.quoted(text)) is unknown",
                    "write \"precision\": \"float64\" or \"float32\"")
            }
            precision = value
        }
        var scope: VerificationScope?
        if let node = top.optional("scope") {
            let reader = try context.object(node, "scope")
            try reader.rejectUnknown(["groups", "cases"])
            func patterns(_ key: String) throws(FixtureError) -> [String] {
                guard let list = reader.optional(key) else { return [] }
                var out: [String] = []
                for (i, pattern) in try context.array(list, reader.childPath(key)).enumerated() {
                    out.append(try context.nonEmptyString(pattern, reader.childPath(key) + "[\(i)]"))
                }
                return out
            }
            scope = VerificationScope(groups: try patterns("groups"), cases: try patterns("cases"))
        }
        let resultsReader = try top.object("results")
        var results = OrderedMap<CaseResult>()
        results.reserveCapacity(resultsReader.members.count)
        for member in resultsReader.members {
            let path = resultsReader.childPath(member.key)
            let caseReader = try context.object(member.value, path)
            if caseReader.has("error") {
                try caseReader.rejectUnknown(["error"])
                results[member.key] = .error(kind: try caseReader.string("error"))
            } else {
                var outputs = OrderedMap<Value>()
                for output in caseReader.members {
                    outputs[output.key] = try Value.decode(
                        output.value, path: caseReader.childPath(output.key), context: context, depth: 0)
                }
                results[member.key] = .outputs(outputs)
            }
        }
        return ResultsFile(
            family: try top.identifier("family"), variant: try top.identifier("variant"),
            implementation: try top.nonEmptyString("implementation"), precision: precision, scope: scope,
            results: results)
    }
}

extension ResultsFile.Value {
    public static func decode(_ node: JSONNode, path: String, context: DecodingContext, depth: Int) throws(FixtureError)
        -> Self
    {
        switch node.kind {
        case .number(let token): return .number(token)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .array(let elements):
            var values: [Self] = []
            for (i, element) in elements.enumerated() {
                values.append(try decode(element, path: path + "[\(i)]", context: context, depth: depth + 1))
            }
            return .list(values)
        case .object:
            throw context.error(
                .wrongType, node, path, "an output is an object",
                "write outputs as numbers, strings, booleans or nested lists")
        case .null:
            throw context.error(
                .wrongType, node, path, "an output is null", "write the value; NaN as the string \"NaN\"")
        }
    }

    /// The value as a Double: a number token, `NaN`/`Infinity`/`-Infinity`, or a hex float
    /// (`0x1.8p+0`, any C99 spelling); nil otherwise.
    public var doubleValue: Double? {
        switch self {
        case .number(let token): return Double(token)
        case .string(let s):
            if let x = HexFloat.parse(s) { return x }
            let body = s.hasPrefix("-") ? s.dropFirst() : Substring(s)
            guard body.hasPrefix("0x"), body.contains("p") else { return nil }
            return Double(s)
        default: return nil
        }
    }

    /// The value as an integer (an integral number token such as `3` or `3.0`); nil otherwise.
    public var integerValue: Int? {
        guard case .number(let token) = self else { return nil }
        if let n = Int(token) { return n }
        guard let x = Double(token), x == x.rounded(), abs(x) <= Double(FixtureValue.maximumInteger) else { return nil }
        return Int(x)
    }

    /// The value as a 64-bit word: a `0x` hex string (any case, up to 16 digits) or a
    /// non-negative integer token; nil otherwise.
    public var wordValue: UInt64? {
        switch self {
        case .number(let token): return UInt64(token)
        case .string(let s):
            guard s.hasPrefix("0x") || s.hasPrefix("0X"), s.count <= 18 else { return nil }
            return UInt64(s.dropFirst(2), radix: 16)
        default: return nil
        }
    }

    public var shortDescription: String {
        switch self {
        case .number(let token): return token
        case .string(let s): return FixtureError.quoted(s)
        case .bool(let b): return String(b)
        case .list(let values): return "a list of \(values.count)"
        }
    }
}

extension ResultsFile.Value {
    public var json: JSON {
        switch self {
        case .number(let token): return .number(token)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .list(let values): return .array(values.map(\.json))
        }
    }
}

extension ResultsFile {
    /// The results file as JSON (for Swift consumers and tests), in the canonical layout.
    public var json: JSON {
        .object(
            FixtureFile.header(schema: Self.schemaName, family: family, variant: variant) + [
                JSONMember("implementation", .string(implementation))
            ] + (precision == .float64 ? [] : [JSONMember("precision", .string(precision.rawValue))])
                + (scope.map { [JSONMember("scope", $0.json)] } ?? []) + [
                    JSONMember(
                        "results",
                        .object(
                            results.entries.map { entry in
                                switch entry.value {
                                case .error(let kind):
                                    return JSONMember(entry.key, .object([JSONMember("error", .string(kind))]))
                                case .outputs(let outputs):
                                    return JSONMember(
                                        entry.key, .object(outputs.entries.map { JSONMember($0.key, $0.value.json) }))
                                }
                            }))
                ])
    }
}
