import OracleArithmetic
import OracleLinearAlgebra

/// Bad input to a model, found before anything is computed: every derivation validates its
/// arguments and throws one of these (or a family-specific error) rather than trapping or
/// returning NaN.
public enum ModelInputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A data set or parameter vector that must be non-empty is empty.
    case empty(what: String)
    /// `what[index]` is NaN or infinite.
    case nonFinite(what: String, index: Int)
    /// `what` has `actual` elements (or a shape) where `expected` were required.
    case shapeMismatch(what: String, expected: [Int], actual: [Int])
    /// A parameter that must be strictly positive (a variance, a precision, a shape) is not.
    case notPositive(what: String, value: String)
    /// A parameter is outside its domain, e.g. a probability outside [0, 1].
    case outOfDomain(what: String, value: String, requirement: String)

    public var description: String {
        switch self {
        case .empty(let what):
            return "\(what) is empty; supply at least one element"
        case .nonFinite(let what, let index):
            return "\(what)[\(index)] is NaN or infinite; every input must be finite"
        case .shapeMismatch(let what, let expected, let actual):
            return "\(what) has shape \(actual) but \(expected) is required"
        case .notPositive(let what, let value):
            return "\(what) = \(value) must be > 0"
        case .outOfDomain(let what, let value, let requirement):
            return "\(what) = \(value) is outside its domain; it must satisfy \(requirement)"
        }
    }
}

/// Checks shared by every family's input validation.
enum Validate {
    /// Throws `.nonFinite` for the first NaN or infinite entry (never for exact scalars).
    static func finite<S: FieldScalar>(_ values: [S], _ what: String) throws(ModelInputError) {
        guard !S.isExact else { return }
        for (index, value) in values.enumerated() where !(value - value == .zero) {
            throw .nonFinite(what: what, index: index)
        }
    }

    /// Throws `.shapeMismatch` unless `values.count == expected`.
    static func count<S>(_ values: [S], _ expected: Int, _ what: String) throws(ModelInputError) {
        guard values.count == expected else {
            throw .shapeMismatch(what: what, expected: [expected], actual: [values.count])
        }
    }

    /// The checks every linear-Gaussian latent model (PPCA, factor analysis) makes of μ and the
    /// d×q loadings W: μ non-empty and finite, W with d rows and at least one column, finite.
    static func meanAndLoadings<S: FieldScalar>(_ mean: [S], _ loadings: Matrix<S>) throws(ModelInputError) {
        guard !mean.isEmpty else { throw .empty(what: "mean") }
        try finite(mean, "mean")
        guard loadings.rows == mean.count, loadings.columns >= 1 else {
            throw .shapeMismatch(
                what: "loadings", expected: [mean.count, max(loadings.columns, 1)],
                actual: [loadings.rows, loadings.columns])
        }
        try finite(loadings.entries, "loadings")
    }
}
