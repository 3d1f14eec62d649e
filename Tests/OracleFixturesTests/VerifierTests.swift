import Testing
@testable import OracleFixtures

/// `verify` passes correct results, fails wrong ones with the right flags, and applies each
/// tolerance kind as documented.
struct VerifierTests {
    /// Writes results as JSON text and reads them back, as the CLI does.
    func roundTrip(_ results: ResultsFile) throws -> ResultsFile {
        try ResultsFile.decode(TestFixtures.bytes(JSONWriter.write(results.json)), source: "results.json")
    }

    @Test("correct results pass every case (reals as JSON numbers and as hex)", arguments: [false, true])
    func perfectResultsPass(realsAsHex: Bool) throws {
        for file in try TestFixtures.randomness {
            let results = try roundTrip(TestFixtures.perfectResults(for: file, realsAsHex: realsAsHex))
            let report = try Verifier.verify(results, against: file, resultsSource: "results.json")
            #expect(report.isSuccess)
            #expect(report.passed == file.cases.count)
        }
    }

    @Test("a result one ulp off fails that case only, with its flags and notes")
    func oneUlpOff() throws {
        let file = try #require(try TestFixtures.file("splitmix64"))
        var results = TestFixtures.perfectResults(for: file)
        let id = "randomness/splitmix64/uniform/seed-0000000000000000"
        guard case .outputs(var outputs)? = results.results[id], case .list(var list)? = outputs["uniforms"],
            case .number(let token) = list[3], let x = Double(token)
        else {
            Issue.record("no uniforms")
            return
        }
        list[3] = .number(x.nextUp.description)
        outputs["uniforms"] = .list(list)
        results.results[id] = .outputs(outputs)

        let report = try Verifier.verify(try roundTrip(results), against: file, resultsSource: "results.json")
        #expect((report.passed, report.failed, report.missing) == (file.cases.count - 1, 1, 0))
        #expect(!report.isSuccess)
        let failed = try #require(report.verdicts.first { $0.status == .failed })
        #expect(failed.id == id)
        #expect(failed.flags.map(\.flag) == ["uniform-mapping"])
        #expect(failed.flags.first?.note.contains("top 53 bits") == true)
        #expect(failed.worst == 1)
        #expect(failed.detail.contains("uniforms[3]") && failed.detail.contains("1 ulps, allowed exact"))
    }

    @Test("missing cases, error cases and unknown ids")
    func missingAndErrors() throws {
        let file = try #require(try TestFixtures.file("categorical-edges"))
        var results = TestFixtures.perfectResults(for: file)
        let errorCase = "randomness/categorical-edges/invalid/empty"
        let valueCase = "randomness/categorical-edges/boundary/seed-0000000000000000-k2"
        let dropped = "randomness/categorical-edges/invalid/nan"
        results.results[errorCase] = .outputs(["indices": .list([])])
        results.results[valueCase] = .error(kind: "invalid-probabilities")
        results.results[dropped] = nil
        results.results["randomness/categorical-edges/invalid/typo"] = .error(kind: "x")
        let report = try Verifier.verify(try roundTrip(results), against: file, resultsSource: "r.json")
        #expect((report.passed, report.failed, report.missing) == (file.cases.count - 3, 2, 1))
        #expect(report.unknownCaseIDs == ["randomness/categorical-edges/invalid/typo"])
        let byID = Dictionary(uniqueKeysWithValues: report.verdicts.map { ($0.id, $0) })
        #expect(
            byID[errorCase]?.detail
                == "returned numbers, but the input must be refused with error invalid-probabilities")
        #expect(byID[valueCase]?.status == .failed)
        #expect(byID[dropped]?.status == .missing)
    }

    /// A one-case file with a given tolerance and expected real, for the tolerance semantics.
    func singleCase(_ tolerance: ToleranceSpec, expected: Double) -> FixtureFile {
        SyntheticFixtureFiles.oneCase(.exactReal(expected), tolerance: tolerance)
    }

    func passes(_ tolerance: ToleranceSpec, expected: Double, observed: String) throws -> Bool {
        let file = singleCase(tolerance, expected: expected)
        let results = ResultsFile(
            family: "test", variant: "v", implementation: "t",
            results: ["test/v/g/c": .outputs(["y": .number(observed)])])
        return try Verifier.verify(results, against: file, resultsSource: "r").isSuccess
    }

    @Test("tolerance kinds: exact is bitwise, ulps counts ulps, relative and absolute bound the error")
    func toleranceKinds() throws {
        let one = 1.0
        #expect(try passes(.exact("r"), expected: 0.1, observed: "0.1"))
        #expect(try !passes(.exact("r"), expected: 0.0, observed: "-0.0"))
        #expect(try passes(.ulps(2, "r"), expected: one, observed: one.nextUp.nextUp.description))
        #expect(try !passes(.ulps(2, "r"), expected: one, observed: one.nextUp.nextUp.nextUp.description))
        #expect(try passes(.ulps(1, "r"), expected: one, observed: one.nextDown.description))
        #expect(try passes(.relative(1e-3, "r"), expected: 2.0, observed: "2.002"))
        #expect(try !passes(.relative(1e-3, "r"), expected: 2.0, observed: "2.0041"))
        #expect(try passes(.absolute(0.5, "r"), expected: 10, observed: "10.5"))
        #expect(try !passes(.absolute(0.5, "r"), expected: 10, observed: "10.51"))
        #expect(try !passes(.ulps(1e6, "r"), expected: one, observed: "1e400"))  // overflow to infinity
    }
}
