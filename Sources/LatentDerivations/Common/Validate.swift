import OracleArithmetic
import OracleLinearAlgebra

/// Checks shared by every family's input validation.
enum Validate {
    /// Throws `.nonFinite` for the first NaN or infinite entry (never for exact scalars).
    static func finite<S: FieldScalar>(_ values: [S], _ what: String) throws(ModelInputError) {
        guard !S.isExact else { return }
        for (index, value) in values.enumerated() where !value.isFinite {
            throw .nonFinite(what: what, index: index)
        }
    }

    /// Throws `.notPositive` for the first named value that is not > 0 (NaN included).
    static func positive<S: FieldScalar>(_ named: [(String, S)]) throws(ModelInputError) {
        for (name, value) in named where !(value > .zero) {
            throw .notPositive(what: name, value: "\(value)")
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
