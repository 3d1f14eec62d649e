import Foundation
import OracleFixtures

/// `latent-oracle export`: regenerates the golden files and the manifest.
struct ExportCommand: Command {
    let name = "export"
    let summary = "regenerate the fixture files and the manifest (atomic writes)"
    let help = """
        Usage: latent-oracle export [--family F] [--out DIR] [--data DIR]

        Runs the exporters and writes Fixtures/<family>/<variant>.json and manifest.json with the
        canonical writer, and the JSON Schema of each group that has an evaluator (its inputs and
        expected outputs) to Fixtures/schemas/<family>/<variant>/<group>.schema.json. Each file is written to a \
        hidden temporary (.NAME.json.tmp-PID) and
        renamed into place, so a failed or interrupted export never leaves a half-written file;
        the temporaries of an export that was killed are removed by the next one. Progress goes
        to stderr once every file is written (an error is the first line). Run from any
        folder: the repository is found from the current folder or from the binary's location.

        Options:
          --family F   export only family F (the manifest still lists every file in DIR)
          --out DIR    the fixtures directory to write (default: the repository's Fixtures)
          --data DIR   the data folder with nist-strd/ and old-faithful.csv (default:
                       $LATENT_ORACLE_DATA, else ../shared/data beside the repository)
        """

    func run(_ arguments: [String]) throws(CommandError) -> Int32 {
        let options = try Options(arguments, command: name, valued: ["family", "out", "data"])
        let given = try Repository.enter(keeping: [options.value("out"), options.value("data")])
        let out = given[0]
        let data = dataDirectory(given[1])
        let directory = FixtureDirectory(path: out ?? "Fixtures")
        var exporters = FixtureRegistry.exporters
        if let family = options.value("family") {
            guard let exporter = FixtureRegistry.exporter(family: family) else {
                throw CommandError(
                    "unknown family '\(family)'", "choose one of: \(FixtureRegistry.families.joined(separator: ", "))")
            }
            exporters = [exporter]
        }
        // The output folder is made first, and progress is held back until every file is
        // written, so that an error (an unusable folder, a failed exporter) is the first line.
        do {
            try FileAccess.createFolder(directory.path)
        } catch {
            throw CommandError(error)
        }
        guard access(directory.path, W_OK) == 0 else {
            throw CommandError(
                "\(directory.path): cannot write into this folder (no permission)",
                "choose a folder you can write with --out DIR")
        }
        var progress: [String] = []
        let files = try exporting(with: data) {
            try FixtureExport.generate(exporters: exporters) { progress.append($0) }
        }
        for stale in directory.removeStaleTemporaries() {
            progress.append("removed \(directory.path)/\(stale), a temporary file left by an interrupted export")
        }
        // The manifest covers every family: the new files, plus what is on disk for the rest.
        var manifestFiles = files
        if options.value("family") != nil && directory.exists {
            let exported = Set(files.map(\.relativePath))
            do {
                manifestFiles += try directory.loadAll().filter { !exported.contains($0.relativePath) }
            } catch {
                throw CommandError(error)
            }
        }
        do {
            for generated in FixtureExport.render(files, manifestFiles: manifestFiles) {
                try directory.writeAtomically(generated.text, to: generated.relativePath)
                progress.append("wrote \(directory.path)/\(generated.relativePath)")
            }
        } catch {
            throw CommandError(error)
        }
        progress.forEach(printError)
        if options.value("family") == nil {
            let produced = Set(files.map(\.relativePath) + GroupSchema.files().map(\.relativePath))
            for stale in directory.fixturePaths() + directory.schemaPaths() where !produced.contains(stale) {
                printError(
                    """
                    warning: \(directory.path)/\(stale) is produced by no exporter; delete it, or 'latent-oracle \
                    check' will report it
                    """
                )
            }
        }
        let cases = files.reduce(0) { $0 + $1.cases.count }
        print("export: \(files.count) file(s), \(cases) cases written to \(directory.path)/")
        return ExitStatus.success
    }
}
