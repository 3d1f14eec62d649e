import Foundation

/// The repository's root folder, for tests that read Proofs/, Fixtures/, Sources/ or scripts/
/// in place: found from this file's path (Sources/OracleTestSupport/RepositoryRoot.swift).
public enum RepositoryRoot {
    /// The root folder (the one holding Package.swift).
    public static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The file or folder at `relativePath` under the root ("Fixtures", "Proofs/README.md").
    public static func appending(_ relativePath: String) -> URL {
        url.appendingPathComponent(relativePath)
    }
}
