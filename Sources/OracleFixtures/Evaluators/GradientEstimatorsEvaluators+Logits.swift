import LatentDerivations
import OracleArithmetic

/// `gradient-estimators/discrete/logits`: z ~ Cat(softmax(η)) given by its logits η, which may be
/// saturated (±30, ±800) (GE-15, GE-16): ln π, π, E f, the gradient with respect to η, the optimal
/// baselines and the exact variances of the score-function estimators, by the forms of
/// `LogitCategorical` and `CategoricalMoments` at 384 bits, confirmed at 256 bits and rounded once
/// (correctly rounded; an output below the least subnormal is 0).
public struct LogitScoreFunctionEvaluator: GroupEvaluator {
    public let path = GroupPath(GradientEstimatorsEvaluators.family, "discrete", "logits")
    public let summary =
        "log-softmax, softmax and score-function moments of Cat(softmax(η)) from possibly saturated logits"
    public let inputs = [
        FieldDeclaration("logits", .real, shape: ["K"], "η, finite; π = softmax(η)"),
        FieldDeclaration("values", .real, shape: ["K"], "f(z) for z = 0 … K − 1"),
        FieldDeclaration("baseline", .real, "the constant b of the sf-baseline estimator"),
    ]
    public let outputs =
        [
            FieldDeclaration("log-probabilities", .real, shape: ["K"], "ln π_k = η_k − ln Σ e^η"),
            FieldDeclaration("probabilities", .real, shape: ["K"], "π = softmax(η)"),
        ] + GradientEstimatorsEvaluators.categoricalMomentOutputs

    /// K ≤ 256 categories: O(K²) operations at two precisions.
    public var sizeLimit: Int { GradientEstimatorsEvaluators.sampleLimit }

    public init() {}

    /// The outputs of one problem in the declared order, flattened.
    static func values<S: RealScalar>(_ c: LogitCategorical<S>, baseline: S) throws -> [S] {
        let m = try c.moments()
        let k = c.logits.count
        return try c.logProbabilities() + c.probabilities + [m.objective] + m.gradient + m.optimalBaselines
            + m.variances(baselines: Array(repeating: .zero, count: k))
            + m.variances(baselines: Array(repeating: baseline, count: k)) + m.variances(baselines: nil)
    }

    /// The outputs' names and lengths (objective: a scalar).
    static let layout: [(String, Bool)] = [
        ("log-probabilities", true), ("probabilities", true), ("objective", false), ("gradient", true),
        ("optimal-baseline", true), ("variance-sf", true), ("variance-sf-baseline", true),
        ("variance-sf-optimal-baseline", true),
    ]

    static let reason =
        """
        the stable forms (GE-15, GE-16) in float64: the shift by max η (no overflow or 0/0), log1p for \
        ln(1 + Σ_{k≠a} e^{η_k − m}) (ln π of a dominant category keeps its digits), complements 1 − π_j as sums of \
        the other weights, the gradient π_j Σ_{k≠j} π_k (f_j − f_k) and the variances π_j c_j (b − b*_j)² + \
        π_j² c_j V_j (non-negative terms) reach ≤ 1.0e-15 relative on every case (the NumPy consumer; \
        LogitCategorical<Double> within 1e-14, LogitScoreFunctionRouteTests), so 1e-12 leaves a factor ≥ 1000; \
        the softmax without the shift, ln of the softmax, the shifted ln Σ without log1p, 1 − π_j, π_j(f_j − E f) \
        and E ĝ² − g² miss every flagged case by ≥ 1.3e-10 relative (most by 100%, or NaN)
        """

    static let zeroEntries =
        """
        a Bernoulli's optimal-baseline variance π_j² c_j V_j is 0 exactly (one other category, so V_j = 0); the \
        other zeros are outputs below the least subnormal (e^{−800}, e^{−1400} and their products), which the \
        stable float64 forms give as 0 too (exp of a shifted logit below −745 is 0)
        """

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "logits", "values", "baseline")
        let (eta, f, b) = (read.reals("logits"), read.reals("values"), read.real("baseline"))
        return try RefusalKind.evaluating(path) {
            let values = try GradientEstimatorsEvaluators.confirmed {
                try Self.values(
                    LogitCategorical(logits: eta.map(BigFloat.init), values: f.map(BigFloat.init)),
                    baseline: BigFloat(b))
            }
            // The second route: the enumeration over ℚ is not available (π is transcendental), so
            // the 256- and 384-bit runs must agree; GE-16's forms equal the enumeration exactly
            // over ℚ (LogitScoreFunctionTests).
            var expected = OrderedMap<FixtureValue>()
            var start = 0
            for (name, isVector) in Self.layout {
                let n = isVector ? eta.count : 1
                let slice = GradientEstimatorsEvaluators.rounded(values[start..<(start + n)])
                expected[name] = isVector ? .vector(slice) : slice[0]
                start += n
            }
            let tolerance = try ToleranceSpec.relative(1e-12, Self.reason).flooredAtZeros(
                of: expected, Self.zeroEntries)
            return Evaluation(expected: .values(expected), tolerance: tolerance)
        }
    }

    /// GE-15 and GE-16 run in `Float` on the inputs rounded to `Float`.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let c = try LogitCategorical(logits: read.floats("logits"), values: read.floats("values"))
        let values = try Self.values(c, baseline: Float(read.real("baseline")))
        var outputs = OrderedMap<[Float]>()
        var start = 0
        for (name, isVector) in Self.layout {
            let n = isVector ? c.logits.count : 1
            outputs[name] = Array(values[start..<(start + n)])
            start += n
        }
        return .measured(outputs: outputs, route: "LogitCategorical and CategoricalMoments (GE-15, GE-16)")
    }
}
