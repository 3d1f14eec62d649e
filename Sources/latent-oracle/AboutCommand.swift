import Foundation
import OracleFixtures

/// `latent-oracle about`: what this oracle is, what it covers and where to read more.
struct AboutCommand: Command {
    let name = "about"
    let summary = "what the oracle covers: modules, fixture families, case counts, the Proofs index"
    let help = """
        Usage: latent-oracle about [--fixtures DIR]

        Prints the oracle's self-report: its version, the modules it is built from, the fixture
        families it exports (with file, case and flag counts from DIR), the fixture format and the
        Proofs index.

        Options:
          --fixtures DIR   the fixtures directory (default: the repository's Fixtures, found
                           from the current folder or from the binary's location)
        """

    static let modules: [(String, String)] = [
        ("OracleArithmetic", "big integers, rationals, arbitrary-precision binary floats, the scalar protocols"),
        ("OracleLinearAlgebra", "generic dense matrices: exact elimination, Cholesky, LU, QR, Jacobi"),
        ("OracleRandom", "the specified SplitMix64 generator and its samplers"),
        ("LatentDerivations", "the derivations, one folder per family, generic over the scalar type"),
        ("GSLReference", "safe wrappers over GSL, the independent second opinion"),
        ("OracleFixtures", "fixture format, canonical writer, strict reader, verifier, exporters"),
    ]

    func run(_ arguments: [String]) throws(CommandError) -> Int32 {
        let options = try Options(arguments, command: name, valued: ["fixtures"])
        let directory = try fixturesDirectory(options)
        var lines = [
            """
            latent-oracle \(OracleVersion.current): reference implementation and test oracle for latent-variable models
            """,
            "",
            "Modules:",
        ]
        lines += Self.modules.map { "  \($0.0.padding(toLength: 20, withPad: " ", startingAt: 0))\($0.1)" }
        lines += ["", "Fixture families (exported by this build):"]
        let onDisk: [FixtureFile]
        do { onDisk = try directory.loadAll() } catch { throw CommandError(error) }
        for exporter in FixtureRegistry.exporters {
            let files = onDisk.filter { $0.family == exporter.family }
            let cases = files.reduce(0) { $0 + $1.cases.count }
            let flags = Set(files.flatMap(\.flagsUsed)).count
            lines.append("  \(exporter.family.padding(toLength: 20, withPad: " ", startingAt: 0))\(exporter.summary)")
            lines.append(
                """
                  \(String(repeating: " ", count: 20))\(files.count) file(s), \(cases) cases, \(flags) bug-class \
                flags on disk
                """
            )
        }
        lines.append("")
        let total = onDisk.reduce(0) { $0 + $1.cases.count }
        let flags = Set(onDisk.flatMap(\.flagsUsed)).count
        lines.append(
            "Fixtures: \(directory.path)/ holds \(onDisk.count) file(s), \(total) cases, \(flags) flags "
                + "(index: \(directory.path)/\(Manifest.fileName))")
        lines += [
            """
            Format: version \(OracleVersion.schemaVersion), \(directory.path)/README.md; JSON Schema \
            \(directory.path)/fixture.schema.json
            """,
            "Proofs: " + (try proofsLine()),
            "",
            "Test an implementation: write a results file per fixture file (see \(directory.path)/README.md), then",
            "  latent-oracle verify --results my-results.json",
        ]
        print(lines.joined(separator: "\n"))
        return ExitStatus.success
    }

    /// The Proofs index of the repository (found from any folder); one line error when absent.
    private func proofsLine() throws(CommandError) -> String {
        let manager = FileManager.default
        let folder = try Repository.path("Proofs", option: "fixtures")
        guard let names = try? manager.contentsOfDirectory(atPath: folder) else {
            throw CommandError("no Proofs folder at '\(folder)'", "run inside a complete LatentOracle repository")
        }
        let proofs = names.filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted()
        let index = manager.fileExists(atPath: folder + "/README.md") ? folder + "/README.md" : folder + "/"
        return "\(index) (\(proofs.count) derivation(s): \(proofs.joined(separator: ", ")))"
    }
}
