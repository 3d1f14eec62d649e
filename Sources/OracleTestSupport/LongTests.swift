import Foundation

/// The opt-in exhaustive mode: `LATENT_ORACLE_LONG_TESTS=1` asks tests for their long variants
/// (more rounds, larger sizes). Any other value, or none, runs the default sizes.
public enum LongTests {
    public static let environmentVariable = "LATENT_ORACLE_LONG_TESTS"

    /// `true` when the environment variable is exactly "1".
    public static var enabled: Bool { ProcessInfo.processInfo.environment[environmentVariable] == "1" }
}
