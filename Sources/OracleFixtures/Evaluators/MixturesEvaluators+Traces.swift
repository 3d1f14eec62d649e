import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// `mixtures/em-traces/{synthetic, old-faithful, regimes}`: exactly T EM iterations from λ⁰
/// (EM-2, EM-3, EM-4, EM-6, EM-7): L(λᵏ), F(qᵏ, λᵏ⁺¹), H(qᵏ) and λᵏ, each correctly rounded from
/// the generic driver run at 128 and at 192 bits (kept only when both round alike).
///
/// Tolerance: relative, 64 × the worst relative difference of this oracle's own Double run of the
/// same steps from the certified trace, floored at 1e-13 (and at the zero entries, which are
/// structural). In the `regimes` group the reason adds what the regime the inputs are in does to
/// the fragile formulations (`regimeSentence`).
public struct EMTraceEvaluator: GroupEvaluator {
    public let path: GroupPath
    public var summary: String {
        "T EM iterations from λ⁰: log-likelihood, bound, entropy and parameters per iteration"
    }
    public let inputs =
        MixturesEvaluators.mixtureInputs + [
            FieldDeclaration("iterations", .integer, "the number T of M-steps (exactly T, no early stop), T ≤ 50")
        ]
    public let outputs = [
        FieldDeclaration("logLikelihood", .real, shape: ["T+1"], "L(λᵏ) = Σ_n ln p(x_n; λᵏ), k = 0 … T"),
        FieldDeclaration("bound", .real, shape: ["T"], "F(qᵏ, λᵏ⁺¹) after each M-step"),
        FieldDeclaration("entropy", .real, shape: ["T+1"], "H(qᵏ) = −Σ_n Σ_k q_nk ln q_nk"),
        FieldDeclaration("weights", .real, shape: ["T+1", "K"], "π of every λᵏ"),
        FieldDeclaration("means", .real, shape: ["T+1", "K", "d"], "μ of every λᵏ"),
        FieldDeclaration("covariances", .real, shape: ["T+1", "K", "d", "d"], "Σ of every λᵏ"),
    ]
    /// N ≤ 10⁴, K ≤ 10, d ≤ 100, T ≤ 50 and N·K·d²·(T + 1) ≤ 1.1·10⁶: the 100-d E-step of the
    /// regime table (101·10⁴ ≈ 10⁶), its 30-d case (31·900·3 ≈ 8·10⁴), Old Faithful K = 2, T = 15
    /// (272·2·4·16 ≈ 3.5·10⁴) and the N = 10⁴ regime trace (10⁴·2·4·4 = 3.2·10⁵) run at 128 and
    /// 192 bits in seconds.
    public var sizeLimit: Int { 10_000 }
    static let costLimit = 1_100_000

    public init(group: String) { path = GroupPath("mixtures", "em-traces", group) }

    static func run<S: RealScalar>(
        _ data: [[Double]], _ initial: MixtureParameters<Double>, _ type: CovarianceType,
        _ epsilon: Double, _ iterations: Int, as: S.Type
    ) throws -> EMTrace<S> {
        try MixtureEM.run(
            data: data.map { $0.map { S($0) } }, initial: MixturesEvaluators.lift(initial, as: S.self),
            covarianceType: type, covarianceRegularizer: S(epsilon),
            stopping: EMStoppingRule(maximumIterations: iterations, logLikelihoodTolerance: nil))
    }

    /// The trace as Doubles in the exported order: L (T+1), F (T), H (T+1), π, μ, Σ.
    static func values<S: RealScalar>(_ trace: EMTrace<S>) -> [[Double]] {
        let r = trace.records
        return [
            r.map { $0.logLikelihood.doubleValue },
            r.compactMap { $0.boundAfterMStep?.doubleValue },
            r.map { $0.responsibilityEntropy.doubleValue },
            r.flatMap { $0.parameters.weights.map(\.doubleValue) },
            r.flatMap { $0.parameters.means.flatMap { $0.map(\.doubleValue) } },
            r.flatMap { $0.parameters.covariances.flatMap { $0.entries.map(\.doubleValue) } },
        ]
    }

    /// Why a float64 EM gets the zero entries of a trace within the floor.
    static let structuralZeros =
        "they are structural, the off-diagonals of diagonal and spherical covariances and of "
        + "the input covariances at iteration 0, which a float64 EM writes as exact zeros"

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "data", "weights", "means", "covariances", "covarianceRegulariser")
        let type = try MixturesEvaluators.emInputs(read, dimensionLimit: 100)
        let t = try read.count("iterations", limit: 50)
        let (data, initial) = MixturesEvaluators.problem(read)
        let k = initial.componentCount, d = initial.dimension
        let cost = data.count * k * d * d * (t + 1)
        guard cost <= Self.costLimit else {
            throw EvaluationError(
                .sizeLimit, group: path.description, field: "data",
                problem: "N·K·d²·(T + 1) = \(cost) is over this group's limit of \(Self.costLimit)",
                remedy: "use fewer points, components, dimensions or iterations")
        }
        let epsilon = read.real("covarianceRegulariser")
        return try RefusalKind.evaluating(path) {
            let values = try MixturesEvaluators.certified(
                path,
                low: {
                    Self.values(
                        try Self.run(data, initial, type, epsilon, t, as: FixedPrecisionFloat<Precision128>.self))
                },
                high: {
                    Self.values(
                        try Self.run(data, initial, type, epsilon, t, as: FixedPrecisionFloat<Precision192>.self))
                })
            let double = Self.values(try Self.run(data, initial, type, epsilon, t, as: Double.self))
            let discrepancy = MixturesEvaluators.worstRelative(double, values)
            let shapes = [[t + 1], [t], [t + 1], [t + 1, k], [t + 1, k, d], [t + 1, k, d, d]]
            let names = ["logLikelihood", "bound", "entropy", "weights", "means", "covariances"]
            var expected = OrderedMap<FixtureValue>()
            for (i, name) in names.enumerated() {
                expected[name] = .array(shape: shapes[i], data: values[i].map(MixturesEvaluators.exported))
            }
            let regime = path.group == "regimes" ? try Self.regimeSentence(data, initial, type, values) : nil
            let tolerance = try ToleranceSpec(
                kind: .relative, value: max(64 * discrepancy, 1e-13),
                reason: """
                    a float64 EM (this oracle's own Double run of the same steps) differs from the exact trace by at \
                    most \(discrepancy) relative over these \(t) iterations, which is the EM map's amplification of \
                    per-step rounding (≲ (N + d + K)·u); 64× that, floored at 1e-13, admits any backward-stable \
                    summation order
                    """ + (regime.map { ". " + $0 } ?? "")
            )
            .flooredAtZeros(of: expected, Self.structuralZeros)
            return Evaluation(expected: .values(expected), tolerance: tolerance)
        }
    }

    /// `10ᵉ` in superscript digits, for the orders of magnitude a reason quotes.
    static func power(_ e: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        if e == 0 { return "1" }
        return "10" + (e < 0 ? "⁻" : "") + String(String(abs(e)).map { digits[Int(String($0))!] })
    }

    /// The largest κ(Σ⁰_k) over the λ⁰ covariances that some point lies on the major axis of
    /// (its offset r from μ_k has a part off the top eigenvector v whose share ‖r − (vᵀr)v‖²/λ_min of
    /// the Mahalanobis term is at most the share (vᵀr)²/λ_max along it), with κ·u; nil when no
    /// point does.
    static func majorAxisLoss(_ data: [[Double]], _ initial: MixtureParameters<Double>) throws
        -> (condition: Double, loss: Double)?
    {
        var worst: Double?
        for (k, sigma) in initial.covariances.enumerated() {
            let eigen = try SymmetricEigendecomposition(sigma, tolerance: 1e-15)
            guard let top = eigen.values.indices.max(by: { eigen.values[$0] < eigen.values[$1] }),
                let low = eigen.values.min(), low > 0
            else { continue }
            let axis = (0..<sigma.rows).map { eigen.vectors[$0, top] }
            let onAxis = data.contains { x in
                let r = zip(x, initial.means[k]).map { $0 - $1 }
                let squared = r.reduce(0) { $0 + $1 * $1 }
                let along = zip(r, axis).reduce(0) { $0 + $1.0 * $1.1 }
                return squared > 0 && (squared - along * along) / low <= along * along / eigen.values[top]
            }
            if onAxis { worst = max(worst ?? 0, eigen.values[top] / low) }
        }
        return worst.map { ($0, $0 * MixturesEvaluators.u) }
    }

    /// What the hostile regime the inputs are in does to the fragile formulations, decided from
    /// measured properties of the inputs and the certified trace, first match wins: data beyond
    /// 10⁵ (offset by 10⁶ … 10⁸) with initial variances below 10⁶; every initial variance below
    /// 10⁻²⁰⁰ or above 10²⁰⁰; every log joint at λ⁰ below −745 (near −10⁵ when all are below
    /// −10⁴); K ≥ 10; d ≥ 30; points on the major axis of a λ⁰ covariance with κ ≥ 10¹⁰
    /// (`majorAxisLoss`); K ≥ 2 and an entropy at λ⁰ below 10⁻¹⁵ (one-hot posteriors); a final
    /// covariance with κ ≥ 10⁷. Nil when none holds.
    static func regimeSentence(
        _ data: [[Double]], _ initial: MixtureParameters<Double>, _ type: CovarianceType,
        _ values: [[Double]]
    ) throws -> String? {
        let d = initial.dimension, k = initial.componentCount
        let variances = initial.covariances.flatMap { c in (0..<d).map { c[$0, $0] } }
        if data.flatMap({ $0 }).allSatisfy({ abs($0) >= 1e5 }), variances.allSatisfy({ $0 < 1e6 }) {
            let largest = data.flatMap { $0 }.map(abs).max() ?? 1
            let e = Int(Foundation.log10(largest).rounded())
            return """
                Data offset by \(power(e)): a stable float64 EM is limited by the ulp of the data (u·\(power(e))/σ \
                ≈ \(power(e - 16)) relative in each x − μ); one-pass covariances lose u·\(power(2 * e))/σ² \
                ≈ \(power(2 * e - 16)) and the expanded xᵀPx − 2μᵀPx + μᵀPμ loses ≈ \
                u·\(power(2 * e))/σ² in every log joint: both fail
                """
        }
        if variances.allSatisfy({ $0 < 1e-200 }) {
            return """
                Variances near 10⁻²⁸⁹: ln|Σ_k| = 2 Σ ln L_ii survives, det(Σ_k) ≈ 10⁻⁵⁷⁸ \
                underflows to 0 and log(det) is −∞, so log-det-via-det fails
                """
        }
        if variances.allSatisfy({ $0 > 1e200 }) {
            return "Variances near 10²⁸⁹: det(Σ_k) ≈ 10⁵⁷⁸ overflows to ∞, so log-det-via-det fails"
        }
        let logJoints = try GaussianMixture(parameters: initial, covarianceType: type).logJoints(data).flatMap { $0 }
        if let highest = logJoints.max(), highest < -745 {
            if highest < -1e4 {
                return """
                    Every log joint near −10⁵ at λ⁰: without the max shift r = 0/0; responsibilities that are \
                    0 in float64 make an unmasked q ln q NaN
                    """
            }
            return "Every log joint below −745 at λ⁰: without the max shift every density is 0 and r = 0/0"
        }
        if k >= 10 {
            return "A weight near 10⁻¹⁴: a floor on N_k (N_k + 10·eps) shifts π and μ of that component by "
                + "orders of magnitude"
        }
        if d >= 100 {
            let logDeterminant = try initial.covariances.map { try CholeskyFactorization($0).logDeterminant }
            let extreme = logDeterminant.max { abs($0) < abs($1) } ?? 0
            return """
                d = \(d): ln|Σ⁰_k| reaches \(MixturesEvaluators.digits(extreme)) by the dimension alone, so \
                det(Σ⁰_k) \(extreme < 0 ? "underflows to 0" : "overflows to ∞") and log(det) is \
                \(extreme < 0 ? "−∞" : "∞"), while 2 Σ ln L_ii from the Cholesky factor survives: \
                log-det-via-det fails
                """
        }
        if d >= 30 {
            return "d = 30 with variances near 10⁻¹¹: det(Σ) underflows to 0 after the first M-step and "
                + "log(det) is −∞, so log-det-via-det fails"
        }
        if let (condition, loss) = try majorAxisLoss(data, initial), condition >= 1e10 {
            return """
                Points on the major axis of Σ⁰_k, κ(Σ⁰_k) = \(MixturesEvaluators.digits(condition)), whose \
                Cholesky factor is exact in float64: the factor (or a solve) keeps the Mahalanobis term of those \
                points within a few u, as this tolerance's Double run shows, while (x − μ)ᵀ inv(Σ⁰_k)(x − \
                μ) cancels entries ≈ 1/λ_min to ≈ 1/λ_max and loses ≈ κ·u = \
                \(MixturesEvaluators.digits(loss)) relative in each: explicit-inverse fails
                """
        }
        if k >= 2, let entropy = values[2].first, entropy < 1e-15 {
            return """
                One-hot posteriors: the entropy is 10⁻²³ … 10⁻¹⁸ in all; ln r for r ≈ 1 must come from \
                −log1p(s) (the log of the rounded r, ln(1 + s), ℓ − logsumexp and ln p(x) − Σ q ℓ lose the \
                share of the top term or all of it), and r below 10⁻¹² must keep its own logarithm
                """
        }
        let last = values[5].suffix(k * d * d)
        let condition =
            try (0..<k).map { j -> Double in
                let entries = Array(last[(last.startIndex + j * d * d)..<(last.startIndex + (j + 1) * d * d)])
                let eigen = try SymmetricEigendecomposition(
                    try Matrix(rows: d, columns: d, entries: entries),
                    tolerance: 1e-15
                ).values
                guard let low = eigen.min(), let high = eigen.max(), low > 0 else { return .infinity }
                return high / low
            }.max() ?? 1
        if condition >= 1e7 {
            return """
                κ(Σ_k) ≈ 10⁸–10⁹: every float64 route (Cholesky, LU solve, explicit inverse) loses ≈ \
                κ·u in the Mahalanobis term, which this tolerance, measured on a Cholesky run, already holds
                """
        }
        return nil
    }
}
