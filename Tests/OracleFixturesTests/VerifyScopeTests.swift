import Testing
@testable import OracleFixtures

/// Partial outputs, scopes, refusal kinds, the worst element, the sign of zero and float32.
struct VerifyScopeTests {
    /// One group `g` with a two-output numerics case and a refusal case.
    func file(float32: Float32Tolerance? = nil) -> FixtureFile {
        SyntheticFixtureFiles.file(
            notes: ["f": "a bug in y", "r": "accepts bad input"], flagOutputs: ["f": ["y"], "r": ["error"]],
            groups: [
                (
                    "g",
                    [
                        FixtureCase(
                            id: "test/v/g/c", comment: "", flags: ["f", "r"], inputs: [:],
                            expected: .values(["y": .exactReal(1.0), "z": .exactReal(0.0)]),
                            tolerance: .exact("r"), toleranceFloat32: float32)
                    ]
                ),
                (
                    "bad",
                    [
                        FixtureCase(
                            id: "test/v/bad/e", comment: "", flags: ["r"], inputs: [:],
                            expected: .error(kind: "not-positive"), tolerance: .exact("r"))
                    ]
                ),
            ])
    }

    func run(
        _ results: OrderedMap<ResultsFile.CaseResult>, precision: ResultsFile.Precision = .float64,
        options: VerificationOptions = VerificationOptions(),
        fixture: FixtureFile? = nil
    ) throws -> VerificationReport {
        let r = ResultsFile(family: "test", variant: "v", implementation: "t", precision: precision, results: results)
        let decoded = try ResultsFile.decode(TestFixtures.bytes(JSONWriter.write(r.json)), source: "r.json")
        return try Verifier.verify(decoded, against: fixture ?? file(), resultsSource: "r", options: options)
    }

    @Test("an omitted output is not checked; a case with none is not attempted; strictness on request")
    func partialOutputs() throws {
        let partial: OrderedMap<ResultsFile.CaseResult> = [
            "test/v/g/c": .outputs(["y": .number("1.0")]), "test/v/bad/e": .error(kind: "not-positive"),
        ]
        let report = try run(partial)
        #expect(report.isSuccess && report.outputsChecked == 1 && report.outputsExpected == 2)
        #expect(report.summary.contains("(1 of 2 outputs checked)"))
        let strict = try run(partial, options: VerificationOptions(requireAllOutputs: true))
        #expect(strict.failed == 1)
        let none = try run(["test/v/g/c": .outputs([:]), "test/v/bad/e": .error(kind: "not-positive")])
        #expect(none.notAttempted == 1 && !none.isSuccess)
    }

    @Test("scope globs: out-of-scope cases are neither missing nor failed")
    func scope() throws {
        let report = try run(
            ["test/v/bad/e": .error(kind: "not-positive")],
            options: VerificationOptions(scope: VerificationScope(groups: ["b*"])))
        #expect(report.isSuccess && report.outOfScope == 1 && report.missing == 0)
        #expect(VerificationScope.glob("test/v/*/e", "test/v/bad/e") && !VerificationScope.glob("?x", "abx"))
        for pattern in ["test/v/bad/e", "bad/*", "e", "*/e"] {
            #expect(
                VerificationScope(cases: [pattern]).contains(
                    caseID: "test/v/bad/e", group: "bad", family: "test",
                    variant: "v"), "\(pattern)")
        }
        #expect(
            !VerificationScope(cases: ["g/*"]).contains(
                caseID: "test/v/bad/e", group: "bad", family: "test",
                variant: "v"))
    }

    @Test("refusal kinds are compared; numbers for a refusal are told apart")
    func refusalKinds() throws {
        let wrong = try run(["test/v/g/c": .error(kind: "x"), "test/v/bad/e": .error(kind: "domain-error")])
        let byID = Dictionary(uniqueKeysWithValues: wrong.verdicts.map { ($0.id, $0) })
        #expect(byID["test/v/bad/e"]?.mismatch == .wrongErrorKind)
        #expect(byID["test/v/bad/e"]?.detail.contains("domain-error") == true)
        #expect(byID["test/v/bad/e"]?.detail.contains("not-positive") == true)
        #expect(byID["test/v/g/c"]?.mismatch == .refusalForNumbers)
        let lenient = try run(
            ["test/v/bad/e": .error(kind: "domain-error")],
            options: VerificationOptions(lenientErrorKinds: true))
        #expect(lenient.passed == 1 && lenient.summary.contains("error kinds not compared"))
        let numbers = try run(["test/v/bad/e": .outputs(["y": .number("1")])])
        #expect(numbers.verdicts.first { $0.id == "test/v/bad/e" }?.mismatch == .numbersForRefusal)
    }

    @Test("a failing output names its flags only, and says when −0 meets +0")
    func diagnosis() throws {
        let report = try run(["test/v/g/c": .outputs(["y": .number("1.0"), "z": .number("-0.0")])])
        let output = try #require(report.verdicts.first?.outputs.first { $0.name == "z" })
        #expect(output.status == .failed && output.flags.isEmpty)
        #expect(output.detail.contains("sign of zero"))
        let y = try run(["test/v/g/c": .outputs(["y": .number("1.5"), "z": .number("0")])])
        #expect(y.verdicts.first?.outputs.first?.flags.map(\.flag) == ["f"])
    }

    @Test("float32: toleranceFloat32 in float32 ulps; none or float64-only is not checked")
    func float32() throws {
        let results: OrderedMap<ResultsFile.CaseResult> = ["test/v/g/c": .outputs(["y": .number("1.0000001")])]
        let unchecked = try run(results, precision: .float32)
        #expect(unchecked.notCheckedAtFloat32 == 1 && unchecked.passed == 0)
        #expect(unchecked.summary.contains("precision float32"))
        let only = try run(results, precision: .float32, fixture: file(float32: .float64Only(reason: "underflow")))
        #expect(only.notCheckedAtFloat32 == 1)
        let ulp = try run(results, precision: .float32, fixture: file(float32: .tolerance(.ulps(1, "r"))))
        #expect(ulp.passed == 1)
        let decoded = try FixtureFile.decode(
            TestFixtures.bytes(file(float32: .float64Only(reason: "u")).canonicalText), source: "f")
        #expect(decoded.cases.first?.toleranceFloat32 == .float64Only(reason: "u"))
    }
}
