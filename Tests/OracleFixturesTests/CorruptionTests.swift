import Foundation
import OracleTestSupport
import Testing
@testable import OracleFixtures
import OracleRandom

/// Thousands of seeded random corruptions of real fixture and results files: each must either
/// read as a valid file or be refused with a typed, one-line `FixtureError`. Never a crash.
struct CorruptionTests {
    /// Corruptions per file in the default run; `LATENT_ORACLE_LONG_TESTS=1` runs 25 000.
    static var rounds: Int { LongTests.enabled ? 25_000 : 3_000 }

    /// Bytes that are likely to break structure in interesting ways.
    static let structural: [UInt8] =
        Array("{}[]\",:0123456789.eE+-\\ \nntfNI\u{7F}".utf8) + [0x00, 0xC3, 0xFF, 0xE2, 0x80]

    /// One to three random edits: byte overwrite, bit flip, truncation, deletion, insertion,
    /// duplication of a span.
    static func corrupt(_ bytes: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var out = bytes
        for _ in 0..<Int.random(in: 1...3, using: &random) where !out.isEmpty {
            let i = Int.random(in: 0..<out.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0: out[i] = structural.randomElement(using: &random)!
            case 1: out[i] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
            case 2: out.removeSubrange(i...)
            case 3: out.removeSubrange(i..<min(out.count, i + Int.random(in: 1...40, using: &random)))
            case 4:
                out.insert(
                    contentsOf: (0..<Int.random(in: 1...4, using: &random)).map { _ in
                        structural.randomElement(using: &random)!
                    }, at: i)
            default:
                let j = min(out.count, i + Int.random(in: 1...60, using: &random))
                out.insert(contentsOf: out[i..<j], at: Int.random(in: 0...out.count, using: &random))
            }
        }
        return out
    }

    struct Tally {
        var valid = 0
        var refused = 0
        var kinds: Set<String> = []
    }

    static func run(_ bytes: [UInt8], seed: UInt64, decode: ([UInt8]) throws(FixtureError) -> Void) -> Tally {
        var random = SplitMix64(seed: seed)
        var tally = Tally()
        for _ in 0..<rounds {
            let corrupted = corrupt(bytes, &random)
            do {
                try decode(corrupted)
                tally.valid += 1
            } catch {
                tally.refused += 1
                tally.kinds.insert(error.kind.rawValue)
                #expect(!error.description.contains("\n") && error.description.hasPrefix("c.json"), "\(error)")
            }
        }
        return tally
    }

    @Test(
        "corrupted fixture files are read or refused with a typed error",
        arguments: ["categorical-edges", "splitmix64"])
    func fixtureFiles(variant: String) throws {
        let file = try #require(try TestFixtures.file(variant))
        let tally = Self.run(TestFixtures.bytes(file.canonicalText), seed: variant == "splitmix64" ? 1 : 2) {
            bytes throws(FixtureError) in
            _ = try FixtureFile.decode(bytes, source: "c.json")
        }
        #expect(tally.valid + tally.refused == Self.rounds)
        // Both outcomes occur (an edit inside a comment is harmless), and the refusals span
        // several classes, so the test exercises more than the JSON syntax layer.
        #expect(tally.valid > 0 && tally.refused > Self.rounds / 2)
        #expect(tally.kinds.count >= 4, "\(tally.kinds)")
    }

    @Test("corrupted results files are read or refused with a typed error")
    func resultsFiles() throws {
        let file = try #require(try TestFixtures.file("splitmix64"))
        let text = JSONWriter.write(TestFixtures.perfectResults(for: file).json)
        let tally = Self.run(TestFixtures.bytes(text), seed: 3) { bytes throws(FixtureError) in
            let results = try ResultsFile.decode(bytes, source: "c.json")
            if results.family == file.family && results.variant == file.variant {
                _ = try Verifier.verify(results, against: file, resultsSource: "c.json")
            }
        }
        #expect(tally.valid > 0 && tally.refused > 0)
    }
}
