import Testing
@testable import OracleFixtures

/// What a verification report says: the worst element of a failing output (not the first),
/// and a summary that counts numerics and validation (refusal) cases apart.
struct VerifyReportTests {
    /// Group `g`: one case with a 2×2 real output `m` (2-ulp tolerance); group `bad`: two
    /// refusal cases.
    let fixture = SyntheticFixtureFiles.file(
        notes: ["f": "a bug in m"], flagOutputs: ["f": ["m"]],
        groups: [
            (
                "g",
                [
                    FixtureCase(
                        id: "test/v/g/c", comment: "", flags: ["f"], inputs: [:],
                        expected: .values(["m": .array(shape: [2, 2], data: [1, 2, 3, 4].map(FixtureValue.exactReal))]),
                        tolerance: .ulps(2, "four exactly rounded operations"))
                ]
            ),
            (
                "bad",
                [
                    FixtureCase(
                        id: "test/v/bad/a", comment: "", flags: [], inputs: [:],
                        expected: .error(kind: "not-positive"), tolerance: .exact("a refusal")),
                    FixtureCase(
                        id: "test/v/bad/b", comment: "", flags: [], inputs: [:],
                        expected: .error(kind: "shape-mismatch"), tolerance: .exact("a refusal")),
                ]
            ),
        ])

    func run(_ results: OrderedMap<ResultsFile.CaseResult>) throws -> VerificationReport {
        let file = ResultsFile(family: "test", variant: "v", implementation: "t", results: results)
        let decoded = try ResultsFile.decode(TestFixtures.bytes(JSONWriter.write(file.json)), source: "r.json")
        return try Verifier.verify(decoded, against: fixture, resultsSource: "r.json")
    }

    static func real(_ x: Double) -> ResultsFile.Value { .number(x.description) }

    @Test("a failing output reports its worst element: index, value, error against the tolerance")
    func worstElement() throws {
        // m[0, 0] is 3 ulps off and fails first; m[1, 0] is 8 ulps off and is the worst.
        let m: ResultsFile.Value = .list([
            .list([Self.real(1.0.nextUp.nextUp.nextUp), Self.real(2.0)]),
            .list([Self.real(3.0 + 8 * 3.0.ulp), Self.real(4.0)]),
        ])
        let report = try run([
            "test/v/g/c": .outputs(["m": m]),
            "test/v/bad/a": .error(kind: "not-positive"), "test/v/bad/b": .error(kind: "shape-mismatch"),
        ])
        let output = try #require(report.verdicts.first?.outputs.first)
        #expect(output.status == .failed)
        #expect(output.worstIndex == [1, 0])
        #expect(output.worstObserved == 3.0 + 8 * 3.0.ulp && output.worstExpected == 3.0)
        #expect(output.worst == 8)
        #expect(output.detail.hasPrefix("worst m[1, 0] = 3.0000000000000036 (0x1.8000000000008p+1), expected 3.0"))
        #expect(output.detail.contains("8 ulps, allowed ≤ 2.0 ulps"))
        #expect(output.detail.hasSuffix("(2 of 4 elements fail)"))
        #expect(output.flags.map(\.flag) == ["f"])
    }

    @Test("the summary counts numerics and validation cases apart")
    func summarySplitsNumericsAndValidation() throws {
        let report = try run([
            "test/v/g/c": .outputs(["m": .list([1.0, 2.0, 3.0, 4.0].map(Self.real))]),
            "test/v/bad/a": .outputs(["y": .number("1")]),
            "test/v/bad/b": .error(kind: "not-positive"),
        ])
        #expect(report.count(.numerics, .passed) == 1 && report.count(.validation, .failed) == 2)
        #expect(
            report.summary.hasPrefix(
                "numerics: 1 passed, 0 failed, 0 missing, 0 not attempted (1 of 1 outputs checked);"
                    + " validation: 0 passed, 2 failed, 0 missing (1 returned numbers, 1 with another error kind);"))
        let refusing = try run(["test/v/g/c": .error(kind: "not-positive")])
        #expect(
            refusing.summary.hasPrefix(
                "numerics: 0 passed, 1 failed, 0 missing, 0 not attempted (0 of 0 outputs checked);"
                    + " 1 refused where numbers are expected; validation: 0 passed, 0 failed, 2 missing;"))
        let total = VerificationReport.summary(of: [report, refusing])
        #expect(total.hasPrefix("numerics: 1 passed, 1 failed, 0 missing"))
        #expect(total.contains("validation: 0 passed, 2 failed, 2 missing"))
    }
}
