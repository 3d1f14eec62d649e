import LatentDerivations
import OracleArithmetic

/// `gradient-estimators/gaussian/diagonal`: q = N(μ, diag σ²) on ℝᵈ with a separable
/// f(x) = Σᵢ fᵢ(xᵢ) (GE-13): per-coordinate gradients, optimal baselines and exact variances as
/// [d, 3] arrays (columns μ, σ, ln σ), and the per-sample μ-estimates of each estimator as
/// [S, d] arrays (row n: the draw ε[n] ∈ ℝᵈ). The seed is the one the draws came from.
public struct DiagonalEstimatorsEvaluator: GroupEvaluator {
    public let path = GroupPath(GradientEstimatorsEvaluators.family, "gaussian", "diagonal")
    public let summary = "a diagonal Gaussian with a separable f: per-coordinate moments and per-sample μ-estimates"
    static let functionNames = ["squared-distance", "gaussian-bump", "cosine"]
    public let inputs = [
        FieldDeclaration(
            "functions", .string, shape: ["d"],
            """
            fᵢ per coordinate: squared-distance (x − k)², gaussian-bump exp(−k x²) (k > 0) or cosine cos(k x)
            """),
        FieldDeclaration("k", .real, shape: ["d"], "the constant kᵢ of fᵢ"),
        FieldDeclaration("mean", .real, shape: ["d"], "μᵢ"),
        FieldDeclaration("sigma", .real, shape: ["d"], "σᵢ > 0, STANDARD DEVIATIONS"),
        FieldDeclaration("baseline", .real, "the constant b of the sf-baseline estimator"),
        FieldDeclaration("seed", .word, "the SplitMix64 seed the draws came from (the estimates use epsilon)"),
        FieldDeclaration("epsilon", .real, shape: ["S", "d"], "row n: the draw ε[n], x = μ + σ ⊙ ε[n]"),
    ]
    public var outputs: [FieldDeclaration] {
        [
            FieldDeclaration("gradient", .real, shape: ["d", "3"], "row i: ∂E f/∂[μᵢ, σᵢ, ln σᵢ]"),
            FieldDeclaration("optimal-baseline", .real, shape: ["d", "3"], "row i: b*ᵢ per parameter"),
        ]
            + GradientEstimatorsEvaluators.estimatorNames.map {
                FieldDeclaration("variance-" + $0, .real, shape: ["d", "3"], "row i: Var of the \($0) estimator")
            }
            + GradientEstimatorsEvaluators.estimatorNames.map {
                FieldDeclaration($0 + "-mean", .real, shape: ["S", "d"], "row n: the \($0) μ-estimates at ε[n]")
            }
    }

    /// S ≤ 256 draws and d ≤ 256 coordinates, with S·d ≤ 4096 estimates per estimator (`estimateLimit`).
    public var sizeLimit: Int { GradientEstimatorsEvaluators.sampleLimit }
    static let estimateLimit = 4096

    public init() {}

    static let reason = """
        float64 evaluation of f, f′ at x = μ + σε (a few ulps), and a ≥ 40-node tensor Gauss–Hermite rule for \
        the variances (~1e-13 relative)
        """

    /// The reason where a σᵢ lies outside [2⁻⁶, 2⁶] (σ = 2¹³ or 2⁻¹³ beside O(1) coordinates): an absolute bound
    /// at the largest value's scale would check the small outputs to nothing, so each output is checked relative
    /// to itself.
    static let scaleReason = """
        relative 1e-9 per output: with σᵢ = 2¹³ or 2⁻¹³ beside O(1) coordinates the values span 2.9e-9 … 3.3e17, \
        so a bound at the largest value's scale would check the small ones to nothing; a tensor 40-node \
        Gauss–Hermite rule in float64 with ∇E f as the pathwise mean E[f′(x) ∂x/∂φ] and each variance centred in \
        two passes (the NumPy consumer) reaches 2.3e-14 (σ = 2¹³) and 1.5e-13 (σ = 2⁻¹³, ∇_σ and the pathwise \
        variance of the σ = 2⁻¹³ coordinates) relative on this group's cases, over 6000 times inside; the \
        score-function mean E[f s] is not admitted: it cancels f(μ)E[s] = 0 at σ = 2⁻¹³ (1.8e-8 relative off) \
        and E R·E[sᵢ] = 0 with E R ≈ σ₀² beside σ₀ = 2¹³ (2.3e-8 off)
        """
    static let scaleFloor = 1.1e-19
    static let scaleFloorReason = """
        absolute floor 1.1e-19, 100 × the same route's worst absolute error on the outputs below 1e-7 (1.1e-21, \
        ∇_ρ E f of the σ = 2⁻¹³ bump, 9.9e-9): below 1e-9 × the smallest |value| of these cases (2.9e-18), it \
        loosens none of their outputs and admits an output that is 0
        """

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs)
        var names: [FixtureValue] = []
        if case .array(_, let data)? = read.values["functions"] { names = data }
        for case .string(let name) in names where !Self.functionNames.contains(name) {
            throw EvaluationError(
                .mistypedInput, group: path.description, field: "functions",
                problem: "\(FixtureError.quoted(name)) is not a separable test function here",
                remedy: "write \(Self.functionNames.joined(separator: ", "))")
        }
        try read.requireFinite("k", "mean", "sigma", "baseline", "epsilon")
        let functions = names.compactMap { value -> String? in
            if case .string(let s) = value { return s }
            return nil
        }
        let (k, mean, sigma) = (read.reals("k"), read.reals("mean"), read.reals("sigma"))
        let baseline = read.real("baseline")
        let d = functions.count
        let draws = read.matrix("epsilon")
        guard draws.count * d <= Self.estimateLimit else {
            throw EvaluationError(
                .sizeLimit, group: path.description, field: "epsilon",
                problem: "S·d = \(draws.count * d) is over the limit of \(Self.estimateLimit)",
                remedy: "give fewer draws or coordinates")
        }
        return try RefusalKind.evaluating(path) {
            let problem = try DiagonalGaussianGradientProblem(
                coordinates: (0..<d).map {
                    try EstimatorTestFunctionSpec(name: functions[$0], constants: [k[$0]])
                        .problem(mean: mean[$0], sigma: sigma[$0])
                })
            let parameters = GaussianParameter.allCases
            let estimators = GradientEstimatorsEvaluators.estimators(baseline: baseline)
            // Layout: gradient[d × 3], optimal baseline[d × 3], variance[4][d × 3], estimates (μ) [4][S × d].
            let values = try GradientEstimatorsEvaluators.confirmed {
                var v: [BigFloat] = []
                for i in 0..<d { v += try parameters.map { try problem.gradient($0, coordinate: i) } }
                for i in 0..<d { v += try parameters.map { try problem.optimalBaseline($0, coordinate: i) } }
                for estimator in estimators {
                    for i in 0..<d { v += try parameters.map { try problem.variance(estimator, $0, coordinate: i) } }
                }
                let baselines = try (0..<d).map { try problem.optimalBaseline(.mean, coordinate: $0) }
                for estimator in estimators {
                    for e in draws {
                        v += try (0..<d).map {
                            try problem.estimate(
                                estimator, .mean, coordinate: $0, epsilon: e.map(BigFloat.init),
                                baseline: baselines[$0])
                        }
                    }
                }
                return v
            }
            let block = 3 * d
            var expected: OrderedMap<FixtureValue> = [
                "gradient": .array(shape: [d, 3], data: GradientEstimatorsEvaluators.rounded(values[0..<block])),
                "optimal-baseline": .array(
                    shape: [d, 3], data: GradientEstimatorsEvaluators.rounded(values[block..<(2 * block)])),
            ]
            for (e, name) in GradientEstimatorsEvaluators.estimatorNames.enumerated() {
                let start = 2 * block + e * block
                expected["variance-" + name] = .array(
                    shape: [d, 3], data: GradientEstimatorsEvaluators.rounded(values[start..<(start + block)]))
            }
            let estimateStart = 6 * block, estimateBlock = draws.count * d
            for (e, name) in GradientEstimatorsEvaluators.estimatorNames.enumerated() {
                let start = estimateStart + e * estimateBlock
                expected[name + "-mean"] = .array(
                    shape: [draws.count, d],
                    data: GradientEstimatorsEvaluators.rounded(values[start..<(start + estimateBlock)]))
            }
            if sigma.contains(where: { $0 < 0x1p-6 || $0 > 0x1p6 }) {
                return Evaluation(
                    expected: .values(expected),
                    tolerance: try ToleranceSpec.relative(1e-9, Self.scaleReason)
                        .withAbsoluteFloor(Self.scaleFloor, Self.scaleFloorReason))
            }
            let scale = max(1, values.map(\.magnitude).max() ?? 1)
            return Evaluation(
                expected: .values(expected),
                tolerance: .absolute(
                    1e-9 * scale, "absolute 1e-9 × max(1, max |value|) = \(1e-9 * scale): " + Self.reason))
        }
    }
}
