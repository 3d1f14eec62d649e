import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// The evaluators of `factor-models/closed-form` and `factor-models/em-traces`
/// (`Proofs/07-factor-models.md`): PPCA in closed form, EM traces of PPCA, factor analysis and a
/// mixture of PPCA, and the inputs every factor-model routine must refuse.
///
/// Every output is rotation invariant (σ², Ψ, WWᵀ, projections, log-likelihoods). Golden values
/// are computed by the generic derivation code over `BigFloat` at 200 and at 256 bits; a value whose
/// two roundings to `Double` agree is `correctly-rounded` (the 200-bit error is < 2⁻¹⁵⁰ relative),
/// otherwise it carries `bound:` one ulp.
public enum FactorModelsEvaluators {
    static let family = "factor-models"

    public static let all: [any GroupEvaluator] = [
        PPCAClosedFormEvaluator(), FactorModelsBadInputEvaluator(),
        PPCAEMTraceEvaluator(), FactorAnalysisEMTraceEvaluator(), MixturePPCAEMTraceEvaluator(),
    ]

    /// The largest data dimension d of a `bad-input` request: its refusals are decided before any
    /// fit, and d ≤ 16 keeps the fits they would otherwise start small.
    static let dimensionLimit = 16
    /// The largest d of the PPCA closed form: one cyclic Jacobi at 200 and one at 256 bits, O(d³)
    /// per sweep on a dense S (CPU seconds, release build: d = 50 about 3, a dense d = 100 spectrum
    /// about 24, and the catalogue's d = 100 case, whose S is block diagonal, 0.9).
    static let closedFormDimensionLimit = 100
    /// The most EM iterations a trace may ask for: each runs twice in BigFloat.
    static let iterationLimit = 100

    // MARK: - Golden values at two precisions

    /// A named output: its shape and its values at the current precision.
    struct Output {
        var name: String
        var shape: [Int]
        var values: [BigFloat]
    }

    /// Runs `compute` at 200 and 256 bits; each Double is `correctly-rounded` when both roundings
    /// agree, else carries a one-ulp bound.
    static func goldens(_ compute: () throws -> [Output]) throws -> OrderedMap<FixtureValue> {
        let low = try BigFloat.withPrecision(200) { try compute() }
        let high = try BigFloat.withPrecision(256) { try compute() }
        var result = OrderedMap<FixtureValue>()
        for (a, b) in zip(low, high) {
            let reals: [FixtureValue] = zip(a.values, b.values).map { x, y in
                let (dx, dy) = (x.doubleValue, y.doubleValue)
                let accuracy: Accuracy = dx == dy ? .correctlyRounded : .bound(Swift.max(dx.ulp, dy.ulp))
                return .real(RealNumber(dy, accuracy: accuracy))
            }
            result[a.name] = a.shape.count == 0 ? reals[0] : .array(shape: a.shape, data: reals)
        }
        return result
    }

    static func big(_ data: [[Double]]) -> [[BigFloat]] { data.map { $0.map { BigFloat($0) } } }
    static func big(_ m: Matrix<Double>) -> Matrix<BigFloat> { m.map { BigFloat($0) } }

    /// W(WᵀW)⁻¹Wᵀ, the orthogonal projection onto span W (rotation invariant).
    static func spanProjection<S: RealScalar>(_ w: Matrix<S>) throws -> Matrix<S> {
        let gram = try CholeskyFactorization(try w.transposed * w)
        return try (try w * (try gram.solve(w.transposed))).symmetrized
    }

    // MARK: - Inputs

    /// The `latentDimension` input, which must equal q of the loadings when they are given.
    static func latentDimension(_ read: EvaluationInputs, _ path: GroupPath) throws(EvaluationError) -> Int {
        let q = read.integer("latentDimension")
        if let bound = read.sizes["q"], bound != q {
            throw EvaluationError(
                .shapeMismatch, group: path.description, field: "latentDimension",
                problem: "latentDimension = \(q), but the initial loadings have q = \(bound) columns",
                remedy: "give loadings with latentDimension columns")
        }
        return q
    }

    /// The data dimension, checked against `limit`.
    static func requireDimension(_ read: EvaluationInputs, limit: Int = dimensionLimit) throws(EvaluationError) {
        try read.requireSize("d", atMost: limit, field: "data")
    }

    /// The `iterations` input, between 0 and `limit`.
    static func iterations(_ read: EvaluationInputs, limit: Int = iterationLimit) throws(EvaluationError) -> Int {
        try read.count(
            "iterations", limit: limit, overLimit: "ask for fewer iterations, or continue from the last parameters")
    }

    // MARK: - Refusals

    /// The error kind a refusal case of this family names, decided from the error the derivation
    /// throws; nil for an error that is not a refusal (a defect of the oracle).
    static func refusalKind(_ error: any Error) -> String? {
        switch error {
        case let error as FactorModelError:
            switch error {
            case .latentDimension: return "latent-dimension"
            case .tooFewPoints: return "too-few-points"
            case .zeroVariance: return "zero-variance"
            case .degenerateNoise: return "degenerate-noise"
            case .collapsedComponent: return "collapsed-component"
            }
        case let error as ModelInputError:
            return RefusalKind.ofInput(error, nonFinite: "non-finite-input")
        default:
            return RefusalKind.of(error)
        }
    }

    /// Runs `body`; a refusal becomes `Evaluation.refusal(kind)`, any other error is an internal
    /// inconsistency of the oracle.
    static func evaluating(_ path: GroupPath, _ body: () throws -> Evaluation) throws(EvaluationError) -> Evaluation {
        try RefusalKind.evaluating(path, kind: refusalKind, body)
    }
}
