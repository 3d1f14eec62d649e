/// Every group evaluator, found by its `family/variant/group`.
public enum EvaluatorRegistry {
    public static let all: [any GroupEvaluator] = [
        ArithmeticEvaluators.all, LinearGaussianEvaluators.all, DivergencesEvaluators.all, ELBOEvaluators.all,
        MixturesEvaluators.all, FactorModelsEvaluators.all, MeanFieldEvaluators.all,
        GradientEstimatorsEvaluators.all, VAEEvaluators.all, DiffusionEvaluators.all, RandomnessEvaluators.all,
    ].flatMap { $0 }

    private static let byPath: [GroupPath: any GroupEvaluator] = Dictionary(
        all.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })

    public static func evaluator(_ path: GroupPath) -> (any GroupEvaluator)? { byPath[path] }

    /// The evaluator named by `text`, or an `unknownGroup` error that says how to list them.
    public static func evaluator(named text: String) throws(EvaluationError) -> any GroupEvaluator {
        guard let path = GroupPath(parsing: text), let evaluator = byPath[path] else {
            throw EvaluationError(
                .unknownGroup, group: text, problem: "no evaluator has this group",
                remedy: "name a group as family/variant/group; 'latent-oracle groups' lists them")
        }
        return evaluator
    }
}
