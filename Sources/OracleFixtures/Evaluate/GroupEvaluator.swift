/// The name of one test group: `family/variant/group`, the prefix of its case ids.
public struct GroupPath: Hashable, Sendable, CustomStringConvertible {
    public var family: String
    public var variant: String
    public var group: String

    public init(_ family: String, _ variant: String, _ group: String) {
        self.family = family
        self.variant = variant
        self.group = group
    }

    /// Parses `family/variant/group`; nil unless there are exactly three non-empty parts.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        self.init(parts[0], parts[1], parts[2])
    }

    public var description: String { "\(family)/\(variant)/\(group)" }

    /// The id of the case `name` in this group.
    public func caseID(_ name: String) -> String { "\(self)/\(name)" }
}

/// One declared input or output of a group: its name, kind, shape and meaning.
public struct FieldDeclaration: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case real, integer, word, string, bool
    }

    public var name: String
    public var kind: Kind
    /// The shape as size names or fixed numbers (`["K", "d", "d"]`, `["3"]`); empty for a scalar.
    public var shape: [String]
    /// What the field is, with its units and conventions.
    public var meaning: String
    /// False when the field may be left out (an output a group does not always give).
    public var isRequired: Bool

    public init(_ name: String, _ kind: Kind, shape: [String] = [], _ meaning: String, isRequired: Bool = true) {
        self.name = name
        self.kind = kind
        self.shape = shape
        self.meaning = meaning
        self.isRequired = isRequired
    }
}

/// The certified answer for one input set: the expected outputs (or the refusal) and the
/// tolerance the golden files attach to them.
public struct Evaluation: Sendable, Equatable {
    public var expected: Expectation
    public var tolerance: ToleranceSpec

    public init(expected: Expectation, tolerance: ToleranceSpec) {
        self.expected = expected
        self.tolerance = tolerance
    }

    /// The answer for inputs the model must refuse, with the refusal's error kind.
    public static func refusal(_ kind: String) -> Evaluation {
        Evaluation(
            expected: .error(kind: kind),
            tolerance: .exact("the input must be refused; there is no output to compare"))
    }

    /// This answer, which a refusal group of `path` requires to be a refusal: inputs that
    /// `accepter` accepts are no refusal case, but a request error pointing to `home`.
    public func requiringRefusal(
        in path: GroupPath, acceptedBy accepter: String, home: String? = nil
    ) throws(EvaluationError) -> Evaluation {
        guard case .error = expected else {
            throw EvaluationError(
                .internalInconsistency, group: path.description,
                problem: "\(accepter) accepts these inputs, so they are not a refusal case",
                remedy: "evaluate them in \(home ?? accepter) instead")
        }
        return self
    }
}

/// Computes one test group's expected outputs from its inputs: the single code path from inputs
/// to golden values, shared by `export`, `compute` and `serve`.
///
/// Contract: `evaluate` is pure and deterministic. Inputs that the model refuses (a variance of
/// 0, q off the simplex) evaluate to `Evaluation.refusal(kind)`, which is the expected answer of
/// a refusal case. Inputs that do not fit the declaration (a missing, extra or mistyped field, a
/// shape that contradicts another, a size over the stated limit) throw `EvaluationError`,
/// which names the field.
public protocol GroupEvaluator: Sendable {
    var path: GroupPath { get }
    /// One line: what the group computes.
    var summary: String { get }
    var inputs: [FieldDeclaration] { get }
    var outputs: [FieldDeclaration] { get }
    /// The largest value any named size may take (d, K, N, …), so that a request cannot ask for
    /// a certification that would not finish.
    var sizeLimit: Int { get }
    /// Output axes derived from the named sizes (a network's parameter count P), which the size
    /// limit does not bound; empty unless the group declares some.
    var derivedAxes: Set<String> { get }
    func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation
    /// How float32 consumers are judged on `inputs` (`Float32Route`); `.none` unless the group
    /// implements it. A thrown `EvaluationError` is a defect of the inputs; any other error means
    /// the float32 run refuses them.
    func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route
}

extension GroupEvaluator {
    public var sizeLimit: Int { 256 }
    public var derivedAxes: Set<String> { [] }

    /// The inputs checked against the declaration, with the sizes their shapes bind.
    public func read(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> EvaluationInputs {
        try EvaluationInputs(inputs, declarations: self.inputs, group: path, sizeLimit: sizeLimit)
    }

    /// The inputs checked against the declaration, and every real of the inputs `finite` finite.
    public func read(_ inputs: OrderedMap<FixtureValue>, finite: String...) throws(EvaluationError)
        -> EvaluationInputs
    {
        let read = try self.read(inputs)
        for name in finite { try read.requireFinite(name) }
        return read
    }
}
