import OracleArithmetic

/// The LU factorization P·A = L·U with partial pivoting, over any field.
///
/// At step k the pivot is the entry of largest |·| in column k on or below the diagonal
/// (first such row on ties), as in LAPACK's `xGETRF`. Over exact types this makes the result
/// deterministic; over `Double` it bounds the multipliers by 1.
///
/// **Accuracy (`Double`):** the factorization is backward stable up to the growth factor ρ:
/// L̂Û = PA + ΔA with |ΔA| ≤ γₙ|L̂||Û|, so ‖ΔA‖∞ ≲ n·u·ρ·‖A‖∞ (Higham, Thm 9.3, 9.5). A
/// solve then has forward error ‖x − x̂‖/‖x‖ ≲ κ(A)·n·u·ρ. ρ ≤ 2ⁿ⁻¹ in theory and is small
/// (≲ 10) in practice. Exact over `Rational`.
///
/// **Edge Cases:** over exact types a matrix is refused as `singular(rank:size:)` exactly when it
/// is singular. Over inexact types a candidate pivot in row i counts as zero when it is
/// ≤ n·ε·maxⱼ|aᵢⱼ| (the rounding noise an exactly singular matrix leaves in its last pivot,
/// measured against its own row of the input so that row scaling, e.g. diag(1, 1e−20), is not
/// mistaken for singularity); a column with no other candidate is skipped and the reported rank
/// is the number of pivots. Nearly singular matrices factor, and their conditioning is the
/// caller's to judge.
public struct LUFactorization<S: FieldScalar>: Sendable {
    /// The order n.
    public let size: Int
    /// L (unit diagonal, strictly below) and U (on and above the diagonal), packed row-major.
    @usableFromInline let packed: [S]
    /// Row i of P·A is row `permutation[i]` of A.
    public let permutation: [Int]
    /// `true` when P is an odd permutation (det P = −1).
    @usableFromInline let isOddPermutation: Bool

    /// Factors `a`. Throws `notSquare`, `emptyMatrix`, `nonFinite`, or `singular(rank:size:)`
    /// with the rank of the eliminated (echelon) form.
    @inlinable
    public init(_ a: Matrix<S>) throws(LinearAlgebraError) {
        try requireSquareFinite(a)
        let n = a.rows
        var lu = a.entries
        var perm = Array(0..<n)
        var odd = false
        let rank = eliminateWithPartialPivoting(
            &lu, rows: n, columns: n, permutation: &perm, odd: &odd,
            negligibleFactor: negligibleFactor(S.self, order: n))
        guard rank == n else { throw .singular(rank: rank, size: n) }
        size = n
        packed = lu
        permutation = perm
        isOddPermutation = odd
    }

    /// The unit lower-triangular factor L.
    public var lower: Matrix<S> {
        Matrix(rows: size, columns: size) { i, j in i == j ? .one : (j < i ? packed[i * size + j] : .zero) }
    }

    /// The upper-triangular factor U.
    public var upper: Matrix<S> {
        Matrix(rows: size, columns: size) { i, j in j >= i ? packed[i * size + j] : .zero }
    }

    /// det A = det(P)·Π uᵢᵢ. Exact for exact types; for `Double` the product of the computed pivots
    /// (relative error ≲ n·u·ρ·κ-free for well-scaled A; may over/underflow for large n).
    @inlinable
    public var determinant: S {
        var product = S.one
        for i in 0..<size { product *= packed[i * (size + 1)] }
        return isOddPermutation ? -product : product
    }

    /// A⁻¹, by solving A·X = I. Prefer `solve`: forming the inverse costs more and is less accurate.
    @inlinable
    public func inverse() throws(LinearAlgebraError) -> Matrix<S> {
        try solve(Matrix<S>.identity(size))
    }

    /// x with A·x = b by L·y = P·b, U·x = y, for a checked b (see `SquareFactorization`).
    @inlinable
    public func substituteChecked(_ b: [S]) -> [S] {
        var x = permutation.map { b[$0] }
        substituteForward(packed, n: size, &x, unitDiagonal: true, transposed: false)
        substituteBackward(packed, n: size, &x, unitDiagonal: false, transposed: false)
        return x
    }
}

/// Gaussian elimination with partial pivoting to row echelon form, in place on a flat row-major
/// `rows × columns` array; returns the rank (the number of pivots).
///
/// Multipliers are stored below the pivots (so for full rank the array holds L\U). A candidate
/// aᵢc is negligible when |aᵢc| ≤ `negligibleFactor`·maxⱼ|aᵢⱼ| of its original row (0 for exact
/// types: only exact zeros); among the others the largest in magnitude is the pivot (first on
/// ties). A column with no candidate is skipped, so the count of pivots is the rank.
@inlinable
func eliminateWithPartialPivoting<S: FieldScalar>(
    _ a: inout [S], rows: Int, columns: Int, permutation: inout [Int], odd: inout Bool, negligibleFactor: S
) -> Int {
    // Row i of the working array is row permutation[i] of the input; thresholds follow the rows.
    var threshold = (0..<rows).map { i in
        negligibleFactor.isZero
            ? S.zero : negligibleFactor * maximumMagnitude(Array(a[(i * columns)..<((i + 1) * columns)]))
    }
    var r = 0
    for c in 0..<columns where r < rows {
        var pivotRow: Int?
        var largest = S.zero
        for i in r..<rows {
            let candidate = a[i * columns + c].absoluteValue
            if candidate > threshold[i] && largest < candidate {
                pivotRow = i
                largest = candidate
            }
        }
        guard let p = pivotRow else { continue }
        if p != r {
            for j in 0..<columns { a.swapAt(p * columns + j, r * columns + j) }
            permutation.swapAt(p, r)
            threshold.swapAt(p, r)
            odd.toggle()
        }
        let pivot = a[r * columns + c]
        for i in (r + 1)..<rows {
            let ic = i * columns + c
            if a[ic].isZero { continue }
            // Row i ← row i − ℓ·row r with ℓ = a_ic / a_rc, which zeroes a_ic; ℓ is kept in its place.
            let multiplier = a[ic] / pivot
            a[ic] = multiplier
            for j in (c + 1)..<columns { a[i * columns + j] -= multiplier * a[r * columns + j] }
        }
        r += 1
    }
    return r
}

/// The rank of a flat row-major matrix by Gaussian elimination with partial pivoting: exact for
/// exact types, the numerical rank to working precision (see `eliminateWithPartialPivoting`) otherwise.
@inlinable
func eliminationRank<S: FieldScalar>(_ entries: [S], rows: Int, columns: Int) -> Int {
    var a = entries
    var perm = Array(0..<rows)
    var odd = false
    return eliminateWithPartialPivoting(
        &a, rows: rows, columns: columns, permutation: &perm, odd: &odd,
        negligibleFactor: negligibleFactor(S.self, order: Swift.max(rows, columns)))
}

/// Applies a vector solver to each column of `b`.
@inlinable
func solveColumns<S: FieldScalar>(_ b: Matrix<S>, _ solveOne: ([S]) -> [S]) -> Matrix<S> {
    var flat = b.entries
    for j in 0..<b.columns {
        let column = solveOne(b.column(j))
        for i in 0..<b.rows { flat[i * b.columns + j] = column[i] }
    }
    return Matrix(uncheckedRows: b.rows, columns: b.columns, entries: flat)
}

/// Solves A·x = b by LU with partial pivoting (a convenience for one system). Errors as for
/// `LUFactorization.init` and `solve`.
@inlinable
public func solve<S: FieldScalar>(_ a: Matrix<S>, _ b: [S]) throws(LinearAlgebraError) -> [S] {
    try requireSquare(a)
    try requireLength(b, a.rows, operation: "solve")
    return try LUFactorization(a).solve(b)
}

/// A⁻¹ by LU with partial pivoting. Prefer `solve`. Errors as for `LUFactorization.init`.
@inlinable
public func inverse<S: FieldScalar>(_ a: Matrix<S>) throws(LinearAlgebraError) -> Matrix<S> {
    try LUFactorization(a).inverse()
}

extension LUFactorization: SquareFactorization {
    public static var name: String { "LUFactorization" }
}
