import Testing
@testable import OracleFixtures

/// The canonical writer: one spelling per tree.
struct JSONWriterTests {
    @Test("layout: two-space indent, inline all-scalar containers, trailing newline")
    func layout() {
        let tree = JSON.object([
            JSONMember("a", .array([.integer(1), .integer(2)])),
            JSONMember("b", .object([JSONMember("x", .string("y"))])),
            JSONMember("c", .array([.object([JSONMember("k", .bool(true))])])),
            JSONMember("d", .object([])),
        ])
        let expected = """
            {
              "a": [1, 2],
              "b": { "x": "y" },
              "c": [
                { "k": true }
              ],
              "d": {}
            }

            """
        #expect(JSONWriter.write(tree) == expected)
    }

    @Test("all-scalar containers longer than the limit are written one child per line")
    func longLines() {
        let long = JSON.array((0..<40).map { .string("item\($0)") })
        let text = JSONWriter.write(long)
        #expect(text.split(separator: "\n").count == 42)
    }

    @Test(
        "strings are escaped canonically and read back unchanged",
        arguments: [
            ("plain", "\"plain\""), ("q\"b\\", "\"q\\\"b\\\\\""), ("\n\t\r\u{08}\u{0C}", "\"\\n\\t\\r\\b\\f\""),
            ("\u{01}\u{1F}", "\"\\u0001\\u001f\""), ("γ é", "\"γ é\""), ("/", "\"/\""),
        ])
    func escaping(raw: String, quoted: String) throws {
        #expect(JSONWriter.quote(raw) == quoted)
        let node = try JSONParser.parse(Array(quoted.utf8), source: "s")
        guard case .string(let back) = node.kind else {
            Issue.record("not a string")
            return
        }
        #expect(back == raw)
    }
}
