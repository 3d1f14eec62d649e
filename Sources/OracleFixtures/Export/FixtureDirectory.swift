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

    /// The bytes of the file at `path`, or nil when it does not exist.
    public static func readFile(_ path: String) throws(FixtureError) -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw FixtureError(.io, location: path, problem: "cannot read the file (\(error.localizedDescription))", remedy: "check its permissions")
        }
    }

    /// Writes `text` to `relativePath` atomically: into a temporary file in the same folder,
    /// then `rename(2)` over the target, so no reader ever sees a half-written file.
    public func writeAtomically(_ text: String, to relativePath: String) throws(FixtureError) {
        try Self.writeFileAtomically(text, to: url(relativePath).path)
    }

    public static func writeFileAtomically(_ text: String, to path: String) throws(FixtureError) {
        let target = URL(fileURLWithPath: path)
        let folder = target.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw FixtureError(.io, location: path, problem: "cannot write (\(error.localizedDescription))", remedy: "check that the folder is writable")
        }
        guard rename(temporary.path, target.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw FixtureError(.io, location: path, problem: "cannot move the new file into place (errno \(errno))", remedy: "check that the folder is writable")
        }
    }

    /// Fixture files present on disk: `<family>/<name>.json`, sorted.
    public func fixturePaths() -> [String] {
        let manager = FileManager.default
        guard let families = try? manager.contentsOfDirectory(atPath: path) else { return [] }
        var paths: [String] = []
        for family in families.sorted() where !family.hasPrefix(".") {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: url(family).path, isDirectory: &isDirectory), isDirectory.boolValue,
                  let names = try? manager.contentsOfDirectory(atPath: url(family).path) else { continue }
            paths += names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map { "\(family)/\($0)" }
        }
        return paths
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
            throw FixtureError(.io, location: url(relativePath).path, problem: "there is no fixture file for \(family)/\(variant)",
                               remedy: "check the family and variant, or pass --fixtures DIR")
        }
        return try FixtureFile.decode(bytes, source: url(relativePath).path)
    }
}
