import Testing
@testable import OracleFixtures

/// The vae evaluators: the networks are checked layer by layer and end to end, errors name the
/// field, and the invalid group answers with the file's kinds.
struct VAEEvaluatorTests {
    typealias Support = EvaluatorTestSupport
    static let elbo = VAEELBOGradientEvaluator()

    static func mlpInputs() throws -> OrderedMap<FixtureValue> {
        try Support.inputs("vae", "networks", "elbo-gradient/mlp-gaussian")
    }

    @Test("a missing or surplus layer, widths that do not chain, a latent mismatch and a NaN name the field")
    func requestErrorsNameTheField() throws {
        var missing = try Self.mlpInputs()
        missing["decoder-W1"] = nil
        Support.expectError(Self.elbo, missing, .missingInput, "decoder-W1")
        var surplus = try Self.mlpInputs()
        surplus["encoder-act2"] = .string("tanh")
        Support.expectError(Self.elbo, surplus, .extraInput, "encoder-act2")
        var chain = try Self.mlpInputs()
        chain["decoder-W1"] = .array(shape: [3, 2], data: Array(repeating: .exactReal(0.25), count: 6))
        Support.expectError(Self.elbo, chain, .shapeMismatch, "decoder-W1")
        var latent = try Self.mlpInputs()
        latent["decoder-W0"] = .array(shape: [3, 3], data: Array(repeating: .exactReal(0.25), count: 9))
        Support.expectError(Self.elbo, latent, .shapeMismatch, "decoder-W0")
        var nan = try Self.mlpInputs()
        nan["encoder-b1"] = .vector([.exactReal(0), Support.nan, .exactReal(0), .exactReal(0)])
        Support.expectError(Self.elbo, nan, .notFinite, "encoder-b1")
        var activation = try Self.mlpInputs()
        activation["decoder-act0"] = .string("relu")
        Support.expectError(Self.elbo, activation, .mistypedInput, "decoder-act0")
        var training = try Support.inputs("vae", "networks", "training/linear-sgd")
        training["beta1"] = .exactReal(0.875)
        Support.expectError(VAETrainingEvaluator(), training, .extraInput, "beta1")
        Support.expectError(
            LinearVAEEvaluator(), try Self.mlpInputs().removing("iwae-epsilon"),
            .mistypedInput, "encoder-layers")
    }

    @Test("training takes N up to 10⁴ points but at most 10⁴ gradients, and D, d, T up to 64")
    func trainingSizeLimits() throws {
        let base = try Support.inputs("vae", "networks", "training/linear-sgd")
        func sized(steps: Int, count: Int, dimension: Int) -> OrderedMap<FixtureValue> {
            var inputs = base
            inputs["data"] = .array(
                shape: [count, dimension], data: Array(repeating: .exactReal(0.5), count: count * dimension))
            inputs["epsilon"] = .array(
                shape: [steps, count, 1], data: Array(repeating: .exactReal(0.25), count: steps * count))
            return inputs
        }
        let training = VAETrainingEvaluator()
        Support.expectError(training, sized(steps: 1, count: 10_001, dimension: 2), .sizeLimit, "data")
        Support.expectError(training, sized(steps: 2, count: 5001, dimension: 2), .sizeLimit, "epsilon")
        Support.expectError(training, sized(steps: 65, count: 2, dimension: 2), .sizeLimit, "epsilon")
        Support.expectError(training, sized(steps: 1, count: 2, dimension: 65), .sizeLimit, "data")
        // 10⁴ points in one step are within the limits (refused only for the mismatched encoder).
        Support.expectError(training, sized(steps: 1, count: 10_000, dimension: 3), .shapeMismatch, "encoder-W0")
    }

    @Test("the invalid group: shape-mismatch, non-finite-input, empty; accepted inputs are an error")
    func refusalGroup() throws {
        let invalid = try EvaluatorRegistry.evaluator(named: "vae/networks/invalid")
        for (name, kind) in [
            ("layer-shapes", "shape-mismatch"), ("nan-weight", "non-finite-input"),
            ("iwae-k0", "empty"), ("empty-data", "empty"),
        ] {
            let inputs = try Support.inputs("vae", "networks", "invalid/\(name)")
            #expect(try invalid.evaluate(inputs).expected == .error(kind: kind), "\(name)")
        }
        Support.expectError(invalid, try Self.mlpInputs(), .internalInconsistency, "")
        var s2 = try Self.mlpInputs()
        s2["s2"] = .exactReal(-0.5)
        #expect(try Self.elbo.evaluate(s2).expected == .error(kind: "not-positive"))
    }

    @Test("saturated regimes are told apart from the O(1) cases by the float64 forward pass")
    func saturationIsDetected() throws {
        for c in VAEExporter.elboCases {
            let evaluation = try Self.elbo.evaluate(try Support.inputs("vae", "networks", "elbo-gradient/\(c.name)"))
            let saturated = evaluation.tolerance.reason.hasPrefix("the stable routes")
            // The O(1) cases, small and wide, carry the baseline flags; every other case is a regime case.
            #expect(saturated == (c.flags != VAEExporter.baselineFlags), "\(c.name)")
        }
    }
}

extension OrderedMap {
    func removing(_ key: String) -> OrderedMap {
        var copy = self
        copy[key] = nil
        return copy
    }
}
