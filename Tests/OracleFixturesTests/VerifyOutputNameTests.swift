import Testing

@testable import OracleFixtures

/// Output names a case does not have, and refusals of float64-only cases at float32.
struct VerifyOutputNameTests {
    let cases = VerifyScopeTests()

    @Test("an output the case does not have fails the case and names the outputs it has")
    func unknownOutputName() throws {
        let misspelt = try cases.run([
            "test/v/g/c": .outputs(["y": .number("1.0"), "zz": .number("0.0")]),
            "test/v/bad/e": .error(kind: "not-positive"),
        ])
        let verdict = try #require(misspelt.verdicts.first { $0.id == "test/v/g/c" })
        #expect(verdict.status == .failed && misspelt.failed == 1 && !misspelt.isSuccess)
        let unknown = try #require(verdict.outputs.first { $0.name == "zz" })
        #expect(unknown.status == .failed)
        #expect(unknown.detail.contains("zz is not an output of this case (its outputs: y, z)"))
        let spelt = try cases.run([
            "test/v/g/c": .outputs(["y": .number("1.0"), "z": .number("0.0")]),
            "test/v/bad/e": .error(kind: "not-positive"),
        ])
        #expect(spelt.isSuccess && spelt.failed == 0)
    }

    @Test("at float32 a refusal of a float64-only case is not judged; of any other case it fails")
    func float32RefusalOfFloat64OnlyCase() throws {
        let refused: OrderedMap<ResultsFile.CaseResult> = [
            "test/v/g/c": .error(kind: "underflow"), "test/v/bad/e": .error(kind: "not-positive"),
        ]
        let only = try cases.run(
            refused, precision: .float32, fixture: cases.file(float32: .float64Only(reason: "underflows")))
        #expect(only.notCheckedAtFloat32 == 1 && only.failed == 0)
        let checked = try cases.run(
            refused, precision: .float32, fixture: cases.file(float32: .tolerance(.ulps(1, "r"))))
        let verdict = try #require(checked.verdicts.first { $0.id == "test/v/g/c" })
        #expect(verdict.status == .failed && verdict.mismatch == .refusalForNumbers)
        let float64 = try cases.run(refused, fixture: cases.file(float32: .float64Only(reason: "underflows")))
        #expect(float64.failed == 1)
    }
}
