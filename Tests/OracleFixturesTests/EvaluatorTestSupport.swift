import Testing
@testable import OracleFixtures

/// The committed cases and the request-error assertion the family evaluator tests share.
enum EvaluatorTestSupport {
    /// The inputs of the committed case `id` of `family/variant`.
    static func inputs(_ family: String, _ variant: String, _ id: String) throws -> OrderedMap<FixtureValue> {
        let file = try TestFixtures.repositoryFixtures.load(family: family, variant: variant)
        let fixtureCase = try #require(file.cases.first { $0.id == "\(family)/\(variant)/\(id)" }, "\(id)")
        return fixtureCase.inputs
    }

    /// Expects `evaluator` to throw a one-line `kind` error naming `field`.
    static func expectError(
        _ evaluator: any GroupEvaluator, _ inputs: OrderedMap<FixtureValue>,
        _ kind: EvaluationError.Kind, _ field: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let error = #expect(throws: EvaluationError.self, sourceLocation: sourceLocation) {
            try evaluator.evaluate(inputs)
        }
        #expect(
            error?.kind == kind && error?.field == field, "\(String(describing: error))",
            sourceLocation: sourceLocation)
        #expect(error.map { !$0.description.contains("\n") } == true, sourceLocation: sourceLocation)
    }

    static let nan = FixtureValue.exactReal(.nan)

    /// The Doubles of a real value (scalar or array).
    static func reals(_ value: FixtureValue?) -> [Double] { value?.reals.map(\.value) ?? [] }
}
