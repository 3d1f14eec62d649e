import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// `mean-field/type-ii/normal-gamma-evidence-curve`: ln p(X | b₀) on a grid of prior rates
/// (T2-1), correctly rounded; the exact maximiser b₀* = a₀·s/N (T2-2) and the fixed-point iterates
/// b₀ ← a₀·b_N/a_N from the input b₀ (T2-3), exact over ℚ.
public struct NormalGammaEvidenceCurveEvaluator: GroupEvaluator {
    public let path = GroupPath("mean-field", "type-ii", "normal-gamma-evidence-curve")
    public let summary = "the Normal-Gamma evidence over prior rates b₀, its maximiser and the fixed-point iterates"
    public let inputs =
        NormalGammaInputs.prior + [
            FieldDeclaration("b0Grid", .real, shape: ["G"], "prior rates b₀ > 0 at which to evaluate ln p(X | b₀)"),
            FieldDeclaration("iterations", .integer, "the number of fixed-point steps from the input b0, 1 … 50"),
        ]
    public let outputs = [
        FieldDeclaration("logEvidence", .real, shape: ["G"], "ln p(X | b₀) at every grid point, in nats"),
        FieldDeclaration("optimalPriorRate", .real, "b₀* = a₀·s/N, s = 2(b_N − b₀)"),
        FieldDeclaration("priorRateIterates", .real, shape: ["iterations"], "b₀ after each fixed-point step"),
    ]
    /// N ≤ 1000, G ≤ 1000: closed forms over ℚ in O(N) and G Ziv loops.
    public var sizeLimit: Int { 1000 }

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "data", "mu0", "lambda0", "a0", "b0", "b0Grid")
        let iterations = try read.count("iterations", from: 1, limit: 50)
        let grid = read.reals("b0Grid")
        let offset = NormalGammaInputs.isOffset(read.reals("data"))
        return try MeanFieldEvaluators.evaluating(path) {
            let m = try NormalGammaInputs.model(read)
            let star = try TypeIIMaximumLikelihood.normalGammaOptimalPriorRate(m)
            let iterates = try TypeIIMaximumLikelihood.normalGammaPriorRateIterates(m, iterations: iterations)
            let curve = try grid.map { b0 in
                try MeanFieldEvaluators.correctlyRounded {
                    try NormalGammaModel(
                        data: m.data.map { BigFloat($0) }, priorMean: BigFloat(m.priorMean),
                        priorPrecisionScale: BigFloat(m.priorPrecisionScale),
                        priorShape: BigFloat(m.priorShape), priorRate: BigFloat(b0)
                    ).logEvidence()
                }
            }
            return Evaluation(
                expected: .values([
                    "logEvidence": .vector(curve), "optimalPriorRate": MeanFieldEvaluators.real(star),
                    "priorRateIterates": MeanFieldEvaluators.reals(iterates),
                ]),
                tolerance: offset
                    ? .relative(1e-12, NormalGammaInputs.offsetReason)
                    : .relative(
                        1e-12,
                        """
                        closed forms of ≤ 3N + 12 operations; the evidence is a sum of ≤ 8 terms of size ≤ 60 \
                        with |ln p| ≥ 5, and ln Γ is good to a few ulps: ≲ 1e-14 relative; the affine iteration \
                        does not amplify errors (slope < 1)
                        """))
        }
    }
}

/// `mean-field/type-ii/mackay`: MacKay's updates α ← γ/‖μ_N‖², β ← (n − γ)/‖y − Aμ_N‖² for a
/// Bayesian quadratic regression (design rows [1, x, x²]) from (α₀, β₀) (T2-4), and
/// ln p(y | α, β) at the last iterate, in BigFloat at 320 bits (a `bound` of one ulp).
public struct MacKayEvaluator: GroupEvaluator {
    public let path = GroupPath("mean-field", "type-ii", "mackay")
    public let summary = "MacKay's (α, β) iterates for a quadratic regression and the evidence at the last one"
    public let inputs = [
        FieldDeclaration("x", .real, shape: ["n"], "the inputs; design rows [1, x, x²]"),
        FieldDeclaration("y", .real, shape: ["n"], "the responses"),
        FieldDeclaration("alpha0", .real, "the starting prior precision α > 0"),
        FieldDeclaration("beta0", .real, "the starting noise precision β > 0"),
        FieldDeclaration("iterations", .integer, "the number of updates, 1 … 50"),
    ]
    public let outputs = [
        FieldDeclaration("alpha", .real, shape: ["iterations"], "α after each update"),
        FieldDeclaration("beta", .real, shape: ["iterations"], "β after each update"),
        FieldDeclaration("logEvidenceAtLast", .real, "ln p(y | α, β) at the last iterate, in nats"),
    ]
    /// n ≤ 1000, iterations ≤ 50: each update is a 3 × 3 solve at 320 bits.
    public var sizeLimit: Int { 1000 }

    public init() {}

    /// The tolerance for the responses `ys` at the inputs `xs`: responses far from 0 against their
    /// spread (the offset regime), a design whose columns differ in scale by 10⁶ or more (the
    /// conditioning regime), or neither.
    static func tolerance(_ xs: [Double], _ ys: [Double]) -> ToleranceSpec {
        let spread = (ys.max() ?? 0) - (ys.min() ?? 0)
        if NormalGammaInputs.isOffset(ys), spread > 0 {
            let ratio = ys.map(abs).max()! / spread
            let bound = 32 * ratio * Double.ulpOfOne / 2
            let value = [1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3].first { $0 >= bound } ?? bound
            return .relative(
                value,
                """
                the responses sit at \(String(format: "%.0e", ys.map(abs).max()!)) with spread \(spread) and the prior \
                mean is 0, so μ_N's intercept is ≈ max|y|: the residuals y − Aμ_N are differences of numbers ≈ max|y| \
                and any float64 route loses u·max|y|/spread = \(String(format: "%.1e", bound / 32)) relative in ‖y − \
                Aμ_N‖², hence in β (measured: ≈ 2× that, by the normal equations with the residual from differences); \
                tolerance the least power of ten above 32× that; ‖r‖² in one pass as ‖y‖² − 2μ_Nᵀ(Aᵀy) + \
                μ_Nᵀ(AᵀA)μ_N loses u·(max|y|/spread)² and fails
                """)
        }
        let widest = xs.map { $0 * $0 }.max() ?? 0
        if widest >= 1e6 {
            return .relative(
                1e-10,
                """
                the design's columns 1, x, x² differ in scale by up to \(String(format: "%.0e", widest)) (κ₂(A) ≈ \
                1.2e8 for x ≤ 1e4 and 1.2e12 for x ≤ 1e6 in the catalogue), so Λ_N = αI + βAᵀA has κ up to 1e24, but \
                from the column scales alone: its equilibrated D^{−½}Λ_N D^{−½} (D = diag Λ_N) has κ ≈ 190 in the \
                catalogue, and a Cholesky factor's (or LDLᵀ's) errors follow that κ (van der Sluis), so the normal \
                equations measure ≤ 1.2e-14 relative over 8 steps (NumPy) and Householder QR of [√β A; √α I] \
                ≤ 3e-15; ln p(y) from the n × n marginal covariance AAᵀ/α + I/β, whose κ ≈ 7e16 … 7e24 is not \
                from column scales, is not positive definite in float64 and fails
                """)
        }
        return .relative(
            1e-10,
            """
            each update solves a 3×3 system Λ_N with κ(Λ_N) ≤ 1e4 (x² spans up to 12): relative \
            error ≲ κ·p·u ≈ 1e-12 per step, and 8 steps of a map whose Jacobian has norm ≲ 1 \
            accumulate ≲ 1e-11
            """)
    }

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "x", "y", "alpha0", "beta0")
        let iterations = try read.count("iterations", from: 1, limit: 50)
        let (xs, ys, alpha0, beta0) = (read.reals("x"), read.reals("y"), read.real("alpha0"), read.real("beta0"))
        return try RefusalKind.evaluating(path) {
            try BigFloat.withPrecision(320) {
                let design = try Matrix(xs.map { x in [BigFloat(1), BigFloat(x), BigFloat(x * x)] })
                let evidence = EvidenceFunction(
                    model: try LinearGaussianModel(
                        design: design,
                        response: ys.map { BigFloat($0) }))
                let iterates = try TypeIIMaximumLikelihood.macKayIterates(
                    evidence, alpha: BigFloat(alpha0), beta: BigFloat(beta0), iterations: iterations)
                // 320-bit iterates: each update is a 3×3 solve with κ(Λ_N) < 1e4 on well-scaled data and
                // < 1e30 for a design with x up to 1e6, so the relative error is < 2⁻³²⁰·1e30 < 2⁻²²⁰ per
                // step; the Double is then within half an ulp plus that.
                func value(_ x: BigFloat) -> FixtureValue {
                    let d = x.doubleValue
                    return .real(RealNumber(d, accuracy: .bound(d.ulp)))
                }
                let last = iterates.last!
                let ln = try evidence.evaluate(priorPrecision: last.alpha, noisePrecision: last.beta)
                    .logEvidenceTerms.value
                return Evaluation(
                    expected: .values([
                        "alpha": .vector(iterates.map { value($0.alpha) }),
                        "beta": .vector(iterates.map { value($0.beta) }),
                        "logEvidenceAtLast": value(ln),
                    ]),
                    tolerance: Self.tolerance(xs, ys))
            }
        }
    }
}
