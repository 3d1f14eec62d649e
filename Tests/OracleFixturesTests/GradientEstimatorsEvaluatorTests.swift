import Foundation
import Testing
import OracleTestSupport
@testable import OracleFixtures

/// The gradient-estimators evaluators: request errors name the field, the refusal groups answer
/// with the file's kinds, and the per-sample arrays are samples first.
struct GradientEstimatorsEvaluatorTests {
    typealias Support = EvaluatorTestSupport
    static let perSample = GaussianPerSampleEstimatesEvaluator()
    static let discrete = CategoricalScoreFunctionEvaluator()

    static func perSampleInputs() throws -> OrderedMap<FixtureValue> {
        try Support.inputs("gradient-estimators", "gaussian", "per-sample/cosine-mu-1.0-sigma0.5")
    }

    @Test("a missing σ, a NaN μ, a second axis on ε and a constant of another function name the field")
    func requestErrorsNameTheField() throws {
        var missing = try Self.perSampleInputs()
        missing["sigma"] = nil
        Support.expectError(Self.perSample, missing, .missingInput, "sigma")
        var nan = try Self.perSampleInputs()
        nan["mean"] = Support.nan
        Support.expectError(Self.perSample, nan, .notFinite, "mean")
        var shape = try Self.perSampleInputs()
        shape["epsilon"] = .array(shape: [2, 8], data: Array(repeating: .exactReal(0.5), count: 16))
        Support.expectError(Self.perSample, shape, .shapeMismatch, "epsilon")
        var foreign = try Self.perSampleInputs()
        foreign["s2"] = .exactReal(0.5)
        Support.expectError(Self.perSample, foreign, .extraInput, "s2")
        var unknown = try Self.perSampleInputs()
        unknown["function"] = .string("sine")
        Support.expectError(Self.perSample, unknown, .mistypedInput, "function")
        var draw = try Support.inputs("gradient-estimators", "discrete", "score-function/categorical-k3")
        draw["z"] = .vector([.integer(3)])
        Support.expectError(Self.discrete, draw, .mistypedInput, "z")
    }

    @Test("the invalid groups: a NaN is non-finite-input, σ ≤ 0 not-positive, inputs the model accepts an error")
    func refusalGroups() throws {
        let invalid = try EvaluatorRegistry.evaluator(named: "gradient-estimators/gaussian/invalid")
        var inputs = try Support.inputs("gradient-estimators", "gaussian", "invalid/sigma-zero")
        #expect(try invalid.evaluate(inputs).expected == .error(kind: "not-positive"))
        inputs["sigma"] = .exactReal(.infinity)
        #expect(try invalid.evaluate(inputs).expected == .error(kind: "non-finite-input"))
        inputs["sigma"] = .exactReal(1)
        Support.expectError(invalid, inputs, .internalInconsistency, "")
        let discreteInvalid = try EvaluatorRegistry.evaluator(named: "gradient-estimators/discrete/invalid")
        var probabilities = try Support.inputs("gradient-estimators", "discrete", "invalid/sum-not-one")
        #expect(try discreteInvalid.evaluate(probabilities).expected == .error(kind: "invalid-probabilities"))
        probabilities["probabilities"] = .vector([.exactReal(0.5), .exactReal(.nan)])
        #expect(try discreteInvalid.evaluate(probabilities).expected == .error(kind: "invalid-probabilities"))
    }

    @Test("per-sample estimates are [S, 3]: row i is f(x)s and f′(x)∂x/∂φ at ε[i], by a float64 route")
    func samplesFirst() throws {
        let inputs = try Self.perSampleInputs()
        let evaluation = try Self.perSample.evaluate(inputs)
        guard case .values(let expected) = evaluation.expected else {
            Issue.record("no values")
            return
        }
        let draws = Support.reals(inputs["epsilon"])
        let (k, mu, sigma) = (
            Support.reals(inputs["k"])[0], Support.reals(inputs["mean"])[0],
            Support.reals(inputs["sigma"])[0]
        )
        // f = cos(k x): sf = f(x)·[ε/σ, (ε² − 1)/σ, ε² − 1]; pw = f′(x)·[1, ε, σε].
        var sf: [Double] = [], pw: [Double] = []
        for e in draws {
            let x = mu + sigma * e
            sf += [e / sigma, (e * e - 1) / sigma, e * e - 1].map { Foundation.cos(k * x) * $0 }
            pw += [1, e, sigma * e].map { -k * Foundation.sin(k * x) * $0 }
        }
        for (name, route) in [("sf", sf), ("pw", pw)] {
            guard case .array(let shape, _)? = expected[name] else {
                Issue.record("\(name) is not an array")
                continue
            }
            #expect(shape == [draws.count, 3])
            let worst = zip(Support.reals(expected[name]), route).map { abs($0 - $1) }.max() ?? .infinity
            // x = μ + σε and libm cos/sin: a few ulps of O(10) values.
            expectWithin(
                error: worst, bound: 1e-13,
                "x = μ + σε and libm cos/sin (< 1 ulp each) on O(10) values: a few ulps of 10, ≲ 1e-14",
                "\(name): \(worst)")
        }
    }
}
