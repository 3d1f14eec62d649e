import Foundation

/// A broken link between a Proof and the repository, located at `file:line`.
struct TraceabilityIssue: Equatable, Sendable, CustomStringConvertible {
    enum Kind: String, Sendable {
        case malformedLine, stepWithoutCode, missingFile, missingSymbol, missingTest
        case unreadableFixture, missingFixtureGroup, duplicateStepID, orphanAPI, unindexedProof, noProofs
    }
    var kind: Kind
    /// Repository-relative file the issue is reported in.
    var file: String
    var line: Int
    var stepID: String?
    var message: String

    var description: String {
        "\(file):\(line): " + (stepID.map { "\($0): " } ?? "") + message
    }
}

/// Checks every `Proofs/*.md` (except `README.md`) under a repository root:
/// 1. the Proof format parses (step headings, link lines); every step has a `Code:` line;
/// 2. each named file exists; each `Code:` symbol is declared in its file (`SourceDeclarations`);
/// 3. each `Test:` names an `@Test func <name>(` in its test file;
/// 4. each `Fixture:` file is JSON with a test group of that id;
/// 5. step ids are unique across all Proofs;
/// 6. every public API of `Sources/LatentDerivations/**/*.swift` is named by some step (`PublicAPIScanner`);
/// 7. `Proofs/README.md` mentions every Proof file (the index).
struct TraceabilityChecker {
    let root: URL
    /// Where the public API that must be traced lives, relative to `root`.
    var derivationsDirectory = "Sources/LatentDerivations"

    init(root: URL) { self.root = root }

    /// The parsed Proofs, sorted by file name.
    func proofs() throws -> [ProofDocument] {
        let directory = root.appendingPathComponent("Proofs")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".md") && $0 != "README.md" }
            .sorted()
        return try names.map { name in
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            return ProofParser.parse(text, path: "Proofs/\(name)")
        }
    }

    /// Every issue, in Proof order, then orphans, then the index.
    func check() throws -> [TraceabilityIssue] {
        let documents = try proofs()
        var issues: [TraceabilityIssue] = []
        guard !documents.isEmpty else {
            return [TraceabilityIssue(kind: .noProofs, file: "Proofs", line: 0, message: "no Proof files found")]
        }
        var firstSeen: [String: (file: String, line: Int)] = [:]
        var cache = FileCache(root: root)
        for document in documents {
            issues += document.malformed
            for step in document.steps {
                func issue(_ kind: TraceabilityIssue.Kind, _ line: Int, _ message: String) {
                    issues.append(
                        TraceabilityIssue(
                            kind: kind, file: document.path, line: line, stepID: step.id, message: message))
                }
                if let first = firstSeen[step.id] {
                    issue(
                        .duplicateStepID, step.line, "duplicate step id (first defined at \(first.file):\(first.line))")
                } else {
                    firstSeen[step.id] = (document.path, step.line)
                }
                if !step.links.contains(where: { $0.kind == .code }) {
                    issue(
                        .stepWithoutCode, step.line,
                        "step has no `- Code:` line (use `- Code: none (algebra)` for pure algebra)")
                }
                for link in step.links {
                    guard let path = link.path, let symbol = link.symbol else { continue }
                    guard let text = cache.text(path) else {
                        issue(.missingFile, link.line, "\(link.kind.rawValue) file `\(path)` does not exist")
                        continue
                    }
                    switch link.kind {
                    case .code:
                        if !cache.declarations(path, text).declares(symbol) {
                            issue(.missingSymbol, link.line, "symbol `\(symbol)` is not declared in `\(path)`")
                        }
                    case .test:
                        let declarations = cache.declarations(path, text)
                        if !declarations.declaresFunction(symbol) {
                            issue(.missingTest, link.line, "test `\(symbol)` (a `func \(symbol)(`) is not in `\(path)`")
                        } else if !declarations.declaresTest(symbol) {
                            issue(.missingTest, link.line, "`func \(symbol)(` in `\(path)` is not marked `@Test`")
                        }
                    case .fixture:
                        switch Self.fixtureGroups(text) {
                        case .none:
                            issue(
                                .unreadableFixture, link.line, "fixture `\(path)` is not JSON with a `testGroups` array"
                            )
                        case .some(let groups) where !groups.contains(symbol):
                            issue(
                                .missingFixtureGroup, link.line,
                                "fixture group `\(symbol)` is not in `\(path)` "
                                    + "(it has: \(groups.sorted().joined(separator: ", ")))"
                            )
                        default: break
                        }
                    }
                }
            }
        }
        issues += try orphans(in: documents)
        issues += try indexIssues(documents)
        return issues
    }

    /// Public derivation APIs that no step names.
    func orphans(in documents: [ProofDocument]) throws -> [TraceabilityIssue] {
        let named = Set(
            documents.flatMap { $0.steps.flatMap { $0.links.filter { $0.kind == .code }.compactMap(\.symbol) } })
        // `Type.member` also covers `Type`; so record every prefix of a dotted name.
        let namedTypes = Set(
            named.flatMap { symbol -> [String] in
                let parts = symbol.split(separator: ".").map(String.init)
                return (1..<max(parts.count, 1)).map { parts[0..<$0].joined(separator: ".") }
            })
        return try publicAPI().compactMap { api in
            let covered =
                named.contains(api.name)
                || namedTypes.contains(api.name)
                || api.enclosingType.map { named.contains($0) } ?? false
            guard !covered else { return nil }
            return TraceabilityIssue(
                kind: .orphanAPI, file: api.file, line: api.line, stepID: nil,
                message: "public API `\(api.name)` is named by no Proof step")
        }
    }

    /// The public API of the derivations module, in file order.
    func publicAPI() throws -> [PublicAPI] {
        let directory = root.appendingPathComponent(derivationsDirectory)
        guard let enumerator = FileManager.default.enumerator(atPath: directory.path) else { return [] }
        let files = enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.sorted()
        return try files.flatMap { relative in
            let text = try String(contentsOf: directory.appendingPathComponent(relative), encoding: .utf8)
            return PublicAPIScanner.scan(text: text, file: "\(derivationsDirectory)/\(relative)")
        }
    }

    /// Proof files that `Proofs/README.md` does not mention.
    func indexIssues(_ documents: [ProofDocument]) throws -> [TraceabilityIssue] {
        let index = try String(contentsOf: root.appendingPathComponent("Proofs/README.md"), encoding: .utf8)
        return documents.compactMap { document in
            let name = String(document.path.dropFirst("Proofs/".count))
            guard !index.contains(name) else { return nil }
            return TraceabilityIssue(
                kind: .unindexedProof, file: document.path, line: 1, stepID: nil,
                message: "Proof is not listed in Proofs/README.md")
        }
    }

    /// The ids of the fixture's test groups, or `nil` when it is not a fixture.
    static func fixtureGroups(_ text: String) -> Set<String>? {
        guard let data = text.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let groups = object["testGroups"] as? [[String: Any]]
        else { return nil }
        return Set(groups.compactMap { $0["id"] as? String })
    }
}

/// Reads each named file once.
private struct FileCache {
    let root: URL
    private var texts: [String: String?] = [:]
    private var parsed: [String: SourceDeclarations] = [:]

    init(root: URL) { self.root = root }

    mutating func text(_ path: String) -> String? {
        if let cached = texts[path] { return cached }
        let url = root.appendingPathComponent(path)
        var isDirectory: ObjCBool = false
        let text =
            FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
            ? try? String(contentsOf: url, encoding: .utf8) : nil
        texts[path] = .some(text)
        return text
    }

    mutating func declarations(_ path: String, _ text: String) -> SourceDeclarations {
        if let cached = parsed[path] { return cached }
        let declarations = SourceDeclarations(text: text)
        parsed[path] = declarations
        return declarations
    }
}
