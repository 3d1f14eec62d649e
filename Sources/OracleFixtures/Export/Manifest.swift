/// `Fixtures/manifest.json`: every fixture file with its case count and the flags it covers.
/// Written by the canonical writer, so `check` compares it byte for byte like the fixtures.
public struct Manifest: Sendable, Equatable {
    public static let schemaName = "latent-oracle-manifest"
    public static let fileName = "manifest.json"

    public struct Entry: Sendable, Equatable {
        public var path: String
        public var family: String
        public var variant: String
        public var proof: String
        public var cases: Int
        public var errorCases: Int
        public var flags: [String]
    }

    public var entries: [Entry]

    /// The manifest of `files`, sorted by path.
    public init(files: [FixtureFile]) {
        entries = files.map { file in
            Entry(
                path: file.relativePath, family: file.family, variant: file.variant, proof: file.proof.file,
                cases: file.cases.count,
                errorCases: file.cases.count { if case .error = $0.expected { return true } else { return false } },
                flags: file.flagsUsed)
        }.sorted { $0.path < $1.path }
    }

    public var totalCases: Int { entries.reduce(0) { $0 + $1.cases } }
    public var flags: [String] { Array(Set(entries.flatMap(\.flags))).sorted() }
    public var families: [String] { Array(Set(entries.map(\.family))).sorted() }

    public var json: JSON {
        .object([
            JSONMember("schema", .string(Self.schemaName)),
            JSONMember("schemaVersion", .integer(OracleVersion.schemaVersion)),
            JSONMember(
                "generator",
                .object([
                    JSONMember("name", .string("latent-oracle")), JSONMember("version", .string(OracleVersion.current)),
                ])),
            JSONMember("families", .array(families.map(JSON.string))),
            JSONMember("totalCases", .integer(totalCases)),
            JSONMember("flags", .array(flags.map(JSON.string))),
            JSONMember(
                "files",
                .array(
                    entries.map { e in
                        .object([
                            JSONMember("path", .string(e.path)),
                            JSONMember("family", .string(e.family)),
                            JSONMember("variant", .string(e.variant)),
                            JSONMember("proof", .string(e.proof)),
                            JSONMember("cases", .integer(e.cases)),
                            JSONMember("errorCases", .integer(e.errorCases)),
                            JSONMember("flags", .array(e.flags.map(JSON.string))),
                        ])
                    })),
        ])
    }

    public var canonicalText: String { JSONWriter.write(json) }
}
