import Foundation

/// One `- Code:`, `- Test:` or `- Fixture:` line under a Proof step.
struct ProofLink: Equatable, Sendable {
    enum Kind: String, Sendable {
        case code = "Code"
        case test = "Test"
        case fixture = "Fixture"
    }
    var kind: Kind
    /// Repository-relative path; `nil` for `Code: none (algebra)`.
    var path: String?
    /// `Type.member`, a plain `name`, a test function name, or a fixture group id.
    var symbol: String?
    /// 1-based line in the Proof file.
    var line: Int
}

/// A numbered derivation step: `### RNG-1 · Title` and the link lines beneath it.
struct ProofStep: Equatable, Sendable {
    var id: String
    var title: String
    var line: Int
    var links: [ProofLink] = []
}

/// A parsed Proof file.
struct ProofDocument: Sendable {
    /// Repository-relative path, e.g. `Proofs/01-randomness.md`.
    var path: String
    var steps: [ProofStep]
    /// Lines that look like step headings or links but do not follow the format.
    var malformed: [TraceabilityIssue]
}

/// Parses the Proof format (see `Proofs/README.md`):
///
///     ### RNG-1 · SplitMix64 state transition
///     <derivation text>
///     - Code: `Sources/OracleRandom/SplitMix64.swift` · `SplitMix64.next`
///     - Code: none (algebra)
///     - Test: `Tests/OracleRandomTests/SplitMix64Tests.swift` · `referenceWordsForSeedZero`
///     - Fixture: `Fixtures/randomness/splitmix64.json` · `words`
///
/// Level-3 headings are reserved for steps; a step id is upper-case letters/digits, a hyphen and a
/// number (optionally a lower-case suffix: `KL-3a`). Every other line is free text.
enum ProofParser {
    static let stepHeading = try! NSRegularExpression(pattern: #"^### ([A-Z][A-Z0-9]*-[0-9]+[a-z]?) · (\S.*)$"#)
    static let linkLine = try! NSRegularExpression(pattern: #"^- (Code|Test|Fixture): `([^`]+)` · `([^`]+)`\s*$"#)
    static let algebraLine = "- Code: none (algebra)"

    static func parse(_ text: String, path: String) -> ProofDocument {
        var steps: [ProofStep] = []
        var malformed: [TraceabilityIssue] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(rawLine)
            let number = index + 1
            func complain(_ kind: TraceabilityIssue.Kind, _ message: String) {
                malformed.append(
                    TraceabilityIssue(kind: kind, file: path, line: number, stepID: steps.last?.id, message: message))
            }
            if line.hasPrefix("### ") {
                if let groups = match(stepHeading, line) {
                    steps.append(ProofStep(id: groups[0], title: groups[1], line: number))
                } else {
                    complain(.malformedLine, "malformed step heading; expected `### ID-n · Title`: \(line)")
                }
                continue
            }
            let isLink = ["- Code:", "- Test:", "- Fixture:"].contains { line.hasPrefix($0) }
            guard isLink else { continue }
            guard !steps.isEmpty else {
                complain(.malformedLine, "link outside any step: \(line)")
                continue
            }
            if line.trimmingCharacters(in: .whitespaces) == algebraLine {
                steps[steps.count - 1].links.append(ProofLink(kind: .code, path: nil, symbol: nil, line: number))
            } else if let groups = match(linkLine, line), let kind = ProofLink.Kind(rawValue: groups[0]) {
                steps[steps.count - 1].links.append(
                    ProofLink(kind: kind, path: groups[1], symbol: groups[2], line: number))
            } else {
                complain(.malformedLine, "malformed link; expected ``- Kind: `path` · `symbol` ``: \(line)")
            }
        }
        return ProofDocument(path: path, steps: steps, malformed: malformed)
    }

    /// The capture groups of `regex` on the whole of `line`, or `nil` when it does not match.
    static func match(_ regex: NSRegularExpression, _ line: String) -> [String]? {
        let range = NSRange(line.startIndex..., in: line)
        guard let result = regex.firstMatch(in: line, range: range) else { return nil }
        return (1..<result.numberOfRanges).map { i in
            Range(result.range(at: i), in: line).map { String(line[$0]) } ?? ""
        }
    }
}
