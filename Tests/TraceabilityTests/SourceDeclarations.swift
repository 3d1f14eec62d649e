import Foundation

/// What the traceability check can see of a source file: declarations found by pattern, not by
/// a compiler. Comment lines (`//`, `///`, `#`) and `/* … */` blocks are blanked first, so a
/// name mentioned in documentation does not count as declared.
struct SourceDeclarations: Sendable {
    /// The file's text with comments blanked (line numbers preserved).
    let code: String

    init(text: String) {
        code = Self.blankingComments(text)
    }

    /// `true` when `symbol` is declared here:
    /// - `Type.member` (also `Outer.Type.member`): some `struct|class|enum|protocol|actor Type` or
    ///   `extension Outer.Type` is in the file, and `member` is declared by `func|var|let|case|
    ///   typealias|struct|class|enum|…` (or is `init` / `subscript`) somewhere in the file;
    /// - a plain `name`: declared by any of those keywords, or by Python's `def`/`class`.
    func declares(_ symbol: String) -> Bool {
        let parts = symbol.split(separator: ".").map(String.init)
        guard let member = parts.last, !member.isEmpty else { return false }
        guard parts.count > 1 else { return declaresName(member) }
        let typePath = parts.dropLast().joined(separator: ".")
        let typeName = parts[parts.count - 2]
        let typeDeclared =
            contains(
                #"\b(struct|class|enum|protocol|actor)\s+"# + NSRegularExpression.escapedPattern(for: typeName) + #"\b"#
            )
            || contains(#"\bextension\s+"# + NSRegularExpression.escapedPattern(for: typePath) + #"\b"#)
        return typeDeclared && declaresName(member)
    }

    /// `true` when a function `name` is declared: `func name(`.
    func declaresFunction(_ name: String) -> Bool {
        contains(#"\bfunc\s+"# + NSRegularExpression.escapedPattern(for: name) + #"\s*[(<]"#)
    }

    /// `true` when `func name(` is declared with a Swift Testing `@Test` attribute: the text
    /// between the previous `func` (or the file start) and this declaration contains `@Test`.
    func declaresTest(_ name: String) -> Bool {
        let pattern = #"\bfunc\s+"# + NSRegularExpression.escapedPattern(for: name) + #"\s*[(<]"#
        guard let declaration = code.range(of: pattern, options: .regularExpression) else { return false }
        let before = code[..<declaration.lowerBound]
        let previous = before.range(of: #"\bfunc\s"#, options: [.regularExpression, .backwards])
        return before[(previous?.upperBound ?? before.startIndex)...].contains("@Test")
    }

    private func declaresName(_ name: String) -> Bool {
        let escaped = NSRegularExpression.escapedPattern(for: name)
        switch name {
        case "init": return contains(#"\binit[?!]?\s*[(<]"#)
        case "subscript": return contains(#"\bsubscript\s*[(<]"#)
        default: break
        }
        let isIdentifier = name.range(of: #"^[A-Za-z_][A-Za-z0-9_]*$"#, options: .regularExpression) != nil
        let end = isIdentifier ? #"\b"# : #"\s*[(<]"#  // operators: `func + (`
        let keywords = #"\b(func|var|let|typealias|struct|class|enum|protocol|actor|extension|def)\s+"#
        // Enum cases may be listed: `case a, b(Int), c`; a switch's `case .a:` has a dot and does not match.
        let enumCase = #"(?m)^\s*(indirect\s+)?case\s+([^\n]*[,\s])?"#
        return contains(keywords + escaped + end) || contains(enumCase + escaped + end)
    }

    private func contains(_ pattern: String) -> Bool {
        code.range(of: pattern, options: .regularExpression) != nil
    }

    /// Replaces comments by spaces, keeping newlines (so line numbers stay valid).
    static func blankingComments(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var inBlock = false
        for i in lines.indices {
            let trimmed = lines[i].trimmingCharacters(in: .whitespaces)
            if inBlock {
                if trimmed.contains("*/") { inBlock = false }
                lines[i] = ""
            } else if trimmed.hasPrefix("/*") {
                inBlock = !trimmed.contains("*/")
                lines[i] = ""
            } else if trimmed.hasPrefix("//") || trimmed.hasPrefix("#!") || trimmed.hasPrefix("# ") || trimmed == "#" {
                lines[i] = ""
            } else if let range = lines[i].range(of: " // ") {
                lines[i] = String(lines[i][..<range.lowerBound])  // trailing comment
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// One public declaration of the derivations module that a Proof step must name.
struct PublicAPI: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// `Type` for a type, `Type.member` for a member, `name` for a top-level function or value.
    var name: String
    /// The enclosing type, if any.
    var enclosingType: String?
    var file: String
    var line: Int
    var description: String { "`\(name)` (\(file):\(line))" }
}

/// Finds the public API of Swift sources by a line scanner that tracks braces.
///
/// **What counts** (documented in `Proofs/README.md`):
/// - every `public` (or `open`) `struct|class|enum|protocol|actor|typealias` → `Type`
///   (nested public types → `Outer.Inner`);
/// - every `public` `func|var|let|init|subscript` (any modifiers: `static`, `mutating`, …):
///   top level → `name`; inside a type or extension → `Type.member`. Members of a
///   `public extension` count as public even without their own `public`;
/// - overloads share one entry (`Type.init` covers every initialiser);
/// - enum cases and protocol requirements are covered by their type and are not listed.
///
/// **Coverage:** `Type` is covered when a step names `Type` or any `Type.member`; `Type.member`
/// when a step names `Type.member` or `Type`; a top-level `name` when a step names `name`.
enum PublicAPIScanner {
    private static let typeKeywords = ["struct", "class", "enum", "protocol", "actor"]
    private static let modifiers =
        #"(?:(?:static|class|final|mutating|nonmutating|override|convenience|required|lazy|indirect|nonisolated|"#
        + #"(?:private|fileprivate|internal)\(set\))\s+)*"#
    private static let attributes = #"(?:@[A-Za-z_]+(?:\([^)]*\))?\s+)*"#
    private static let declaration = try! NSRegularExpression(
        pattern: #"^\s*"# + attributes + #"((?:public|open)\s+)?"# + modifiers
            + #"(struct|class|enum|protocol|actor|extension|typealias|func|var|let|init|subscript)\b[?!]?\s*"#
            + #"([A-Za-z_][A-Za-z0-9_.]*|[^\sA-Za-z0-9_(<{]+)?"#
    )

    static func scan(text: String, file: String) -> [PublicAPI] {
        var found: [PublicAPI] = []
        // Open type scopes: (name, brace depth inside the body, members public by default).
        var scopes: [(name: String, depth: Int, isPublicExtension: Bool, isProtocol: Bool)] = []
        var depth = 0
        let code = SourceDeclarations.blankingComments(text)
        for (index, rawLine) in code.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = stringsBlanked(String(rawLine))
            let enclosing = scopes.last.flatMap { $0.depth == depth ? $0 : nil }
            let insideOtherCode = scopes.last.map { $0.depth != depth } ?? (depth != 0)
            if let groups = ProofParser.match(declaration, line), !insideOtherCode {
                let isPublic = !groups[0].isEmpty || (enclosing?.isPublicExtension ?? false)
                let keyword = groups[1]
                let name = keyword == "init" || keyword == "subscript" ? keyword : groups[2]
                let qualified = enclosing.map { "\($0.name).\(name)" } ?? name
                if typeKeywords.contains(keyword) || keyword == "extension" {
                    if line.contains("{") {
                        let scopeName = keyword == "extension" ? name : qualified
                        scopes.append((scopeName, depth + 1, keyword == "extension" && isPublic, keyword == "protocol"))
                    }
                }
                if isPublic && keyword != "extension" && !(enclosing?.isProtocol ?? false) && !name.isEmpty {
                    let api = PublicAPI(name: qualified, enclosingType: enclosing?.name, file: file, line: index + 1)
                    if !found.contains(where: { $0.name == api.name }) { found.append(api) }
                }
            }
            for character in line {
                if character == "{" { depth += 1 }
                if character == "}" {
                    depth -= 1
                    while let last = scopes.last, last.depth > depth { scopes.removeLast() }
                }
            }
        }
        return found
    }

    /// The line with string-literal contents removed, so braces inside strings are not counted.
    private static func stringsBlanked(_ line: String) -> String {
        line.replacingOccurrences(of: #""([^"\\]|\\.)*""#, with: "\"\"", options: .regularExpression)
    }
}
