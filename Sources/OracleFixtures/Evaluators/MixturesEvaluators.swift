import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// The evaluators of `Fixtures/mixtures/*.json` (`Proofs/06-gmm-em.md`, EM-1 … EM-10): the exact
/// M-step over ℚ, EM traces correctly rounded from 128- and 192-bit runs that agree, the
/// hard-assignment counterexample, and the refusals of EM.
public enum MixturesEvaluators {
    public static let all: [any GroupEvaluator] = [
        MStepEvaluator(),
        EMTraceEvaluator(group: "synthetic"), EMTraceEvaluator(group: "old-faithful"),
        EMTraceEvaluator(group: "regimes"),
        HardAssignmentEvaluator(), EMRefusalEvaluator(),
    ]

    static let u = 0x1p-53

    /// The mixture inputs shared by the trace, counterexample and refusal groups.
    static let mixtureInputs = [
        FieldDeclaration("data", .real, shape: ["N", "d"], "the points x_n, one per row"),
        FieldDeclaration("weights", .real, shape: ["K"], "λ⁰'s weights π_k ≥ 0 summing to 1"),
        FieldDeclaration("means", .real, shape: ["K", "d"], "λ⁰'s means μ_k"),
        FieldDeclaration("covariances", .real, shape: ["K", "d", "d"], "λ⁰'s covariances Σ_k (SPD)"),
        FieldDeclaration("covarianceType", .string, "full, diagonal or spherical"),
        FieldDeclaration("covarianceRegulariser", .real, "ε ≥ 0 added to every Σ_k's diagonal (often 0)"),
    ]

    /// The sizes an EM run accepts (K ≤ 10 components, d ≤ `dimensionLimit`) and its covariance type.
    static func emInputs(_ read: EvaluationInputs, dimensionLimit: Int) throws(EvaluationError) -> CovarianceType {
        try read.requireSize("K", atMost: 10, field: "weights")
        try read.requireSize("d", atMost: dimensionLimit, field: "data")
        return try covarianceType(read)
    }

    /// The `covarianceType` input, or `mistypedInput` naming it.
    static func covarianceType(_ read: EvaluationInputs) throws(EvaluationError) -> CovarianceType {
        if case .string(let text)? = read.values["covarianceType"], let type = CovarianceType(rawValue: text) {
            return type
        }
        throw EvaluationError(
            .mistypedInput, group: read.group.description, field: "covarianceType",
            problem: "not one of full, diagonal, spherical", remedy: "write one of them")
    }

    /// The data rows and λ⁰ of the mixture inputs, as Doubles.
    static func problem(_ read: EvaluationInputs) -> (data: [[Double]], initial: MixtureParameters<Double>) {
        let covariances = read.matrices("covariances").map { rows in
            (try? Matrix(rows)) ?? Matrix<Double>.identity(rows.count)
        }
        return (
            read.matrix("data"),
            MixtureParameters(
                weights: read.reals("weights"), means: read.matrix("means"), covariances: covariances)
        )
    }

    static func exported(_ value: Double) -> FixtureValue { .real(RealNumber(value, accuracy: .correctlyRounded)) }

    /// Values computed at 128 and at 192 bits, kept only if both round to the same Doubles:
    /// the 192-bit run is far more accurate than 2⁻⁵³, so agreement means both roundings are
    /// the rounding of the exact value unless it lies within 2⁻¹²⁰ of a rounding boundary.
    ///
    /// `low` and `high` are the same computation at `FixedPrecisionFloat<Precision128>` and
    /// `<Precision192>`: the values of `BigFloat` at 128 and 192 bits bit for bit (every operation
    /// is correctly rounded, and that rounding is unique), computed with inline limbs instead of
    /// heap-allocated ones. `BigFloat.workingPrecision` is set too, for any step that converts.
    static func certified(
        _ path: GroupPath, low compute128: () throws -> [[Double]], high compute192: () throws -> [[Double]]
    ) throws -> [[Double]] {
        let low = try BigFloat.withPrecision(128, compute128)
        let high = try BigFloat.withPrecision(192, compute192)
        guard low == high else {
            throw EvaluationError(
                .internalInconsistency, group: path.description,
                problem: "the 128- and 192-bit values round differently",
                remedy: "this input lies too near a rounding boundary to certify; report it")
        }
        return high
    }

    /// Worst relative difference between a Double run and the certified values.
    static func worstRelative(_ a: [[Double]], _ b: [[Double]]) -> Double {
        zip(a.flatMap { $0 }, b.flatMap { $0 }).map { x, y in abs(x - y) / max(abs(y), 0x1p-1022) }.max() ?? 0
    }

    /// Three significant digits, for the numbers a tolerance reason quotes.
    static func digits(_ x: Double) -> String {
        guard x.isFinite, x != 0 else { return x.description }
        let exponent = Int(Foundation.floor(Foundation.log10(abs(x))))
        let mantissa = (x / Foundation.pow(10, Double(exponent)) * 100).rounded() / 100
        return exponent == 0 ? "\(mantissa)" : "\(mantissa)e\(exponent)"
    }

    static func lift<S: RealScalar>(_ p: MixtureParameters<Double>, as: S.Type) -> MixtureParameters<S> {
        MixtureParameters(
            weights: p.weights.map { S($0) }, means: p.means.map { $0.map { S($0) } },
            covariances: p.covariances.map { $0.map { S($0) } })
    }

    static func flat<S: RealScalar>(_ p: MixtureParameters<S>) -> (
        weights: [Double], means: [Double],
        covariances: [Double]
    ) {
        (
            p.weights.map(\.doubleValue), p.means.flatMap { $0.map(\.doubleValue) },
            p.covariances.flatMap { $0.entries.map(\.doubleValue) }
        )
    }
}

/// `mixtures/m-step-exact/rational-m-step`: λ = argmax_λ F(q, λ) for fixed responsibilities
/// (EM-4, EM-5), over ℚ, so every parameter is exact and written correctly rounded with its exact
/// value.
///
/// Tolerance: the regime-table bound τ = 8·[(N + d + 4)·u + ((N + 2)·u·max|μ|)²/min S_ii]
/// relative (`regimeTolerance`) for K = 1, K ≥ 10, data beyond 10⁶ in magnitude or a weight
/// below 2⁻²⁰; elsewhere the absolute 8(N + d + 4)·u·(max|x|² + 1).
public struct MStepEvaluator: GroupEvaluator {
    public let path = GroupPath("mixtures", "m-step-exact", "rational-m-step")
    public let summary = "one exact M-step (weights, means, covariances) from given responsibilities"
    public let inputs = [
        FieldDeclaration("data", .real, shape: ["N", "d"], "the points x_n, one per row"),
        FieldDeclaration("responsibilities", .real, shape: ["N", "K"], "r_nk ≥ 0, rows summing to 1"),
        FieldDeclaration("covarianceType", .string, "full, diagonal or spherical"),
        FieldDeclaration("covarianceRegulariser", .real, "ε ≥ 0 added to every Σ_k's diagonal"),
    ]
    public let outputs = [
        FieldDeclaration("weights", .real, shape: ["K"], "π_k = N_k / Σ_j N_j"),
        FieldDeclaration("means", .real, shape: ["K", "d"], "μ_k = Σ_n r_nk x_n / N_k"),
        FieldDeclaration(
            "covariances", .real, shape: ["K", "d", "d"],
            "S_k (normalised by N_k) of the covariance type, plus εI"),
    ]
    /// N ≤ 1000 (K, d ≤ 30 below): an exact M-step costs N·K·d² rational operations, whose
    /// denominators are those of the inputs.
    public var sizeLimit: Int { 1000 }

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "data", "responsibilities", "covarianceRegulariser")
        try read.requireSize("K", atMost: 30, field: "responsibilities")
        try read.requireSize("d", atMost: 30, field: "data")
        let type = try MixturesEvaluators.covarianceType(read)
        let (data, r, epsilon) = (
            read.matrix("data"), read.matrix("responsibilities"), read.real("covarianceRegulariser")
        )
        return try RefusalKind.evaluating(path) {
            let exact = { (x: Double) in Rational(exactly: x)! }
            let p = try MixtureMStep.parameters(
                data: data.map { $0.map(exact) }, responsibilities: r.map { $0.map(exact) },
                covarianceType: type, covarianceRegularizer: exact(epsilon))
            let k = p.componentCount, d = p.dimension
            let expected: OrderedMap<FixtureValue> = [
                "weights": .array(shape: [k], data: p.weights.map(FixtureValue.rational)),
                "means": .array(shape: [k, d], data: p.means.flatMap { $0.map(FixtureValue.rational) }),
                "covariances": .array(
                    shape: [k, d, d],
                    data: p.covariances.flatMap { $0.entries.map(FixtureValue.rational) }),
            ]
            let largestData = data.flatMap { $0 }.map(abs).max() ?? 0
            let smallestCount = (p.weights.map(\.doubleValue).min() ?? 1) * Double(data.count)
            let regime = k == 1 || k >= 10 || largestData >= 1e6 || smallestCount < 0x1p-20
            guard regime else {
                let scale = data.flatMap { $0 }.map { $0 * $0 }.max()! + 1
                return Evaluation(
                    expected: .values(expected),
                    tolerance: .init(
                        kind: .absolute, value: 8 * Double(data.count + d + 4) * MixturesEvaluators.u * scale,
                        reason: """
                            float64 M-step: compensated or naive sums of N terms and a two-pass scatter give absolute \
                            error ≲ 8(N + d + 4)·u·(max|x|² + 1) in every entry (the entries are O(max|x|²))
                            """
                    ))
            }
            let tolerance = try Self.regimeTolerance(
                p, points: data.count, onePass: largestData >= 1e6, countFloor: smallestCount < 0x1p-20)
            return Evaluation(
                expected: .values(expected),
                tolerance: try tolerance.flooredAtZeros(
                    of: expected,
                    "they are the structural off-diagonals of diagonal covariances, which "
                        + "a float64 M-step writes as exact zeros"))
        }
    }

    /// τ = 8·[(N + d + 4)·u + ((N + 2)·u·max|μ|)² / min S_ii], relative, per entry (EM-4).
    ///
    /// A float64 M-step with a two-pass scatter: π_k, μ_k (sums of same-signed terms) and each
    /// entry of S_k carry relative error ≲ (N + d + 4)·u when the off-diagonals are comparable to
    /// the diagonals, as in every regime case. The rounding δ ≲ (N + 2)·u·|μ_k| of the computed mean
    /// enters the scatter about it only at second order, Σ_n r_nk(x_n − μ_k − δ)(…)ᵀ = N_k·S_k +
    /// N_k·δδᵀ (the first-order term Σ_n r_nk(x_n − μ_k) is 0), hence the second term; 8× covers any
    /// summation order. The one-pass form Σ_n r_nk x_n x_nᵀ/N_k − μ_kμ_kᵀ cancels terms of size |μ_k|²
    /// and loses ≈ u·|μ_k|²/S_ii relative (quoted when the data lie beyond 10⁶); adding 10·eps to N_k
    /// (scikit-learn's floor) shifts π_k and μ_k by 2.2·10⁻¹⁵/N_k relative (quoted when a weight is
    /// below 2⁻²⁰).
    static func regimeTolerance(_ p: MixtureParameters<Rational>, points n: Int, onePass: Bool, countFloor: Bool)
        throws -> ToleranceSpec
    {
        let u = MixturesEvaluators.u, d = p.dimension
        let digits = MixturesEvaluators.digits
        let largestMean = p.means.flatMap { $0.map { abs($0.doubleValue) } }.max() ?? 0
        let smallestVariance = p.covariances.flatMap { c in (0..<d).map { c[$0, $0].doubleValue } }.min() ?? 1
        let secondOrder = Foundation.pow(Double(n + 2) * u * largestMean, 2) / smallestVariance
        let value = 8 * (Double(n + d + 4) * u + secondOrder)
        let onePassLoss = u * largestMean * largestMean / smallestVariance
        let smallestCount = p.weights.map(\.doubleValue).min()! * Double(n)
        var reason =
            "relative, per entry: a float64 M-step with a two-pass scatter (about the computed μ_k) has "
            + "relative error ≲ (N + d + 4)·u in π_k, μ_k and each entry of S_k here (N = \(n), d = \(d); the "
            + "off-diagonals are comparable to the diagonals), and the mean's own rounding (N + 2)·u·max|μ| = "
            + "\(digits(Double(n + 2) * u * largestMean)) enters the scatter only squared, "
            + "\(digits(secondOrder)) relative to min S_ii; 8× the sum admits any summation order"
        if onePass {
            reason +=
                ". The one-pass form Σ r x xᵀ/N_k − μμᵀ cancels terms of size max|μ|² and loses "
                + "≈ u·max|μ|²/min S_ii = \(digits(onePassLoss)) relative: it fails"
        }
        if countFloor {
            reason +=
                ". Adding 10·eps to N_k (scikit-learn's floor) shifts π_k and μ_k by 2.2·10⁻¹⁵/N_k = "
                + "\(digits(2.2e-15 / smallestCount)) relative for N_k = \(digits(smallestCount)): it fails"
        }
        return ToleranceSpec(kind: .relative, value: value, reason: reason)
    }
}

/// `mixtures/variational-counterexample/hard-assignment`: one step of EM with q restricted to
/// hard assignments, q = hard(λ⁰) (ties to the lowest k), λ¹ = M(q) (EM-10): L(λ⁰), F(q, λ⁰),
/// F(q, λ¹), L(λ¹), λ¹ and the assignments, correctly rounded from 128- and 192-bit runs.
public struct HardAssignmentEvaluator: GroupEvaluator {
    public let path = GroupPath("mixtures", "variational-counterexample", "hard-assignment")
    public let summary = "one hard-assignment step: L and F before and after, λ¹ and the assignments"
    public let inputs =
        MixturesEvaluators.mixtureInputs + [
            FieldDeclaration("restriction", .string, "the restricted family of q: hard-assignment")
        ]
    public let outputs = [
        FieldDeclaration("logLikelihoodBefore", .real, "L(λ⁰) = Σ_n ln p(x_n; λ⁰)"),
        FieldDeclaration("boundBefore", .real, "F(q, λ⁰) for q = hard(λ⁰)"),
        FieldDeclaration("boundAfter", .real, "F(q, λ¹) for λ¹ = M(q)"),
        FieldDeclaration("logLikelihoodAfter", .real, "L(λ¹)"),
        FieldDeclaration("weights", .real, shape: ["K"], "λ¹'s weights"),
        FieldDeclaration("means", .real, shape: ["K", "d"], "λ¹'s means"),
        FieldDeclaration("covariances", .real, shape: ["K", "d", "d"], "λ¹'s covariances"),
        FieldDeclaration("assignments", .integer, shape: ["N"], "argmax_k ℓ_nk, ties to the lowest k"),
    ]
    /// N ≤ 1000, K ≤ 10, d ≤ 10: two log-joint tables and one M-step at 128 and 192 bits.
    public var sizeLimit: Int { 1000 }

    public init() {}

    static func values<S: RealScalar>(
        _ data: [[Double]], _ initial: MixtureParameters<Double>, _ type: CovarianceType,
        _ epsilon: Double, as: S.Type
    ) throws -> [[Double]] {
        let x = data.map { $0.map { S($0) } }
        let p0 = MixturesEvaluators.lift(initial, as: S.self)
        let m0 = try GaussianMixture(parameters: p0, covarianceType: type)
        let (q, p1) = try MixtureHardAssignmentEM.step(data: x, mixture: m0, covarianceRegularizer: S(epsilon))
        let m1 = try GaussianMixture(parameters: p1, covarianceType: type, iteration: 1)
        let values: [S] = [
            try m0.logLikelihood(x), try MixtureBound.value(logJoints: try m0.logJoints(x), q: q),
            try MixtureBound.value(logJoints: try m1.logJoints(x), q: q), try m1.logLikelihood(x),
        ]
        let after = MixturesEvaluators.flat(p1)
        return [
            values.map(\.doubleValue), after.weights, after.means, after.covariances,
            q.map { Double($0.firstIndex(of: .one) ?? 0) },
        ]
    }

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "data", "weights", "means", "covariances", "covarianceRegulariser")
        let type = try MixturesEvaluators.emInputs(read, dimensionLimit: 10)
        guard case .string("hard-assignment")? = read.values["restriction"] else {
            throw EvaluationError(
                .mistypedInput, group: path.description, field: "restriction",
                problem: "the only restriction is hard-assignment", remedy: "write \"hard-assignment\"")
        }
        let (data, initial) = MixturesEvaluators.problem(read)
        let epsilon = read.real("covarianceRegulariser")
        return try RefusalKind.evaluating(path) {
            let values = try MixturesEvaluators.certified(
                path,
                low: { try Self.values(data, initial, type, epsilon, as: FixedPrecisionFloat<Precision128>.self) },
                high: { try Self.values(data, initial, type, epsilon, as: FixedPrecisionFloat<Precision192>.self) })
            let double = try Self.values(data, initial, type, epsilon, as: Double.self)
            let discrepancy = MixturesEvaluators.worstRelative(Array(double.prefix(4)), Array(values.prefix(4)))
            let v = values[0], k = initial.componentCount, d = initial.dimension
            let exported = MixturesEvaluators.exported
            return Evaluation(
                expected: .values([
                    "logLikelihoodBefore": exported(v[0]), "boundBefore": exported(v[1]),
                    "boundAfter": exported(v[2]), "logLikelihoodAfter": exported(v[3]),
                    "weights": .array(shape: [k], data: values[1].map(exported)),
                    "means": .array(shape: [k, d], data: values[2].map(exported)),
                    "covariances": .array(shape: [k, d, d], data: values[3].map(exported)),
                    "assignments": .array(shape: [data.count], data: values[4].map { .integer(Int($0)) }),
                ]),
                tolerance: .init(
                    kind: .relative, value: max(64 * discrepancy, 1e-13),
                    reason: "one M-step and four sums of N log joints in float64: this oracle's Double "
                        + "run differs by \(discrepancy) relative; 64× that, floored at 1e-13, admits any "
                        + "backward-stable order"))
        }
    }
}

/// `mixtures/bad-input/refused`: inputs EM must refuse (EM-9), answered with the kind of the
/// `MixtureError` the driver throws within the given iterations.
public struct EMRefusalEvaluator: GroupEvaluator {
    public let path = GroupPath("mixtures", "bad-input", "refused")
    public let summary = "the error kind EM refuses an input with (NaN data, weights off the simplex, …)"
    public let inputs =
        MixturesEvaluators.mixtureInputs + [
            FieldDeclaration(
                "iterations", .integer, "the number of M-steps T to run before the input counts as accepted")
        ]
    public let outputs = [FieldDeclaration("error", .string, "the refusal's kind")]
    /// N ≤ 1000, K ≤ 10, d ≤ 30, T ≤ 100: a float64 EM run.
    public var sizeLimit: Int { 1000 }

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs)
        // NaN data is a refusal of this group, so only the parameters must be finite.
        try read.requireFinite("weights", "means", "covariances", "covarianceRegulariser")
        let type = try MixturesEvaluators.emInputs(read, dimensionLimit: 30)
        let iterations = try read.count("iterations", limit: 100)
        let (data, initial) = MixturesEvaluators.problem(read)
        let epsilon = read.real("covarianceRegulariser")
        let evaluation = try RefusalKind.evaluating(path) { () throws -> Evaluation in
            _ = try MixtureEM.run(
                data: data, initial: initial, covarianceType: type, covarianceRegularizer: epsilon,
                stopping: EMStoppingRule(maximumIterations: iterations, logLikelihoodTolerance: nil))
            return Evaluation(expected: .values([:]), tolerance: .exact(""))
        }
        return try evaluation.requiringRefusal(
            in: path, acceptedBy: "EM for \(iterations) iterations", home: "mixtures/em-traces/synthetic")
    }
}
