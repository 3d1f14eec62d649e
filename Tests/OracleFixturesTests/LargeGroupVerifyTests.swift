import Testing

@testable import OracleFixtures

/// A group large enough to be judged on several threads gives the verdicts a single pass would:
/// in the fixture's case order, whatever the order of the results.
struct LargeGroupVerifyTests {
    static let count = 10_000

    static let fixture = SyntheticFixtureFiles.large(count: count)

    /// Results for every case but `missing`, with `wrong` answered off by one, listed in `order`.
    func results(order: [Int], wrong: Int, missing: Int) -> ResultsFile {
        var results = OrderedMap<ResultsFile.CaseResult>()
        for i in order where i != missing {
            results["test/v/g/c\(i)"] = .outputs(["y": .number("\(i == wrong ? i + 1 : i)")])
        }
        return ResultsFile(family: "test", variant: "v", implementation: "t", results: results)
    }

    @Test("results in the fixture's order and in reverse order give the same verdicts, in case order")
    func orderOfResultsDoesNotMatter() throws {
        let inOrder = try Verifier.verify(
            results(order: Array(0..<Self.count), wrong: 7_000, missing: 9_999), against: Self.fixture,
            resultsSource: "r")
        let reversed = try Verifier.verify(
            results(order: (0..<Self.count).reversed(), wrong: 7_000, missing: 9_999), against: Self.fixture,
            resultsSource: "r")
        for report in [inOrder, reversed] {
            #expect(report.verdicts.map(\.id) == Self.fixture.cases.map(\.id))
            #expect(report.passed == Self.count - 2 && report.failed == 1 && report.missing == 1)
            #expect(report.verdicts[7_000].status == .failed && report.verdicts[9_999].status == .missing)
            #expect(report.unknownCaseIDs.isEmpty)
        }
    }

    @Test("a result whose id the fixture lacks is reported as unknown, also when it sits at a case's position")
    func unknownAtAPosition() throws {
        var results = OrderedMap<ResultsFile.CaseResult>()
        for i in 0..<Self.count {
            let id = i == 5_000 ? "test/v/g/stranger" : "test/v/g/c\(i)"
            results[id] = .outputs(["y": .number("\(i)")])
        }
        let report = try Verifier.verify(
            ResultsFile(family: "test", variant: "v", implementation: "t", results: results), against: Self.fixture,
            resultsSource: "r")
        #expect(report.unknownCaseIDs == ["test/v/g/stranger"])
        #expect(report.verdicts[5_000].status == .missing && report.missing == 1)
    }

    @Test("the head of a file gives its leading string members, and nothing past its first object or array")
    func leadingStrings() {
        let text = #"{"format": 1, "family": "mixtures", "variant": "em-traces", "results": {"family": "x"}}"#
        #expect(
            JSONParser.leadingStrings(Array(text.utf8), keys: ["family", "variant"])
                == ["family": "mixtures", "variant": "em-traces"])
        let late = #"{"results": {}, "family": "mixtures"}"#
        #expect(JSONParser.leadingStrings(Array(late.utf8), keys: ["family"]).isEmpty)
        for broken in [#"{"family": "mix"#, "[1, 2]", "", #"{"family" "x"}"#] {
            #expect(JSONParser.leadingStrings(Array(broken.utf8), keys: ["family"]).isEmpty, "\(broken)")
        }
    }
}
