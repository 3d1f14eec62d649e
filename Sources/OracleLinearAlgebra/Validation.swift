import OracleArithmetic

// Input checks shared by every public entry point. They run before any computation, so an
// entry point either throws one of these typed errors or returns a complete result.

/// Throws `notSquare` unless `a` is square.
@inlinable
func requireSquare<S>(_ a: Matrix<S>) throws(LinearAlgebraError) {
    guard a.rows == a.columns else { throw .notSquare(rows: a.rows, columns: a.columns) }
}

/// Throws `emptyMatrix` when `a` has no entries.
@inlinable
func requireNonEmpty<S>(_ a: Matrix<S>) throws(LinearAlgebraError) {
    guard a.rows > 0, a.columns > 0 else { throw .emptyMatrix }
}

/// Throws `nonFinite` at the first NaN or infinite entry (row-major order). A no-op for exact types.
@inlinable
func requireFinite<S>(_ a: Matrix<S>) throws(LinearAlgebraError) {
    guard !S.isExact else { return }
    for (k, x) in a.entries.enumerated() where !x.isFinite {
        throw .nonFinite(row: k / a.columns, column: k % a.columns)
    }
}

/// Throws `nonFinite(row: i, column: 0)` at the first NaN or infinite element. A no-op for exact types.
@inlinable
func requireFinite<S: FieldScalar>(_ v: [S]) throws(LinearAlgebraError) {
    guard !S.isExact else { return }
    for (i, x) in v.enumerated() where !x.isFinite { throw .nonFinite(row: i, column: 0) }
}

/// The first (row, column) with row > column and aᵢⱼ ≠ aⱼᵢ, scanning row by row; `nil` when `a`
/// is symmetric. A non-square matrix is never symmetric: it reports (rows, columns).
@inlinable
func firstAsymmetry<S>(_ a: Matrix<S>) -> (row: Int, column: Int)? {
    guard a.rows == a.columns else { return (a.rows, a.columns) }
    let n = a.rows
    for i in 0..<n {
        for j in 0..<i where a.entries[i * n + j] != a.entries[j * n + i] { return (i, j) }
    }
    return nil
}

/// Throws `notSymmetric` at the first asymmetric pair (exact comparison; see `Matrix.isSymmetric`).
@inlinable
func requireSymmetric<S>(_ a: Matrix<S>) throws(LinearAlgebraError) {
    try requireSquare(a)
    if let (i, j) = firstAsymmetry(a) { throw .notSymmetric(row: i, column: j) }
}

/// The checks every square-matrix algorithm starts with: square, non-empty, finite.
@inlinable
func requireSquareFinite<S>(_ a: Matrix<S>) throws(LinearAlgebraError) {
    try requireSquare(a)
    try requireNonEmpty(a)
    try requireFinite(a)
}

/// The checks every symmetric algorithm starts with: square, non-empty, finite, exactly symmetric.
@inlinable
func requireSymmetricFinite<S>(_ a: Matrix<S>) throws(LinearAlgebraError) {
    try requireSquareFinite(a)
    try requireSymmetric(a)
}

/// Throws `shapeMismatch` unless `b` has exactly `n` elements.
@inlinable
func requireLength<S>(_ b: [S], _ n: Int, operation: String) throws(LinearAlgebraError) {
    guard b.count == n else { throw .shapeMismatch(operation: operation, left: [n, n], right: [b.count]) }
}

/// The checks every factorization makes of a right-hand side b before it solves A x = b with
/// A of order `n`: b has n entries, all finite. Throws `shapeMismatch` or `nonFinite`.
@inlinable
func requireRightHandSide<S: FieldScalar>(_ b: [S], order n: Int, operation: String) throws(LinearAlgebraError) {
    try requireLength(b, n, operation: operation)
    try requireFinite(b)
}

/// The same for a block of right-hand sides B (n rows, any number of columns), solving A X = B.
@inlinable
func requireRightHandSide<S: FieldScalar>(_ b: Matrix<S>, order n: Int, operation: String)
    throws(LinearAlgebraError)
{
    guard b.rows == n else { throw .shapeMismatch(operation: operation, left: [n, n], right: [b.rows, b.columns]) }
    try requireFinite(b)
}

/// The machine epsilon ε of an inexact scalar type (the gap between 1 and the next larger value,
/// 2⁻⁵² for `Double`), found with field operations only: the largest power of two e with
/// 1 + e ≠ 1 after halving stops changing the sum. 0 for exact types.
@inlinable
func machineEpsilon<S: FieldScalar>(_: S.Type = S.self) -> S {
    guard !S.isExact else { return .zero }
    let two = S(2)
    var e = S.one
    // At most a few thousand halvings for any practical precision; the cap only guards against a
    // type whose addition never rounds although it claims to be inexact.
    for _ in 0..<100_000 {
        let half = e / two
        if S.one + half == S.one { break }
        e = half
    }
    return e
}

/// The largest |aᵢⱼ| (0 for an empty array).
@inlinable
func maximumMagnitude<S: FieldScalar>(_ entries: [S]) -> S {
    var largest = S.zero
    for x in entries where largest < x.absoluteValue { largest = x.absoluteValue }
    return largest
}

/// n·ε: relative to its row's largest input entry, the size below which elimination over an
/// inexact type treats a pivot candidate as zero — the rounding noise (backward error
/// ≈ n·u·ρ·‖row‖ with modest growth ρ) that an exactly singular matrix leaves in its last pivot.
/// 0 for exact types, where only an exact zero counts.
@inlinable
func negligibleFactor<S: FieldScalar>(_: S.Type, order n: Int) -> S {
    S.isExact ? .zero : S(n) * machineEpsilon(S.self)
}
