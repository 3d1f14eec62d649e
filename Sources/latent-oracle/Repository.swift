import Foundation
import OracleFixtures

/// Where the LatentOracle repository is, so that commands that read `Fixtures/` or `Proofs/` by
/// default work from any folder.
///
/// The root is the first folder holding both `Package.swift` and `Fixtures/`, looking first at
/// the current folder and its parents, then at the folders above the running binary (a build
/// under `.build/` sits inside the repository). Paths the user passes are never moved: only the
/// defaults are resolved against the root.
enum Repository {
    /// The repository root, or nil when neither the current folder nor the binary is inside one.
    static let root: String? = {
        let manager = FileManager.default
        var starts = [manager.currentDirectoryPath]
        if let executable = Bundle.main.executablePath {
            starts.append(URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent().path)
        }
        for start in starts {
            var folder = URL(fileURLWithPath: start).standardizedFileURL
            while true {
                var isFolder: ObjCBool = false
                if manager.fileExists(atPath: folder.appendingPathComponent("Package.swift").path),
                    manager.fileExists(atPath: folder.appendingPathComponent("Fixtures").path, isDirectory: &isFolder),
                    isFolder.boolValue
                {
                    return folder.path
                }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
        }
        return nil
    }()

    /// `relativePath` under the repository root, written relative to the current folder when
    /// the root is the current folder (so messages keep their short paths).
    static func path(_ relativePath: String, option: String) throws(CommandError) -> String {
        guard let root else {
            throw CommandError(
                """
                no LatentOracle repository (a folder with Package.swift and Fixtures/) here, above this folder or \
                above the binary
                """,
                "run inside the repository, or pass --\(option) DIR")
        }
        if root == URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path {
            return relativePath
        }
        return URL(fileURLWithPath: root).appendingPathComponent(relativePath).path
    }

    /// Makes the repository root the current folder, after turning `paths` (the user's, relative
    /// to where the command was run) into absolute paths. The exporters read their data sets at
    /// `../shared/data` from the root.
    static func enter(keeping paths: [String?]) throws(CommandError) -> [String?] {
        let absolute = paths.map { $0.map { URL(fileURLWithPath: $0).standardizedFileURL.path } }
        let root = try path(".", option: "out")
        guard FileManager.default.changeCurrentDirectoryPath(root) else {
            throw CommandError("cannot enter the repository at '\(root)'", "run the command from the repository root")
        }
        return absolute
    }
}
