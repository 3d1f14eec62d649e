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

    /// `schemas/<family>/<variant>` folders on disk, sorted.
    func schemaFolders() -> [String] {
        func subfolders(_ relativePath: String) -> [String] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url(relativePath).path)) ?? []
            return names.sorted().filter { name in
                var isDirectory: ObjCBool = false
                return !name.hasPrefix(".")
                    && FileManager.default.fileExists(atPath: url("\(relativePath)/\(name)").path,
                                                      isDirectory: &isDirectory) && isDirectory.boolValue
            }.map { "\(relativePath)/\($0)" }
        }
        return subfolders(GroupSchema.folder).flatMap(subfolders)
    }
}
