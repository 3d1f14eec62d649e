import Foundation

extension FixtureDirectory {
    /// The group schemas on disk, `schemas/<family>/<variant>/<group>.schema.json`, sorted:
    /// what `check` compares with a fresh export (a schema no evaluator produces is stale).
    public func schemaPaths() -> [String] {
        schemaFolders().flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: url(folder).path)) ?? [])
                .filter { $0.hasSuffix(GroupSchema.suffix) && !$0.hasPrefix(".") }.sorted().map { "\(folder)/\($0)" }
        }
    }
}
