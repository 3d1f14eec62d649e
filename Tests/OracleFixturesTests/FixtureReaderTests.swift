import Testing
@testable import OracleFixtures

/// The strict reader refuses each class of bad fixture file with the right typed, one-line error.
struct FixtureReaderTests {
    struct Edit: Sendable, CustomTestStringConvertible {
        let name: String
        let find: String
        let replace: String
        let kind: FixtureError.Kind
        let phrase: String
        var testDescription: String { name }
    }

    static let secondID = "randomness/categorical-edges/boundary/seed-0123456789abcdef-k2"
    static let firstID = "randomness/categorical-edges/boundary/seed-0000000000000000-k2"

    static let edits: [Edit] = [
        Edit(
            name: "unknown schema version", find: "\"schemaVersion\": 1", replace: "\"schemaVersion\": 2",
            kind: .unsupportedVersion,
            phrase: "schemaVersion 2 is not supported (this latent-oracle 0.1.0 reads version 1)"),
        Edit(
            name: "another kind of document", find: "\"schema\": \"latent-oracle-fixture\"",
            replace: "\"schema\": \"latent-oracle-results\"",
            kind: .unsupportedSchema, phrase: "not \"latent-oracle-fixture\""),
        Edit(
            name: "missing field", find: "\"variant\": \"categorical-edges\",", replace: "",
            kind: .missingField, phrase: "the required field \"variant\" is missing"),
        Edit(
            name: "unknown field", find: "\"comment\": \"p[0]", replace: "\"coment\": \"p[0]",
            kind: .unknownField, phrase: "the field \"coment\" is not part of this format"),
        Edit(
            name: "wrong shape", find: "\"shape\": [2]", replace: "\"shape\": [3]",
            kind: .shapeMismatch, phrase: "data has 2 elements but shape [3] needs 3"),
        Edit(
            name: "NaN where a number is expected", find: "\"value\": 0.0", replace: "\"value\": \"NaN\"",
            kind: .notFinite, phrase: "NaN where a finite number is required"),
        Edit(
            name: "bare NaN literal", find: "\"value\": 0.0", replace: "\"value\": NaN",
            kind: .malformedJSON, phrase: "a bare NaN or Infinity is not JSON"),
        Edit(
            name: "duplicate case ids", find: secondID, replace: firstID,
            kind: .duplicateCaseID, phrase: "the case id \"\(firstID)\" appears twice"),
        Edit(
            name: "flag without a note", find: "\"flags\": [\"categorical-validation\"]",
            replace: "\"flags\": [\"no-such-flag\"]",
            kind: .unnotedFlag, phrase: "the flag \"no-such-flag\" has no entry in notes"),
        Edit(
            name: "hex and decimal disagree", find: "\"hex\": \"0x1.0000000000000p-1\"",
            replace: "\"hex\": \"0x1.0000000000001p-1\"",
            kind: .inconsistentNumber, phrase: "are different Doubles"),
        Edit(
            name: "non-canonical decimal", find: "\"double\": \"0.5\"", replace: "\"double\": \"0.50\"",
            kind: .inconsistentNumber, phrase: "is not the shortest round-trip decimal"),
        Edit(
            name: "bare number for a real",
            find: "{ \"double\": \"0.5\", \"hex\": \"0x1.0000000000000p-1\", \"accuracy\": \"exact\" }", replace: "0.5",
            kind: .wrongType, phrase: "the bare number 0.5 is not an integer"),
        Edit(
            name: "word with upper-case digits", find: "\"seed\": \"0x0123456789abcdef\"",
            replace: "\"seed\": \"0x0123456789ABCDEF\"",
            kind: .invalidValue, phrase: "looks like a 64-bit word"),
        Edit(
            name: "case id outside its group", find: secondID, replace: "randomness/categorical-edges/other/x",
            kind: .invalidValue, phrase: "is not randomness/categorical-edges/boundary/<name>"),
        Edit(
            name: "unknown tolerance kind", find: "\"kind\": \"exact\"", replace: "\"kind\": \"ulp\"",
            kind: .invalidValue, phrase: "the tolerance kind \"ulp\" is unknown"),
        Edit(
            name: "truncated file", find: "\"testGroups\": [", replace: "\"testGroups\": [",
            kind: .malformedJSON, phrase: "(truncated?)"),
    ]

    @Test("each bad-input class gets its typed one-line error", arguments: edits)
    func refuses(edit: Edit) throws {
        let file = try #require(try TestFixtures.file("categorical-edges"))
        let text = file.canonicalText
        let range = try #require(text.range(of: edit.find), "the edit's anchor text is not in the file")
        var edited = text
        edited.replaceSubrange(range, with: edit.replace)
        if edit.name == "truncated file" { edited = String(edited.prefix(edited.count / 2)) }
        let error = try #require(throws: FixtureError.self) {
            try FixtureFile.decode(TestFixtures.bytes(edited), source: "edges.json")
        }
        #expect(error.kind == edit.kind, "\(error)")
        #expect(error.description.contains(edit.phrase), "\(error)")
        #expect(error.location.hasPrefix("edges.json:"))
        #expect(!error.description.contains("\n"))
    }

    @Test("a results file for another family or variant is refused")
    func wrongFamily() throws {
        let edges = try #require(try TestFixtures.file("categorical-edges"))
        let stream = try #require(try TestFixtures.file("splitmix64"))
        let results = TestFixtures.perfectResults(for: stream)
        let error = try #require(throws: FixtureError.self) {
            try Verifier.verify(results, against: edges, resultsSource: "r.json")
        }
        #expect(error.kind == .wrongFamily)
        #expect(
            error.description
                == "r.json: the results are for randomness/splitmix64, not randomness/categorical-edges; check the "
                + "results against Fixtures/randomness/splitmix64.json"
        )
    }

    @Test("a results file with a wrong version is refused by name")
    func resultsVersion() throws {
        let text =
            "{\"schema\": \"latent-oracle-results\", \"schemaVersion\": 7, \"family\": \"randomness\", \"variant\": "
            + "\"splitmix64\", \"implementation\": \"x\", \"results\": {}}"
        let error = try #require(throws: FixtureError.self) {
            try ResultsFile.decode(TestFixtures.bytes(text), source: "r.json")
        }
        #expect(error.kind == .unsupportedVersion)
        #expect(error.description.hasPrefix("r.json:1:54 (schemaVersion): schemaVersion 7 is not supported"))
    }
}
