import Foundation
import LatentDerivations
import OracleFixtures

/// `latent-oracle strd FILE|DIR…`: every certified value of NIST StRD linear-regression files
/// against the exact fit, with NIST's LRE, and the LREs of the float64 routes (LG-13).
struct StrdCommand: Command {
    let name = "strd"
    let summary = "fit NIST StRD linear-regression files exactly and compare every certified value (LRE)"
    let help = """
        Usage: latent-oracle strd [--summary] [--data DIR] [FILE|DIR…]

        Reads each NIST StRD linear least-squares file (a folder: every *.dat file in it, sorted),
        fits the model the file states exactly over the rationals, and compares every value the
        file certifies: each parameter estimate and its standard deviation, the residual standard
        deviation, R², and the ANOVA table (degrees of freedom, sums of squares, mean squares, F).

        Columns: NIST's value as printed; ours, the exact value rounded to the printed digits;
        the significant digits compared; the LRE = −log10(|ours − NIST| / |NIST|), NIST's log
        relative error, capped at the digits compared; and the verdict. A value is reproduced
        when it agrees with NIST's to 15 significant digits (to all printed digits if fewer):
        NIST certifies 15, so a 16th or 17th printed digit is never held against the fit.
        Degrees of freedom and an F printed "Infinity" (an exact fit) are compared exactly.

        The same model is then fitted in float64 (the design rounded once to Double) by
        Cholesky on the normal equations and by Householder QR, and the LRE of each parameter
        estimate is printed: the digits those routes keep. They do not affect the exit status.
        A summary table of every file ends the output.

        With no FILE or DIR, every file of nist-strd/ in the data folder is read.

        Options:
          --summary    print only the summary table, not every certified value
          --data DIR   the data folder whose nist-strd/ is read when no FILE or DIR is given
                       (default: $LATENT_ORACLE_DATA, else ../shared/data beside the repository)

        Exit status: 0 when every certified value of every file is reproduced, 1 when one is not,
        2 for bad usage or a file that cannot be read; each unreadable file gets one line
        'PATH:LINE:COLUMN: what is wrong; what to do' on standard error, and the others are
        still checked.
        """

    func run(_ arguments: [String]) throws(CommandError) -> Int32 {
        var paths: [String] = []
        var summaryOnly = false
        var optionsEnded = false
        var dataOption: String?
        var expectsData = false
        for argument in arguments {
            if expectsData {
                guard !argument.isEmpty, !argument.hasPrefix("--") else {
                    throw CommandError("--data needs a folder", "run 'latent-oracle strd --help'")
                }
                dataOption = argument
                expectsData = false
            } else if !optionsEnded, argument == "--" {
                optionsEnded = true
            } else if !optionsEnded, argument == "--summary" {
                summaryOnly = true
            } else if !optionsEnded, argument == "--data" || argument.hasPrefix("--data=") {
                guard dataOption == nil else { throw CommandError("--data is given twice", "give it once") }
                if argument == "--data" {
                    expectsData = true
                } else {
                    dataOption = String(argument.dropFirst("--data=".count))
                    guard dataOption?.isEmpty == false else {
                        throw CommandError("--data has an empty value", "run 'latent-oracle strd --help'")
                    }
                }
            } else if !optionsEnded, argument.hasPrefix("--") {
                throw CommandError("unknown option '\(argument)' for strd", "run 'latent-oracle strd --help'")
            } else {
                paths.append(argument)
            }
        }
        if expectsData { throw CommandError("--data needs a folder", "run 'latent-oracle strd --help'") }
        if paths.isEmpty {
            do {
                paths = [try dataDirectory(dataOption).url("nist-strd", what: "the NIST StRD folder").path]
            } catch {
                throw CommandError(error.problem, error.remedy)
            }
        }
        var files: [String] = []
        for path in paths { files += try Self.datFiles(at: path) }
        var results: [FileResult] = []
        for file in files {
            let result = Self.check(file)
            if case .unreadable(let line) = result.outcome {
                printError(line)
            } else if !summaryOnly {
                print(result.report.joined(separator: "\n"))
                print("")
            }
            results.append(result)
        }
        print(Self.summary(results).joined(separator: "\n"))
        if results.contains(where: { if case .unreadable = $0.outcome { return true } else { return false } }) {
            return ExitStatus.usage
        }
        return results.allSatisfy(\.isReproduced) ? ExitStatus.success : ExitStatus.failed
    }

    /// The file itself, or the `*.dat` files of a folder (sorted by name).
    static func datFiles(at path: String) throws(CommandError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandError("\(path): no such file or folder", "pass a StRD .dat file or a folder of them")
        }
        guard isDirectory.boolValue else { return [path] }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
            .filter { $0.hasSuffix(".dat") && !$0.hasPrefix(".") }.sorted()
        guard !names.isEmpty else {
            throw CommandError("\(path) holds no .dat files", "pass a StRD .dat file or a folder of them")
        }
        return names.map { path.hasSuffix("/") ? path + $0 : path + "/" + $0 }
    }

    enum Outcome {
        case unreadable(String)
        case checked(comparisons: [NISTComparison], routes: [(String, RouteResult)])
    }

    enum RouteResult {
        case lre([Double])
        case failed(String)
    }

    struct FileResult {
        let path: String
        var dataset: NISTStRDDataset?
        var outcome: Outcome
        var report: [String] = []

        var isReproduced: Bool {
            if case .checked(let comparisons, _) = outcome { return comparisons.allSatisfy(\.isReproduced) }
            return false
        }
    }

    /// Reads, fits and compares one file; never throws (an unreadable file is an outcome).
    static func check(_ path: String) -> FileResult {
        func unreadable(_ line: Int, _ column: Int, _ problem: String, _ remedy: String) -> FileResult {
            FileResult(path: path, outcome: .unreadable("\(path):\(line):\(column): \(problem); \(remedy)"))
        }
        let bytes: [UInt8]
        do {
            guard let read = try FileAccess.read(path) else {
                return unreadable(1, 1, "no such file", "check the path")
            }
            bytes = read
        } catch {
            return FileResult(path: path, outcome: .unreadable(error.description))
        }
        if bytes.isEmpty {
            return unreadable(1, 1, "the file is empty", "pass a NIST StRD linear-regression .dat file")
        }
        let dataset: NISTStRDDataset
        do {
            dataset = try NISTStRDDataset(utf8: bytes)
        } catch let LinearGaussianError.malformedFile(line, column, problem, remedy) {
            return unreadable(line, column, problem, remedy)
        } catch {
            return unreadable(1, 1, "\(error)", "pass a NIST StRD linear-regression .dat file")
        }
        let comparisons: [NISTComparison]
        do {
            comparisons = try dataset.compare(exact: try dataset.model().fitByElimination())
        } catch {
            return unreadable(
                dataset.dataLines.lowerBound, 1, "the data cannot be fitted: \(error)",
                "the data must determine every parameter of the model (n ≥ p, full column rank)")
        }
        let parameters = dataset.terms.count
        var routes: [(String, RouteResult)] = []
        for (label, method) in [
            ("Cholesky", LeastSquaresMethod.normalEquationsCholesky), ("Householder QR", .householderQR),
        ] {
            do {
                let fit = try dataset.doubleModel().fit(by: method)
                let estimates = try dataset.compare(fit).filter { c in
                    dataset.terms.contains { $0.parameter == c.quantity }
                }
                routes.append((label, .lre(estimates.prefix(parameters).map(\.logRelativeError))))
            } catch {
                routes.append((label, .failed("fails: \(error)")))
            }
        }
        var result = FileResult(
            path: path, dataset: dataset, outcome: .checked(comparisons: comparisons, routes: routes))
        result.report = report(path, dataset, comparisons, routes)
        return result
    }

    static func lre(_ x: Double) -> String { String(format: "%.1f", x) }

    static func pad(_ s: String, _ width: Int) -> String {
        s.padding(toLength: max(width, s.count), withPad: " ", startingAt: 0)
    }
    static func padLeft(_ s: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - s.count)) + s
    }

    static func report(
        _ path: String, _ dataset: NISTStRDDataset, _ comparisons: [NISTComparison], _ routes: [(String, RouteResult)]
    ) -> [String] {
        let nistWidth = max(4, comparisons.map { ($0.certified?.text ?? "Infinity").count }.max() ?? 0) + 3
        let oursWidth = max(12, comparisons.map(\.fitted.count).max() ?? 0) + 3
        var lines = [
            "\(path): \(dataset.name), \(dataset.modelEquation)",
            """
              \(dataset.response.count) observations, \(dataset.terms.count) \
            parameter\(dataset.terms.count == 1 ? "" : "s"); certified values on lines \
            \(dataset.certifiedLines.lowerBound)–\(dataset.certifiedLines.upperBound), data on lines \
            \(dataset.dataLines.lowerBound)–\(dataset.dataLines.upperBound)
            """,
            "  " + pad("quantity", 15) + pad("NIST", nistWidth) + pad("ours (exact)", oursWidth) + "digits    LRE",
        ]
        for c in comparisons {
            let digits = c.digitsCompared.map(String.init) ?? "exact"
            let verdict: String
            if c.isReproduced {
                verdict = "ok"
            } else if let digit = c.firstDifferingDigit {
                verdict = "NOT REPRODUCED (differs at digit \(digit))"
            } else {
                verdict = "NOT REPRODUCED"
            }
            lines.append(
                "  " + pad(c.quantity, 15) + pad(c.certified?.text ?? "Infinity", nistWidth) + pad(c.fitted, oursWidth)
                    + padLeft(digits, 6) + padLeft(lre(c.logRelativeError), 7) + "  " + verdict)
        }
        let names = dataset.terms.map(\.parameter)
        let width = max(6, (names.map(\.count).max() ?? 0) + 2)
        lines.append("  float64 routes, LRE of each parameter estimate:")
        lines.append("    " + pad("", 16) + names.map { padLeft($0, width) }.joined() + padLeft("min", width))
        for (label, route) in routes {
            switch route {
            case .lre(let values):
                lines.append(
                    "    " + pad(label, 16) + values.map { padLeft(lre($0), width) }.joined()
                        + padLeft(lre(values.min() ?? 0), width))
            case .failed(let reason):
                lines.append("    " + pad(label, 16) + reason)
            }
        }
        let failed = comparisons.filter { !$0.isReproduced }
        if failed.isEmpty {
            lines.append("  \(dataset.name): all \(comparisons.count) certified values reproduced by the exact fit")
        } else {
            lines.append("  \(dataset.name): \(failed.count) of \(comparisons.count) certified values NOT reproduced:")
            lines += failed.map { "    \($0)" }
        }
        return lines
    }

    static func summary(_ results: [FileResult]) -> [String] {
        let fileWidth = max(6, results.map { ($0.path as NSString).lastPathComponent.count }.max() ?? 0) + 3
        let nameWidth = max(9, results.compactMap { $0.dataset?.name.count }.max() ?? 0) + 3
        var lines = [
            """
            summary: the exact fit against every certified value; float64 routes: minimum LRE over the parameter \
            estimates
            """,
            "  " + pad("file", fileWidth) + pad("dataset", nameWidth) + pad("exact fit", 26) + padLeft("Cholesky", 10)
                + padLeft("Householder QR", 16),
        ]
        var reproduced = 0, notReproduced = 0, unreadable = 0
        for result in results {
            let file = (result.path as NSString).lastPathComponent
            switch result.outcome {
            case .unreadable:
                unreadable += 1
                lines.append("  " + pad(file, fileWidth) + pad("-", nameWidth) + "unreadable (see the error above)")
            case .checked(let comparisons, let routes):
                let good = comparisons.filter(\.isReproduced).count
                if good == comparisons.count { reproduced += 1 } else { notReproduced += 1 }
                let verdict =
                    good == comparisons.count
                    ? "\(good) of \(comparisons.count) reproduced"
                    : "\(comparisons.count - good) of \(comparisons.count) NOT reproduced"
                let cells = routes.map { route -> String in
                    if case .lre(let values) = route.1 { return lre(values.min() ?? 0) }
                    return "fails"
                }
                lines.append(
                    "  " + pad(file, fileWidth) + pad(result.dataset?.name ?? "-", nameWidth) + pad(verdict, 26)
                        + padLeft(cells[0], 10) + padLeft(cells[1], 16))
            }
        }
        var tail = "strd: \(results.count) file(s): \(reproduced) reproduce every certified value"
        if notReproduced > 0 { tail += ", \(notReproduced) do not" }
        if unreadable > 0 { tail += ", \(unreadable) unreadable" }
        lines.append(tail)
        return lines
    }
}
