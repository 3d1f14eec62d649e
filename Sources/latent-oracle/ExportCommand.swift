import OracleFixtures

/// `latent-oracle export`: regenerates the golden files and the manifest.
struct ExportCommand: Command {
    let name = "export"
    let summary = "regenerate the fixture files and the manifest (atomic writes)"
    let help = """
        Usage: latent-oracle export [--family F] [--out DIR]

        Runs the exporters and writes Fixtures/<family>/<variant>.json and manifest.json with the
        canonical writer. Each file is written to a temporary file and renamed into place, so a
        failed or interrupted export never leaves a half-written file. Progress goes to stderr.

        Options:
          --family F   export only family F (the manifest still lists every file in DIR)
          --out DIR    the fixtures directory to write (default: Fixtures; created if missing)
        """

    func run(_ arguments: [String]) throws(CommandError) -> Int32 {
        let options = try Options(arguments, command: name, valued: ["family", "out"])
        let directory = FixtureDirectory(path: options.value("out") ?? "Fixtures")
        var exporters = FixtureRegistry.exporters
        if let family = options.value("family") {
            guard let exporter = FixtureRegistry.exporter(family: family) else {
                throw CommandError("unknown family '\(family)'", "choose one of: \(FixtureRegistry.families.joined(separator: ", "))")
            }
            exporters = [exporter]
        }
        let files: [FixtureFile]
        do {
            files = try FixtureExport.generate(exporters: exporters, progress: printError)
        } catch let error as FixtureError {
            throw CommandError(error)
        } catch {
            throw CommandError("an exporter failed: \(error)", "this is a bug in the oracle; report it")
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
                printError("wrote \(directory.path)/\(generated.relativePath)")
            }
        } catch {
            throw CommandError(error)
        }
        if options.value("family") == nil {
            let produced = Set(files.map(\.relativePath))
            for stale in directory.fixturePaths() where !produced.contains(stale) {
                printError("warning: \(directory.path)/\(stale) is produced by no exporter; delete it, or 'latent-oracle check' will report it")
            }
        }
        let cases = files.reduce(0) { $0 + $1.cases.count }
        print("export: \(files.count) file(s), \(cases) cases written to \(directory.path)/")
        return ExitStatus.success
    }
}
