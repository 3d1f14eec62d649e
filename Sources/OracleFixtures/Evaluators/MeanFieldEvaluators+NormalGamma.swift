import LatentDerivations
import OracleArithmetic

/// The Normal-Gamma inputs and the tolerance reasons shared by its groups.
enum NormalGammaInputs {
    static let prior = [
        FieldDeclaration("data", .real, shape: ["N"], "the observations x₁ … x_N (N ≥ 1)"),
        FieldDeclaration("mu0", .real, "the prior mean μ₀"),
        FieldDeclaration("lambda0", .real, "λ₀ > 0: μ | τ ~ N(μ₀, 1/(λ₀τ))"),
        FieldDeclaration("a0", .real, "the Gamma prior's shape a₀ > 0"),
        FieldDeclaration("b0", .real, "the Gamma prior's RATE b₀ > 0"),
    ]

    /// The exact model of the inputs (a refusal for an improper prior or empty data).
    static func model(_ read: EvaluationInputs) throws -> NormalGammaModel<Rational> {
        try NormalGammaModel(
            data: MeanFieldEvaluators.exact(read.reals("data")), priorMean: MeanFieldEvaluators.exact(read.real("mu0")),
            priorPrecisionScale: MeanFieldEvaluators.exact(read.real("lambda0")),
            priorShape: MeanFieldEvaluators.exact(read.real("a0")),
            priorRate: MeanFieldEvaluators.exact(read.real("b0")))
    }

    /// The model over BigFloat at the current precision (inputs are Doubles, so exact).
    static func big(_ m: NormalGammaModel<Rational>) throws -> NormalGammaModel<BigFloat> {
        try NormalGammaModel(
            data: m.data.map { BigFloat($0) }, priorMean: BigFloat(m.priorMean),
            priorPrecisionScale: BigFloat(m.priorPrecisionScale), priorShape: BigFloat(m.priorShape),
            priorRate: BigFloat(m.priorRate))
    }

    static func big(_ q: NormalGammaFactors<Rational>) -> NormalGammaFactors<BigFloat> {
        NormalGammaFactors(
            meanOfMu: BigFloat(q.meanOfMu), precisionOfMu: BigFloat(q.precisionOfMu),
            shape: BigFloat(q.shape), rate: BigFloat(q.rate))
    }

    /// Whether the data sit far from 0 against their spread (max|x| > 10⁴·(max x − min x)), the
    /// regime where one-pass sufficient statistics cancel and `offsetReason` holds.
    static func isOffset(_ data: [Double]) -> Bool {
        guard let low = data.min(), let high = data.max() else { return false }
        return data.map(abs).max()! > 1e4 * (high - low)
    }

    static let offsetReason = """
        the data sit at 10⁶ or 10⁸ with spread ≈ 1: a float64 code that subtracts μ₀ from the data first \
        (exact by Sterbenz's lemma) works with O(1) numbers from there on and reaches ≲ (2N + 10)·u ≈ 3e-15 \
        relative, as on the unshifted n7 case (SaturationRegimeTests runs that route); one-pass sums \
        Σx² − 2mΣx + Nm² or Σx² − Nx̄² cancel 16 (at 10⁸) or 12 (at 10⁶) digits and fail
        """

    /// Whether the data are many (N > 1000), the regime of `sizeReason`.
    static func isLarge(_ data: [Double]) -> Bool { data.count > 1000 }

    static let sizeReason = """
        N = 3000: Σxₙ and Σ(xₙ − m)² are sums of N same-signed terms (≤ N·u ≈ 3.3e-13 relative for a naive \
        sum, ≈ 12·u pairwise), q(τ)'s shape a = 1502 puts ln Γ(a) ≈ 9.5e3 against (1 − a)ψ(a) ≈ −1.1e4 in \
        the Gamma entropy, and the ELBO (−2.0e4 at the start, then −4.3e3) has terms ≲ 1.5e4: with lgamma and \
        digamma good to a few ulps a float64 code reaches ≲ 1e-14 relative (SaturationRegimeTests runs that \
        route); ln Γ(a) as ln(Γ(a)) is ln ∞ and fails
        """

    /// Whether a prior or starting Gamma shape is below 0.01, the regime of `tinyShapeReason`.
    static func hasTinyShape(_ shapes: [Double]) -> Bool { shapes.contains { $0 < 0.01 } }

    static let tinyShapeReason = """
        a0 = b0 = 2⁻¹⁰: ln Γ(a0) ≈ 6.93 and a0 ln b0 ≈ −0.007 are each a few ulps in lgamma and log; where q(τ)'s \
        shape is 2⁻¹⁰ (the start, and the q(μ) update after it) ψ(a) ≈ −1024.6 enters E[ln τ] and the entropy \
        with terms ≲ 4.1e3 that add up to an ELBO ≈ −4.1e3 without cancelling; later rows are O(10) sums as on \
        n7: a float64 code with a ψ/ln Γ good to a few ulps reaches ≲ 1e-14 relative
        """

    static let offsetSizeReason = """
        N = 10⁴ points at 10⁷ with spread ≈ 1: a float64 code that subtracts μ₀ first (exact by Sterbenz's \
        lemma) sums N terms xₙ − μ₀ of size ≲ 4 whose sum is ≈ N/2 (a naive sum ≲ N·u·Σ|xₙ − μ₀|/|Σ(xₙ − μ₀)| \
        ≈ 2e-12 relative in the worst case, ≈ √N·u ≈ 1e-14 in practice, pairwise ≈ 14·u) and N squares \
        (≲ N·u ≈ 1.1e-12), and its ELBO (≈ −1.4e4) has terms ≲ 4.3e4 (ln Γ(a) and (1 − a)ψ(a) at a ≈ 5000), \
        so 1e-11 is 5× the worst-case naive bound; one-pass sums Σx² − 2mΣx + Nm² or Σx² − Nx̄² cancel 14 \
        digits (terms ≈ 10¹⁸ for a scatter ≈ 10⁴) and fail, and ln Γ(a) as ln(Γ(a)) is ln ∞ and fails
        """

    /// The relative tolerance of a case with the data `data`: 1e-11 for N > 1000 points offset far
    /// from 0 (`offsetSizeReason`), 1e-12 otherwise.
    static func tolerance(data: [Double]) -> Double { isOffset(data) && isLarge(data) ? 1e-11 : 1e-12 }

    /// The tolerance reason of a case with the data `data` and the Gamma shapes `shapes` (the prior's
    /// and any starting one): the regime's when the inputs are in one, else `plain`.
    static func reason(data: [Double], shapes: [Double], plain: String) -> String {
        if isOffset(data) && isLarge(data) { return offsetSizeReason }
        if isOffset(data) { return offsetReason }
        if isLarge(data) { return sizeReason }
        if hasTinyShape(shapes) { return tinyShapeReason }
        return plain
    }
}

/// `mean-field/normal-gamma/cavi-trace`: CAVI for q(μ)q(τ) (MF-9), rows [m, λ, a, b] after
/// every factor update, exact over ℚ, and the ELBO at each (MF-11), correctly rounded.
public struct NormalGammaTraceEvaluator: GroupEvaluator {
    public let path = GroupPath("mean-field", "normal-gamma", "cavi-trace")
    public let summary = "CAVI trace for q(μ)q(τ) under a Normal-Gamma prior: factors and ELBO after every update"
    public let inputs =
        NormalGammaInputs.prior + [
            FieldDeclaration(
                "initialFactors", .real, shape: ["4"], "[m, λ, a, b] of q(μ) = N(m, 1/λ), q(τ) = Gam(a, b)"),
            FieldDeclaration("sweeps", .integer, "the number of sweeps (q(μ) then q(τ)), ≤ 20"),
        ]
    public let outputs = [
        FieldDeclaration("factors", .real, shape: ["1+2·sweeps", "4"], "rows [m, λ, a, b] after every update"),
        FieldDeclaration("elbo", .real, shape: ["1+2·sweeps"], "the ELBO after every update"),
    ]
    /// N ≤ 10⁴, sweeps ≤ 20: each update is exact over ℚ in O(N), each ELBO a Ziv loop with ψ, ln Γ.
    public var sizeLimit: Int { 10_000 }

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "data", "mu0", "lambda0", "a0", "b0", "initialFactors")
        let sweeps = try read.count("sweeps", limit: 20)
        let start = MeanFieldEvaluators.exact(read.reals("initialFactors"))
        let data = read.reals("data")
        return try MeanFieldEvaluators.evaluating(path) {
            let vi = NormalGammaMeanField(model: try NormalGammaInputs.model(read))
            let q0 = NormalGammaFactors(meanOfMu: start[0], precisionOfMu: start[1], shape: start[2], rate: start[3])
            let trace = try CoordinateAscent.run(vi, from: q0, sweeps: sweeps)
            let elbo = try trace.map { step in
                try MeanFieldEvaluators.correctlyRounded {
                    try NormalGammaMeanField(model: try NormalGammaInputs.big(vi.model))
                        .elbo(NormalGammaInputs.big(step.factors))
                }
            }
            let rows = trace.map { [$0.factors.meanOfMu, $0.factors.precisionOfMu, $0.factors.shape, $0.factors.rate] }
            let expected: OrderedMap<FixtureValue> = [
                "factors": MeanFieldEvaluators.matrix(rows), "elbo": .vector(elbo),
            ]
            let reason = NormalGammaInputs.reason(
                data: data, shapes: [read.real("a0"), read.reals("initialFactors")[2]],
                plain: """
                    each update is a sum of N + 2 squares and one division (error ≤ (N + 4)u relative, N ≤ 12) and \
                    the two-factor map is a contraction; the ELBO sums ~10 terms of size ≤ 60 with |ELBO| ≥ 5, so a \
                    float64 code with a ψ/ln Γ accurate to a few ulps reaches ≲ 1e-14
                    """)
            return Evaluation(
                expected: .values(expected),
                tolerance: try ToleranceSpec.relative(NormalGammaInputs.tolerance(data: data), reason)
                    .flooredAtZeros(of: expected, "row 0 is the input initialFactors, whose m = 0 is copied exactly"))
        }
    }
}

/// `mean-field/normal-gamma/optimum`: the closed-form CAVI fixed point (MF-10) beside the exact
/// posterior (MF-8), E_q[τ], Var(μ) under both, exact; the ELBO there and ln p(X) (T2-1),
/// correctly rounded.
public struct NormalGammaOptimumEvaluator: GroupEvaluator {
    public let path = GroupPath("mean-field", "normal-gamma", "optimum")
    public let summary = "the mean-field optimum and the exact posterior of the Normal-Gamma model, ELBO and ln p(X)"
    public let inputs = NormalGammaInputs.prior
    public let outputs = [
        FieldDeclaration("meanFieldFactors", .real, shape: ["4"], "[m, λ, a, b] at the CAVI fixed point"),
        FieldDeclaration("exactPosterior", .real, shape: ["4"], "[μ_N, κ_N, a_N, b_N]"),
        FieldDeclaration("expectedTau", .real, "E_q[τ] = a/b (equal to the exact E[τ])"),
        FieldDeclaration("meanFieldVarianceOfMu", .real, "1/λ"),
        FieldDeclaration("exactVarianceOfMu", .real, "b_N/(κ_N(a_N − 1)), given when a_N > 1", isRequired: false),
        FieldDeclaration("elboAtOptimum", .real, "the ELBO at the fixed point"),
        FieldDeclaration("logEvidence", .real, "ln p(X) in nats"),
    ]
    /// N ≤ 10⁴: closed forms over ℚ in O(N) and two Ziv loops.
    public var sizeLimit: Int { 10_000 }

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "data", "mu0", "lambda0", "a0", "b0")
        let data = read.reals("data")
        return try MeanFieldEvaluators.evaluating(path) {
            let vi = NormalGammaMeanField(model: try NormalGammaInputs.model(read))
            let star = vi.optimum
            let exact = vi.model.exactPosterior
            let elbo = try MeanFieldEvaluators.correctlyRounded {
                try NormalGammaMeanField(model: try NormalGammaInputs.big(vi.model)).elbo(NormalGammaInputs.big(star))
            }
            let evidence = try MeanFieldEvaluators.correctlyRounded {
                try NormalGammaInputs.big(vi.model).logEvidence()
            }
            var expected: OrderedMap<FixtureValue> = [
                "meanFieldFactors": MeanFieldEvaluators.reals([
                    star.meanOfMu, star.precisionOfMu, star.shape, star.rate,
                ]),
                "exactPosterior": MeanFieldEvaluators.reals([exact.mean, exact.precisionScale, exact.shape, exact.rate]
                ),
                "expectedTau": MeanFieldEvaluators.real(star.expectedTau),
                "meanFieldVarianceOfMu": MeanFieldEvaluators.real(Rational(1) / star.precisionOfMu),
            ]
            if let v = exact.marginalVarianceOfMean { expected["exactVarianceOfMu"] = MeanFieldEvaluators.real(v) }
            expected["elboAtOptimum"] = elbo
            expected["logEvidence"] = evidence
            return Evaluation(
                expected: .values(expected),
                tolerance: .relative(
                    NormalGammaInputs.tolerance(data: data),
                    NormalGammaInputs.reason(
                        data: data, shapes: [read.real("a0")],
                        plain: """
                            closed forms in ≤ 2N + 10 operations with no cancellation beyond the scatter Σ(xₙ − \
                            x̄)² (data spread ≥ 0.5 against |x̄| ≤ 11, a factor ≤ 500): ≲ 500·(2N + 10)·u \
                            ≈ 2e-12 worst case is not reached on these data; ELBO and ln p(X) have |value| ≥ 3
                            """)))
        }
    }
}

/// `mean-field/normal-gamma/invalid`: improper priors and empty data, refused by
/// `NormalGammaOptimumEvaluator` (`improper-prior`, `empty-data`).
public struct NormalGammaRefusalEvaluator: GroupEvaluator {
    public let path = GroupPath("mean-field", "normal-gamma", "invalid")
    public let summary = "refusals of the Normal-Gamma model: a hyperparameter ≤ 0, no data"
    public let inputs = NormalGammaInputs.prior
    public let outputs = [FieldDeclaration("error", .string, "the refusal's kind")]
    public var sizeLimit: Int { 1000 }

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        try MeanFieldEvaluators.refusalOnly(path, NormalGammaOptimumEvaluator(), inputs)
    }
}

/// `mean-field/normal-gamma/gamma-expectations`: E[τ] = a/b (exact), E[ln τ] = ψ(a) − ln b and
/// the entropy a − ln b + ln Γ(a) + (1 − a)ψ(a) of Gam(a, b) (MF-11), correctly rounded.
///
/// Tolerance: absolute 1e-13 for 0.01 ≤ a ≤ 100; absolute 1e-11 beyond (ln Γ and ψ large, see the
/// reason).
public struct GammaExpectationsEvaluator: GroupEvaluator {
    public let path = GroupPath("mean-field", "normal-gamma", "gamma-expectations")
    public let summary = "E[τ], E[ln τ] and the entropy of Gam(a, rate b)"
    public let inputs = [
        FieldDeclaration("shape", .real, "a > 0"),
        FieldDeclaration("rate", .real, "b > 0, a RATE (E[τ] = a/b)"),
    ]
    public let outputs = [
        FieldDeclaration("expectedTau", .real, "E[τ] = a/b"),
        FieldDeclaration("expectedLogTau", .real, "E[ln τ] = ψ(a) − ln b"),
        FieldDeclaration("entropy", .real, "a − ln b + ln Γ(a) + (1 − a)ψ(a), in nats"),
    ]

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "shape", "rate")
        let (a, b) = (read.real("shape"), read.real("rate"))
        guard a > 0, b > 0 else { return MeanFieldEvaluators.refusal("improper-prior") }
        // ψ and ln Γ of a huge shape take series far beyond any use; 2⁴⁰ bounds the work.
        guard a <= 0x1p40, b <= 0x1p1000, b >= 0x1p-1000, a >= 0x1p-40 else {
            throw EvaluationError(
                .sizeLimit, group: path.description, field: a > 0x1p40 || a < 0x1p-40 ? "shape" : "rate",
                problem: """
                    shape \(a), rate \(b) is outside 2⁻⁴⁰ ≤ a ≤ 2⁴⁰, 2⁻¹⁰⁰⁰ ≤ b ≤ \
                    2¹⁰⁰⁰
                    """,
                remedy: "give a shape and rate within those ranges")
        }
        return try MeanFieldEvaluators.evaluating(path) {
            let regime = a > 100 || a < 0.01
            let q = NormalGammaFactors(
                meanOfMu: BigFloat(0), precisionOfMu: BigFloat(1), shape: BigFloat(a),
                rate: BigFloat(b))
            return Evaluation(
                expected: .values([
                    "expectedTau": MeanFieldEvaluators.real(
                        MeanFieldEvaluators.exact(a) / MeanFieldEvaluators.exact(b)),
                    "expectedLogTau": try MeanFieldEvaluators.correctlyRounded {
                        try NormalGammaMeanField<BigFloat>.expectedLogTau(q)
                    },
                    "entropy": try MeanFieldEvaluators.correctlyRounded {
                        try NormalGammaMeanField<BigFloat>.gammaEntropy(shape: BigFloat(a), rate: BigFloat(b))
                    },
                ]),
                tolerance: regime
                    ? .absolute(
                        1e-11,
                        """
                        at a = 200.5 the entropy a − ln b + ln Γ(a) + (1 − a)ψ(a) cancels ln Γ(a) ≈ 860 \
                        against (1 − a)ψ(a) ≈ −1057, and at a = 2⁻¹⁰ ψ(a) ≈ −1025: with ln Γ and ψ \
                        good to a few ulps (lgamma, SciPy gammaln and digamma) a float64 code has absolute error ≲ \
                        8·u·1100 ≈ 2e-12 (NumPy: ≤ 3.6e-13, this package in Double: ≤ 2.3e-13, \
                        SaturationRegimeTests); ln Γ(a) as ln(Γ(a)) is ln ∞ beyond a ≈ 171.6 and fails
                        """)
                    : .absolute(
                        1e-13,
                        """
                        ψ(a) − ln b and a − ln b + ln Γ(a) + (1 − a)ψ(a) at a ≤ 30.5 cancel terms of size \
                        ≤ 100 (ln Γ(30.5) ≈ 71, (1 − a)ψ(a) ≈ −100) down to O(1): with each term good to \
                        a couple of ulps, a float64 code has absolute error ≲ 8·u·100 ≈ 1e-13
                        """))
        }
    }
}
