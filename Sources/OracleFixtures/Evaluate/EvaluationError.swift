/// Why an input set could not be evaluated: a request error, not a refusal by the model.
///
/// Its `description` is one line, `<group>: <field>: <what was wrong>; <what to do>`.
public struct EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// No evaluator has this `family/variant/group`.
        case unknownGroup = "unknown-group"
        /// A declared input is absent.
        case missingInput = "missing-input"
        /// An input the group does not declare (usually a typo).
        case extraInput = "extra-input"
        /// An input of the wrong kind (an integer where a real belongs, a scalar for an array).
        case mistypedInput = "mistyped-input"
        /// An array whose shape contradicts its declaration or another input's.
        case shapeMismatch = "shape-mismatch"
        /// NaN or an infinity where the group requires a finite number.
        case notFinite = "not-finite"
        /// A size over the group's stated limit.
        case sizeLimit = "size-limit"
        /// The request itself is malformed: not JSON, not an object, over the byte limit.
        case malformedRequest = "malformed-request"
        /// The certified computation failed on inputs it accepted: a defect of the oracle.
        case internalInconsistency = "internal-inconsistency"
    }

    public let kind: Kind
    /// The group, or "" before a group is known.
    public let group: String
    /// The input field at fault, or "" when the problem is not one field's.
    public let field: String
    public let problem: String
    public let remedy: String

    public init(_ kind: Kind, group: String, field: String = "", problem: String, remedy: String) {
        self.kind = kind
        self.group = group
        self.field = field
        self.problem = FixtureError.oneLine(problem)
        self.remedy = FixtureError.oneLine(remedy)
    }

    /// The error for a computation that failed where it must not: a defect of the oracle, to be
    /// reported with `evidence` (what reproduces it).
    public static func defect(
        group: String, field: String = "", _ problem: String, reportWith evidence: String
    ) -> EvaluationError {
        EvaluationError(
            .internalInconsistency, group: group, field: field, problem: problem,
            remedy: "this is a defect of the oracle; report it with \(evidence)")
    }

    public var description: String {
        let place = [group, field].filter { !$0.isEmpty }.joined(separator: ": ")
        return (place.isEmpty ? "" : place + ": ") + "\(problem); \(remedy)"
    }
}
