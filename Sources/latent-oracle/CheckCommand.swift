import OracleFixtures
import OracleFigures

/// `latent-oracle check`: the committed fixtures are exactly what this build exports.
struct CheckCommand: Command {
    let name = "check"
    let summary = "regenerate every fixture in memory and diff byte for byte against DIR"
    let help = """
        Usage: latent-oracle check [--fixtures DIR] [--figures DIR] [--data DIR]

        Regenerates every fixture file, the manifest and the group schemas in memory and compares
        them byte for byte with the files in DIR. On drift it names each differing file, the first differing
        case id and line, and exits 1. Stale fixture and schema files that nothing produces are drift too.
        It then re-renders every figure of the Proofs and compares it byte for byte with the
        committed SVG, so a figure never drifts from its data.

        Options:
          --fixtures DIR   the fixtures directory (default: Fixtures)
          --figures DIR    the committed figures (default: Proofs/figures)
          --data DIR       the data folder with nist-strd/ and old-faithful.csv (default:
                           $LATENT_ORACLE_DATA, else ../shared/data beside the repository)
        """

    func run(_ arguments: [String]) throws(CommandError) -> Int32 {
        let options = try Options(arguments, command: name, valued: ["fixtures", "figures", "data"])
        let given = try Repository.enter(keeping: [
            options.value("fixtures"), options.value("figures"),
            options.value("data"),
        ])
        let directory = FixtureDirectory(path: given[0] ?? "Fixtures")
        guard directory.exists else {
            throw CommandError("no fixtures directory at '\(directory.path)'", "check the path, or pass --fixtures DIR")
        }
        let files = try exporting(with: dataDirectory(given[2])) { try FixtureExport.generate() }
        let drifts: [FixtureCheck.Drift]
        do {
            drifts = try FixtureCheck.compare(FixtureExport.render(files), with: directory)
        } catch {
            throw CommandError(error)
        }
        for drift in drifts { printError("drift: \(directory.path)/\(drift)") }
        guard drifts.isEmpty else {
            throw CommandError(
                "\(drifts.count) file(s) in \(directory.path)/ differ from a fresh export",
                "run 'latent-oracle export' if the change is intended, otherwise revert the edit",
                status: ExitStatus.failed)
        }
        let figuresPath = given[1] ?? "Proofs/figures"
        let (figureCount, figureDrift): (Int, [FigureFiles.Drift])
        do {
            (figureCount, figureDrift) = try FigureFiles.drift(in: figuresPath, fixturesDirectory: directory.url(""))
        } catch let error as FixtureError {
            throw CommandError(error)
        } catch {
            throw CommandError("could not render the figures: \(error)", "this is a bug in the oracle; report it")
        }
        for figure in figureDrift { printError("drift: \(figuresPath)/\(figure)") }
        guard figureDrift.isEmpty else {
            let missing = figureDrift.filter(\.isMissing).count
            let counts = [(missing, "missing"), (figureDrift.count - missing, "differ from a fresh rendering")]
                .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
            throw CommandError(
                "of the figures in \(figuresPath)/, \(counts)",
                "run 'latent-oracle plot' if the change is intended", status: ExitStatus.failed)
        }
        let cases = files.reduce(0) { $0 + $1.cases.count }
        let schemas = GroupSchema.files().count
        print(
            """
            check: \(files.count + 1) file(s) (\(cases) cases and the manifest), \(schemas) group schema(s) and \
            \(figureCount) figure(s) are byte-identical to a fresh export
            """)
        return ExitStatus.success
    }
}
