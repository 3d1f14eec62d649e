import Foundation

/// A timed computation that `latent-oracle bench <name>` runs in a release build. Kernels
/// register by name in `BenchmarkRegistry.kernels`; each parses its own options and returns a
/// flat JSON object (as ordered key/JSON-text pairs) that the scripts under `scripts/` compare
/// with their Python peers.
public protocol BenchmarkKernel: Sendable {
    /// The name after `bench`.
    var name: String { get }
    /// One line for `bench --help`.
    var summary: String { get }
    /// Runs with the arguments after the kernel name; returns the JSON report.
    func run(_ arguments: [String]) throws -> String
}

/// Every benchmark kernel, by name.
public enum BenchmarkRegistry {
    public static let kernels: [any BenchmarkKernel] = [
        LinearGaussianBenchmark(),
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

/// Timing helpers shared by kernels.
public enum BenchmarkClock {
    /// The best (minimum) wall time in milliseconds of `repeats` runs of `body`.
    public static func bestMilliseconds(repeats: Int, _ body: () throws -> Void) rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<Swift.max(1, repeats) {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            best = Swift.min(best, elapsed)
        }
        return best
    }
}
