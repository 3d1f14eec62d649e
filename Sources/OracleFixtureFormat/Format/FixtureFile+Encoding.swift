/// The canonical encoding of fixture files: the key order of `Fixtures/README.md`.
extension FixtureValue {
    /// `{ "double", "hex", "exact"?, "accuracy" }` for reals, `{ "shape", "data" }` for arrays,
    /// plain JSON for the rest.
    public var json: JSON {
        switch self {
        case .real(let r):
            var members = [
                JSONMember("double", .string(r.decimalSpelling)), JSONMember("hex", .string(HexFloat.format(r.value))),
            ]
            if r.value.isFinite {
                if let exact = r.exact { members.append(JSONMember("exact", .string(exact))) }
                members.append(JSONMember("accuracy", .string(r.accuracy.description)))
            }
            return .object(members)
        case .array(let shape, let data):
            return .object([
                JSONMember("shape", .array(shape.map(JSON.integer))), JSONMember("data", .array(data.map(\.json))),
            ])
        case .integer(let n): return .integer(n)
        case .word(let w): return .string(FixtureValue.wordSpelling(w))
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        }
    }
}

extension OrderedMap where Value == FixtureValue {
    public var json: JSON { .object(entries.map { JSONMember($0.key, $0.value.json) }) }
}

extension OrderedMap where Value == String {
    public var json: JSON { .object(entries.map { JSONMember($0.key, .string($0.value)) }) }
}

extension ToleranceSpec {
    /// `{ "kind", "value", "absoluteFloor"?, "reason" }`: the floor's key is absent without a floor.
    public var json: JSON {
        var members = [JSONMember("kind", .string(kind.rawValue)), JSONMember("value", .number(value.description))]
        if let absoluteFloor { members.append(JSONMember("absoluteFloor", .number(absoluteFloor.description))) }
        members.append(JSONMember("reason", .string(reason)))
        return .object(members)
    }
}

extension FixtureCase {
    public var json: JSON {
        let expectedJSON: JSON
        switch expected {
        case .values(let map): expectedJSON = map.json
        case .error(let kind): expectedJSON = .object([JSONMember("error", .string(kind))])
        }
        return .object(
            [
                JSONMember("id", .string(id)),
                JSONMember("comment", .string(comment)),
                JSONMember("flags", .array(flags.map(JSON.string))),
                JSONMember("inputs", inputs.json),
                JSONMember("expected", expectedJSON),
                JSONMember("tolerance", tolerance.json),
            ] + (toleranceFloat32.map { [JSONMember("toleranceFloat32", $0.json)] } ?? []))
    }
}

extension TestGroup {
    public var json: JSON {
        .object([
            JSONMember("id", .string(id)),
            JSONMember("description", .string(description)),
            JSONMember("parameters", parameters.json),
            JSONMember("cases", .array(cases.map(\.json))),
        ])
    }
}

extension FixtureFile {
    /// The members a fixture or results file begins with, which `checkHeader` reads back.
    static func header(schema: String, family: String, variant: String) -> [JSONMember] {
        [
            JSONMember("schema", .string(schema)),
            JSONMember("schemaVersion", .integer(OracleVersion.schemaVersion)),
            JSONMember("family", .string(family)),
            JSONMember("variant", .string(variant)),
        ]
    }

    /// The canonical JSON tree.
    public var json: JSON {
        .object(
            Self.header(schema: Self.schemaName, family: family, variant: variant) + [
                JSONMember("description", .string(description)),
                JSONMember(
                    "proof",
                    .object([
                        JSONMember("file", .string(proof.file)),
                        JSONMember("steps", .array(proof.steps.map(JSON.string))),
                    ])),
                JSONMember(
                    "generator",
                    .object([
                        JSONMember("name", .string(generator.name)), JSONMember("version", .string(generator.version)),
                    ])),
                JSONMember("conventions", conventions.json),
                JSONMember("notes", notes.json),
            ]
                + (flagOutputs.isEmpty
                    ? []
                    : [
                        JSONMember(
                            "flagOutputs",
                            .object(
                                flagOutputs.entries.map {
                                    JSONMember($0.key, .array($0.value.map(JSON.string)))
                                }))
                    ]) + [
                    JSONMember("testGroups", .array(testGroups.map(\.json)))
                ])
    }

    /// The canonical file text (what `latent-oracle export` writes and `check` compares).
    public var canonicalText: String { JSONWriter.write(json) }
}
