import Foundation

/// The data sets the tests read in place (NIST StRD `nist-strd/`, Old Faithful), located by the
/// same setting as the exporters' `DataDirectory`: the environment variable `LATENT_ORACLE_DATA`,
/// else `../shared/data` beside the repository root. A missing file fails the test with one line
/// saying what is missing, where it was looked for and how to point at the data.
public enum TestData {
    public static let environmentVariable = "LATENT_ORACLE_DATA"

    /// The data folder.
    public static func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let value = environment[environmentVariable], !value.isEmpty { return URL(fileURLWithPath: value) }
        return RepositoryRoot.url.appendingPathComponent("../shared/data").standardizedFileURL
    }

    /// The text of `relativePath` in the data folder.
    public static func text(_ relativePath: String) throws -> String {
        let url = folder().appendingPathComponent(relativePath)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw TestDataMissing(path: url.path) }
        return text
    }

    /// The names of the files ending in `suffix` in the folder `relativePath`, sorted, or nil when
    /// the folder is missing.
    public static func names(in relativePath: String, suffix: String) -> [String]? {
        let url = folder().appendingPathComponent(relativePath)
        return (try? FileManager.default.contentsOfDirectory(atPath: url.path))?.filter { $0.hasSuffix(suffix) }
            .sorted()
    }
}

/// A data file a test needs is not in the data folder. Its description is one line.
public struct TestDataMissing: Error, CustomStringConvertible {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public var description: String {
        "test data missing: cannot read \(path) (data folder \(TestData.folder().path)); point at the folder holding "
            + "nist-strd/ and old-faithful.csv with \(TestData.environmentVariable)=DIR"
    }
}
