import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// The evaluators of `linear-gaussian/least-squares` and `linear-gaussian/bayesian`
/// (`Proofs/04-linear-gaussian.md`, LG-1 … LG-14).
///
/// Every real input is read exactly: its `exact` rational when the fixture gives one (NIST's
/// decimals, 1/100), else its Double. Every expected value is computed over ℚ and rounded once:
/// rationals are `exact` or `correctly-rounded` with their `p/q`; square roots and logarithms are
/// correctly rounded by `BigFloat`. Least-squares tolerances are a stated margin over the
/// first-order error of a backward-stable float64 solver (LG-14); Bayesian tolerances over the
/// error of float64 solves with the posterior precision Λ_N.
public enum LinearGaussianEvaluators {
    static let family = "linear-gaussian"
    static let u = 0x1p-53

    public static let all: [any GroupEvaluator] = [
        ExactSmallLeastSquaresEvaluator(), ScoreEvaluator(), PolynomialLeastSquaresEvaluator(),
        NISTLeastSquaresEvaluator(), LeastSquaresBadInputEvaluator(),
        BayesianPosteriorEvaluator(), EvidenceHyperparametersEvaluator(), BayesianBadInputEvaluator(),
    ]

    // MARK: - Exact values

    /// An exact rational as a fixture real: `exact` when it is a Double, else `correctly-rounded`.
    static func real(_ r: Rational) -> FixtureValue {
        let d = r.doubleValue
        let isExact = Rational(exactly: d) == r
        return .real(RealNumber(d, exact: r.description, accuracy: isExact ? .exact : .correctlyRounded))
    }

    static func vector(_ v: [Rational]) -> FixtureValue { .vector(v.map(real)) }

    static func matrix(_ m: Matrix<Rational>) -> FixtureValue {
        .array(shape: [m.rows, m.columns], data: m.entries.map(real))
    }

    static func correctlyRounded(_ x: Double) -> FixtureValue { .real(RealNumber(x, accuracy: .correctlyRounded)) }

    // MARK: - Exact inputs

    /// The exact values of a real array input (its `exact` rationals, else its Doubles), row-major.
    static func rationals(_ read: EvaluationInputs, _ name: String) -> [Rational] {
        guard case .array(_, let data)? = read.values[name] else { return [] }
        return data.map { EvaluationInputs.rational($0) }
    }

    /// A real matrix input [rows, columns] read exactly.
    static func rationalMatrix(_ read: EvaluationInputs, _ name: String) throws -> Matrix<Rational> {
        guard case .array(let shape, _)? = read.values[name], shape.count == 2 else {
            return try Matrix(rows: 0, columns: 0, entries: [])
        }
        return try Matrix(rows: shape[0], columns: shape[1], entries: rationals(read, name))
    }

    /// A real matrix input as Doubles (for validation by the float64 model, which sees NaN).
    static func doubleMatrix(_ read: EvaluationInputs, _ name: String) throws -> Matrix<Double> {
        guard case .array(let shape, _)? = read.values[name], shape.count == 2 else {
            return try Matrix(rows: 0, columns: 0, entries: [])
        }
        return try Matrix(rows: shape[0], columns: shape[1], entries: read.reals(name))
    }

    // MARK: - Refusals

    /// The error kind a refusal case of this family names, decided from the error the derivation
    /// throws; nil for an error that is not a refusal (a defect of the oracle).
    static func refusalKind(_ error: any Error) -> String? {
        switch error {
        case let error as LinearGaussianError:
            switch error {
            case .rankDeficient: return "rank-deficient"
            case .tooFewObservations: return "too-few-observations"
            case .priorNotPositiveDefinite: return "not-positive-definite"
            case .malformedFile: return nil
            }
        case let error as ModelInputError:
            return RefusalKind.ofInput(error, nonFinite: "non-finite-input")
        default:
            return nil
        }
    }

    /// Runs `body`; a refusal becomes `Evaluation.refusal(kind)`, any other error is an internal
    /// inconsistency of the oracle.
    static func evaluating(_ path: GroupPath, _ body: () throws -> Evaluation) throws(EvaluationError) -> Evaluation {
        // This family's refusal cases state the reason as "the input must be refused".
        try RefusalKind.evaluating(path, kind: refusalKind, refusal: refusal, body)
    }

    /// The answer for inputs this family's models refuse.
    static func refusal(_ kind: String) -> Evaluation {
        Evaluation(expected: .error(kind: kind), tolerance: .exact("the input must be refused"))
    }

    // MARK: - Least-squares tolerances (LG-14)

    /// The factor between the tolerance and u·max cⱼ, the first-order error of a backward-stable
    /// float64 solver (LG-14). Householder QR (ours, SciPy/LAPACK) and NumPy's SVD solver on the
    /// column-equilibrated design stay within 1.5·u·max cⱼ on every case shipped.
    static let stableSolverMargin = 10.0

    /// The relative tolerance for θ̂ (max over j of the margin times u·cⱼ, at least 4u for the two
    /// roundings of θ̂ to float64), κ₂ of the column-equilibrated design, and the reason.
    static func coefficientTolerance(_ fit: LeastSquaresFit<Rational>) throws -> (Double, Double, String) {
        let kappa = try fit.model.equilibratedConditionNumber()
        let bound = u * (try fit.firstOrderRelativeErrors()).compactMap { $0 }.max()!
        let reason =
            """
            κ₂ = \(String(format: "%.3g", kappa)) for the column-equilibrated design; a backward-stable float64 \
            solver (Householder QR, or SVD on the column-equilibrated design) solves A + ΔA, y + Δy with \
            ‖Δaₖ‖ ≲ u‖aₖ‖, ‖Δy‖ ≲ u‖y‖, so to first order |Δθⱼ|/|θⱼ| ≲ u·cⱼ \
            with cⱼ = (√[G⁻¹]ⱼⱼ·(‖y‖ + Σₖ|θₖ|‖aₖ‖) + \
            ‖r‖·Σₖ|[G⁻¹]ⱼₖ|‖aₖ‖)/|θⱼ|, G = AᵀA (LG-14); max u·cⱼ = \
            \(String(format: "%.3g", bound)), tolerance \(String(format: "%.0f", stableSolverMargin))× that (QR and \
            equilibrated SVD measured within 1.5×)
            """
        return (Swift.max(stableSolverMargin * bound, 4 * u), kappa, reason)
    }

    // MARK: - Bayesian tolerances

    /// κ₂ of an SPD rational matrix, from the Jacobi eigenvalues of its Double rounding.
    static func spdCondition(_ m: Matrix<Rational>) throws -> Double {
        // Cyclic Jacobi to a relative off-diagonal 1e-15; beyond p ≈ 50 rounding can hold the off-diagonal
        // above that, so 1e-13 then (the estimate only scales a tolerance).
        let doubles = m.map(\.doubleValue)
        let decomposition =
            try (try? SymmetricEigendecomposition(doubles, tolerance: 1e-15))
            ?? SymmetricEigendecomposition(doubles, tolerance: 1e-13)
        let values = decomposition.values
        return values.max()! / values.min()!
    }

    /// The total magnitude M of the terms of a Gaussian log density: n ln 2π, the quadratic form and
    /// the log-determinant factors.
    static func sumsOfMagnitudes(_ terms: GaussianLogDensityTerms<Rational>) -> Double {
        Double(terms.dimension) * 1.8378770664093453 + terms.quadratic.doubleValue.magnitude
            + terms.determinantFactors.map { abs(Double($0.exponent) * logMagnitude($0.base)) }.reduce(0, +)
    }

    /// ln r for a positive rational: from its Double when that is a normal number, else (a determinant
    /// beyond float64's range) correctly rounded from the rational itself.
    static func logMagnitude(_ r: Rational) -> Double {
        let d = r.doubleValue
        if d.isNormal { return (try? Double.log(d)) ?? 0 }
        return (try? BigFloat.correctlyRoundedLog(r)) ?? 0
    }
}
