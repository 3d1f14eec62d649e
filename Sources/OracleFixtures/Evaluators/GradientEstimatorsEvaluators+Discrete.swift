import LatentDerivations
import OracleArithmetic

/// `gradient-estimators/discrete/score-function`: z ~ Cat(π) with π = softmax(η), the gradient with
/// respect to the logits η (GE-11, GE-12): the exact objective, gradient, optimal baselines and
/// variances by enumeration over ℚ, and the sf and sf-optimal-baseline estimates at the given
/// draws z as [S, K] arrays (row n: the draw z[n]). The seed is the one the draws came from.
///
/// π is used as written (its Doubles are exact rationals): an empty π, an entry that is not a
/// positive finite number, or Σπ ≠ 1 exactly is refused with `invalid-probabilities`.
public struct CategoricalScoreFunctionEvaluator: GroupEvaluator {
    public let path = GroupPath(GradientEstimatorsEvaluators.family, "discrete", "score-function")
    public let summary = "score-function gradients, baselines, variances and per-sample estimates for Cat(softmax(η))"
    public let inputs = [
        FieldDeclaration("probabilities", .real, shape: ["K"], "π > 0 with Σπ = 1 exactly (as Doubles)"),
        FieldDeclaration("values", .real, shape: ["K"], "f(z) for z = 0 … K − 1"),
        FieldDeclaration("baseline", .real, "the constant b of the sf-baseline estimator"),
        FieldDeclaration("seed", .word, "the SplitMix64 seed the draws came from (the estimates use z)"),
        FieldDeclaration("z", .integer, shape: ["S"], "the draws, 0-based categories"),
    ]
    public let outputs =
        GradientEstimatorsEvaluators.categoricalMomentOutputs + [
            FieldDeclaration("sf", .real, shape: ["S", "K"], "row n: f(z[n])·s(z[n])"),
            FieldDeclaration("sf-optimal-baseline", .real, shape: ["S", "K"], "row n: (f(z[n]) − b*)·s(z[n])"),
        ]

    /// K ≤ 256 categories and S ≤ 256 draws: O(K² + S·K) exact operations.
    public var sizeLimit: Int { GradientEstimatorsEvaluators.sampleLimit }

    public init() {}

    static let reason =
        "finite sums of ≤ 16 products of dyadic inputs: float64 reaches a few ulps; "
        + "no cancellation beyond a factor 10 on these inputs"

    /// The reason at K > 4 (the K = 10 case): more terms, and a little more cancellation.
    static let sizeReason =
        """
        sums of ≤ 16 products of dyadic inputs (K = 10): the enumerated gradient cancels by ≤ 13 and E ĝ² against \
        the optimal-baseline variance by ≤ 5.6, so float64 reaches ≲ 13·K·u ≈ 3e-14 (the NumPy consumer: 4.6e-15)
        """

    /// The reason at a nearly one-hot π (1 − max π < 2⁻¹⁰), where two common formulas cancel.
    static let nearOneHotReason =
        """
        nearly one-hot π: the enumeration Σ_z π_z f(z)(e_z − π) (its score 1 − π_j exact by Sterbenz) and the \
        centred variance Σ_z π_z (ĝ(z) − g)² reach ≤ 7.6e-15 on 1 − π₀ ≈ 2⁻²⁰ (measured: NumPy 3.6e-15, the \
        Double enumeration 7.6e-15, 130 times inside); \
        π_j(f(j) − E f) loses log₂ 1/(1 − π_j) bits of the dominant component and E ĝ² − g² up to 29 bits \
        of a rare component's optimal-baseline variance
        """

    /// Why a float64 code gets the zero entries of a discrete case within the floor.
    static let zeroEntries =
        """
        for K = 2 the optimal-baseline estimate (f(z) − b*)·s(z) is the same for both z, so its variance is 0, and \
        a float64 b* a few ulps off leaves deviations of a few ulps of |ĝ| < 1 and a variance ≲ 1e-30 (the centred \
        sum Σ π (ĝ − E ĝ)²); an estimate with f(z) = 0 is 0·s(z) = 0 exactly
        """

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "values", "baseline")
        let pi = read.reals("probabilities").map { Rational(exactly: $0) }
        let f = read.reals("values").compactMap { Rational(exactly: $0) }
        let b = Rational(exactly: read.real("baseline")) ?? .zero
        let probabilities = pi.compactMap { $0 }
        guard probabilities.count == pi.count,
            let c = try? CategoricalScoreFunction(probabilities: probabilities, values: f)
        else {
            return .refusal("invalid-probabilities")
        }
        var draws: [Int] = []
        if case .array(_, let data)? = read.values["z"] {
            for (n, value) in data.enumerated() {
                guard case .integer(let z) = value, z >= 0, z < c.count else {
                    throw EvaluationError(
                        .mistypedInput, group: path.description, field: "z",
                        problem: "z[\(n)] is not a category 0 … \(c.count - 1)",
                        remedy: "write each draw as a 0-based category")
                }
                draws.append(z)
            }
        }
        return try RefusalKind.evaluating(path, outOfDomain: "invalid-probabilities") {
            let constant = [Rational](repeating: b, count: c.count)
            var sf: [FixtureValue] = [], sfOptimal: [FixtureValue] = []
            for z in draws {
                sf += try c.estimate(z).map(FixtureValue.rational)
                sfOptimal += try c.estimate(z, baselines: c.optimalBaselines).map(FixtureValue.rational)
            }
            let gradient = c.gradient
            // Two routes: the softmax derivative and the enumeration Σ π_z f(z) s(z).
            guard try c.gradientByEnumeration() == gradient else {
                throw GradientEstimatorsEvaluators.inconsistency("enumeration and softmax derivative differ")
            }
            let expected: OrderedMap<FixtureValue> = [
                "objective": FixtureValue.rational(c.objective),
                "gradient": .vector(gradient.map(FixtureValue.rational)),
                "optimal-baseline": .vector(c.optimalBaselines.map(FixtureValue.rational)),
                "variance-sf": .vector(try c.variances().map(FixtureValue.rational)),
                "variance-sf-baseline": .vector(try c.variances(baselines: constant).map(FixtureValue.rational)),
                "variance-sf-optimal-baseline": .vector(
                    try c.variances(baselines: c.optimalBaselines).map(FixtureValue.rational)),
                "sf": .array(shape: [draws.count, c.count], data: sf),
                "sf-optimal-baseline": .array(shape: [draws.count, c.count], data: sfOptimal),
            ]
            let oneHot = read.reals("probabilities").contains { 1 - $0 < 0x1p-10 }
            let tolerance = try ToleranceSpec.relative(
                1e-12,
                oneHot ? Self.nearOneHotReason : c.count > 4 ? Self.sizeReason : Self.reason
            )
            .flooredAtZeros(of: expected, Self.zeroEntries)
            return Evaluation(expected: .values(expected), tolerance: tolerance)
        }
    }
}
