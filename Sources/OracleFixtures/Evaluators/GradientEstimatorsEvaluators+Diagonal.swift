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

    /// The reason where some |μᵢ|/σᵢ ≥ 2¹⁰ (the offset regime): the values span O(1) variances of the offset
    /// coordinate's pathwise estimate beside E f ≈ μ₀² and score-function variances ≈ μ₀⁴/σ₀², so each output is
    /// checked relative to itself; `GaussianEstimatorQuadratureTests.diagonalOffsetReason` runs the route it names.
    static let offsetReason = """
        relative 1e-9 per output at |μᵢ|/σᵢ = κ ≥ 2¹⁰ beside O(1) coordinates: the values span 0.023 … 1.2e17, \
        so a bound at the largest value's scale would check the small ones to nothing; a tensor 40-node \
        Gauss–Hermite rule in float64 with ∇E f as the pathwise mean E[f′(x) ∂x/∂φ] and each variance centred \
        about E ĝ in two passes (the NumPy consumer) reaches 9.3e-13 relative on the moments (the same rule with \
        running sums 6.4e-13): the draw x₀ = μ₀ + σ₀ε keeps σ₀ε to κu; E ĝ² − (E ĝ)² in one pass is not admitted: for \
        the pathwise μ₀-estimate both terms are doubles in one binade [2ᵏ, 2ᵏ⁺¹), so one pass returns a multiple \
        of 2ᵏ⁻⁵² and misses Var ĝ = 4σ₀², 0.48 of that step from the nearest multiple, by ≥ 4.0e-8 relative in any \
        summation order
        """

    /// The error bound of a float64 score-function μᵢ-estimate (f(x) − b*ᵢ)εᵢ/σᵢ at an offset: f(x) and b*ᵢ are
    /// both ≈ μ₀², the rounded draw and f(x) carry ≈ 2.5u of it and b*ᵢ a few u, so with
    /// |f(x)| ≤ |b*ᵢ| + |ĝ|σᵢ/|εᵢ| the estimate ĝ is off by ≲ 8u(2|b*ᵢ||εᵢ|/σᵢ + |ĝ|) absolute.
    static func offsetEstimateBound(baseline: Double, epsilon: Double, sigma: Double, estimate: Double) -> Double {
        8 * Double.ulpOfOne / 2 * (2 * abs(baseline * epsilon) / sigma + abs(estimate))
    }

    /// The absolute floor of an offset case: the largest `offsetEstimateBound` over the sf-optimal-baseline
    /// μ-estimates where it exceeds 1e-9 × the estimate (a draw with εᵢ ≈ 0, where f(x) − b*ᵢ is ≈ 2μ₀σ₀ε₀ beside
    /// b*ᵢ ≈ μ₀²); nil where it exceeds none.
    static func offsetFloor(baselines: [Double], draws: [[Double]], sigma: [Double], estimates: [Double]) -> Double? {
        var floor = 0.0
        for (n, e) in draws.enumerated() {
            for i in sigma.indices {
                let g = estimates[n * sigma.count + i]
                let bound = offsetEstimateBound(baseline: baselines[i], epsilon: e[i], sigma: sigma[i], estimate: g)
                if bound > 1e-9 * abs(g) { floor = max(floor, bound) }
            }
        }
        return floor > 0 ? floor : nil
    }

    static func offsetFloorReason(_ floor: Double) -> String {
        """
        absolute floor \(floor): a score-function μᵢ-estimate (f(x) − b*ᵢ)εᵢ/σᵢ subtracts b*ᵢ ≈ μ₀² from f(x); \
        the rounded draw and f(x) carry ≈ 2.5u of it and b*ᵢ a few u (NumPy's ≤ 4u), so a float64 route misses it \
        by ≲ 8u(2|b*ᵢ||εᵢ|/σᵢ + |ĝ|) absolute, and where that exceeds 1e-9|ĝ| (a draw with ε₀ ≈ 0, whose \
        f(x) − b*ᵢ ≈ 2μ₀σ₀ε₀ is small) the floor is its largest such bound; the NumPy consumer reaches 0.1 of the \
        tolerance there (b*ᵢ from running sums: 0.73), and the floor stays below 1/3 of the least miss of a \
        one-pass variance-pw[0]
        """
    }

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
            if zip(mean, sigma).contains(where: { abs($0) >= 0x1p10 * $1 }) {
                let optimal = estimateStart + 2 * estimateBlock
                let floor = Self.offsetFloor(
                    baselines: (0..<d).map { values[block + 3 * $0] }, draws: draws, sigma: sigma,
                    estimates: Array(values[optimal..<(optimal + estimateBlock)]))
                let tolerance = ToleranceSpec.relative(1e-9, Self.offsetReason)
                return Evaluation(
                    expected: .values(expected),
                    tolerance: try floor.map { try tolerance.withAbsoluteFloor($0, Self.offsetFloorReason($0)) }
                        ?? tolerance)
            }
            let scale = max(1, values.map(\.magnitude).max() ?? 1)
            return Evaluation(
                expected: .values(expected),
                tolerance: .absolute(
                    1e-9 * scale, "absolute 1e-9 × max(1, max |value|) = \(1e-9 * scale): " + Self.reason))
        }
    }
}
