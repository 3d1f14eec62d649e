import Foundation

/// A timed computation that a script under `scripts/bench-*` runs in a release build, side by
/// side with a peer (Python `fractions`, `mpmath`, NumPy, scikit-learn) on the same inputs.
///
/// Kernels are not tests: they assert nothing about time. Each returns named measurements —
/// seconds per operation (`…_seconds`, the minimum over repetitions, which is the least noisy
/// statistic on a shared machine) and accuracy figures (e.g. `…_lre`) — that the script prints
/// next to the peer's numbers as ratios.
public protocol BenchmarkKernel: Sendable {
    /// The name after `latent-oracle bench`.
    var name: String { get }
    /// One line for `latent-oracle bench --list`.
    var summary: String { get }
    /// Runs the kernel `repetitions` times per measured operation and returns the measurements.
    func run(repetitions: Int) throws -> [(key: String, value: Double)]
}

/// Every benchmark kernel, by name.
public enum BenchmarkRegistry {
    public static let kernels: [any BenchmarkKernel] = [
        GMMBenchmark(),
    ]

    public static func kernel(named name: String) -> (any BenchmarkKernel)? {
        kernels.first { $0.name == name }
    }
}

/// The minimum wall-clock time of `body` over `repetitions` runs, in seconds.
public func minimumSeconds(repetitions: Int, _ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    var best = Double.infinity
    for _ in 0..<max(1, repetitions) {
        let elapsed = try clock.measure(body)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        best = min(best, seconds)
    }
    return best
}
