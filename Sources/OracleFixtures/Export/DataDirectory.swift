import Foundation

/// The folder of data sets the exporters read in place (NIST StRD `nist-strd/*.dat`, Old Faithful
/// `old-faithful.csv`): one setting for every command and test.
///
/// Resolved in this order: the command-line option `--data DIR`, the environment variable
/// `LATENT_ORACLE_DATA`, then `../shared/data` relative to the repository root. The data are never
/// copied into the repository. A missing file is reported once, in one line, with where it was
/// looked for and how to point at the folder (`DataMissing`).
public struct DataDirectory: Sendable, Equatable {
    /// Where the setting came from, for the message when data are missing.
    public enum Source: Sendable, Equatable {
        case option, environment, repositoryDefault
    }

    public static let environmentVariable = "LATENT_ORACLE_DATA"
    /// The default, relative to the repository root.
    public static let defaultRelativePath = "../shared/data"

    /// The folder, absolute or relative to the current folder.
    public let path: String
    public let source: Source

    public init(path: String, source: Source) {
        self.path = path
        self.source = source
    }

    /// The folder from `option` (the value of `--data`), else from `environment`, else
    /// `../shared/data` beside `repositoryRoot` (the current folder when it is nil).
    public static func resolve(
        option: String?, environment: [String: String] = ProcessInfo.processInfo.environment, repositoryRoot: String?
    ) -> DataDirectory {
        if let option, !option.isEmpty { return DataDirectory(path: option, source: .option) }
        if let value = environment[environmentVariable], !value.isEmpty {
            return DataDirectory(path: value, source: .environment)
        }
        let root = repositoryRoot ?? FileManager.default.currentDirectoryPath
        let path = URL(fileURLWithPath: root).appendingPathComponent(defaultRelativePath).standardizedFileURL.path
        return DataDirectory(path: path, source: .repositoryDefault)
    }

    /// The setting a command has chosen for the work it runs (`DataDirectory.$chosen.withValue`).
    @TaskLocal public static var chosen: DataDirectory?

    /// The setting in force: the one a command has chosen, else the environment variable, else
    /// `../shared/data` beside the repository that holds the current folder.
    public static var current: DataDirectory {
        chosen ?? resolve(option: nil, repositoryRoot: repositoryRoot(above: FileManager.default.currentDirectoryPath))
    }

    /// The first folder at or above `start` holding both `Package.swift` and `Fixtures/`.
    public static func repositoryRoot(above start: String) -> String? {
        var folder = URL(fileURLWithPath: start).standardizedFileURL
        while true {
            let manager = FileManager.default
            if manager.fileExists(atPath: folder.appendingPathComponent("Package.swift").path),
                manager.fileExists(atPath: folder.appendingPathComponent("Fixtures").path)
            {
                return folder.path
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }

    /// `relativePath` inside the folder, which must exist (a file or a folder).
    public func url(_ relativePath: String, what: String) throws(DataMissing) -> URL {
        let url = URL(fileURLWithPath: path).appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DataMissing(what: what, path: url.path, directory: self)
        }
        return url
    }

    /// The text of the file `relativePath` inside the folder.
    public func text(_ relativePath: String, what: String) throws(DataMissing) -> String {
        let url = try url(relativePath, what: what)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw DataMissing(what: what, path: url.path, directory: self, unreadable: true)
        }
        return text
    }

    /// The names of the files in the folder `relativePath` inside, ending in `suffix`, sorted.
    public func files(in relativePath: String, suffix: String, what: String) throws(DataMissing) -> [String] {
        let url = try url(relativePath, what: what)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else {
            throw DataMissing(what: what, path: url.path, directory: self, unreadable: true)
        }
        return names.filter { $0.hasSuffix(suffix) }.sorted()
    }
}

/// A data set the command needs is not where the data folder setting points. Its description is
/// one line: what is missing, where it was looked for, and how to point at the data.
public struct DataMissing: Error, Sendable, Equatable, CustomStringConvertible {
    public let what: String
    public let path: String
    public let directory: DataDirectory
    /// The path exists but could not be read as text (or listed).
    public var unreadable = false

    /// What is missing and where it was looked for.
    public var problem: String {
        let setting =
            switch directory.source {
            case .option: "set by --data"
            case .environment: "set by \(DataDirectory.environmentVariable)"
            case .repositoryDefault: "the default \(DataDirectory.defaultRelativePath) beside the repository"
            }
        let state = unreadable ? "cannot be read at" : "is missing: looked for"
        return "\(what) \(state) \(path) (data folder \(directory.path), \(setting))"
    }

    /// How to point at the data.
    public var remedy: String {
        "point at the folder holding nist-strd/ and old-faithful.csv with --data DIR or "
            + "\(DataDirectory.environmentVariable)=DIR"
    }

    public var description: String { "\(problem); \(remedy)" }
}
