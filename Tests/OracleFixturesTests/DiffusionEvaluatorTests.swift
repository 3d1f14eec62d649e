import Testing
@testable import OracleFixtures

/// The diffusion evaluators: a schedule outside (0, 1) or a non-positive variance is a refusal,
/// a NaN or a missing input is an error naming the field, and T = 1 has no posterior rows.
struct DiffusionEvaluatorTests {
    typealias Support = EvaluatorTestSupport

    static func optimalInputs() throws -> OrderedMap<FixtureValue> {
        try Support.inputs("diffusion", "gaussian-elbo", "optimal/t4-x0--2.0")
    }

    @Test("a NaN β, a missing variance and slopes of another length name the field")
    func requestErrorsNameTheField() throws {
        var nan = try Self.optimalInputs()
        nan["betas"] = .vector([.exactReal(0.1), Support.nan])
        Support.expectError(DiffusionOptimalReverseEvaluator(), nan, .notFinite, "betas")
        var missing = try Self.optimalInputs()
        missing["dataVariance"] = nil
        Support.expectError(DiffusionOptimalReverseEvaluator(), missing, .missingInput, "dataVariance")
        var slopes = try Support.inputs("diffusion", "gaussian-elbo", "elbo-terms/t4-x0--1.25")
        slopes["slopes"] = .vector([.exactReal(0.9)])
        Support.expectError(DiffusionELBOTermsEvaluator(), slopes, .shapeMismatch, "slopes")
    }

    @Test("β outside (0, 1) is invalid-schedule, a variance ≤ 0 not-positive; T = 1 has an empty posterior")
    func refusalsAndEdges() throws {
        var beta = try Self.optimalInputs()
        beta["betas"] = .vector([.exactReal(0.5), .exactReal(1.5)])
        #expect(try DiffusionOptimalReverseEvaluator().evaluate(beta).expected == .error(kind: "invalid-schedule"))
        var variance = try Self.optimalInputs()
        variance["dataVariance"] = .exactReal(-1)
        #expect(try DiffusionOptimalReverseEvaluator().evaluate(variance).expected == .error(kind: "not-positive"))
        var prior = try Support.inputs("diffusion", "gaussian-elbo", "elbo-terms/t4-x0--1.25")
        prior["priorVariance"] = .exactReal(0)
        #expect(try DiffusionELBOTermsEvaluator().evaluate(prior).expected == .error(kind: "not-positive"))
        let one = try DiffusionForwardEvaluator().evaluate(["betas": .vector([.exactReal(0.5)]), "x0": .exactReal(1)])
        guard case .values(let values) = one.expected, case .array(let shape, _)? = values["posterior"] else {
            Issue.record("no posterior for T = 1")
            return
        }
        #expect(shape == [0, 3])
        #expect(Support.reals(values["marginalVariances"]) == [0.5])
    }
}
