/// A file the exporter writes: its path under the fixtures directory and its exact text.
public struct GeneratedFile: Sendable, Equatable {
    public var relativePath: String
    public var text: String
}

/// Runs exporters and checks what they produce before anything is written.
public enum FixtureExport {
    /// The files of the given exporters (all of them by default), each validated by reading it
    /// back with the strict reader: the round trip must give the same file, and case ids must be
    /// unique across files.
    ///
    /// - Parameter progress: called with one line per family and file (for stderr).
    public static func generate(
        exporters: [any FixtureFamilyExporter] = FixtureRegistry.exporters,
        progress: (String) -> Void = { _ in }
    ) throws -> [FixtureFile] {
        var files: [FixtureFile] = []
        var seenIDs: [String: String] = [:]
        for exporter in exporters {
            progress("exporting \(exporter.family)")
            for file in try exporter.makeFiles() {
                let text = file.canonicalText
                let reread = try FixtureFile.decode(Array(text.utf8), source: file.relativePath)
                guard reread == file else {
                    throw FixtureError(
                        .invalidValue, location: file.relativePath, problem: "the file does not read back as written",
                        remedy: "this is a bug in the exporter or writer; report it")
                }
                for fixtureCase in file.cases {
                    if let other = seenIDs.updateValue(file.relativePath, forKey: fixtureCase.id) {
                        throw FixtureError(
                            .duplicateCaseID, location: file.relativePath,
                            problem: "the case id \(fixtureCase.id) is also used in \(other)",
                            remedy: "case ids must be unique across all fixture files")
                    }
                }
                progress("  \(file.relativePath): \(file.cases.count) cases, \(file.flagsUsed.count) flags")
                files.append(file)
            }
        }
        return files
    }

    /// The fixture files, the manifest and the group schemas of `evaluators`, as text.
    public static func render(
        _ files: [FixtureFile], manifestFiles: [FixtureFile]? = nil,
        evaluators: [any GroupEvaluator] = EvaluatorRegistry.all
    ) -> [GeneratedFile] {
        files.map { GeneratedFile(relativePath: $0.relativePath, text: $0.canonicalText) }
            + [
                GeneratedFile(
                    relativePath: Manifest.fileName, text: Manifest(files: manifestFiles ?? files).canonicalText)
            ]
            + GroupSchema.files(evaluators)
    }
}
