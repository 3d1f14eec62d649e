import Foundation

/// Reading and atomically writing files under a fixtures directory.
public struct FixtureDirectory: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public func url(_ relativePath: String) -> URL {
        URL(fileURLWithPath: path).appendingPathComponent(relativePath)
    }

    public var exists: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The bytes of a file, or nil when it does not exist.
    public func read(_ relativePath: String) throws(FixtureError) -> [UInt8]? {
        try Self.readFile(url(relativePath).path)
    }

    /// The bytes of the file at `path`, or nil when it does not exist. A folder, a device or a
    /// file over `FileAccess.maximumBytes` is refused (`FileAccess.read`).
    public static func readFile(_ path: String) throws(FixtureError) -> [UInt8]? {
        try FileAccess.read(path)
    }

    /// Writes `text` to `relativePath` atomically: into a temporary file in the same folder,
    /// then `rename(2)` over the target, so no reader ever sees a half-written file.
    public func writeAtomically(_ text: String, to relativePath: String) throws(FixtureError) {
        try Self.writeFileAtomically(text, to: url(relativePath).path)
    }

    public static func writeFileAtomically(_ text: String, to path: String) throws(FixtureError) {
        try FileAccess.writeAtomically(Array(text.utf8), to: path)
    }

    /// Fixture files present on disk: `<family>/<name>.json`, sorted.
    public func fixturePaths() -> [String] {
        let manager = FileManager.default
        guard let families = try? manager.contentsOfDirectory(atPath: path) else { return [] }
        var paths: [String] = []
        for family in families.sorted() where !family.hasPrefix(".") {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: url(family).path, isDirectory: &isDirectory), isDirectory.boolValue,
                let names = try? manager.contentsOfDirectory(atPath: url(family).path)
            else { continue }
            paths += names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map { "\(family)/\($0)" }
        }
        return paths
    }

    /// The hidden temporaries `.NAME.tmp-PID` that an atomic write leaves when its process is
    /// killed between writing and renaming, in this folder and its family folders, as relative
    /// paths with the process id, sorted (the group schemas' folders too).
    public func temporaryPaths() -> [(relativePath: String, processID: Int32)] {
        var found = FileAccess.temporaries(in: path).map { ($0.name, $0.processID) }
        let families = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
        for family in families where !family.hasPrefix(".") {
            found += FileAccess.temporaries(in: url(family).path).map { ("\(family)/\($0.name)", $0.processID) }
        }
        for folder in schemaFolders() {
            found += FileAccess.temporaries(in: url(folder).path).map { ("\(folder)/\($0.name)", $0.processID) }
        }
        return found
    }

    /// Removes the temporaries of processes that are no longer running, and returns their
    /// relative paths. A running process's temporary (a concurrent export) is left alone.
    public func removeStaleTemporaries() -> [String] {
        temporaryPaths().filter { !FileAccess.isRunning($0.processID) }.compactMap { temporary in
            unlink(url(temporary.relativePath).path) == 0 ? temporary.relativePath : nil
        }
    }

    /// Reads and validates every fixture file on disk.
    public func loadAll() throws(FixtureError) -> [FixtureFile] {
        var files: [FixtureFile] = []
        for relativePath in fixturePaths() {
            guard let bytes = try read(relativePath) else { continue }
            files.append(try FixtureFile.decode(bytes, source: url(relativePath).path))
        }
        return files
    }

    /// The fixture file for a family and variant, read and validated.
    public func load(family: String, variant: String) throws(FixtureError) -> FixtureFile {
        let relativePath = "\(family)/\(variant).json"
        guard let bytes = try read(relativePath) else {
            throw FixtureError(
                .io, location: url(relativePath).path, problem: "there is no fixture file for \(family)/\(variant)",
                remedy: "check the family and variant, or pass --fixtures DIR")
        }
        return try FixtureFile.decode(bytes, source: url(relativePath).path)
    }

    /// The folder of the group schemas, `schemas/<family>/<variant>/<group>.schema.json`.
    public static let schemaFolder = "schemas"

    /// `schemas/<family>/<variant>` folders on disk, sorted.
    public func schemaFolders() -> [String] {
        func subfolders(_ relativePath: String) -> [String] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url(relativePath).path)) ?? []
            return names.sorted().filter { name in
                var isDirectory: ObjCBool = false
                return !name.hasPrefix(".")
                    && FileManager.default.fileExists(
                        atPath: url("\(relativePath)/\(name)").path,
                        isDirectory: &isDirectory)
                    && isDirectory.boolValue
            }.map { "\(relativePath)/\($0)" }
        }
        return subfolders(Self.schemaFolder).flatMap(subfolders)
    }
}
