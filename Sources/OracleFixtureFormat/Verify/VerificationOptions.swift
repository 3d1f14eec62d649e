/// How strictly `verify` judges a results file.
public struct VerificationOptions: Sendable, Equatable {
    /// An expected output missing from a result fails the case (otherwise it is not checked).
    public var requireAllOutputs: Bool
    /// Any `{"error": …}` passes a refusal case, whatever its kind (otherwise the kind must match).
    public var lenientErrorKinds: Bool
    /// Restricts the run (in addition to the results file's own `scope`); nil for every case.
    public var scope: VerificationScope?

    public init(requireAllOutputs: Bool = false, lenientErrorKinds: Bool = false, scope: VerificationScope? = nil) {
        self.requireAllOutputs = requireAllOutputs
        self.lenientErrorKinds = lenientErrorKinds
        self.scope = scope
    }
}
