import Foundation

/// A tiny repository written to a temporary directory: one correct Proof with its source, test
/// and fixture files, which the checker's own tests break one way at a time.
struct SampleRepository {
    var files: [String: String] = [
        "Proofs/README.md": """
        # Proofs
        - [01-sample.md](01-sample.md) — traced

        """,
        "Proofs/01-sample.md": """
        # 01 · Sample

        ## Result
        ### SAM-1 · Widgets have areas
        The area of a square widget is its width squared.
        - Code: `Sources/LatentDerivations/Sample.swift` · `Widget`
        - Code: `Sources/LatentDerivations/Sample.swift` · `Widget.area`
        - Code: `Sources/LatentDerivations/Sample.swift` · `Shape.circle`
        - Test: `Tests/SampleTests/WidgetTests.swift` · `areaIsProduct`
        - Fixture: `Fixtures/sample/widgets.json` · `areas`

        ### SAM-2 · Doubling is linear
        2(a + b) = 2a + 2b.
        - Code: none (algebra)
        - Code: `Sources/LatentDerivations/Sample.swift` · `double`
        - Test: `Tests/SampleTests/WidgetTests.swift` · `parameterised`

        """,
        "Sources/LatentDerivations/Sample.swift": """
        /// A widget. `func ghost(` appears only in this comment.
        public struct Widget: Sendable {
            public var width: Double
            public init(width: Double) { self.width = width }
            /// The area.
            public func area() -> Double { width * width }
            func helper() -> Int { 1 }
        }

        public enum Shape {
            case square, circle
        }

        public func double(_ x: Double) -> Double { 2 * x }

        """,
        "Tests/SampleTests/WidgetTests.swift": """
        import Testing
        struct WidgetTests {
            @Test func areaIsProduct() { #expect(2.0 * 2.0 == 4.0) }
            func helperWithoutAttribute() -> Double { 4 }
            @Test("a described test", arguments: [1, 2])
            func parameterised(n: Int) { #expect(n > 0) }
        }

        """,
        "Fixtures/sample/widgets.json": """
        { "schema": "latent-oracle-fixture", "testGroups": [ { "id": "areas", "cases": [] } ] }

        """,
    ]

    /// Replaces `old` by `new` in `path` (which must contain it).
    func replacing(_ old: String, with new: String, in path: String) -> SampleRepository {
        var copy = self
        precondition(files[path]?.contains(old) == true, "sample \(path) lacks \(old)")
        copy.files[path] = files[path]!.replacingOccurrences(of: old, with: new)
        return copy
    }

    func adding(_ path: String, _ text: String) -> SampleRepository {
        var copy = self
        copy.files[path] = text
        return copy
    }

    /// The 1-based line of the first line of `path` that contains `fragment`.
    func line(of fragment: String, in path: String) -> Int {
        let lines = (files[path] ?? "").split(separator: "\n", omittingEmptySubsequences: false)
        return (lines.firstIndex { $0.contains(fragment) } ?? -1) + 1
    }

    /// Writes the files under a fresh temporary directory, runs the checker, removes the directory.
    func check() throws -> [TraceabilityIssue] {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("traceability-sample-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("Proofs"), withIntermediateDirectories: true)
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return try TraceabilityChecker(root: root).check()
    }
}
