/// A group of inputs that must be refused, each an input set of one of `models` (the first whose
/// declared inputs it fits: every required field present, none undeclared).
///
/// The answer is the model's refusal; where the model answers a value of the right kind with a
/// request error (a NaN, layers whose shapes do not chain), the answer is the refusal kind
/// `kinds` names for that error, the kind the fixture file lists. Inputs the model accepts, or
/// that fit no model, are request errors: they are not a refusal case of this group.
public struct RefusalGroupEvaluator: GroupEvaluator {
    public let path: GroupPath
    public let summary: String
    let models: [any GroupEvaluator]
    let kinds: [EvaluationError.Kind: String]
    /// The exact tolerance's reason, when the file words it otherwise than `Evaluation.refusal`.
    let reason: String?
    /// Why a float32 consumer must refuse these inputs alike (its exact `toleranceFloat32`), or nil
    /// for a group that gives no float32 tolerance.
    let float32Refusal: String?

    public init(
        _ path: GroupPath, summary: String, models: [any GroupEvaluator],
        kinds: [EvaluationError.Kind: String] = [:], reason: String? = nil, float32Refusal: String? = nil
    ) {
        self.path = path
        self.summary = summary
        self.models = models
        self.kinds = kinds
        self.reason = reason
        self.float32Refusal = float32Refusal
    }

    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        float32Refusal.map { .fixed(.exact($0)) } ?? .none
    }

    public var inputs: [FieldDeclaration] {
        var seen = Set<String>()
        return models.flatMap(\.inputs).filter { seen.insert($0.name).inserted }
            .map { FieldDeclaration($0.name, $0.kind, shape: $0.shape, $0.meaning, isRequired: false) }
    }

    public let outputs = [FieldDeclaration("error", .string, "the refusal's kind")]

    public var sizeLimit: Int { models.map(\.sizeLimit).min() ?? 256 }

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let names = Set(inputs.keys)
        let fitting = models.first { model in
            names.isSubset(of: model.inputs.map(\.name))
                && model.inputs.filter(\.isRequired).allSatisfy { names.contains($0.name) }
        }
        guard let model = fitting else {
            throw EvaluationError(
                .missingInput, group: path.description,
                problem: "the inputs \(inputs.keys.sorted()) are not those of one model",
                remedy: "give the inputs of one of "
                    + models.map(\.path.group).joined(separator: ", "))
        }
        var evaluation: Evaluation
        do {
            evaluation = try model.evaluate(inputs)
        } catch {
            guard let kind = kinds[error.kind] else { throw error }
            evaluation = .refusal(kind)
        }
        if let reason { evaluation.tolerance = .exact(reason) }
        return try evaluation.requiringRefusal(in: path, acceptedBy: model.path.description)
    }
}
