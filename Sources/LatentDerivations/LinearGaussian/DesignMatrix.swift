import OracleArithmetic
import OracleLinearAlgebra

/// Design matrices A for y = Aθ + η (LG-1): one row per observation, one column per parameter.
public enum DesignMatrix {
    /// The polynomial design of degree k: row i is (1, xᵢ, xᵢ², …, xᵢᵏ), or (xᵢ, …, xᵢᵏ) without
    /// the intercept. Powers are formed by repeated multiplication (exact over `Rational`).
    ///
    /// Throws `ModelInputError.empty` (no x), `.outOfDomain` (k < 0, or k = 0 without an
    /// intercept: no columns), `.nonFinite`.
    public static func polynomial<S: FieldScalar>(x: [S], degree: Int, intercept: Bool = true) throws -> Matrix<S> {
        guard !x.isEmpty else { throw ModelInputError.empty(what: "x") }
        guard degree >= 0, degree >= (intercept ? 0 : 1) else {
            throw ModelInputError.outOfDomain(
                what: "degree", value: "\(degree)",
                requirement: intercept ? "degree ≥ 0" : "degree ≥ 1 without an intercept")
        }
        try Validate.finite(x, "x")
        let first = intercept ? 0 : 1
        return Matrix(rows: x.count, columns: degree + 1 - first) { i, j in
            var power = S.one
            for _ in 0..<(j + first) { power *= x[i] }
            return power
        }
    }

    /// The general linear design from predictor rows: row i is (1, xᵢ₁, …, xᵢₘ), or (xᵢ₁, …, xᵢₘ)
    /// without the intercept.
    ///
    /// Throws `ModelInputError.empty`, `.shapeMismatch` (ragged rows), `.nonFinite`.
    public static func linear<S: FieldScalar>(predictors rows: [[S]], intercept: Bool = true) throws -> Matrix<S> {
        guard let width = rows.first?.count, width + (intercept ? 1 : 0) > 0 else {
            throw ModelInputError.empty(what: "predictors")
        }
        for (i, row) in rows.enumerated() {
            guard row.count == width else {
                throw ModelInputError.shapeMismatch(what: "predictors row \(i)", expected: [width], actual: [row.count])
            }
            try Validate.finite(row, "predictors row \(i)")
        }
        let first = intercept ? 1 : 0
        return Matrix(rows: rows.count, columns: width + first) { i, j in
            j < first ? S.one : rows[i][j - first]
        }
    }
}
