import OracleFixtures

/// `latent-oracle verify`: checks another implementation's results against the fixtures.
struct VerifyCommand: Command {
    let name = "verify"
    let summary = "check a results file against its fixture file, case by case"
    let help = """
        Usage: latent-oracle verify --results FILE [--fixtures DIR] [--report-json OUT]

        Reads a results file (format in Fixtures/README.md), finds the fixture file for its family
        and variant, and compares every case with the case's tolerance: exact cases bit for bit,
        ulps cases by ulp distance, relative/absolute by those errors; a case that expects an
        error passes only if the result is {"error": ...}. Prints PASS/FAIL/MISSING per case; for
        a failed case, its flags and what each flag's bug is. Ends with 'N passed, M failed,
        K missing'. Exit status 0 only when every case passed and none is missing.

        Options:
          --results FILE     the results file to check (required)
          --fixtures DIR     the fixtures directory (default: Fixtures)
          --report-json OUT  also write a machine-readable report to OUT
          --quiet            print only failures, missing cases and the summary
        """

    func run(_ arguments: [String]) throws(CommandError) -> Int32 {
        let options = try Options(arguments, command: name, valued: ["results", "fixtures", "report-json"], flags: ["quiet"])
        guard let resultsPath = options.value("results") else {
            throw CommandError("verify needs --results FILE", "run 'latent-oracle verify --help'")
        }
        let directory = try fixturesDirectory(options)
        let report: VerificationReport
        do throws(FixtureError) {
            guard let bytes = try FixtureDirectory.readFile(resultsPath) else {
                throw FixtureError(.io, location: resultsPath, problem: "the results file does not exist", remedy: "check the path")
            }
            let results = try ResultsFile.decode(bytes, source: resultsPath)
            let fixture = try directory.load(family: results.family, variant: results.variant)
            report = try Verifier.verify(results, against: fixture, resultsSource: resultsPath)
            print("verify: \(results.implementation) against \(fixture.relativePath) (\(fixture.cases.count) cases)")
        } catch {
            throw CommandError(error)
        }
        for verdict in report.verdicts where !(options.isSet("quiet") && verdict.status == .passed) {
            print("\(verdict.status.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) \(verdict.id): \(verdict.detail)")
            if verdict.status == .failed {
                for flag in verdict.flags {
                    print("        likely bug [\(flag.flag)]: \(flag.note)")
                }
            }
        }
        for id in report.unknownCaseIDs {
            print("UNKNOWN \(id): no case has this id (ignored)")
        }
        if let out = options.value("report-json") {
            do { try FixtureDirectory.writeFileAtomically(JSONWriter.write(report.json), to: out) } catch { throw CommandError(error) }
        }
        print(report.summary)
        return report.isSuccess ? ExitStatus.success : ExitStatus.failed
    }
}
