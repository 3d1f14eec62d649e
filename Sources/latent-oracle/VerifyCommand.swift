import Foundation
import OracleFixtures

/// `latent-oracle verify`: checks another implementation's results against the fixtures.
struct VerifyCommand: Command {
    let name = "verify"
    let summary = "check a results file (or a folder of them) against the fixtures, case by case"
    let help = """
        Usage: latent-oracle verify --results FILE|DIR [--fixtures DIR] [--groups GLOBS] [--cases GLOBS]
                                    [--require-all-outputs] [--lenient-error-kinds] [--report-json OUT] [--quiet]

        Reads a results file (format in Fixtures/README.md), finds the fixture file for its family
        and variant, and compares every case in scope with the case's tolerance (toleranceFloat32
        for a file that declares "precision": "float32"): exact cases bit for bit, ulps cases by
        ulp distance, relative/absolute by those errors. A case that expects an error passes only
        if the result is {"error": KIND} with the expected kind. An output the result omits is
        not checked, never passed; a case with none of its outputs is not attempted.
        Prints PASS/FAIL/MISSING/NOT-ATTEMPTED per case; for each failing output, its worst
        element, that element's error against the tolerance, and the flags whose bug can explain
        it. Ends with the numerics and validation (refusal) tallies, the outputs checked and the
        precision. Given a folder, checks every *.json file in it, reports an unreadable one as an
        ERROR and goes on, and prints the totals.
        Exit status 0 only when every file was read, no case failed, none is missing or not
        attempted, and at least one case passed.

        Options:
          --results FILE|DIR     the results file, or a folder of results files (required)
          --fixtures DIR         the fixtures directory (default: Fixtures)
          --groups GLOBS         only the test groups matching one of these comma-separated glob
                                 patterns (group id or family/variant/group; * and ? wildcards)
          --cases GLOBS          only the cases matching one of these patterns (id or name)
          --require-all-outputs  an omitted output fails its case
          --lenient-error-kinds  any {"error": ...} passes a refusal case (the summary says so)
          --report-json OUT      also write a machine-readable report to OUT (single file only)
          --quiet                print only failures, missing and not-attempted cases and the summary
        """

    func run(_ arguments: [String]) throws(CommandError) -> Int32 {
        let options = try Options(
            arguments, command: name, valued: ["results", "fixtures", "report-json", "groups", "cases"],
            flags: ["quiet", "require-all-outputs", "lenient-error-kinds"])
        guard let resultsPath = options.value("results") else {
            throw CommandError("verify needs --results FILE", "run 'latent-oracle verify --help'")
        }
        let directory = try fixturesDirectory(options)
        let paths = try resultsFiles(at: resultsPath)
        if paths.count > 1, options.value("report-json") != nil {
            throw CommandError(
                "--report-json needs a single results file, not a folder",
                "verify the files one at a time to get a report each")
        }
        var isFolder: ObjCBool = false
        if let out = options.value("report-json"), FileManager.default.fileExists(atPath: out, isDirectory: &isFolder),
            isFolder.boolValue
        {
            throw CommandError("\(out): --report-json names a folder", "give the path of the JSON file to write")
        }
        func patterns(_ option: String) throws(CommandError) -> [String] {
            guard let text = options.value(option) else { return [] }
            let list = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard list.allSatisfy({ !$0.isEmpty }) else {
                throw CommandError(
                    "--\(option) has an empty pattern in '\(text)'", "separate glob patterns with single commas")
            }
            return list
        }
        let groups = try patterns("groups"), cases = try patterns("cases")
        let verification = VerificationOptions(
            requireAllOutputs: options.isSet("require-all-outputs"),
            lenientErrorKinds: options.isSet("lenient-error-kinds"),
            scope: groups.isEmpty && cases.isEmpty ? nil : VerificationScope(groups: groups, cases: cases))

        var reports: [VerificationReport] = []
        var unreadable = 0
        for path in paths {
            do throws(CommandError) {
                let report = try verify(
                    path, directory: directory, options: verification, quiet: options.isSet("quiet"))
                if let out = options.value("report-json") {
                    do { try FixtureDirectory.writeFileAtomically(JSONWriter.write(report.json), to: out) } catch {
                        throw CommandError(error)
                    }
                }
                reports.append(report)
            } catch {
                // One bad file in a folder is reported, and the other files are still checked.
                guard paths.count > 1 else { throw error }
                print("ERROR   \(error.problem); \(error.remedy)")
                unreadable += 1
            }
        }
        if paths.count > 1 {
            let errors = unreadable == 0 ? "" : ", \(unreadable) not readable"
            print(
                """
                all \(paths.count) results files (\(reports.count) read\(errors)): \
                \(VerificationReport.summary(of: reports))
                """
            )
        }
        let success = unreadable == 0 && !reports.isEmpty && reports.allSatisfy(\.isSuccess)
        ProcessLifetime.keep(reports, slot: "reports")
        return success ? ExitStatus.success : ExitStatus.failed
    }

    /// The results file itself, or the `*.json` files in a folder (sorted).
    private func resultsFiles(at path: String) throws(CommandError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandError("\(path): the results file does not exist", "check the path")
        }
        guard isDirectory.boolValue else { return [path] }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter {
            $0.hasSuffix(".json") && !$0.hasPrefix(".")
        }.sorted()
        guard !names.isEmpty else {
            throw CommandError(
                "\(path) holds no .json results files", "point --results at a results file or a folder of them")
        }
        return names.map { URL(fileURLWithPath: path).appendingPathComponent($0).path }
    }

    /// The results file decoded from `bytes`, and the fixture file it names. The fixture file
    /// that the results file's head names (`JSONParser.leadingStrings`) is read on another core
    /// while the results decode; the decoded header decides, and a wrong guess is read again.
    private func readAhead(
        _ bytes: [UInt8], source: String, directory: FixtureDirectory
    ) throws(FixtureError) -> (ResultsFile, FixtureFile) {
        let head = JSONParser.leadingStrings(bytes, keys: ["family", "variant"])
        guard let family = head["family"], let variant = head["variant"] else {
            let results = try ResultsFile.decode(bytes, source: source)
            return (results, try directory.load(family: results.family, variant: results.variant))
        }
        let results = ResultSlots<ResultsFile>(count: 1), fixture = ResultSlots<FixtureFile>(count: 1)
        DispatchQueue.concurrentPerform(iterations: 2) { task in
            if task == 0 {
                results.store(
                    Result { () throws(FixtureError) in try ResultsFile.decode(bytes, source: source) }
                        .mapError { $0 as any Error }, at: 0)
            } else {
                fixture.store(
                    Result { () throws(FixtureError) in try directory.load(family: family, variant: variant) }
                        .mapError { $0 as any Error }, at: 0)
            }
        }
        // A results file that does not decode is the error to report, whatever the guess gave.
        let decoded: ResultsFile
        switch results.values[0] {
        case .success(let file): decoded = file
        case .failure(let error): throw error as! FixtureError
        }
        if decoded.family == family, decoded.variant == variant, case .success(let file) = fixture.values[0] {
            return (decoded, file)
        }
        return (decoded, try directory.load(family: decoded.family, variant: decoded.variant))
    }

    /// Verifies one file and prints its verdicts and summary.
    private func verify(
        _ path: String, directory: FixtureDirectory, options: VerificationOptions, quiet: Bool
    ) throws(CommandError) -> VerificationReport {
        let report: VerificationReport
        do throws(FixtureError) {
            guard let bytes = try FixtureDirectory.readFile(path) else {
                throw FixtureError(
                    .io, location: path, problem: "the results file does not exist", remedy: "check the path")
            }
            let (results, fixture) = try readAhead(bytes, source: path, directory: directory)
            report = try Verifier.verify(results, against: fixture, resultsSource: path, options: options)
            ProcessLifetime.keep((results, fixture), slot: "verified files")
            let scope = [options.scope, results.scope].compactMap { $0?.description }
            let scoped = scope.isEmpty ? "" : ", scope \(scope.joined(separator: " and "))"
            let caseCount = fixture.testGroups.reduce(0) { $0 + $1.cases.count }
            print(
                "verify: \(results.implementation) against \(fixture.relativePath)"
                    + " (\(caseCount) cases, \(results.precision.rawValue)\(scoped))")
        } catch {
            throw CommandError(error)
        }
        for verdict in report.verdicts {
            if quiet && (verdict.status == .passed || verdict.status == .notCheckedAtFloat32) { continue }
            let status = verdict.status.rawValue
            if verdict.status == .failed {
                print("\(status.padding(toLength: 7, withPad: " ", startingAt: 0)) \(verdict.id)")
                for output in verdict.outputs where output.status == .failed {
                    print("        \(output.detail)")
                    for flag in output.flags {
                        print("          likely bug [\(flag.flag)]: \(flag.note)")
                    }
                    if output.flags.isEmpty && !verdict.flags.isEmpty {
                        print("          no flag of this case names \(output.name)")
                    }
                }
            } else {
                print("\(status.padding(toLength: 7, withPad: " ", startingAt: 0)) \(verdict.id): \(verdict.detail)")
            }
        }
        for id in report.unknownCaseIDs {
            print("UNKNOWN \(id): no case has this id (ignored)")
        }
        if report.verdicts.isEmpty && report.outOfScope > 0 {
            print(
                "verify: no case of \(path) is in scope;"
                    + " check the --groups and --cases patterns and the file's scope")
        }
        print(report.summary)
        return report
    }
}
