import Foundation
import Testing
import OracleTestSupport

/// Code, fixtures and test names describe what things are, not which tracker entry they came
/// from: the text `issue <digit>` (any case) appears nowhere in Sources/ or Fixtures/, nor in a
/// test's or suite's display name.
@Suite("no tracker references in code, fixtures or test names")
struct IssueNumberTests {
    static let pattern = try! NSRegularExpression(pattern: "issue [0-9]", options: [.caseInsensitive])

    /// The 1-based numbers of the lines of `text` that match `pattern`.
    static func matchingLines(_ text: String) -> [Int] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
            let line = String(line)
            let range = NSRange(line.startIndex..., in: line)
            return pattern.firstMatch(in: line, range: range) == nil ? nil : index + 1
        }
    }

    /// The display names of the `@Test` and `@Suite` attributes in `text` (the first argument when
    /// it is a string literal).
    static func displayNames(_ text: String) -> [String] {
        let attribute = try! NSRegularExpression(pattern: #"@(Test|Suite)\(\s*"((?:[^"\\]|\\.)*)""#)
        return attribute.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 2), in: text).map { String(text[$0]) }
        }
    }

    /// The text files under `folder`, as paths relative to the repository root.
    static func files(under folder: String) throws -> [String] {
        let base = RepositoryRoot.appending(folder)
        let enumerator = try #require(FileManager.default.enumerator(atPath: base.path))
        return enumerator.compactMap { $0 as? String }.filter { !$0.hasPrefix(".") }.sorted().map { folder + "/" + $0 }
    }

    @Test("no line of Sources/ or Fixtures/ mentions an issue number")
    func sourcesAndFixtures() throws {
        var scanned = 0
        for path in try Self.files(under: "Sources") + Self.files(under: "Fixtures") {
            guard let text = try? String(contentsOf: RepositoryRoot.appending(path), encoding: .utf8) else { continue }
            scanned += 1
            for line in Self.matchingLines(text) { Issue.record("\(path):\(line) mentions an issue number") }
        }
        #expect(scanned > 100, "only \(scanned) text files under Sources/ and Fixtures/")
    }

    @Test("no test or suite display name mentions an issue number")
    func testNames() throws {
        var names = 0
        for path in try Self.files(under: "Tests") where path.hasSuffix(".swift") {
            let text = try String(contentsOf: RepositoryRoot.appending(path), encoding: .utf8)
            for name in Self.displayNames(text) {
                names += 1
                if !Self.matchingLines(name).isEmpty { Issue.record("\(path): display name \"\(name)\"") }
            }
        }
        #expect(names > 100, "only \(names) display names found under Tests/")
    }

    @Test("the scan finds a mention in a line and in a display name")
    func scanFindsMentions() {
        #expect(Self.matchingLines("first\nsee Issue 12 here\nissue x") == [2])
        #expect(Self.displayNames(#"@Test("a \"b\" c") func f() {}"#) == [#"a \"b\" c"#])
        #expect(Self.displayNames("@Suite(\n    \"multi-line\")") == ["multi-line"])
    }
}
