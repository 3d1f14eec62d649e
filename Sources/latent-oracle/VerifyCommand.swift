import Foundation
import OracleFixtures

/// `latent-oracle verify`: checks another implementation's results against the fixtures.
struct VerifyCommand: Command {
    let name = "verify"
    let summary = "check a results file (or a folder of them) against the fixtures, case by case"
    let help = """
        Usage: latent-oracle verify --results FILE|DIR [--fixtures DIR] [--report-json OUT] [--quiet]

        Reads a results file (format in Fixtures/README.md), finds the fixture file for its family
        and variant, and compares every case with the case's tolerance: exact cases bit for bit,
        ulps cases by ulp distance, relative/absolute by those errors; a case that expects an
        error passes only if the result is {"error": ...}. Prints PASS/FAIL/MISSING per case; for
        a failed case, its flags and what each flag's bug is. Ends with 'N passed, M failed,
        K missing'. Given a folder, checks every *.json file in it and sums the counts.
        Exit status 0 only when every case passed and none is missing.

        Options:
          --results FILE|DIR  the results file, or a folder of results files (required)
          --fixtures DIR      the fixtures directory (default: Fixtures)
          --report-json OUT   also write a machine-readable report to OUT (single file only)
          --quiet             print only failures, missing cases and the summary
        """

    func run(_ arguments: [String]) throws(CommandError) -> Int32 {
        let options = try Options(arguments, command: name, valued: ["results", "fixtures", "report-json"], flags: ["quiet"])
        guard let resultsPath = options.value("results") else {
            throw CommandError("verify needs --results FILE", "run 'latent-oracle verify --help'")
        }
        let directory = try fixturesDirectory(options)
        let paths = try resultsFiles(at: resultsPath)
        if paths.count > 1, options.value("report-json") != nil {
            throw CommandError("--report-json needs a single results file, not a folder", "verify the files one at a time to get a report each")
        }
        var reports: [VerificationReport] = []
        for path in paths {
            let report = try verify(path, directory: directory, quiet: options.isSet("quiet"))
            if let out = options.value("report-json") {
                do { try FixtureDirectory.writeFileAtomically(JSONWriter.write(report.json), to: out) } catch { throw CommandError(error) }
            }
            reports.append(report)
        }
        let passed = reports.reduce(0) { $0 + $1.passed }
        let failed = reports.reduce(0) { $0 + $1.failed }
        let missing = reports.reduce(0) { $0 + $1.missing }
        if reports.count > 1 {
            print("all \(reports.count) results files: \(passed) passed, \(failed) failed, \(missing) missing")
        }
        return failed == 0 && missing == 0 ? ExitStatus.success : ExitStatus.failed
    }

    /// The results file itself, or the `*.json` files in a folder (sorted).
    private func resultsFiles(at path: String) throws(CommandError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandError("\(path): the results file does not exist", "check the path")
        }
        guard isDirectory.boolValue else { return [path] }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
        guard !names.isEmpty else {
            throw CommandError("\(path) holds no .json results files", "point --results at a results file or a folder of them")
        }
        return names.map { URL(fileURLWithPath: path).appendingPathComponent($0).path }
    }

    /// Verifies one file and prints its verdicts and summary.
    private func verify(_ path: String, directory: FixtureDirectory, quiet: Bool) throws(CommandError) -> VerificationReport {
        let report: VerificationReport
        do throws(FixtureError) {
            guard let bytes = try FixtureDirectory.readFile(path) else {
                throw FixtureError(.io, location: path, problem: "the results file does not exist", remedy: "check the path")
            }
            let results = try ResultsFile.decode(bytes, source: path)
            let fixture = try directory.load(family: results.family, variant: results.variant)
            report = try Verifier.verify(results, against: fixture, resultsSource: path)
            print("verify: \(results.implementation) against \(fixture.relativePath) (\(fixture.cases.count) cases)")
        } catch {
            throw CommandError(error)
        }
        for verdict in report.verdicts where !(quiet && verdict.status == .passed) {
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
        print(report.summary)
        return report
    }
}
