import OracleFixtures
import OracleBenchmarks

/// `latent-oracle bench <kernel> [options]`: runs a registered benchmark kernel (build in release
/// for meaningful timings) and prints its JSON report.
struct BenchCommand: Command {
    let name = "bench"
    let summary = "run a benchmark kernel and print its timings as JSON (build with -c release)"
    var help: String {
        "Usage: latent-oracle bench <kernel> [options]\n\nKernels:\n"
            + BenchmarkRegistry.kernels.map { "  \($0.name)   \($0.summary)" }.joined(separator: "\n")
    }

    func run(_ arguments: [String]) throws(CommandError) -> Int32 {
        guard let first = arguments.first, let kernel = BenchmarkRegistry.kernel(named: first) else {
            throw CommandError(
                "unknown or missing benchmark kernel '\(arguments.first ?? "")'",
                "choose one of: \(BenchmarkRegistry.kernels.map(\.name).joined(separator: ", "))")
        }
        do {
            print(try kernel.run(Array(arguments.dropFirst())))
        } catch {
            throw CommandError("bench \(kernel.name): \(error)", "see latent-oracle help bench")
        }
        return ExitStatus.success
    }
}
