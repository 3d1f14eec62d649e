import Foundation
import OracleFixtureFormat

/// The committed figures under `Proofs/figures/`: written by `latent-oracle plot`, compared byte
/// for byte by `latent-oracle check`, so a figure never drifts from the data it draws.
public enum FigureFiles {
    /// Writes every figure of `FigureCatalog` into `directory` atomically (temporary file, then
    /// rename), creating the directory if needed. Returns the file names written.
    /// - Throws: a `FixtureError` of kind `io` naming the path when a folder or file cannot be
    ///   written; whatever a figure's data source throws.
    public static func write(to directory: String, fixturesDirectory: URL?) throws -> [String] {
        let figures = try FigureCatalog.allFigures(fixturesDirectory: fixturesDirectory)
        try FileAccess.createFolder(directory)
        for figure in figures {
            try FixtureDirectory(path: directory).writeAtomically(figure.svg, to: figure.fileName)
        }
        return figures.map(\.fileName)
    }

    /// One committed figure that is not what a fresh rendering gives.
    public struct Drift: Sendable, Equatable, CustomStringConvertible {
        public var fileName: String
        /// True when there is no committed file, false when it differs.
        public var isMissing: Bool
        public var description: String {
            isMissing ? "\(fileName) is missing (run latent-oracle plot)" : "\(fileName) differs from a fresh rendering"
        }
    }

    /// Renders every figure and returns how many there are and which of them are missing from
    /// `directory` or differ from the committed file.
    public static func drift(in directory: String, fixturesDirectory: URL?) throws -> (rendered: Int, drifted: [Drift])
    {
        let figures = try FigureCatalog.allFigures(fixturesDirectory: fixturesDirectory)
        let drifted = try figures.compactMap { figure -> Drift? in
            guard let committed = try FixtureDirectory(path: directory).read(figure.fileName) else {
                return Drift(fileName: figure.fileName, isMissing: true)
            }
            return committed == Array(figure.svg.utf8) ? nil : Drift(fileName: figure.fileName, isMissing: false)
        }
        return (figures.count, drifted)
    }
}
