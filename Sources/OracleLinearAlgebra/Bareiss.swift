import OracleArithmetic

/// Fraction-free Gaussian elimination (Bareiss 1968) over any field, meant for exact types.
///
/// Step k replaces, for every row i below the pivot row r and every column j right of the pivot
/// column c, aᵢⱼ ← (a_rc·aᵢⱼ − aᵢc·a_rj) / p, where p is the previous pivot (1 at the start).
/// By Sylvester's identity each intermediate entry is a minor of the input, so over the integers
/// every division is exact and entries stay bounded by Hadamard's bound; the last pivot of a
/// square non-singular matrix is det A up to the sign of the row permutation.
///
/// Pivot choice: for exact types the first non-zero entry in the column (the values do not
/// depend on it beyond sign, since they are minors); for inexact types the largest in magnitude.
/// Over `Double` use `LUFactorization` instead: Bareiss's entries grow like determinants.
///
/// All results are exact over `Rational`. Over `Rational`, `determinant` and `solve` clear
/// denominators row by row and work over `BigInt`: `solve` by p-adic lifting (`DixonSolve`, one
/// right-hand side) or elimination modulo many primes (`MultimodularSolve`), with an exact check
/// of the answer (Proofs/00-arithmetic.md AR-5), `determinant` by the divisor method on such a
/// solve (`MultimodularDeterminant`), both falling back to integer elimination when A is singular
/// modulo its first primes (see Bareiss+Rational.swift).
public enum Bareiss {
    /// det A. Throws `notSquare`, `emptyMatrix`, `nonFinite`. A singular matrix has determinant 0
    /// (no error).
    @inlinable
    public static func determinant<S: FieldScalar>(_ a: Matrix<S>) throws(LinearAlgebraError) -> S {
        try requireSquareFinite(a)
        if let rational = a as? Matrix<Rational>, let det = determinantOverIntegers(rational) as? S { return det }
        var m = a.entries
        let echelon = eliminate(&m, rows: a.rows, width: a.columns, pivotColumns: a.columns)
        guard echelon.rank == a.rows else { return .zero }
        let last = m[a.rows * a.columns - 1]
        return echelon.isOddPermutation ? -last : last
    }

    /// The rank of A (any shape; 0 for an empty matrix). Non-finite `Double` entries are treated
    /// as values (the result is then meaningless); validate first if that matters.
    @inlinable
    public static func rank<S: FieldScalar>(_ a: Matrix<S>) -> Int {
        guard a.rows > 0, a.columns > 0 else { return 0 }
        var m = a.entries
        return eliminate(&m, rows: a.rows, width: a.columns, pivotColumns: a.columns).rank
    }

    /// Solves A·x = b exactly. Throws `notSquare`, `emptyMatrix`, `nonFinite`, `shapeMismatch`, or
    /// `singular(rank:size:)`.
    @inlinable
    public static func solve<S: FieldScalar>(_ a: Matrix<S>, _ b: [S]) throws(LinearAlgebraError) -> [S] {
        try requireSquare(a)
        try requireLength(b, a.rows, operation: "Bareiss.solve")
        let x = try solve(a, Matrix(uncheckedRows: b.count, columns: 1, entries: b))
        return x.entries
    }

    /// Solves A·X = B exactly. Throws `notSquare`, `emptyMatrix`, `nonFinite`, `shapeMismatch`, or
    /// `singular(rank:size:)`.
    @inlinable
    public static func solve<S: FieldScalar>(_ a: Matrix<S>, _ b: Matrix<S>) throws(LinearAlgebraError) -> Matrix<S> {
        try requireSquareFinite(a)
        let n = a.rows, k = b.columns
        guard b.rows == n else {
            throw .shapeMismatch(operation: "Bareiss.solve", left: [n, n], right: [b.rows, b.columns])
        }
        try requireFinite(b)
        if let ra = a as? Matrix<Rational>, let rb = b as? Matrix<Rational>,
            let x = try solveOverIntegers(ra, rb) as? Matrix<S>
        {
            return x
        }
        // Eliminate on the augmented matrix [A | B], pivoting only in A's columns.
        let width = n + k
        var m = [S]()
        m.reserveCapacity(n * width)
        for i in 0..<n {
            m.append(contentsOf: a.entries[(i * n)..<((i + 1) * n)])
            m.append(contentsOf: b.entries[(i * k)..<((i + 1) * k)])
        }
        let echelon = eliminate(&m, rows: n, width: width, pivotColumns: n)
        guard echelon.rank == n else {
            throw .singular(rank: echelon.rank, size: n)
        }
        // Back substitution over the field on the triangular system U·X = B':
        // xᵢ = (b'ᵢ − Σ_{j>i} uᵢⱼ xⱼ) / uᵢᵢ.
        var x = [S](repeating: .zero, count: n * k)
        for column in 0..<k {
            for i in stride(from: n - 1, through: 0, by: -1) {
                var s = m[i * width + n + column]
                for j in (i + 1)..<n { s -= m[i * width + j] * x[j * k + column] }
                x[i * k + column] = s / m[i * width + i]
            }
        }
        return Matrix(uncheckedRows: n, columns: k, entries: x)
    }

    /// A⁻¹ exactly, by solving A·X = I. Errors as for `solve`.
    @inlinable
    public static func inverse<S: FieldScalar>(_ a: Matrix<S>) throws(LinearAlgebraError) -> Matrix<S> {
        try requireSquare(a)
        return try solve(a, Matrix<S>.identity(a.rows))
    }

    /// Fraction-free elimination to row echelon form, in place on a flat row-major `rows × width`
    /// array, choosing pivots among the first `pivotColumns` columns. Returns the rank and the parity
    /// of the row permutation. Entries below each pivot are set to zero.
    @inlinable
    static func eliminate<S: FieldScalar>(
        _ m: inout [S], rows: Int, width: Int, pivotColumns: Int
    ) -> (rank: Int, isOddPermutation: Bool) {
        var r = 0
        var odd = false
        var previous = S.one
        for c in 0..<pivotColumns where r < rows {
            guard let p = pivotRow(m, rows: rows, width: width, from: r, column: c) else { continue }
            if p != r {
                for j in 0..<width { m.swapAt(p * width + j, r * width + j) }
                odd.toggle()
            }
            let pivot = m[r * width + c]
            for i in (r + 1)..<rows {
                let ic = i * width + c
                let factor = m[ic]
                // aᵢⱼ ← (pivot·aᵢⱼ − aᵢc·a_rj) / previous (exact division over the integers).
                for j in (c + 1)..<width {
                    let ij = i * width + j
                    var numerator = pivot * m[ij]
                    if !factor.isZero { numerator -= factor * m[r * width + j] }
                    m[ij] = previous == .one ? numerator : numerator / previous
                }
                m[ic] = .zero
            }
            previous = pivot
            r += 1
        }
        return (r, odd)
    }

    /// The pivot row for column c at or below row `from`: the first non-zero for exact types, the
    /// largest magnitude (first on ties) otherwise; `nil` when the column is zero there.
    @inlinable
    static func pivotRow<S: FieldScalar>(_ m: [S], rows: Int, width: Int, from: Int, column c: Int) -> Int? {
        if S.isExact {
            return (from..<rows).first { !m[$0 * width + c].isZero }
        }
        var best: Int?
        var largest = S.zero
        for i in from..<rows {
            let candidate = m[i * width + c].absoluteValue
            if largest < candidate {
                best = i
                largest = candidate
            }
        }
        return best
    }
}
