import Foundation
import OracleFixtureFormat

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
        let built = buildConcurrently(exporters)
        for (exporter, made) in zip(exporters, built) {
            progress("exporting \(exporter.family)")
            for file in try made.get() {
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

    /// Every exporter's `makeFiles()`, run on all cores: the families are independent and each is
    /// deterministic, so the files (and their order, which is the exporters' order) do not depend on
    /// how the work is spread. The data directory chosen by the caller is bound in every worker.
    static func buildConcurrently(_ exporters: [any FixtureFamilyExporter]) -> [Result<[FixtureFile], any Error>] {
        let results = ResultSlots<[FixtureFile]>(count: exporters.count)
        let data = DataDirectory.chosen
        DispatchQueue.concurrentPerform(iterations: exporters.count) { index in
            let made = DataDirectory.$chosen.withValue(data) {
                Result { try exporters[index].makeFiles() }
            }
            results.store(made, at: index)
        }
        return results.values
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
