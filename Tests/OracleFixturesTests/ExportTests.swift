import Foundation
import Testing
@testable import OracleFixtures

/// The exporters are deterministic, the writer and reader agree, and `check` catches any edit.
struct ExportTests {
    @Test("regenerating the fixtures is byte-identical, and read-then-write is the identity")
    func deterministic() throws {
        let again = try RandomnessExporter().makeFiles()
        #expect(again.count == 2)
        for (a, b) in zip(try TestFixtures.randomness, again) {
            #expect(a.canonicalText == b.canonicalText)
            let reread = try FixtureFile.decode(TestFixtures.bytes(a.canonicalText), source: a.relativePath)
            #expect(reread == a)
            #expect(reread.canonicalText == a.canonicalText)
        }
    }

    @Test("the randomness vectors start with SplitMix64's published first outputs")
    func publishedVectors() throws {
        // First outputs of SplitMix64 from seed 0 and seed 1, as in the reference C code of
        // Steele, Lea & Flood (and Vigna's splitmix64.c), not computed here.
        let file = try #require(try TestFixtures.file("splitmix64"))
        let words = file.cases.filter { $0.id.contains("/words/") }
        func firstWord(_ fixtureCase: FixtureCase) -> FixtureValue? {
            guard case .values(let v) = fixtureCase.expected, case .array(_, let data)? = v["words"] else { return nil }
            return data.first
        }
        #expect(firstWord(words[0]) == .word(0xe220_a839_7b1d_cdaf))
        #expect(firstWord(words[1]) == .word(0x910a_2dec_8902_5cc1))
    }

    @Test("the committed Fixtures/ are exactly what this build exports")
    func committedMatch() throws {
        let generated = FixtureExport.render(try FixtureExport.generate())
        let drifts = try FixtureCheck.compare(generated, with: TestFixtures.repositoryFixtures)
        #expect(drifts.isEmpty, "\(drifts)")
    }

    @Test("a one-character edit to a fixture makes check fail, naming the file, case and line")
    func oneCharacterEdit() throws {
        let directory = FixtureDirectory(
            path: FileManager.default.temporaryDirectory
                .appendingPathComponent("latent-oracle-check-\(ProcessInfo.processInfo.processIdentifier)").path)
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        let generated = FixtureExport.render(try TestFixtures.randomness)
        for file in generated { try directory.writeAtomically(file.text, to: file.relativePath) }
        #expect(try FixtureCheck.compare(generated, with: directory).isEmpty)
        // No temporary files are left behind by the atomic writes.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.url("randomness").path).filter {
            $0.hasPrefix(".")
        }
        #expect(leftovers.isEmpty)

        let path = "randomness/splitmix64.json"
        let text = try #require(generated.first { $0.relativePath == path }).text
        let anchor = try #require(text.range(of: "\"0x6e789e6aa1b965f4\""))  // words[1] of seed 0
        var edited = text
        edited.replaceSubrange(anchor, with: "\"0x6e789e6aa1b965f5\"")
        try directory.writeAtomically(edited, to: path)
        let drifts = try FixtureCheck.compare(generated, with: directory)
        #expect(drifts.count == 1)
        let line = text[..<anchor.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(drifts.first?.relativePath == path)
        #expect(
            drifts.first?.problem.hasPrefix(
                "first difference in case randomness/splitmix64/words/seed-0000000000000000, line \(line):") == true,
            "\(drifts)")
    }

    @Test("a stale fixture file is reported as drift")
    func staleFile() throws {
        let directory = FixtureDirectory(
            path: FileManager.default.temporaryDirectory
                .appendingPathComponent("latent-oracle-stale-\(ProcessInfo.processInfo.processIdentifier)").path)
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        let generated = FixtureExport.render(try TestFixtures.randomness)
        for file in generated { try directory.writeAtomically(file.text, to: file.relativePath) }
        try directory.writeAtomically("{}\n", to: "randomness/old.json")
        let drifts = try FixtureCheck.compare(generated, with: directory)
        #expect(drifts.map(\.relativePath) == ["randomness/old.json"])
    }

    @Test("the manifest counts every case and flag")
    func manifest() throws {
        let manifest = Manifest(files: try TestFixtures.randomness)
        #expect(try manifest.totalCases == TestFixtures.randomness.reduce(0) { $0 + $1.cases.count })
        #expect(manifest.entries.map(\.path) == ["randomness/categorical-edges.json", "randomness/splitmix64.json"])
        #expect(manifest.entries.first?.errorCases == 5)
        #expect(manifest.flags.count == 7)
    }
}
