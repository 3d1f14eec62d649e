import Foundation
import LatentDerivations
import OracleArithmetic

/// `gradient-estimators/gaussian/sample-variance`: the unbiased sample variance
/// (1/(S − 1)) Σᵢ (ĝᵢ − ḡ)² of the S per-sample estimates of each estimator for [μ, σ, ln σ] at the
/// given draws ε, for f = (x − k)² (GE-3, GE-14). The estimates and the centred sum are formed at
/// 256 and 384 bits (the centred sum loses only log₂ κ bits, κ below) and rounded once.
///
/// Only squared-distance is taken: its f, f′ and f″ = 2 bound the float64 rounding of every
/// estimate, which the tolerance is derived from.
public struct GaussianSampleVarianceEvaluator: GroupEvaluator {
    public let path = GroupPath(GradientEstimatorsEvaluators.family, "gaussian", "sample-variance")
    public let summary = "the sample variance of S per-sample estimates of each estimator, f = (x − k)²"
    public let inputs = [
        FieldDeclaration("function", .string, "squared-distance, f = (x − k)²"),
        FieldDeclaration("k", .real, "the constant k"),
        FieldDeclaration("mean", .real, "μ of q = N(μ, σ²)"),
        FieldDeclaration("sigma", .real, "σ > 0, the STANDARD DEVIATION of q (not the variance)"),
        FieldDeclaration("baseline", .real, "the constant b of the sf-baseline estimator"),
        FieldDeclaration("seed", .word, "the SplitMix64 seed the draws came from (the estimates use epsilon)"),
        FieldDeclaration("epsilon", .real, shape: ["S"], "the draws ε, S ≥ 2, x = μ + σε"),
    ]
    public var outputs: [FieldDeclaration] {
        GradientEstimatorsEvaluators.estimatorNames.map {
            FieldDeclaration(
                "sample-variance-" + $0, .real, shape: ["3"],
                "(1/(S − 1)) Σ (ĝᵢ − ḡ)² of the \($0) estimates for [μ, σ, ln σ]")
        }
    }

    /// S ≤ 256 draws: 4 · 3 · S estimates at two precisions certify in about a second.
    public var sizeLimit: Int { GradientEstimatorsEvaluators.sampleLimit }

    public init() {}

    static let u = 0x1p-53

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs)
        guard case .string("squared-distance")? = read.values["function"] else {
            throw EvaluationError(
                .mistypedInput, group: path.description, field: "function",
                problem: "this group takes squared-distance only", remedy: "write squared-distance")
        }
        try read.requireFinite("k", "mean", "sigma", "baseline", "epsilon")
        let (k, mean, sigma, baseline) = (read.real("k"), read.real("mean"), read.real("sigma"), read.real("baseline"))
        let draws = read.reals("epsilon")
        guard draws.count >= 2 else {
            throw EvaluationError(
                .shapeMismatch, group: path.description, field: "epsilon",
                problem: "S = \(draws.count) draws have no sample variance", remedy: "give S ≥ 2")
        }
        return try RefusalKind.evaluating(path) {
            let problem = try EstimatorTestFunctionSpec(name: "squared-distance", constants: [k])
                .problem(mean: mean, sigma: sigma)
            let parameters = GaussianParameter.allCases
            let estimators = GradientEstimatorsEvaluators.estimators(baseline: baseline)
            // Layout: optimal baselines[3], then the sample variances [4 estimators × 3].
            let values = try GradientEstimatorsEvaluators.confirmed {
                var v = try parameters.map { try problem.optimalBaseline($0, problem.closedFormRule) }
                let n = BigFloat(draws.count)
                for estimator in estimators {
                    for (p, parameter) in parameters.enumerated() {
                        let g = try draws.map {
                            try problem.estimate(estimator, parameter, epsilon: BigFloat($0), baseline: v[p])
                        }
                        // Two passes: the mean, then the centred sum of squares.
                        let average = g.reduce(BigFloat.zero, +) / n
                        v.append(g.reduce(BigFloat.zero) { $0 + ($1 - average).squared } / (n - BigFloat(1)))
                    }
                }
                return v
            }
            var expected = OrderedMap<FixtureValue>()
            for (e, name) in GradientEstimatorsEvaluators.estimatorNames.enumerated() {
                expected["sample-variance-" + name] = .vector(
                    GradientEstimatorsEvaluators.rounded(values[(3 + 3 * e)..<(6 + 3 * e)]))
            }
            // The baselines each estimator subtracts: none, b, b* (pw subtracts none).
            let baselines = [[0, 0, 0], [baseline, baseline, baseline], Array(values[0..<3]), [0, 0, 0]]
            let kappa = Self.conditioning(
                k: k, mean: mean, sigma: sigma, draws: draws, baselines: baselines,
                variances: Array(values[3...]))
            return Evaluation(
                expected: .values(expected),
                tolerance: .relative(
                    64 * Self.u * kappa,
                    """
                    two-pass sample variance of S = \(draws.count) float64 estimates: each estimate ĝᵢ is off by \
                    at most a few u·Eᵢ, Eᵢ = (|x − k|(|x − k| + 2|x| + 2|k|) + |b|)·|s| for the \
                    score-function estimators and 2(|x − k| + |x| + |k|)·|∂x/∂φ| for pw (x = μ + σε \
                    rounded, then f, f′ and the products), so the centred sum is off by ≲ 2·few·u·max Eᵢ/sd \
                    relative; κ = max Eᵢ/sd = \(String(format: "%.3g", kappa)) here, tolerance 64u·κ; a float64 \
                    two-pass route with b* by 160-node Gauss–Hermite quadrature is within 1/8 of it \
                    (GaussianSampleVarianceTests); the one-pass (Σ ĝᵢ² − S ḡ²)/(S − 1) loses \
                    u·(ḡ/sd)² instead
                    """))
        }
    }

    /// κ = max over estimator and parameter of max Eᵢ/sd, with Eᵢ the rounding scale of estimate i
    /// (see the tolerance) and sd the square root of the exact sample variance.
    static func conditioning(
        k: Double, mean: Double, sigma: Double, draws: [Double], baselines: [[Double]],
        variances: [Double]
    ) -> Double {
        var kappa = 1.0
        for e in 0..<4 {
            for p in 0..<3 {
                let sd = variances[3 * e + p].squareRoot()
                guard sd > 0 else { continue }
                let scale =
                    draws.map { eps -> Double in
                        let x = mean + sigma * eps
                        let score = [eps / sigma, (eps * eps - 1) / sigma, eps * eps - 1][p]
                        let path = [1, eps, sigma * eps][p]
                        let d = abs(x - k)
                        if e == 3 { return 2 * (d + abs(x) + abs(k)) * abs(path) }
                        return (d * (d + 2 * abs(x) + 2 * abs(k)) + abs(baselines[e][p])) * abs(score)
                    }.max() ?? 0
                kappa = max(kappa, scale / sd)
            }
        }
        return kappa
    }
}
