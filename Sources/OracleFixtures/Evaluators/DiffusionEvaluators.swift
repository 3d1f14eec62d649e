import LatentDerivations
import OracleArithmetic

/// The evaluators of `diffusion/gaussian-elbo` (`Proofs/12-diffusion-elbo.md`, DF-1 … DF-6): the
/// forward marginals and posteriors of a β schedule, every ELBO term of a linear-Gaussian reverse
/// process with the exact ln p(x₀) it bounds, and the optimal reverse process. Every value is
/// computed in BigFloat and correctly rounded (Ziv: the precision grows until the rounding is
/// decided).
public enum DiffusionEvaluators {
    static let variant = "gaussian-elbo"

    public static let all: [any GroupEvaluator] = [
        DiffusionForwardEvaluator(), DiffusionELBOTermsEvaluator(), DiffusionOptimalReverseEvaluator(), invalid,
    ]

    /// `diffusion/gaussian-elbo/invalid`: schedules that must be refused.
    static let invalid = RefusalGroupEvaluator(
        GroupPath("diffusion", variant, "invalid"),
        summary: "refusals of a β schedule: empty, or an entry outside the open interval (0, 1)",
        models: [DiffusionForwardEvaluator()], reason: "an error is an outcome, not a number",
        float32Refusal: """
            an error is an outcome, not a number; β = 0, 1, 1.5, −0.1 and an empty schedule are float32 values \
            too, so a float32 code refuses alike
            """)

    /// The schedules a request may give have T ≤ 1024 steps: every output of a case comes from one
    /// O(T) evaluation per precision (`correctlyRoundedAll`), so a case costs O(T) big-float
    /// operations, not O(T²).
    static let stepLimit = 1024

    /// The correctly rounded Doubles of every entry of `f`, which computes all of a case's outputs
    /// at once. Each entry runs its own Ziv loop (`BigFloat.correctlyRoundedDouble`: precision p = 64,
    /// 128, …, `f` evaluated with 128 guard bits, error bound 1 ulp at p), but `f` runs once per precision
    /// for all entries: a case of T steps costs O(T) operations per precision instead of O(T) per
    /// entry. Each entry's approximation at each precision is the one a separate evaluation
    /// per entry forms (the same operations at the same precision).
    ///
    /// The 128 guard bits cover the rounding error of the evaluation: T ≤ 1024 steps of ≤ 40
    /// operations make ≤ 2¹⁶ roundings of relative size 2^−(p+128); the recursion's sums and
    /// products are of non-negative terms, the posterior coefficients divide by 1 − ᾱ_t ≥ β₁, and
    /// the KL and ELBO sums cancel by at most the ratio of their terms' magnitudes to the result
    /// (≤ 2¹⁵ on the committed cases, the prior KL at ᾱ_T ≈ 4e-5 and x₀ = 2⁻⁷ the largest), and r − 1,
    /// r = (1 − ᾱ_T)/priorVariance ≈ 1, by 1/ᾱ_T ≤ 2³² (ᾱ_T ≈ 4.3e-10 with β near 1), so the error stays
    /// ≤ 2^(16 + 32) · 2^−(p+128) ≪ 2^−p relative; only an output cancelling by more than 2¹¹⁰ would
    /// exceed it. (15-claims-mpmath recomputes the elbo-terms and optimal values at 100 digits.)
    static func correctlyRoundedAll(_ f: () throws -> [BigFloat]) throws -> [FixtureValue] {
        var cache: [Int: [BigFloat]] = [:]
        func values(_ p: Int) throws -> [BigFloat] {
            if let v = cache[p] { return v }
            let v = try BigFloat.withPrecision(p + 128) { try f() }
            cache[p] = v
            return v
        }
        return try values(64).indices.map { i in
            let d = try BigFloat.correctlyRoundedDouble { p in try values(p)[i] }
            return .real(RealNumber(d, accuracy: .correctlyRounded))
        }
    }

    static let betasDeclaration = FieldDeclaration(
        "betas", .real, shape: ["T"], "β_t for t = 1 … T, each in the open interval (0, 1)")

    /// The schedule, or nil when it must be refused (`invalid-schedule`): empty, or an entry
    /// outside (0, 1).
    static func schedule(_ read: EvaluationInputs) throws(EvaluationError) -> [Double]? {
        try read.requireFinite("betas")
        let betas = read.reals("betas")
        guard !betas.isEmpty, betas.allSatisfy({ $0 > 0 && $0 < 1 }) else { return nil }
        return betas
    }

    static func diffusion(_ betas: [Double]) throws -> GaussianDiffusion<BigFloat> {
        try GaussianDiffusion(betas: betas.map { BigFloat($0) })
    }

    /// The schedules whose first steps have β_t ≈ 1e-8, so that ᾱ_t ≈ 1 − 1e-8.
    static func smallBeta(_ betas: [Double]) -> Bool { betas.contains { $0 < 1e-6 } }

    static let tolerance = ToleranceSpec.relative(
        1e-11,
        """
        T ≤ 8 steps of ≤ 30 float operations each; the posterior coefficients divide by 1 − ᾱ_t ≥ 0.01, \
        amplifying relative errors ≤ 100×, so a float64 code reaches ≲ 100·30·u ≈ 1e-12; values are bounded \
        away from 0 (|value| ≥ 1e-3)
        """)

    static let smallBetaTolerance = ToleranceSpec.relative(
        1e-11,
        """
        T = 6 steps of ≤ 30 float operations each with 1 − ᾱ_t as a sum of positive terms \
        ((1 − ᾱ_{t−1}) + ᾱ_{t−1}β_t, or −expm1(Σ log1p(−β_s))), good to ≤ 3T·u relative, and the \
        optimal offset as mβ_t/(α_t v + β_t): every output is then a product, quotient or well-conditioned sum \
        (the KL's ln(v/β̃) is ≥ 1 in size) and a float64 code so written reaches ≲ 1e-14 (the NumPy consumer: \
        ≤ 3e-15; SaturationRegimeTests runs the recursion); 1 − ᾱ_t from the rounded ᾱ_t = Π(1 − β_s) has \
        absolute error ~u against 1 − ᾱ_t ≈ 1e-8, and m − k√α_t m subtracts numbers equal to 8 digits: \
        both are ≥ 1e-9 relative off and fail
        """)

    /// The schedules longer than the baseline's eight steps whose every β_t is at least 1e-4 (the
    /// DDPM schedule, T = 1000): the premise of `longTolerance`'s √T argument.
    static func long(_ betas: [Double]) -> Bool { betas.count > 8 && betas.allSatisfy { $0 >= 1e-4 } }

    static let longTolerance = ToleranceSpec.relative(
        5e-14,
        """
        T ≤ 1024 steps with β_t ≥ 1e-4: ᾱ_t (the product, or exp(Σ log1p(−β_s))) and 1 − ᾱ_t ((1 − ᾱ_{t−1}) \
        + ᾱ_{t−1}β_t, or −expm1(Σ log1p(−β_s))) carry one rounding per step; aligned in sign these would reach \
        2T·u ≈ 2.2e-13 (the product) or T·u·|ln ᾱ_T| ≈ 1.1e-12 (the log sum), but round-to-nearest errors \
        take both signs and their sum grows like √T·u·|ln ᾱ_T| ≈ 3.5e-14: measured ≤ 7.8e-15 (NumPy, the log \
        sum) and ≤ 4.2e-15 (GaussianDiffusion in Double, SaturationRegimeTests); the posterior, KL and ELBO \
        steps add ≤ 30u, no KL or ELBO being 10× smaller than its pieces; 1 − ᾱ_t as 1 minus the rounded \
        product, or Σ ln(1 − β_s) with 1 − β_s rounded first, is up to u/β₁ ≈ 1e-12 off at t = 1 (measured \
        ≥ 1.4e-13 on the cases with this tolerance) and fails
        """)

    /// The tolerance of a long schedule whose prior KL is κ = |r − 1|/KL times smaller than its pieces
    /// r − 1 and ln r, r = (1 − ᾱ_T)/priorVariance (ᾱ_T ≈ 4e-5 and a small x₀ make the KL ≈ ᾱ_T x₀² +
    /// ᾱ_T²/4 while r − 1 ≈ −ᾱ_T).
    static func longTolerance(priorKLCancellation kappa: Double) -> ToleranceSpec {
        let value = Swift.max(1e-11, 2 * kappa * 0x1p-53)
        let k = Int(kappa.rounded())
        return ToleranceSpec.relative(
            value,
            """
            as for T ≤ 1024 steps with β_t ≥ 1e-4 (measured ≤ 7.8e-15 on every output but the prior KL), \
            except the prior KL: r − 1 and ln r, r = (1 − ᾱ_T)/priorVariance, cancel to a KL \
            κ = \(k) times smaller, so the rounding of ln r alone (½ ulp) is κu/2 of it; tolerance \
            max(1e-11, 2κu) = \(value); ln of a second, separately rounded quotient priorVariance/(1 − ᾱ_T) \
            is ≈ κu off and fails
            """)
    }

    /// The tolerance of a schedule of T ≤ 8 steps with every 1 − ᾱ_t ≥ 0.3 whose prior KL is κ = |r − 1|/KL
    /// times smaller than its pieces r − 1 and ln r, r = (1 − ᾱ_T)/priorVariance (ᾱ_T ≈ 1.5e-3, x₀ small).
    static func shortTolerance(priorKLCancellation kappa: Double) -> ToleranceSpec {
        let value = Swift.max(4e-13, 2 * kappa * 0x1p-53)
        let k = Int(kappa.rounded())
        return ToleranceSpec.relative(
            value,
            """
            T ≤ 8 steps of ≤ 30 float operations each, 1 − ᾱ_t ≥ 0.3 as a sum of positive terms (≤ 3T·u) and \
            the posterior's division by it amplifying ≤ 3.3×: ≲ 3.3·30·u ≈ 1e-14 on every output but the prior \
            KL (measured ≤ 1e-15, NumPy); the prior KL: r − 1 and ln r, r = (1 − ᾱ_T)/priorVariance, cancel to a \
            KL κ = \(k) times smaller, so the rounding of ln r alone (½ ulp) is κu/2 of it (measured 1.5e-14, \
            NumPy); tolerance max(4e-13, 2κu) = \(value); ln of a second, separately rounded quotient \
            (measured 9.4e-11 off) and DDPM's exp(ln v − ln σ²) − 1 − (ln v − ln σ²) (1.3e-12) fail
            """)
    }

    /// The schedules with a step β_t > 0.99, so that α_t = 1 − β_t (exact for β_t ≥ ½) and ᾱ_T are small.
    static func nearOne(_ betas: [Double]) -> Bool { betas.contains { $0 > 0.99 } }

    static let nearOneTolerance = ToleranceSpec.relative(
        1e-11,
        """
        T ≤ 8 steps with β_t near 1: 1 − β_t is exact for β_t ≥ ½ (Sterbenz), so ln(1 − β_t) and log1p(−β_t) \
        agree there, and ᾱ_t, √ᾱ_t x0 (down to ≈ 3e-5) and 1 − ᾱ_t ≥ 0.1 carry ≤ 3T·u; the prior KL ≈ ᾱ_T x0²/2 \
        (ᾱ_T ≈ 4.3e-10) is as large as r − 1 ≈ −ᾱ_T (r = (1 − ᾱ_T)/priorVariance), and the rounding of r \
        moves r − 1 − ln r by only ᾱ_T·u; measured ≤ 6.5e-16 (NumPy, the log sum) and ≤ 6.6e-16 \
        (GaussianDiffusion in Double, SaturationRegimeTests); ln of a second, separately rounded quotient \
        priorVariance/(1 − ᾱ_T), added as ½(v/σ² + (m − μ)²/σ² − 1 + ln(σ²/v)), is u/KL-sized, 2.7e-10 and \
        2.7e-8 relative off on the two elbo-terms cases, and fails
        """)

    static func tolerance(_ betas: [Double]) -> ToleranceSpec {
        long(betas)
            ? longTolerance : smallBeta(betas) ? smallBetaTolerance : nearOne(betas) ? nearOneTolerance : tolerance
    }

    /// ln N(x; m, v), the evidence of a Gaussian marginal (exact to the working precision).
    static func logDensity<S: RealScalar>(_ x: S, mean m: S, variance v: S) throws -> S {
        -(try S.log(S(2) * S.pi * v)) / S(2) - (x - m) * (x - m) / (S(2) * v)
    }
}

/// `diffusion/gaussian-elbo/forward`: ᾱ_t, q(x_t | x₀) = N(√ᾱ_t x₀, 1 − ᾱ_t) (DF-2) and the
/// posterior coefficients [c0, ct, β̃] of q(x_{t−1} | x_t, x₀) for t = 2 … T (DF-3).
public struct DiffusionForwardEvaluator: GroupEvaluator {
    public let path = GroupPath("diffusion", DiffusionEvaluators.variant, "forward")
    public let summary = "ᾱ_t, the forward marginals q(x_t | x0) and the posterior coefficients of a β schedule"
    public let inputs = [DiffusionEvaluators.betasDeclaration, FieldDeclaration("x0", .real, "the data point x₀")]
    public let outputs = [
        FieldDeclaration("alphaBars", .real, shape: ["T + 1"], "ᾱ_t for t = 0 … T (ᾱ_0 = 1)"),
        FieldDeclaration("marginalMeans", .real, shape: ["T"], "√ᾱ_t x₀ for t = 1 … T"),
        FieldDeclaration("marginalVariances", .real, shape: ["T"], "1 − ᾱ_t for t = 1 … T (VARIANCES)"),
        FieldDeclaration("posterior", .real, shape: ["T − 1", "3"], "row t − 2: [c0, ct, β̃] for t = 2 … T"),
    ]
    public var sizeLimit: Int { DiffusionEvaluators.stepLimit }

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "x0")
        guard let betas = try DiffusionEvaluators.schedule(read) else { return .refusal("invalid-schedule") }
        let x0 = read.real("x0")
        return try RefusalKind.evaluating(path) {
            let T = betas.count
            // [ᾱ_0 … ᾱ_T, √ᾱ_t x0 (t = 1 … T), 1 − ᾱ_t (t = 1 … T), [c0, ct, β̃] (t = 2 … T)]
            let all = try DiffusionEvaluators.correctlyRoundedAll {
                let d = try DiffusionEvaluators.diffusion(betas)
                let marginals = try (1...T).map { try d.marginal($0, given: BigFloat(x0)) }
                let posterior = try stride(from: 2, through: T, by: 1).flatMap { t in
                    let c = try d.posteriorCoefficients(t)
                    return [c.x0, c.xt, c.variance]
                }
                return d.alphaBars + marginals.map(\.mean) + marginals.map(\.variance) + posterior
            }
            let bars = Array(all[0...T])
            let means = Array(all[(T + 1)...(2 * T)])
            let variances = Array(all[(2 * T + 1)...(3 * T)])
            let posterior = Array(all[(3 * T + 1)...])
            return Evaluation(
                expected: .values([
                    "alphaBars": .vector(bars), "marginalMeans": .vector(means),
                    "marginalVariances": .vector(variances), "posterior": .array(shape: [T - 1, 3], data: posterior),
                ]),
                tolerance: DiffusionEvaluators.tolerance(betas))
        }
    }
}

/// `diffusion/gaussian-elbo/elbo-terms`: every ELBO term (DF-5) of the linear-Gaussian reverse
/// process p(x_T) = N(priorMean, priorVariance), p(x_{t−1} | x_t) = N(slope_t x_t + offset_t,
/// variance_t), and the exact ln p(x₀) of that process (DF-4).
public struct DiffusionELBOTermsEvaluator: GroupEvaluator {
    public let path = GroupPath("diffusion", DiffusionEvaluators.variant, "elbo-terms")
    public let summary = "the diffusion ELBO's terms for a linear-Gaussian reverse process and its exact ln p(x0)"
    public let inputs = [
        DiffusionEvaluators.betasDeclaration, FieldDeclaration("x0", .real, "the data point x₀"),
        FieldDeclaration("priorMean", .real, "the mean of p(x_T)"),
        FieldDeclaration("priorVariance", .real, "the VARIANCE of p(x_T), > 0"),
        FieldDeclaration("slopes", .real, shape: ["T"], "slope_t for t = 1 … T"),
        FieldDeclaration("offsets", .real, shape: ["T"], "offset_t for t = 1 … T"),
        FieldDeclaration("variances", .real, shape: ["T"], "variance_t > 0 for t = 1 … T"),
    ]
    public let outputs = [
        FieldDeclaration("reconstruction", .real, "E_q(x1|x0)[ln p(x0 | x1)]"),
        FieldDeclaration(
            "denoisingKL", .real, shape: ["T − 1"],
            "entry t − 2: E_q(xt|x0)[KL(q(x_{t−1}|x_t,x0) ‖ p)]"),
        FieldDeclaration("priorKL", .real, "KL(q(x_T | x0) ‖ p(x_T))"),
        FieldDeclaration("elbo", .real, "reconstruction − Σ denoisingKL − priorKL, nats"),
        FieldDeclaration("logEvidence", .real, "the exact ln p(x0) of the reverse process"),
    ]
    public var sizeLimit: Int { DiffusionEvaluators.stepLimit }

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "x0", "priorMean", "priorVariance", "slopes", "offsets", "variances")
        guard let betas = try DiffusionEvaluators.schedule(read) else { return .refusal("invalid-schedule") }
        let (x0, priorMean, priorVariance) = (read.real("x0"), read.real("priorMean"), read.real("priorVariance"))
        guard priorVariance > 0 else { return .refusal("not-positive") }
        let (slopes, offsets, variances) = (read.reals("slopes"), read.reals("offsets"), read.reals("variances"))
        func compute() throws -> (GaussianDiffusion<BigFloat>, GaussianReverseProcess<BigFloat>) {
            let steps = try (0..<betas.count).map {
                try LinearGaussianReverseStep(
                    slope: BigFloat(slopes[$0]), offset: BigFloat(offsets[$0]),
                    variance: BigFloat(variances[$0]))
            }
            let prior = try UnivariateGaussian(mean: BigFloat(priorMean), variance: BigFloat(priorVariance))
            return (try DiffusionEvaluators.diffusion(betas), try GaussianReverseProcess(prior: prior, steps: steps))
        }
        return try RefusalKind.evaluating(path) {
            _ = try compute()
            // [reconstruction, priorKL, elbo, logEvidence, denoisingKL (t = 2 … T)]
            let all = try DiffusionEvaluators.correctlyRoundedAll {
                let (d, p) = try compute()
                let terms = try d.elboTerms(x0: BigFloat(x0), reverse: p)
                let m = try p.dataMarginal()
                let logEvidence = try DiffusionEvaluators.logDensity(BigFloat(x0), mean: m.mean, variance: m.variance)
                return [terms.reconstruction, terms.priorKL, terms.elbo, logEvidence] + terms.denoisingKL
            }
            // κ = |r − 1|/KL of the prior KL, r = (1 − ᾱ_T)/priorVariance, from the certified values.
            let r = try compute().0.oneMinusAlphaBars[betas.count] / BigFloat(priorVariance)
            let kappa = abs((r - BigFloat(1)).doubleValue) / (all[1].reals.first?.value ?? .infinity)
            return Evaluation(
                expected: .values([
                    "reconstruction": all[0], "denoisingKL": .vector(Array(all[4...])),
                    "priorKL": all[1], "elbo": all[2], "logEvidence": all[3],
                ]),
                tolerance: kappa > 100
                    ? DiffusionEvaluators.long(betas)
                        ? DiffusionEvaluators.longTolerance(priorKLCancellation: kappa)
                        : DiffusionEvaluators.shortTolerance(priorKLCancellation: kappa)
                    : DiffusionEvaluators.tolerance(betas))
        }
    }
}

/// `diffusion/gaussian-elbo/optimal`: the optimal reverse process for data N(dataMean,
/// dataVariance), rows [slope, offset, variance] for t = 1 … T, where the ELBO equals ln p(x₀) (DF-6).
public struct DiffusionOptimalReverseEvaluator: GroupEvaluator {
    public let path = GroupPath("diffusion", DiffusionEvaluators.variant, "optimal")
    public let summary = "the optimal reverse process for Gaussian data, its ELBO and ln p(x0), which are equal"
    public let inputs = [
        DiffusionEvaluators.betasDeclaration, FieldDeclaration("x0", .real, "the data point x₀"),
        FieldDeclaration("dataMean", .real, "the mean of the Gaussian data distribution"),
        FieldDeclaration("dataVariance", .real, "the VARIANCE of the Gaussian data distribution, > 0"),
    ]
    public let outputs = [
        FieldDeclaration("reverseSteps", .real, shape: ["T", "3"], "row t − 1: [slope, offset, variance] of step t"),
        FieldDeclaration("elbo", .real, "the ELBO of the optimal reverse process at x₀"),
        FieldDeclaration("logEvidence", .real, "ln N(x₀; dataMean, dataVariance)"),
    ]
    public var sizeLimit: Int { DiffusionEvaluators.stepLimit }

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "x0", "dataMean", "dataVariance")
        guard let betas = try DiffusionEvaluators.schedule(read) else { return .refusal("invalid-schedule") }
        let (x0, dataMean, dataVariance) = (read.real("x0"), read.real("dataMean"), read.real("dataVariance"))
        guard dataVariance > 0 else { return .refusal("not-positive") }
        func compute() throws -> (GaussianDiffusion<BigFloat>, GaussianReverseProcess<BigFloat>) {
            let d = try DiffusionEvaluators.diffusion(betas)
            let data = try UnivariateGaussian(mean: BigFloat(dataMean), variance: BigFloat(dataVariance))
            return (d, try GaussianReverseProcess.optimal(for: d, data: data))
        }
        return try RefusalKind.evaluating(path) {
            _ = try compute()
            // [elbo, ln N(x0; dataMean, dataVariance), [slope, offset, variance] (t = 1 … T)]
            let all = try DiffusionEvaluators.correctlyRoundedAll {
                let (d, p) = try compute()
                let logP = try DiffusionEvaluators.logDensity(
                    BigFloat(x0), mean: BigFloat(dataMean), variance: BigFloat(dataVariance))
                return [try d.elboTerms(x0: BigFloat(x0), reverse: p).elbo, logP]
                    + p.steps.flatMap { [$0.slope, $0.offset, $0.variance] }
            }
            return Evaluation(
                expected: .values([
                    "reverseSteps": .array(shape: [betas.count, 3], data: Array(all[2...])), "elbo": all[0],
                    "logEvidence": all[1],
                ]),
                tolerance: DiffusionEvaluators.tolerance(betas))
        }
    }
}
