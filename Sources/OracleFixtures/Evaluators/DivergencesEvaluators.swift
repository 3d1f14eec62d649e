import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// The evaluators of `divergences/gaussian-kl` and `divergences/discrete-kl` (`Proofs/02-gaussian-kl.md`).
///
/// Gaussian KL: the inputs are Doubles, so the exact split KL = rationalPart + ½·ln(logArgument) is
/// computed over ℚ (LDLᵀ) and the total is correctly rounded (Ziv). Discrete KL: correctly rounded
/// from BigFloat, or +∞ when p has mass where q has none.
public enum DivergencesEvaluators {
    public static let all: [any GroupEvaluator] =
        ["unit-shift", "univariate", "diagonal"].map { GaussianKLEvaluator(group: $0, diagonal: true) }
        + ["full", "ill-conditioned", "near-equal"].map { GaussianKLEvaluator(group: $0, diagonal: false) }
        + [
            GaussianKLBadInputEvaluator(), DiscreteKLEvaluator(group: "bernoulli", bernoulli: true),
            DiscreteKLEvaluator(group: "categorical", bernoulli: false),
            DiscreteKLEvaluator(group: "categorical-infinite", bernoulli: false), DiscreteKLBadInputEvaluator(),
        ]

    /// The gaussian-kl file's refusal kinds: every non-positive variance or covariance that is not
    /// positive definite is `not-positive-definite`; mismatched dimensions are `shape-mismatch`.
    static func gaussianRefusal(_ error: any Error) -> String? {
        switch error {
        case is UnivariateGaussianError: return "not-positive-definite"
        case ModelInputError.notPositive: return "not-positive-definite"
        case LinearAlgebraError.singular, LinearAlgebraError.notPositiveDefinite: return "not-positive-definite"
        default: return RefusalKind.of(error)
        }
    }

    static func exact(_ x: Double) -> Rational { Rational(exactly: x)! }

    static let u = 0x1p-53

    static func vectorValue(_ v: [Double]) -> FixtureValue { .vector(v.map { .exactReal($0) }) }

    static func matrixValue(_ m: [[Double]]) -> FixtureValue {
        .array(shape: [m.count, m.first?.count ?? 0], data: m.flatMap { $0.map { FixtureValue.exactReal($0) } })
    }

    /// The correctly rounded R + ½·ln A (Ziv). The sum is formed with g guard bits, so its error is
    /// below 2^(max(topBit R, topBit ½ ln A, 0) − p − g + 2) (ln A near A = 1 is accurate to an
    /// absolute, not a relative, 2^−(p+g)); when the sum cancels by c bits (near-equal pairs lose
    /// 2·log₂(1/ε) bits), the guard grows to c + 64 and the sum is formed again, so the error stays
    /// below 1 ulp at precision p however deep the cancellation.
    static func correctlyRoundedKL(_ parts: GaussianKLDecomposition<Rational>) throws -> Double {
        if parts.logArgument == .one { return parts.rationalPart.doubleValue }
        return try BigFloat.correctlyRoundedDouble(errorBoundUlps: 2) { p in
            var guardBits = 64
            while true {
                let bits = p + guardBits
                let (largest, sum) = try BigFloat.withPrecision(bits) { () throws -> (Int, BigFloat) in
                    let r = BigFloat(parts.rationalPart, precision: bits)
                    let halfLog = try BigFloat.log(BigFloat(parts.logArgument, precision: bits)) / BigFloat(2)
                    return (max(r.topBit, halfLog.topBit, 0), r + halfLog)
                }
                let cancelled = largest - sum.topBit
                if sum.signum == 0 || cancelled > guardBits - 4 {
                    guard guardBits < 1 << 16 else { return sum + BigFloat.zero }
                    guardBits = max(cancelled, guardBits) + 64
                    continue
                }
                return sum + BigFloat.zero
            }
        }
    }

    // MARK: - gaussian-kl

    /// A pair of Gaussians: diagonal (variances) or full (covariance matrices).
    struct GaussianPair {
        var mean1: [Double]
        var sigma1: [[Double]]
        var mean2: [Double]
        var sigma2: [[Double]]
        var diagonal: Bool
        var k: Int { mean1.count }

        static func diagonal(_ m1: [Double], _ v1: [Double], _ m2: [Double], _ v2: [Double]) -> GaussianPair {
            func diag(_ v: [Double]) -> [[Double]] { v.indices.map { i in v.indices.map { j in i == j ? v[i] : 0 } } }
            return GaussianPair(mean1: m1, sigma1: diag(v1), mean2: m2, sigma2: diag(v2), diagonal: true)
        }

        var inputs: OrderedMap<FixtureValue> {
            if diagonal {
                return [
                    "mean1": vectorValue(mean1), "variance1": vectorValue(sigma1.indices.map { sigma1[$0][$0] }),
                    "mean2": vectorValue(mean2), "variance2": vectorValue(sigma2.indices.map { sigma2[$0][$0] }),
                ]
            }
            return [
                "mean1": vectorValue(mean1), "covariance1": matrixValue(sigma1),
                "mean2": vectorValue(mean2), "covariance2": matrixValue(sigma2),
            ]
        }

        func decomposition() throws -> GaussianKLDecomposition<Rational> {
            let m1 = mean1.map(exact), m2 = mean2.map(exact)
            if diagonal {
                return try DiagonalGaussianKL.decomposition(
                    mean1: m1, variance1: sigma1.indices.map { exact(sigma1[$0][$0]) },
                    mean2: m2, variance2: sigma2.indices.map { exact(sigma2[$0][$0]) })
            }
            // Sylvester's criterion and the multi-modular solve: exact, and fast up to the size limit.
            return try MultivariateGaussianKL.exactDecomposition(
                mean1: m1, covariance1: try Matrix(sigma1.map { $0.map(exact) }),
                mean2: m2, covariance2: try Matrix(sigma2.map { $0.map(exact) }))
        }

        /// The eigenvalues of Σ1 and Σ2 (a diagonal pair's variances), by Jacobi once per matrix: the
        /// condition numbers and the fragile-route clauses of one tolerance share them.
        func spectra() throws -> [[Double]] {
            try [sigma1, sigma2].map { s in diagonal ? s.indices.map { s[$0][$0] } : try Self.eigenvalues(s) }
        }

        /// The eigenvalues of a covariance by Jacobi in Double, on the matrix scaled by a power of
        /// two to a largest entry in [1, 2) (exact), so that Jacobi's absolute tolerance 1e-15
        /// means the same at every scale; then scaled back.
        static func eigenvalues(_ s: [[Double]]) throws -> [Double] {
            let largest = s.joined().map(\.magnitude).max() ?? 1
            guard largest > 0, largest.isFinite else { return [0] }
            let exponent = largest.exponent
            let scaled = s.map { $0.map { Double(sign: .plus, exponent: -exponent, significand: 1) * $0 } }
            return try SymmetricEigendecomposition(try Matrix(scaled), tolerance: 1e-15).values
                .map { Double(sign: .plus, exponent: exponent, significand: 1) * $0 }
        }

        /// The common float64 formulations that this pair puts outside the bound, as a clause of
        /// the tolerance's reason (empty when none is known to fail).
        func fragileRoutes(spectra values: [[Double]]) throws -> String {
            var clauses: [String] = []
            let logDets = values.map { $0.reduce(0.0) { $0 + Foundation.log($1) } }
            if logDets.contains(where: { Swift.abs($0) > 709 }) {
                clauses.append(
                    """
                    ln|Σ| = \(logDets.map { String(format: "%.1f", $0) }) is beyond ±709, so det(Σ) overflows \
                    or underflows and ln det(Σ) is ±∞ (the sum of ln of the Cholesky diagonal is not)
                    """)
            }
            if diagonal {
                let v1 = values[0], v2 = values[1]
                if v1.indices.contains(where: { v1[$0] / v2[$0] == 0 || (v1[$0] / v2[$0]).isInfinite }) {
                    clauses.append(
                        """
                        a ratio σ1²/σ2² under- or overflows: ln of the ratio is ±∞, ln σ1² − ln σ2² is not
                        """)
                }
                let largestLog = (v1 + v2).map { Swift.abs(Foundation.log($0)) }.max() ?? 0
                if largestLog > 300 {
                    clauses.append(
                        """
                        ln σ1² − ln σ2² subtracts logarithms up to \(String(format: "%.0f", largestLog)) in \
                        size, an absolute error u·\(String(format: "%.0f", largestLog)); ln of a normal ratio \
                        σ1²/σ2² errs by u
                        """)
                }
                let squares = zip(mean1, mean2).map { ($0 - $1) * ($0 - $1) }
                if squares.contains(where: { $0.isInfinite || ($0 > 0 && $0 < Double.leastNormalMagnitude) }) {
                    clauses.append(
                        """
                        (μ1 − μ2)² overflows or is subnormal before the division by σ2²; ((μ1 − μ2)/σ2)² \
                        is not
                        """)
                }
            }
            if let least = values.joined().min(), least < 1e-3 {
                clauses.append(
                    """
                    the least eigenvalue \(least) is below 1e-3, so a jitter 1e-6·I added before factorising \
                    moves the result by ≈ 1e-6/λ relative
                    """)
            }
            return clauses.isEmpty ? "" : "; " + clauses.joined(separator: "; ")
        }

        /// The condition of the quadratic form ΔμᵀΣ2⁻¹Δμ under a normwise perturbation of Σ2:
        /// c = ‖Σ2‖₂·‖Σ2⁻¹Δμ‖²/(ΔμᵀΣ2⁻¹Δμ) ≤ κ(Σ2), Δμ = μ2 − μ1 (Cholesky in
        /// Double, on Σ2 scaled to a largest entry in [1, 2); only sizes a tolerance). Nil when Δμ = 0.
        func sharedCovarianceCondition(spectrum2: [Double]) throws -> Double? {
            let delta = zip(mean2, mean1).map { $0 - $1 }
            guard delta.contains(where: { $0 != 0 }) else { return nil }
            let largest = sigma2.joined().map(\.magnitude).max() ?? 1
            let scale = Double(sign: .plus, exponent: -largest.exponent, significand: 1)
            let x = try CholeskyFactorization(try Matrix(sigma2.map { $0.map { $0 * scale } })).solve(delta)
            let norm = spectrum2.max()! * scale
            let quadratic = zip(delta, x).reduce(0.0) { $0 + $1.0 * $1.1 }
            return norm * x.reduce(0.0) { $0 + $1 * $1 } / quadratic
        }

        /// The relative tolerance of a backward-stable float64 evaluation by Cholesky (KL-11):
        /// ≲ 16·k·u·κ·(scale/KL), scale = tr(Σ2⁻¹Σ1) + k + Mahalanobis + |ln A| (the sizes of the terms
        /// that the Gibbs-grouped sum adds), κ the larger condition number. For `nearEqual`
        /// (Σ1 = Σ2 + εE, μ1 − μ2 = O(ε)) the grouped sum's error is instead ≲ 16·k·u·κ/ε relative.
        /// For Σ1 = Σ2 (full) only the Mahalanobis term is left, and its condition c ≤ κ replaces κ.
        func tolerance(
            kl: Double,
            parts: GaussianKLDecomposition<Rational>, nearEqual epsilon: Double?
        ) throws -> ToleranceSpec {
            if kl == 0 {
                return .exact(
                    """
                    p = q: every term of the Gibbs-grouped sum is exactly 0 (M = I, δ = 0, Δμ = 0), \
                    so a careful float64 code returns 0 exactly
                    """)
            }
            // A diagonal pair is evaluated coordinate by coordinate (ratios of variances), which no
            // spread of the variances conditions: κ = 1 there.
            let spectra = try spectra()
            let kappa = diagonal ? 1 : spectra.map { $0.max()! / $0.min()! }.max()!
            let kd = Double(k)
            let fragile = try fragileRoutes(spectra: spectra)
            if let epsilon {
                let r = 16 * kd * u * kappa / epsilon
                return .relative(
                    r,
                    """
                    near-equal pair (perturbation ε = √(2·KL) = \(epsilon)): the Gibbs-grouped Cholesky sum \
                    Σ(δᵢ − log1p δᵢ) + Σ M²ᵢⱼ + ‖L2⁻¹Δμ‖² loses only ≈ 16·k·u·κ/ε \
                    relative (κ = \(kappa)); the term-by-term sum loses ≈ u·k/KL
                    """ + fragile)
            }
            if !diagonal, sigma1 == sigma2, let c = try sharedCovarianceCondition(spectrum2: spectra[1]) {
                return .relative(
                    16 * kd * u * max(1, c),
                    """
                    Σ1 = Σ2: the same Cholesky factorisation of both gives L1 = L2, so M = L2⁻¹L1 = I and the \
                    trace and log-determinant terms vanish; KL = ½‖L2⁻¹(μ2 − μ1)‖², whose backward error \
                    ΔΣ2 (‖ΔΣ2‖ ≲ k·u·‖Σ2‖) moves it by ≲ 16·k·u·c relative, c = \
                    ‖Σ2‖·‖Σ2⁻¹Δμ‖²/(ΔμᵀΣ2⁻¹Δμ) = \(c) (at most κ = \(kappa)); an explicit \
                    inverse Σ2⁻¹ errs by ≈ u·κ, and tr(Σ2⁻¹Σ1) − k with it
                    """ + fragile)
            }
            // ln A from the Double A, or (when A is beyond the Double range) from BigFloat.
            let argument = parts.logArgument.doubleValue
            let logArgument =
                argument.isFinite && argument > 0
                ? Foundation.log(argument)
                : try BigFloat.withPrecision(64) { try BigFloat.log(BigFloat(parts.logArgument, precision: 64)) }
                    .doubleValue
            let scale = 2 * parts.rationalPart.doubleValue.magnitude + 2 * kd + Swift.abs(logArgument)
            let r = max(16 * kd * u * kappa * max(1, scale / Swift.abs(kl)), 8 * u)
            return .relative(
                r,
                """
                Cholesky of both covariances, one triangular solve L2⁻¹L1 and a sum of non-negative terms: \
                relative error ≲ 16·k·u·κ·(term sizes / KL), κ = \(kappa), k = \(k)
                """ + fragile)
        }
    }

    /// The correctly rounded Σ pₖ(ln pₖ − ln qₖ) from BigFloat with 96 guard bits, or +∞.
    ///
    /// `complement`: p = [1 − p₁, p₁] and q = [1 − q₁, q₁] are Bernoulli pairs whose first entries
    /// are taken as the exact 1 − p₁ and 1 − q₁ in BigFloat, not the Doubles 1 − p₁ (which round
    /// away the whole of p₁ below 2⁻⁵³).
    static func discreteKL(_ p: [Double], _ q: [Double], complement: Bool = false) throws -> RealNumber {
        if zip(p, q).contains(where: { $0.0 > 0 && $0.1 == 0 }) { return RealNumber(.infinity) }
        if p == q { return RealNumber(0) }
        let value = try BigFloat.correctlyRoundedDouble(errorBoundUlps: 2) { prec in
            let wide = try BigFloat.withPrecision(prec + 96) { () throws -> BigFloat in
                func entries(_ v: [Double]) -> [BigFloat] {
                    complement ? [BigFloat(1) - BigFloat(v[1]), BigFloat(v[1])] : v.map { BigFloat($0) }
                }
                var s = BigFloat.zero
                for (pk, qk) in zip(entries(p), entries(q)) where pk > .zero {
                    s = s + pk * ((try BigFloat.log(pk)) - (try BigFloat.log(qk)))
                }
                return s
            }
            return wide + BigFloat.zero
        }
        return RealNumber(value, accuracy: .correctlyRounded)
    }

}

/// A KL group of `divergences/gaussian-kl`: p = N(mean1, ·1), q = N(mean2, ·2), diagonal
/// (variances) or full (covariance matrices). `near-equal` sizes its tolerance by the
/// perturbation ε = √(2·KL), the distance at which the grouped float64 sum loses u·κ/ε.
public struct GaussianKLEvaluator: GroupEvaluator {
    public let path: GroupPath
    let diagonal: Bool
    public var summary: String {
        "KL(p ‖ q) of two Gaussians with \(diagonal ? "diagonal (variances)" : "full") covariances: "
            + "kl correctly rounded, and its exact rational part and log argument"
    }
    public var inputs: [FieldDeclaration] {
        diagonal
            ? [
                FieldDeclaration("mean1", .real, shape: ["k"], "p's mean"),
                FieldDeclaration("variance1", .real, shape: ["k"], "p's variances σ² (not σ)"),
                FieldDeclaration("mean2", .real, shape: ["k"], "q's mean"),
                FieldDeclaration("variance2", .real, shape: ["k"], "q's variances σ² (not σ)"),
            ]
            : [
                FieldDeclaration("mean1", .real, shape: ["k"], "p's mean"),
                FieldDeclaration("covariance1", .real, shape: ["k", "k"], "p's covariance (SPD), row-major"),
                FieldDeclaration("mean2", .real, shape: ["k"], "q's mean"),
                FieldDeclaration("covariance2", .real, shape: ["k", "k"], "q's covariance (SPD), row-major"),
            ]
    }
    public let outputs = [
        FieldDeclaration("kl", .real, "KL(p ‖ q) in nats, correctly rounded"),
        FieldDeclaration(
            "rationalPart", .real,
            "½[tr(Σ2⁻¹Σ1) − k + (μ2−μ1)ᵀΣ2⁻¹(μ2−μ1)], exact rational"),
        FieldDeclaration("logArgument", .real, "|Σ2|/|Σ1|, exact rational; kl = rationalPart + ½ ln logArgument"),
    ]
    /// The exact LDLᵀ over ℚ grows the rationals' size with k; a diagonal pair costs O(k).
    public var sizeLimit: Int { diagonal ? 4096 : 128 }

    init(group: String, diagonal: Bool) {
        path = GroupPath("divergences", "gaussian-kl", group)
        self.diagonal = diagonal
    }

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs)
        let names = inputs.keys
        for name in names { try read.requireFinite(name) }
        let pair: DivergencesEvaluators.GaussianPair =
            diagonal
            ? .diagonal(read.reals("mean1"), read.reals("variance1"), read.reals("mean2"), read.reals("variance2"))
            : DivergencesEvaluators.GaussianPair(
                mean1: read.reals("mean1"), sigma1: read.matrix("covariance1"),
                mean2: read.reals("mean2"), sigma2: read.matrix("covariance2"),
                diagonal: false)
        let nearEqual = path.group == "near-equal"
        return try Self.evaluate(pair, path: path, nearEqual: nearEqual)
    }

    static func evaluate(
        _ pair: DivergencesEvaluators.GaussianPair, path: GroupPath,
        nearEqual: Bool
    ) throws(EvaluationError) -> Evaluation {
        do {
            let parts = try pair.decomposition()
            let kl = try DivergencesEvaluators.correctlyRoundedKL(parts)
            let isExact = parts.logArgument == .one && Rational(exactly: kl) == parts.rationalPart
            let klReal = RealNumber(kl, accuracy: isExact ? .exact : .correctlyRounded)
            // Any pair with 0 < KL < 2⁻²¹ is in the near-equal regime (ε = √(2·KL) < 2⁻¹⁰), whatever
            // its group: there the generic bound (term sizes / KL) is far looser than the grouped
            // sum's u·κ/ε, and the term-by-term sum's u/ε² would pass it.
            let isNearEqual = nearEqual || (kl > 0 && kl < 0x1p-21)
            let epsilon = isNearEqual ? (2 * kl).squareRoot() : nil
            return Evaluation(
                expected: .values([
                    "kl": .real(klReal), "rationalPart": FixtureValue.rational(parts.rationalPart),
                    "logArgument": FixtureValue.rational(parts.logArgument),
                ]),
                tolerance: try pair.tolerance(kl: kl, parts: parts, nearEqual: epsilon))
        } catch {
            if let kind = DivergencesEvaluators.gaussianRefusal(error) { return .refusal(kind) }
            throw EvaluationError(
                .internalInconsistency, group: path.description, problem: "\(error)",
                remedy: "this is a defect of the oracle; report it with these inputs")
        }
    }
}

/// `divergences/gaussian-kl/gaussian-bad-input`: Gaussian pairs that must be refused, diagonal
/// (`variance1`) or full (`covariance1`).
public struct GaussianKLBadInputEvaluator: GroupEvaluator {
    public let path = GroupPath("divergences", "gaussian-kl", "gaussian-bad-input")
    public let summary = "refusals of the Gaussian KL: a covariance not positive definite, mismatched dimensions"
    static let diagonal = GaussianKLEvaluator(group: "diagonal", diagonal: true)
    static let full = GaussianKLEvaluator(group: "full", diagonal: false)
    public var inputs: [FieldDeclaration] {
        (Self.full.inputs + Self.diagonal.inputs.filter { $0.name.hasPrefix("variance") })
            .map { FieldDeclaration($0.name, $0.kind, shape: $0.shape, $0.meaning, isRequired: false) }
    }
    public let outputs = [FieldDeclaration("error", .string, "the refusal's kind")]

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let isDiagonal = inputs.contains("variance1")
        // The shapes may disagree on purpose (a dimension mismatch is a refusal case), so the
        // inputs are read without binding k across them.
        for key in inputs.keys where !(isDiagonal ? Self.diagonal : Self.full).inputs.map(\.name).contains(key) {
            throw EvaluationError(
                .extraInput, group: path.description, field: key,
                problem: "not an input of a \(isDiagonal ? "diagonal" : "full") Gaussian pair",
                remedy: "give mean1, variance1/covariance1, mean2, variance2/covariance2")
        }
        func reals(_ name: String) -> [Double] {
            guard case .array(_, let data)? = inputs[name] else { return [] }
            return data.map { EvaluationInputs.double($0) }
        }
        func matrix(_ name: String) -> [[Double]] {
            guard case .array(let shape, let data)? = inputs[name], shape.count == 2 else { return [] }
            let flat = data.map { EvaluationInputs.double($0) }
            return (0..<shape[0]).map { i in Array(flat[(i * shape[1])..<((i + 1) * shape[1])]) }
        }
        let pair: DivergencesEvaluators.GaussianPair =
            isDiagonal
            ? .diagonal(reals("mean1"), reals("variance1"), reals("mean2"), reals("variance2"))
            : DivergencesEvaluators.GaussianPair(
                mean1: reals("mean1"), sigma1: matrix("covariance1"),
                mean2: reals("mean2"), sigma2: matrix("covariance2"), diagonal: false)
        guard (pair.sigma1 + pair.sigma2).allSatisfy({ $0.allSatisfy(\.isFinite) }),
            (pair.mean1 + pair.mean2).allSatisfy(\.isFinite)
        else {
            throw EvaluationError(
                .notFinite, group: path.description, problem: "an input is not finite",
                remedy: "give finite inputs")
        }
        if pair.mean1.count != pair.mean2.count || pair.sigma1.count != pair.sigma2.count
            || pair.sigma1.count != pair.mean1.count
        {
            return .refusal("shape-mismatch")
        }
        return try GaussianKLEvaluator.evaluate(pair, path: path, nearEqual: false)
            .requiringRefusal(in: path, acceptedBy: "the Gaussian KL", home: "a KL group")
    }
}

/// A group of `divergences/discrete-kl`: Bernoulli (scalar p, q: the probabilities of 1) or
/// categorical (p, q on K states).
public struct DiscreteKLEvaluator: GroupEvaluator {
    public let path: GroupPath
    let bernoulli: Bool
    public var summary: String {
        "KL(p ‖ q) of two \(bernoulli ? "Bernoulli" : "categorical") distributions, or +∞"
    }
    public var inputs: [FieldDeclaration] {
        bernoulli
            ? [
                FieldDeclaration("p", .real, "p's probability of 1"),
                FieldDeclaration("q", .real, "q's probability of 1"),
            ]
            : [
                FieldDeclaration("p", .real, shape: ["K"], "p on K states, Σ = 1"),
                FieldDeclaration("q", .real, shape: ["K"], "q on K states, Σ = 1"),
            ]
    }
    public let outputs = [FieldDeclaration("kl", .real, "Σ pₖ ln(pₖ/qₖ) in nats, correctly rounded, or +∞")]
    public var sizeLimit: Int { 100_000 }

    init(group: String, bernoulli: Bool) {
        path = GroupPath("divergences", "discrete-kl", group)
        self.bernoulli = bernoulli
    }

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "p", "q")
        let p = bernoulli ? [1 - read.real("p"), read.real("p")] : read.reals("p")
        let q = bernoulli ? [1 - read.real("q"), read.real("q")] : read.reals("q")
        return try Self.evaluate(p: p, q: q, bernoulli: bernoulli, path: path)
    }

    static func evaluate(
        p: [Double], q: [Double], bernoulli: Bool,
        path: GroupPath
    ) throws(EvaluationError) -> Evaluation {
        try RefusalKind.evaluating(path, outOfDomain: "not-a-probability") {
            // The float64 route validates the inputs (the simplex within 1e-12, equal lengths).
            _ = bernoulli ? try CategoricalKL.bernoulli(p[1], q[1]) : try CategoricalKL.divergence(p, q)
            let kl = try DivergencesEvaluators.discreteKL(p, q, complement: bernoulli)
            // |error| ≲ 4u·Σ pₖ(|ln pₖ| + |ln qₖ|) + u·|KL| for a direct float64 sum of K terms;
            // a Bernoulli pair's complement terms are sized by ln(1 − x) = log1p(−x).
            var scale = zip(p, q).reduce(0.0) { sum, pair in
                let (pk, qk) = pair
                guard pk > 0, qk > 0 else { return sum }
                return sum + pk * (Swift.abs(Foundation.log(pk)) + Swift.abs(Foundation.log(qk)))
            }
            if bernoulli, p[0] > 0, q[0] > 0, p[1] < 0x1p-10 || q[1] < 0x1p-10 {
                // Below 2⁻¹⁰ the rounded 1 − x misstates ln(1 − x); the complement term is recomputed.
                let logs = Swift.abs(Foundation.log1p(-p[1])) + Swift.abs(Foundation.log1p(-q[1]))
                scale += p[0] * logs - p[0] * (Swift.abs(Foundation.log(p[0])) + Swift.abs(Foundation.log(q[0])))
            }
            let u = DivergencesEvaluators.u
            let tolerance: ToleranceSpec =
                kl.value.isFinite
                ? .absolute(
                    max(8 * Double(p.count) * u * scale, 4 * u * kl.value),
                    """
                    K terms pₖ(ln pₖ − ln qₖ), each with ≤ 4 roundings: |error| ≲ 8·K·u·Σ pₖ(|ln \
                    pₖ| + |ln qₖ|)
                    """
                        + Self.fragileRoutes(p: p, q: q, bernoulli: bernoulli))
                : .exact("+∞ is exact: p has mass where q has none")
            return Evaluation(expected: .values(["kl": .real(kl)]), tolerance: tolerance)
        }
    }
}

extension DiscreteKLEvaluator {
    /// The common float64 formulations that these inputs put outside the bound, as a clause of the
    /// tolerance's reason (empty when none is known to fail).
    static func fragileRoutes(p: [Double], q: [Double], bernoulli: Bool) -> String {
        var clauses: [String] = []
        if bernoulli, p[1] < 0x1p-10 || q[1] < 0x1p-10 {
            clauses.append(
                """
                ln(1 − x) = log1p(−x) keeps the complement terms within it, while log(1 − x) of the rounded \
                1 − x errs by up to u absolute
                """)
        }
        let support = zip(p, q).filter { $0.0 > 0 }
        if support.contains(where: { $0.1 < 1e-12 }) {
            clauses.append(
                """
                a qₖ < 1e-12 under pₖ > 0: ln(clip(q, 1e-12, 1)) or ln(q + 1e-10) misses ln qₖ by far more
                """)
        }
        if support.contains(where: { ($0.0 / $0.1).isInfinite }) {
            clauses.append(
                "some pₖ/qₖ overflows, so pₖ·ln(pₖ/qₖ) gives +∞ where ln pₖ − ln qₖ is finite")
        }
        return clauses.isEmpty ? "" : "; " + clauses.joined(separator: "; ")
    }
}

/// `divergences/discrete-kl/discrete-bad-input`: p, q that are not probability vectors, or of
/// different lengths; scalar inputs are Bernoulli probabilities.
public struct DiscreteKLBadInputEvaluator: GroupEvaluator {
    public let path = GroupPath("divergences", "discrete-kl", "discrete-bad-input")
    public let summary = "refusals of the discrete KL: not a probability vector, mismatched lengths"
    public let inputs = [
        FieldDeclaration("p", .real, shape: [], "p (scalar: Bernoulli; array: categorical)"),
        FieldDeclaration("q", .real, shape: [], "q, of the same kind as p"),
    ]
    public let outputs = [FieldDeclaration("error", .string, "the refusal's kind")]

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        for key in inputs.keys where key != "p" && key != "q" {
            throw EvaluationError(
                .extraInput, group: path.description, field: key, problem: "not an input",
                remedy: "give p and q")
        }
        func values(_ name: String) throws(EvaluationError) -> [Double] {
            switch inputs[name] {
            case .real(let r)?: return [r.value]
            case .array(_, let data)?: return data.map { EvaluationInputs.double($0) }
            default:
                throw EvaluationError(
                    .missingInput, group: path.description, field: name,
                    problem: "missing or not a real", remedy: "give \(name) as a real or an array")
            }
        }
        let (p, q) = (try values("p"), try values("q"))
        guard (p + q).allSatisfy(\.isFinite) else {
            throw EvaluationError(
                .notFinite, group: path.description, problem: "an input is not finite",
                remedy: "give finite inputs")
        }
        let bernoulli = !(inputs["p"]?.isArray ?? false)
        return try DiscreteKLEvaluator.evaluate(
            p: bernoulli ? [1 - p[0], p[0]] : p, q: bernoulli ? [1 - q[0], q[0]] : q, bernoulli: bernoulli, path: path
        ).requiringRefusal(in: path, acceptedBy: "the discrete KL", home: "a KL group")
    }
}
