import Testing

@testable import OracleFixtures

/// A group large enough to be decoded on several threads reads the same as in one pass.
struct LargeGroupDecodingTests {
    func file(count: Int) -> FixtureFile { SyntheticFixtureFiles.large(count: count) }

    @Test("10 000 cases decode in their order, equal to the file written")
    func orderKept() throws {
        let written = file(count: 10_000)
        let read = try FixtureFile.decode(TestFixtures.bytes(written.canonicalText), source: "f")
        #expect(read == written)
    }

    @Test("with two bad cases far apart, the error names the first, as a single pass would")
    func firstErrorReported() throws {
        var text = file(count: 10_000).canonicalText
        for bad in ["c9000", "c4500"] {
            let range = try #require(text.range(of: "\"test/v/g/\(bad)\""))
            text.replaceSubrange(range, with: "\"test/v/g/\(bad) bad\"")
        }
        #expect {
            try FixtureFile.decode(TestFixtures.bytes(text), source: "f")
        } throws: { error in
            "\(error)".contains("c4500 bad") && !"\(error)".contains("c9000")
        }
    }
}
