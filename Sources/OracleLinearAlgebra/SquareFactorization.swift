import OracleArithmetic

/// A factorization of a square matrix A of order n that solves A·x = b by substitution:
/// `CholeskyFactorization`, `LDLFactorization` and `LUFactorization`.
///
/// A conforming type supplies its order and the substitutions for one right-hand side that has
/// already been checked; the checked entry points, for one vector and for a block of columns, come
/// from this protocol, so every factorization validates b the same way before any arithmetic.
/// The accuracy is the conforming type's (see its documentation).
public protocol SquareFactorization<Scalar> {
    associatedtype Scalar: FieldScalar
    /// The order n.
    var size: Int { get }
    /// The type's name in `shapeMismatch` errors, e.g. `"CholeskyFactorization"`.
    static var name: String { get }
    /// x with A·x = b, for a b already checked to hold n finite entries. Not an entry point:
    /// call `solve(_:)`, which checks b first.
    func substituteChecked(_ b: [Scalar]) -> [Scalar]
}

extension SquareFactorization {
    /// Solves A·x = b. Throws `shapeMismatch` unless b has n entries, `nonFinite` at its first NaN
    /// or infinite entry.
    @inlinable
    public func solve(_ b: [Scalar]) throws(LinearAlgebraError) -> [Scalar] {
        try requireRightHandSide(b, order: size, operation: "\(Self.name).solve")
        return substituteChecked(b)
    }

    /// Solves A·X = B column by column. Throws `shapeMismatch` unless B has n rows, `nonFinite` at
    /// its first NaN or infinite entry.
    @inlinable
    public func solve(_ b: Matrix<Scalar>) throws(LinearAlgebraError) -> Matrix<Scalar> {
        try requireRightHandSide(b, order: size, operation: "\(Self.name).solve")
        return solveColumns(b, substituteChecked)
    }
}
