import LatentDerivations
import OracleLinearAlgebra

/// The error kinds a refusal case names in `"expected": {"error": …}`, decided from the error the
/// derivation throws. Every kind is listed in the file's `errors` convention.
public enum RefusalKind {
    /// The kind for a model's refusal, or nil for an error that is not a refusal (a defect).
    ///
    /// `outOfDomain` names what a `ModelInputError.outOfDomain` means in the group at hand
    /// (`not-a-probability` for a q off the simplex, say).
    public static func of(_ error: any Error, outOfDomain: String = "out-of-domain") -> String? {
        switch error {
        case let error as ModelInputError:
            return ofInput(error, outOfDomain: outOfDomain)
        case let error as LinearAlgebraError:
            switch error {
            case .notPositiveDefinite: return "not-positive-definite"
            case .shapeMismatch, .notSquare: return "shape-mismatch"
            case .notSymmetric: return "not-symmetric"
            case .singular: return "singular"
            case .nonFinite: return "not-finite"
            case .emptyMatrix: return "empty"
            case .noConvergence, .invalidArgument: return nil
            }
        case let error as MixtureError:
            return error.kind
        default:
            return nil
        }
    }

    /// The kind for a model's refusal of its inputs; `nonFinite` and `outOfDomain` name what a
    /// non-finite input and an input outside the model's domain mean in the group at hand.
    public static func ofInput(
        _ error: ModelInputError, nonFinite: String = "not-finite", outOfDomain: String = "out-of-domain"
    ) -> String {
        switch error {
        case .empty: return "empty"
        case .nonFinite: return nonFinite
        case .shapeMismatch: return "shape-mismatch"
        case .notPositive: return "not-positive"
        case .outOfDomain: return outOfDomain
        }
    }

    /// Runs `body`; a refusal becomes `Evaluation.refusal(kind)`, anything else is an
    /// internal inconsistency of the oracle, reported as such.
    public static func evaluating(
        _ path: GroupPath, outOfDomain: String = "out-of-domain", _ body: () throws -> Evaluation
    ) throws(EvaluationError) -> Evaluation {
        try evaluating(path, kind: { of($0, outOfDomain: outOfDomain) }, body)
    }

    /// Runs `body`; an error that `kind` names becomes the answer `refusal(kind)` (a family's kinds
    /// and tolerance reason), anything else is an internal inconsistency of the oracle.
    public static func evaluating(
        _ path: GroupPath, kind: (any Error) -> String?,
        refusal: (String) -> Evaluation = Evaluation.refusal, _ body: () throws -> Evaluation
    ) throws(EvaluationError) -> Evaluation {
        do {
            return try body()
        } catch let error as EvaluationError {
            throw error
        } catch {
            if let kind = kind(error) { return refusal(kind) }
            throw .defect(
                group: path.description, "the certified computation failed: \(error)", reportWith: "these inputs")
        }
    }
}
