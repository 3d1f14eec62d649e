import Testing
@testable import OracleFixtures

/// The strict parser refuses each class of malformed input with a located, one-line error.
struct JSONParserTests {
    struct BadInput: Sendable, CustomTestStringConvertible {
        let text: String
        let position: String
        let phrase: String
        var testDescription: String { phrase }
    }

    static let badInputs: [BadInput] = [
        BadInput(text: "{\"a\": 1,}", position: "1:9", phrase: "where an object key was expected"),
        BadInput(text: "{\"a\": [1, 2", position: "1:12", phrase: "truncated"),
        BadInput(text: "{\"a\":\n  NaN}", position: "2:3", phrase: "NaN or Infinity is not JSON"),
        BadInput(text: "[-Infinity]", position: "1:3", phrase: "-Infinity is not JSON"),
        BadInput(text: "{\"a\": 1, \"a\": 2}", position: "1:10", phrase: "appears twice"),
        BadInput(text: "{} x", position: "1:4", phrase: "after the end of the JSON value"),
        BadInput(text: "[01]", position: "1:3", phrase: "leading zero"),
        BadInput(text: "[1.]", position: "1:4", phrase: "decimal point"),
        BadInput(text: "[\"a\nb\"]", position: "1:4", phrase: "control character"),
        BadInput(text: "[\"\\x\"]", position: "1:4", phrase: "escape"),
        BadInput(text: "[\"\\ud800\"]", position: "1:9", phrase: "surrogate"),
        BadInput(text: "[tru]", position: "1:5", phrase: "'true'"),
        BadInput(text: "", position: "1:1", phrase: "the file is empty"),
        BadInput(text: " \n\t", position: "2:2", phrase: "the file is empty"),
        BadInput(text: "\u{FEFF}{}", position: "1:1", phrase: "byte-order mark"),
    ]

    @Test("malformed JSON is refused with its line:column", arguments: badInputs)
    func refuses(input: BadInput) throws {
        let error = try #require(throws: FixtureError.self) {
            try JSONParser.parse(Array(input.text.utf8), source: "t.json")
        }
        #expect(error.kind == .malformedJSON)
        #expect(error.location == "t.json:\(input.position)")
        #expect(error.description.contains(input.phrase))
        #expect(!error.description.contains("\n"))
    }

    @Test("nesting deeper than the limit is refused, not a stack overflow")
    func deepNesting() throws {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = try #require(throws: FixtureError.self) {
            try JSONParser.parse(Array(text.utf8), source: "deep.json")
        }
        #expect(error.description.contains("nested more than \(JSONParser.maximumDepth) deep"))
        // The limit itself is accepted.
        let ok =
            String(repeating: "[", count: JSONParser.maximumDepth)
            + String(repeating: "]", count: JSONParser.maximumDepth)
        #expect(throws: Never.self) { try JSONParser.parse(Array(ok.utf8), source: "ok.json") }
    }

    @Test("valid JSON keeps numbers as tokens, key order, escapes and positions")
    func parsesValid() throws {
        let text = "{\n  \"b\": -1.5e-3,\n  \"a\": [true, null, \"\\u00e9\\ud83d\\ude00\\n\"]\n}\n"
        let node = try JSONParser.parse(Array(text.utf8), source: "v.json")
        guard case .object(let members) = node.kind else {
            Issue.record("not an object")
            return
        }
        #expect(members.map(\.key) == ["b", "a"])
        guard case .number(let token) = members[0].value.kind else {
            Issue.record("not a number")
            return
        }
        #expect(token == "-1.5e-3")
        #expect(members[0].value.position == SourcePosition(line: 2, column: 8))
        guard case .array(let elements) = members[1].value.kind, case .string(let s) = elements[2].kind else {
            Issue.record("bad array")
            return
        }
        #expect(s == "é😀\n")
    }
}
