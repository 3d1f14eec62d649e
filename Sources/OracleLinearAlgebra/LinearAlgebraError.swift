/// Why a linear-algebra entry point refused its input or could not finish.
///
/// Every public entry point of `OracleLinearAlgebra` validates its input (shapes, squareness,
/// symmetry, finiteness) before it computes, and throws one of these instead of trapping.
/// Shapes are written `[rows, columns]` for matrices and `[n]` for vectors.
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The operands' shapes do not fit `operation` (e.g. `"*"`, `"+"`, `"solve"`).
    case shapeMismatch(operation: String, left: [Int], right: [Int])
    /// A square matrix was required.
    case notSquare(rows: Int, columns: Int)
    /// A symmetric matrix was required and `a[row, column] != a[column, row]`.
    case notSymmetric(row: Int, column: Int)
    /// The matrix is singular: its rank is `rank` < `size`.
    case singular(rank: Int, size: Int)
    /// The leading principal minor of order `pivot + 1` is not positive, so the matrix is not
    /// positive definite (or, for LDLᵀ without pivoting, the factorization does not exist).
    case notPositiveDefinite(pivot: Int)
    /// An entry is NaN or infinite (for a vector, `column` is 0 and `row` is the index).
    case nonFinite(row: Int, column: Int)
    /// The input has no entries (a matrix with zero rows or columns, or an empty vector).
    case emptyMatrix
    /// An iterative algorithm did not meet its tolerance within `iterations` iterations (sweeps).
    case noConvergence(algorithm: String, iterations: Int)
    /// A parameter other than the matrix is out of its domain (e.g. a non-positive tolerance).
    case invalidArgument(name: String, requirement: String)

    public var description: String {
        func shape(_ s: [Int]) -> String { s.map(String.init).joined(separator: "×") }
        switch self {
        case let .shapeMismatch(operation, left, right):
            return "shape mismatch in \(operation): \(shape(left)) and \(shape(right)) do not fit"
        case let .notSquare(rows, columns):
            return "the matrix must be square but is \(rows)×\(columns)"
        case let .notSymmetric(row, column):
            return "the matrix must be symmetric but entry (\(row), \(column)) differs from (\(column), \(row))"
        case let .singular(rank, size):
            return "the \(size)×\(size) matrix is singular: its rank is \(rank)"
        case let .notPositiveDefinite(pivot):
            return "the matrix is not positive definite: the leading minor of order \(pivot + 1) is not positive"
        case let .nonFinite(row, column):
            return "entry (\(row), \(column)) is NaN or infinite"
        case .emptyMatrix:
            return "the input is empty (zero rows, columns or elements)"
        case let .noConvergence(algorithm, iterations):
            return "\(algorithm) did not converge within \(iterations) iterations"
        case let .invalidArgument(name, requirement):
            return "invalid argument \(name): it must satisfy \(requirement)"
        }
    }
}
