import Foundation

/// The committed figures under `Proofs/figures/`: written by `latent-oracle plot`, compared byte
/// for byte by `latent-oracle check`, so a figure never drifts from the data it draws.
public enum FigureFiles {
    /// Writes every figure of `FigureCatalog` into `directory` atomically (temporary file, then
    /// rename), creating the directory if needed. Returns the file names written.
    public static func write(to directory: String, fixturesDirectory: URL?) throws -> [String] {
        let figures = try FigureCatalog.allFigures(fixturesDirectory: fixturesDirectory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for figure in figures {
            try FixtureDirectory(path: directory).writeAtomically(figure.svg, to: figure.fileName)
        }
        return figures.map(\.fileName)
    }

    /// Renders every figure and returns how many there are and which of them are missing from
    /// `directory` or differ from the committed file.
    public static func drift(in directory: String, fixturesDirectory: URL?) throws -> (rendered: Int, drifted: [String]) {
        let figures = try FigureCatalog.allFigures(fixturesDirectory: fixturesDirectory)
        let drifted = try figures.compactMap { figure in
            let committed = try FixtureDirectory(path: directory).read(figure.fileName)
            return committed == Array(figure.svg.utf8) ? nil : figure.fileName
        }
        return (figures.count, drifted)
    }
}
