import Foundation
import Testing

/// The traceability check's own tests: a correct sample passes, and each way of breaking it
/// makes exactly the expected check fail with a message located at file:line and step.
@Suite("The traceability checker on sample Proofs")
struct TraceabilityCheckerTests {
    static let proof = "Proofs/01-sample.md"
    static let source = "Sources/LatentDerivations/Sample.swift"
    static let sample = SampleRepository()

    /// A broken sample and the one issue it must produce.
    struct Breakage: CustomTestStringConvertible, Sendable {
        var name: String
        var repository: SampleRepository
        var kind: TraceabilityIssue.Kind
        var file: String
        /// A fragment of the line the issue must point at.
        var lineFragment: String
        var stepID: String?
        var messageFragment: String
        var testDescription: String { name }
    }

    /// A breakage made by replacing `find` with `replace` in the sample Proof, reported there.
    static func proofEdit(
        _ name: String, replacing find: String, with replace: String, _ kind: TraceabilityIssue.Kind,
        at lineFragment: String, step: String?, _ message: String
    ) -> Breakage {
        Breakage(
            name: name, repository: sample.replacing(find, with: replace, in: proof), kind: kind, file: proof,
            lineFragment: lineFragment, stepID: step, messageFragment: message)
    }

    static let breakages: [Breakage] = [
        proofEdit(
            "missing source file", replacing: "Sample.swift` · `Widget.area`", with: "Missing.swift` · `Widget.area`",
            .missingFile, at: "Missing.swift", step: "SAM-1",
            "Code file `Sources/LatentDerivations/Missing.swift` does not exist"),
        proofEdit(
            "member not declared", replacing: "`Widget.area`", with: "`Widget.volume`",
            .missingSymbol, at: "Widget.volume", step: "SAM-1",
            "symbol `Widget.volume` is not declared in `\(source)`"),
        proofEdit(
            "type not declared", replacing: "`Widget.area`", with: "`Gadget.area`",
            .missingSymbol, at: "Gadget.area", step: "SAM-1", "symbol `Gadget.area` is not declared"),
        Breakage(
            name: "name mentioned only in a comment",
            repository: sample.replacing(
                "- Code: none (algebra)\n",
                with: "- Code: none (algebra)\n- Code: `\(source)` · `ghost`\n", in: proof),
            kind: .missingSymbol, file: proof, lineFragment: "`ghost`", stepID: "SAM-2",
            messageFragment: "symbol `ghost` is not declared"),
        proofEdit(
            "test function missing", replacing: "`areaIsProduct`", with: "`volumeIsCube`",
            .missingTest, at: "volumeIsCube", step: "SAM-1",
            "test `volumeIsCube` (a `func volumeIsCube(`) is not in `Tests/SampleTests/WidgetTests.swift`"),
        proofEdit(
            "test is a helper without @Test", replacing: "`areaIsProduct`", with: "`helperWithoutAttribute`",
            .missingTest, at: "helperWithoutAttribute", step: "SAM-1",
            "`func helperWithoutAttribute(` in `Tests/SampleTests/WidgetTests.swift` is not marked `@Test`"),
        proofEdit(
            "test file missing", replacing: "WidgetTests.swift` · `areaIsProduct`",
            with: "GoneTests.swift` · `areaIsProduct`",
            .missingFile, at: "GoneTests", step: "SAM-1", "Test file `Tests/SampleTests/GoneTests.swift` does not exist"
        ),
        proofEdit(
            "fixture group missing", replacing: "`areas`", with: "`volumes`",
            .missingFixtureGroup, at: "volumes", step: "SAM-1",
            "fixture group `volumes` is not in `Fixtures/sample/widgets.json` (it has: areas)"),
        Breakage(
            name: "fixture not JSON",
            repository: sample.adding("Fixtures/sample/widgets.json", "not json"),
            kind: .unreadableFixture, file: proof, lineFragment: "Fixture:", stepID: "SAM-1",
            messageFragment: "is not JSON with a `testGroups` array"),
        Breakage(
            name: "step id duplicated across Proofs",
            repository:
                sample
                .adding("Proofs/02-again.md", "# 02\n### SAM-1 · Again\n- Code: none (algebra)\n")
                .replacing(
                    "traced\n", with: "traced\n- [02-again.md](02-again.md) — partial\n", in: "Proofs/README.md"),
            kind: .duplicateStepID, file: "Proofs/02-again.md", lineFragment: "", stepID: "SAM-1",
            messageFragment: "duplicate step id (first defined at Proofs/01-sample.md:4)"),
        Breakage(
            name: "public function named by no step",
            repository: sample.replacing(
                "public func double", with: "public func triple(_ x: Double) -> Double { 3 * x }\npublic func double",
                in: source),
            kind: .orphanAPI, file: source, lineFragment: "public func triple", stepID: nil,
            messageFragment: "public API `triple` is named by no Proof step"),
        Breakage(
            name: "public member in an extension named by no step",
            repository: sample.replacing(
                "public func double", with: "extension Shape {\n    public var sides: Int { 4 }\n}\npublic func double",
                in: source),
            kind: .orphanAPI, file: source, lineFragment: "public var sides", stepID: nil,
            messageFragment: "public API `Shape.sides` is named by no Proof step"),
        Breakage(
            name: "public type named by no step",
            repository: sample.replacing(
                "public func double", with: "public struct Gizmo {}\npublic func double", in: source),
            kind: .orphanAPI, file: source, lineFragment: "Gizmo", stepID: nil,
            messageFragment: "public API `Gizmo` is named by no Proof step"),
        Breakage(
            name: "link without backticks",
            repository: sample.replacing(
                "- Test: `Tests/SampleTests/WidgetTests.swift` · `areaIsProduct`",
                with: "- Test: Tests/SampleTests/WidgetTests.swift · areaIsProduct", in: proof),
            kind: .malformedLine, file: proof, lineFragment: "- Test:", stepID: "SAM-1",
            messageFragment: "malformed link"),
        proofEdit(
            "malformed step heading", replacing: "### SAM-2 · Doubling is linear",
            with: "### SAM 2 - Doubling is linear",
            .malformedLine, at: "### SAM 2", step: "SAM-1", "malformed step heading"),
        Breakage(
            name: "step without a Code line",
            repository: sample.replacing(
                "- Code: none (algebra)\n- Code: `Sources/LatentDerivations/Sample.swift` · `double`\n",
                with: "", in: proof
            )
            .replacing("public func double", with: "func double", in: source),
            kind: .stepWithoutCode, file: proof, lineFragment: "### SAM-2", stepID: "SAM-2",
            messageFragment: "step has no `- Code:` line"),
        Breakage(
            name: "Proof missing from the index",
            repository: sample.replacing(
                "- [01-sample.md](01-sample.md) — traced\n", with: "", in: "Proofs/README.md"),
            kind: .unindexedProof, file: proof, lineFragment: "# 01", stepID: nil,
            messageFragment: "not listed in Proofs/README.md"),
    ]

    @Test("the correct sample passes every check")
    func correctSamplePasses() throws {
        let issues = try Self.sample.check()
        #expect(issues.isEmpty, "\(issues)")
    }

    @Test("each breakage fails exactly the expected check, at file:line and step", arguments: breakages)
    func breakageIsReported(_ breakage: Breakage) throws {
        let issues = try breakage.repository.check()
        try #require(issues.count == 1, "expected one issue, got \(issues)")
        let issue = issues[0]
        #expect(issue.kind == breakage.kind)
        #expect(issue.file == breakage.file)
        let expectedLine =
            breakage.lineFragment.isEmpty
            ? 2 : breakage.repository.line(of: breakage.lineFragment, in: breakage.file)
        #expect(issue.line == expectedLine, "\(issue)")
        #expect(issue.stepID == breakage.stepID)
        #expect(issue.message.contains(breakage.messageFragment), "\(issue.message)")
        #expect(issue.description.hasPrefix("\(breakage.file):\(expectedLine): "))
    }

    @Test("an empty Proofs folder is an issue, not a pass")
    func noProofsIsAnIssue() throws {
        var empty = SampleRepository()
        empty.files = ["Proofs/README.md": "# Proofs\n"]
        #expect(try empty.check().map(\.kind) == [.noProofs])
    }

    @Test("the parser reads steps, links and algebra lines")
    func parserReadsTheFormat() {
        let document = ProofParser.parse(Self.sample.files[Self.proof]!, path: Self.proof)
        #expect(document.malformed.isEmpty)
        #expect(document.steps.map(\.id) == ["SAM-1", "SAM-2"])
        #expect(document.steps[0].title == "Widgets have areas")
        #expect(document.steps[0].links.map(\.kind) == [.code, .code, .code, .test, .fixture])
        #expect(document.steps[0].links[1] == ProofLink(kind: .code, path: Self.source, symbol: "Widget.area", line: 7))
        #expect(document.steps[1].links[0] == ProofLink(kind: .code, path: nil, symbol: nil, line: 14))
    }

    @Test("the public API scanner lists types, members, inits and top-level functions")
    func scannerListsPublicAPI() {
        let text = """
            public struct Box<T: Sendable>: Sendable {
                public let value: T
                public init(value: T) { self.value = value }
                public init() where T == Int { value = 0 }
                @inlinable public static func + (a: Box, b: Box) -> Box { a }
                func internalHelper() { let _ = "{" }
                public struct Inner {
                    public var x = 1
                }
            }
            public extension Box {
                func implicitlyPublic() -> T { value }
            }
            public protocol Shaped { func area() -> Double }
            public func top() {}
            func hidden() { public_like() }
            """
        let names = PublicAPIScanner.scan(text: text, file: "F.swift").map(\.name)
        #expect(
            names == [
                "Box", "Box.value", "Box.init", "Box.+", "Box.Inner", "Box.Inner.x",
                "Box.implicitlyPublic", "Shaped", "top",
            ])
    }
}
