import Foundation
import OracleFixtures
import OracleFigures

/// `latent-oracle plot`: writes the SVG figures that the Proofs link to.
struct PlotCommand: Command {
    let name = "plot"
    let summary = "write the SVG figures of the Proofs (from the fixtures) into DIR"
    let help = """
        Usage: latent-oracle plot [--out DIR] [--fixtures DIR]

        Renders every figure the Proofs link to, from the fixture files, with LatentOracle's own
        SVG writer, and writes them atomically into DIR. The output is deterministic:
        'latent-oracle check' regenerates the figures and fails if a committed one differs.

        Options:
          --out DIR        where to write the figures (default: Proofs/figures)
          --fixtures DIR   the fixtures directory the figures read (default: Fixtures)
        """

    func run(_ arguments: [String]) throws(CommandError) -> Int32 {
        let options = try Options(arguments, command: name, valued: ["out", "fixtures"])
        let fixtures = try fixturesDirectory(options)
        var out = options.value("out") ?? ""
        if out.isEmpty { out = try Repository.path("Proofs/figures", option: "out") }
        do {
            let written = try FigureFiles.write(to: out, fixturesDirectory: fixtures.url(""))
            for file in written { printError("plot: wrote \(out)/\(file)") }
            print("plot: \(written.count) figure(s) written to \(out)/")
            return ExitStatus.success
        } catch let error as FixtureError {
            throw CommandError(error)
        } catch {
            throw CommandError(
                "could not write the figures to '\(out)': \(error)",
                "check that the directory is writable and the fixtures are current")
        }
    }
}
