import Foundation

/// A timed computation that `latent-oracle bench <name>` runs in a release build, for the
/// `scripts/bench` harness, which runs a peer (MPFR, FLINT, Python `fractions`, `mpmath`, NumPy,
/// scikit-learn) side by side on the same inputs and prints ratios. Kernels are not tests: they
/// assert nothing about time. Kernels register by name in `BenchmarkRegistry.kernels`.
public protocol BenchmarkKernel: Sendable {
    /// The name after `bench`.
    var name: String { get }
    /// One line for `bench --help`.
    var summary: String { get }
    /// Runs with the arguments after the kernel name; returns the JSON report.
    func run(_ arguments: [String]) throws -> String
}

/// A kernel whose only option is `--repetitions N` (default 7) and whose report is a flat JSON
/// object of numbers: seconds per operation (the minimum over the repetitions, the least noisy
/// statistic on a shared machine) and accuracy figures.
public protocol RepeatedBenchmarkKernel: BenchmarkKernel {
    func run(repetitions: Int) throws -> [(key: String, value: Double)]
}

extension RepeatedBenchmarkKernel {
    public func run(_ arguments: [String]) throws -> String {
        var repetitions = 7
        switch arguments.count {
        case 0: break
        case 2 where arguments[0] == "--repetitions":
            guard let n = Int(arguments[1]), n >= 1 else {
                throw BenchmarkError("--repetitions must be a whole number ≥ 1, not '\(arguments[1])'")
            }
            repetitions = n
        default:
            throw BenchmarkError("\(name) takes only --repetitions N, not '\(arguments.joined(separator: " "))'")
        }
        let fields = try run(repetitions: repetitions).map {
            "\"\($0.key)\": \($0.value.isFinite ? "\($0.value)" : "null")"
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }
}

/// Every benchmark kernel, by name.
public enum BenchmarkRegistry {
    public static let kernels: [any BenchmarkKernel] = [
        LinearGaussianBenchmark(),
        ArithmeticSolveKernel(),
        ArithmeticElementaryKernel(),
        ArithmeticGammaKernel(),
        ArithmeticSolveScalingKernel(),
        CertifiedCostKernel(),
        ArithmeticKaratsubaKernel(),
        ArithmeticGCDKernel(),
        GMMBenchmark(),
    ]

    public static func kernel(named name: String) -> (any BenchmarkKernel)? {
        kernels.first { $0.name == name }
    }
}

/// A benchmark's usage error (bad option, unreadable data file).
public struct BenchmarkError: Error, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// The minimum wall-clock time of `body` over `repetitions` runs, in seconds.
public func minimumSeconds(repetitions: Int, _ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    var best = Double.infinity
    for _ in 0..<max(1, repetitions) {
        let elapsed = try clock.measure(body)
        best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
    return best
}

/// Timing helpers shared by kernels.
public enum BenchmarkClock {
    /// The best (minimum) wall time in milliseconds of `repeats` runs of `body`.
    public static func bestMilliseconds(repeats: Int, _ body: () throws -> Void) rethrows -> Double {
        try minimumSeconds(repetitions: repeats, body) * 1e3
    }
}
