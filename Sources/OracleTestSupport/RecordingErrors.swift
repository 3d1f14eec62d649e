import Testing

/// A value computed once, with its failure kept: `get()` returns the value or throws the error
/// that computing it threw, at every use, so that a test reading a static table fails with the
/// cause instead of running on an empty default.
public struct Computed<Value: Sendable>: Sendable {
    private let result: Result<Value, ComputationFailed>

    public init(_ compute: () throws -> Value) {
        do { result = .success(try compute()) } catch { result = .failure(ComputationFailed(error)) }
    }

    /// The value, or the error computing it threw.
    public func get() throws(ComputationFailed) -> Value { try result.get() }
}

/// The description of an error thrown while computing a `Computed` value.
public struct ComputationFailed: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ error: any Error) { description = String(describing: error) }
}

/// The value of `body`, or NaN after recording its error as an issue at the caller: for
/// closures that may not throw (integrands handed to GSL), so that an error fails the test and
/// poisons the integral rather than being replaced by a plausible default.
public func recordingErrors(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Double) -> Double {
    do { return try body() } catch {
        Issue.record(error, sourceLocation: sourceLocation)
        return .nan
    }
}
