import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// The evaluators of `Fixtures/mean-field/*.json` (`Proofs/10-mean-field.md`,
/// `Proofs/11-type-ii-ml.md`): CAVI traces and optima of a correlated Gaussian target and of the
/// Normal-Gamma model, Gamma expectations, the Normal-Gamma evidence curve, MacKay's iterates and
/// CAVI for a Bayesian Gaussian mixture.
///
/// Rational quantities (iterates, optima, variances) are computed over ℚ and written correctly
/// rounded with their exact value; ELBOs, KLs, evidences and the ψ/ln Γ expectations are computed
/// in `BigFloat` and correctly rounded by Ziv's test.
public enum MeanFieldEvaluators {
    public static let all: [any GroupEvaluator] = [
        CorrelatedGaussianTraceEvaluator(), CorrelatedGaussianOptimumEvaluator(),
        CorrelatedGaussianRefusalEvaluator(),
        NormalGammaTraceEvaluator(), NormalGammaOptimumEvaluator(), GammaExpectationsEvaluator(),
        NormalGammaRefusalEvaluator(),
        NormalGammaEvidenceCurveEvaluator(), MacKayEvaluator(), BayesianGMMTraceEvaluator(),
    ]

    /// The inputs of a correlated Gaussian target N(μ, Λ⁻¹).
    static let correlatedTarget = [
        FieldDeclaration("mean", .real, shape: ["d"], "the target's mean μ"),
        FieldDeclaration("precision", .real, shape: ["d", "d"], "the target's precision Λ = Σ⁻¹ (SPD)"),
    ]

    /// The refusal kinds of the mean-field files: a hyperparameter ≤ 0 is an `improper-prior`,
    /// no data is `empty-data`, a precision that is not SPD is `not-positive-definite`.
    static func refusal(_ error: any Error) -> String? {
        switch error {
        case ModelInputError.notPositive: return "improper-prior"
        case ModelInputError.empty: return "empty-data"
        case LinearAlgebraError.singular: return "not-positive-definite"
        default: return RefusalKind.of(error)
        }
    }

    /// The answer for inputs the model refuses, with the tolerance reason of the mean-field files.
    static func refusal(_ kind: String) -> Evaluation {
        Evaluation(expected: .error(kind: kind), tolerance: .exact("an error is an outcome, not a number"))
    }

    /// Runs `body`; a refusal becomes `refusal(kind)` with the kinds of `refusal(_:)`,
    /// anything else is an internal inconsistency of the oracle.
    static func evaluating(_ path: GroupPath, _ body: () throws -> Evaluation) throws(EvaluationError) -> Evaluation {
        try RefusalKind.evaluating(path, kind: { refusal($0) }, refusal: { refusal($0) }, body)
    }

    /// An exact rational written correctly rounded, with its exact value.
    static func real(_ r: Rational) -> FixtureValue {
        let d = r.doubleValue
        let isExact = Rational(exactly: d) == r
        return .real(RealNumber(d, exact: r.description, accuracy: isExact ? .exact : .correctlyRounded))
    }

    static func reals(_ rs: [Rational]) -> FixtureValue { .vector(rs.map(real)) }

    static func matrix(_ rows: [[Rational]]) -> FixtureValue {
        .array(shape: [rows.count, rows.first?.count ?? 0], data: rows.flatMap { $0.map(real) })
    }

    static func exact(_ xs: [Double]) -> [Rational] { xs.map { Rational(exactly: $0)! } }
    static func exact(_ x: Double) -> Rational { Rational(exactly: x)! }

    /// The correctly rounded Double of a transcendental quantity computed in `BigFloat`: `f` is
    /// evaluated with 128 guard bits above Ziv's working precision, far more than the
    /// cancellation (< 2⁶⁰) in these sums and the truncation of the series (< 2^−(p+8)).
    static func correctlyRounded(_ f: @escaping () throws -> BigFloat) throws -> FixtureValue {
        let d = try BigFloat.correctlyRoundedDouble { p in
            try BigFloat.withPrecision(p + 128) { try f() }
        }
        return .real(RealNumber(d, accuracy: .correctlyRounded))
    }
}

// MARK: - Correlated Gaussian

/// `mean-field/correlated-gaussian/cavi-trace`: Gauss–Seidel CAVI for q(θ) = Πⱼ N(mⱼ, 1/λⱼ)
/// against N(μ, Λ⁻¹) (MF-3, MF-4): the factors after every single-factor update, exact over ℚ,
/// and the ELBO = −KL(q ‖ p) at each, correctly rounded.
public struct CorrelatedGaussianTraceEvaluator: GroupEvaluator {
    public let path = GroupPath("mean-field", "correlated-gaussian", "cavi-trace")
    public let summary = "CAVI trace for a correlated Gaussian target: factors and ELBO after every update"
    public let inputs =
        MeanFieldEvaluators.correlatedTarget + [
            FieldDeclaration("initialMeans", .real, shape: ["d"], "the factors' means at the start"),
            FieldDeclaration("initialPrecisions", .real, shape: ["d"], "the factors' precisions λⱼ > 0 at the start"),
            FieldDeclaration("sweeps", .integer, "the number of Gauss–Seidel sweeps, ≤ 10"),
        ]
    public let outputs = [
        FieldDeclaration("means", .real, shape: ["1+sweeps·d", "d"], "the factor means after every update"),
        FieldDeclaration("precisions", .real, shape: ["1+sweeps·d", "d"], "the factor precisions after every update"),
        FieldDeclaration("elbo", .real, shape: ["1+sweeps·d"], "−KL(q ‖ p) after every update"),
    ]
    /// d ≤ 16, sweeps ≤ 10: the exact iterates' denominators grow with every update and each ELBO
    /// is a Ziv loop over an exact LDLᵀ.
    public var sizeLimit: Int { 16 }

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "mean", "precision", "initialMeans", "initialPrecisions")
        let sweeps = try read.count("sweeps", limit: 10)
        let (mean, precision) = (read.reals("mean"), read.matrix("precision"))
        let (m0, l0) = (read.reals("initialMeans"), read.reals("initialPrecisions"))
        return try MeanFieldEvaluators.evaluating(path) {
            let target = try CorrelatedGaussianMeanField(
                mean: MeanFieldEvaluators.exact(mean), precision: try Matrix(precision.map(MeanFieldEvaluators.exact)))
            let start = GaussianMeanFieldFactors(
                means: MeanFieldEvaluators.exact(m0),
                precisions: MeanFieldEvaluators.exact(l0))
            let trace = try CoordinateAscent.run(target, from: start, sweeps: sweeps)
            let elbo = try trace.map { step in
                try MeanFieldEvaluators.correctlyRounded {
                    let parts = try target.klParts(step.factors)
                    return -(BigFloat(parts.rational) + (try BigFloat.log(BigFloat(parts.logArgument))) / BigFloat(2))
                }
            }
            return Evaluation(
                expected: .values([
                    "means": MeanFieldEvaluators.matrix(trace.map(\.factors.means)),
                    "precisions": MeanFieldEvaluators.matrix(trace.map(\.factors.precisions)),
                    "elbo": .vector(elbo),
                ]),
                tolerance: mean.count <= 4
                    ? .absolute(
                        1e-12,
                        """
                        entries are O(1)–O(10) and κ(Λ) ≤ 40: each update is a d-term dot product (error ≤ \
                        d·u·Σ|Λⱼₖ||mₖ − μₖ|/Λⱼⱼ ≈ 1e-15) and Gauss–Seidel contracts earlier \
                        errors; the ELBO is ½ Σ of d² products and d logs, error ≲ 4d²·u·max|term| < 1e-13
                        """)
                    : .absolute(
                        1e-12,
                        """
                        d = \(mean.count), entries O(1) and κ(Λ) ≤ 7: each update is a d-term dot product (error ≤ \
                        d·u·Σ|Λⱼₖ||mₖ − μₖ|/Λⱼⱼ ≈ 1e-15) and Gauss–Seidel contracts earlier errors; the ELBO is \
                        ½ of sums of d² products, d quotients Λⱼⱼ/λⱼ and d logarithms whose largest sum is ≈ 64 \
                        (Σ Λⱼⱼ/λⱼ at the start, λ = 1) and |ELBO| ≤ 75, so a float64 code errs by ≲ \
                        d·u·75 ≈ 3e-13 (the NumPy consumer's plain sums measure 8.3e-15 on d = 16)
                        """))
        }
    }
}

/// `mean-field/correlated-gaussian/optimum`: the CAVI fixed point mⱼ = μⱼ, λⱼ = Λⱼⱼ (MF-5), the
/// mean-field variances 1/Λⱼⱼ and the true (Λ⁻¹)ⱼⱼ (MF-6), exact; KL(q* ‖ p) (MF-7), correctly
/// rounded.
///
/// Tolerance: absolute 1e-12 for the small well-conditioned targets (κ₁(Λ) < 10³: κ(Λ) ≤ 40, |Σⱼⱼ| ≤ 10
/// in the catalogue); for the d = 100 scaled chains 2^e·tridiag(−1, 2, −1) (|Λ| outside the Double
/// range), relative 1e-9; for an ill-conditioned target (κ₁(Λ) ≥ 10³), relative: the least power of
/// ten above d·κ₁(C)·u for the equilibrated C, at least 1e-12 (`conditioningTolerance`).
public struct CorrelatedGaussianOptimumEvaluator: GroupEvaluator {
    public let path = GroupPath("mean-field", "correlated-gaussian", "optimum")
    public let summary = "the mean-field optimum of a correlated Gaussian, both marginal variances and KL(q* ‖ p)"
    public let inputs = MeanFieldEvaluators.correlatedTarget
    public let outputs = [
        FieldDeclaration("means", .real, shape: ["d"], "mⱼ = μⱼ"),
        FieldDeclaration("precisions", .real, shape: ["d"], "λⱼ = Λⱼⱼ"),
        FieldDeclaration("meanFieldVariances", .real, shape: ["d"], "1/Λⱼⱼ"),
        FieldDeclaration("trueVariances", .real, shape: ["d"], "Σⱼⱼ = (Λ⁻¹)ⱼⱼ"),
        FieldDeclaration("klQP", .real, "KL(q* ‖ p) = ½ ln(Π Λⱼⱼ / |Λ|)"),
    ]
    /// d ≤ 100: an exact LDLᵀ and inverse diagonal of a d × d rational matrix.
    public var sizeLimit: Int { 100 }

    public init() {}

    /// Whether Λ is 2^e·tridiag(−1, 2, −1) with d = 100, the regime-table case whose |Λ| leaves
    /// the Double range.
    static func isScaledChain(_ precision: [[Double]]) -> Bool {
        let d = precision.count
        guard d == 100, let s = precision.first?.first.map({ $0 / 2 }), s > 0, s.significand == 1 else { return false }
        return (0..<d).allSatisfy { i in
            (0..<d).allSatisfy { j in precision[i][j] == (i == j ? 2 * s : (abs(i - j) == 1 ? -s : 0)) }
        }
    }

    /// κ₁(Λ) from which a target counts as ill-conditioned (the small catalogue cases have κ ≤ 40).
    static let conditioningThreshold = 1e3

    /// κ₁(Λ) = ‖Λ‖₁‖Λ⁻¹‖₁ and κ₁(C) of the equilibrated C = D^{−½}ΛD^{−½}, D = diag Λ, with Λ⁻¹
    /// exact (Bareiss over ℚ) and the norms summed in Double: the scale of a tolerance, not a value.
    static func conditionNumbers(_ precision: Matrix<Rational>) throws -> (raw: Double, equilibrated: Double) {
        let d = precision.rows
        let inverse = try Bareiss.solve(precision, Matrix(rows: d, columns: d) { $0 == $1 ? Rational.one : .zero })
        let a = (0..<d).map { i in (0..<d).map { j in precision[i, j].doubleValue } }
        let b = (0..<d).map { i in (0..<d).map { j in inverse[i, j].doubleValue } }
        let s = (0..<d).map { a[$0][$0].squareRoot() }
        func norm1(_ m: [[Double]], _ scale: (Int, Int) -> Double) -> Double {
            (0..<d).map { j in (0..<d).reduce(0.0) { $0 + abs(m[$1][j]) * scale($1, j) } }.max() ?? 0
        }
        let raw = norm1(a) { _, _ in 1 } * norm1(b) { _, _ in 1 }
        let equilibrated = norm1(a) { 1 / (s[$0] * s[$1]) } * norm1(b) { s[$0] * s[$1] }
        return (raw, equilibrated)
    }

    /// The tolerance of an ill-conditioned target: the least power of ten above d·κ₁(C)·u, at least
    /// 1e-12, with C the equilibrated Λ (Cholesky's and LU's errors in Σⱼⱼ and ln |Λ| follow κ(C),
    /// not κ(Λ), by van der Sluis' theorem).
    static func conditioningTolerance(_ kappa: (raw: Double, equilibrated: Double), d: Int) -> ToleranceSpec {
        let bound = Double(d) * kappa.equilibrated * Double.ulpOfOne / 2
        let value = [1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3].first { $0 >= bound } ?? bound
        let scaled = kappa.raw >= 1e4 * kappa.equilibrated
        return .relative(
            value,
            """
            κ₁(Λ) = \(String(format: "%.2g", kappa.raw)) and κ₁(C) = \(String(format: "%.2g", kappa.equilibrated)) for \
            the equilibrated C = D^{−½}ΛD^{−½}, D = diag Λ: a backward-stable float64 route (ln |Λ| = Σ 2 ln Lⱼⱼ of a \
            Cholesky factor and diag Λ⁻¹ by its solves, or LU and slogdet) errs in Σⱼⱼ and ln |Λ| by ≲ d·κ₁(C)·u = \
            \(String(format: "%.1e", bound)) relative whatever the scaling of Λ (van der Sluis); tolerance the least \
            power of ten above that, at least 1e-12
            """
                + (scaled
                    ? """
                    ; ln |Λ| as Σ ln λᵢ of a symmetric eigendecomposition, and Λ⁻¹ as V diag(1/λᵢ)Vᵀ, err by ≈ \
                    κ₁(Λ)·u instead (each λᵢ carries an absolute error u‖Λ‖) and fail
                    """ : ""))
    }

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "mean", "precision")
        let (mean, precision) = (read.reals("mean"), read.matrix("precision"))
        return try MeanFieldEvaluators.evaluating(path) {
            let target = try CorrelatedGaussianMeanField(
                mean: MeanFieldEvaluators.exact(mean), precision: try Matrix(precision.map(MeanFieldEvaluators.exact)))
            let star = target.optimum
            let kl = try MeanFieldEvaluators.correctlyRounded {
                let parts = try target.klParts(star)
                return BigFloat(parts.rational) + (try BigFloat.log(BigFloat(parts.logArgument))) / BigFloat(2)
            }
            let expected: Expectation = .values([
                "means": MeanFieldEvaluators.reals(star.means),
                "precisions": MeanFieldEvaluators.reals(star.precisions),
                "meanFieldVariances": MeanFieldEvaluators.reals(target.meanFieldVariances),
                "trueVariances": MeanFieldEvaluators.reals(try target.trueMarginalVariances()),
                "klQP": kl,
            ])
            let exactPrecision = try Matrix(precision.map(MeanFieldEvaluators.exact))
            let kappa = try Self.conditionNumbers(exactPrecision)
            if !Self.isScaledChain(precision), kappa.raw >= Self.conditioningThreshold {
                return Evaluation(expected: expected, tolerance: Self.conditioningTolerance(kappa, d: mean.count))
            }
            if Self.isScaledChain(precision) {
                return Evaluation(
                    expected: expected,
                    tolerance: .relative(
                        1e-9,
                        """
                        d = 100, κ(Λ) ≈ 4.1e3, |Λ| = 101·2^{±1200} outside the Double range: ln |Λ| from a \
                        Cholesky factor (Σ 2 ln Lⱼⱼ) or slogdet, and diag Λ⁻¹ from a backward-stable \
                        inverse, reach ≲ κ·d·u ≈ 1e-10 relative at worst (the NumPy consumer: ≤ 1e-13, the \
                        KL ≈ 32 being a difference of two ≈ 10³ sums); ln det(Λ) with det(Λ) evaluated first \
                        is ln ∞ or ln 0 and fails
                        """))
            }
            return Evaluation(
                expected: expected,
                tolerance: .absolute(
                    1e-12,
                    """
                    κ(Λ) ≤ 40 and |Σⱼⱼ| ≤ 10: a backward-stable inverse has absolute error ≤ \
                    κ·d·u·max Σⱼⱼ ≈ 1e-13; the KL is a difference of d + 1 logarithms of O(1)–O(10) \
                    numbers, error ≲ 4d·u·3
                    """))
        }
    }
}

/// `mean-field/correlated-gaussian/invalid`: targets that must be refused; the answer is the
/// refusal of `CorrelatedGaussianOptimumEvaluator`.
public struct CorrelatedGaussianRefusalEvaluator: GroupEvaluator {
    public let path = GroupPath("mean-field", "correlated-gaussian", "invalid")
    public let summary = "refusals of a correlated Gaussian target: a precision that is not positive definite"
    public var inputs: [FieldDeclaration] { CorrelatedGaussianOptimumEvaluator().inputs }
    public let outputs = [FieldDeclaration("error", .string, "the refusal's kind")]
    public var sizeLimit: Int { 100 }

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        try MeanFieldEvaluators.refusalOnly(path, CorrelatedGaussianOptimumEvaluator(), inputs)
    }
}

extension MeanFieldEvaluators {
    /// `model`'s answer to `inputs`, which must be a refusal.
    static func refusalOnly(_ path: GroupPath, _ model: any GroupEvaluator, _ inputs: OrderedMap<FixtureValue>)
        throws(EvaluationError) -> Evaluation
    {
        try model.evaluate(inputs).requiringRefusal(in: path, acceptedBy: model.path.description)
    }
}
