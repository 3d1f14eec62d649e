import OracleFixtures

/// `latent-oracle bench KERNEL`: runs one benchmark kernel and prints its measurements as one
/// JSON object, for the `scripts/bench-*` scripts that compare it with a peer.
struct BenchCommand: Command {
    let name = "bench"
    let summary = "run a benchmark kernel (release builds; used by scripts/bench-*)"
    var help: String {
        let list = BenchmarkRegistry.kernels.map { "  \($0.name): \($0.summary)" }.joined(separator: "\n")
        return """
            Usage: latent-oracle bench KERNEL [--repetitions N]
                   latent-oracle bench --list

            Runs KERNEL and prints its measurements (seconds per operation as the minimum over N
            repetitions, and accuracy figures) as one JSON object on standard output. Meant for a
            release build, driven by the scripts/bench-* scripts, which run a peer side by side.

            Kernels:
            \(list.isEmpty ? "  (none)" : list)

            Options:
              --repetitions N   repetitions per measured operation (default 7)
            """
    }

    func run(_ arguments: [String]) throws(CommandError) -> Int32 {
        if arguments == ["--list"] {
            for kernel in BenchmarkRegistry.kernels { print("\(kernel.name)\t\(kernel.summary)") }
            return ExitStatus.success
        }
        guard let kernelName = arguments.first, !kernelName.hasPrefix("--") else {
            throw CommandError("bench needs a kernel name", "run 'latent-oracle bench --list' for the kernels")
        }
        guard let kernel = BenchmarkRegistry.kernel(named: kernelName) else {
            throw CommandError("unknown benchmark kernel '\(kernelName)'", "run 'latent-oracle bench --list' for the kernels")
        }
        let options = try Options(Array(arguments.dropFirst()), command: name, valued: ["repetitions"])
        var repetitions = 7
        if let text = options.value("repetitions") {
            guard let n = Int(text), n >= 1 else {
                throw CommandError("--repetitions must be a whole number ≥ 1, not '\(text)'", "pass e.g. --repetitions 7")
            }
            repetitions = n
        }
        let measurements: [(key: String, value: Double)]
        do {
            measurements = try kernel.run(repetitions: repetitions)
        } catch {
            throw CommandError("benchmark '\(kernelName)' failed: \(error)", "this is a bug in the oracle; report it", status: ExitStatus.failed)
        }
        let fields = measurements.map { "\"\($0.key)\": \($0.value.isFinite ? "\($0.value)" : "null")" }
        print("{" + fields.joined(separator: ", ") + "}")
        return ExitStatus.success
    }
}
