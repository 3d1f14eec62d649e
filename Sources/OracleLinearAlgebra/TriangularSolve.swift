import OracleArithmetic

/// Forward and backward substitution with a triangular matrix.
///
/// Only the relevant triangle of the matrix is read (the lower for `forward`, the upper for
/// `backward`); the other triangle is ignored, as in LAPACK's `xTRTRS`.
///
/// **Accuracy (`Double`):** substitution is backward stable: the computed x solves
/// (T + ΔT)x = b with |ΔT| ≤ n·u·|T| componentwise (Higham, Thm 8.5), so
/// ‖x − x̂‖/‖x‖ ≲ n·u·cond(T, x). Exact for exact types.
public enum TriangularSolve {
    /// Solves L·x = b for lower-triangular L.
    ///
    /// With `unitDiagonal`, the diagonal is taken to be 1 and not read.
    /// Throws `notSquare`, `emptyMatrix`, `shapeMismatch` (b's length), `nonFinite`, or
    /// `singular` when a diagonal entry is exactly zero (the rank is that of the lower triangle).
    @inlinable
    public static func forward<S: FieldScalar>(
        _ l: Matrix<S>, _ b: [S], unitDiagonal: Bool = false
    ) throws(LinearAlgebraError) -> [S] {
        try solve(l, b, lower: true, unitDiagonal: unitDiagonal)
    }

    /// Solves U·x = b for upper-triangular U. Errors as for `forward`.
    @inlinable
    public static func backward<S: FieldScalar>(
        _ u: Matrix<S>, _ b: [S], unitDiagonal: Bool = false
    ) throws(LinearAlgebraError) -> [S] {
        try solve(u, b, lower: false, unitDiagonal: unitDiagonal)
    }

    @inlinable
    static func solve<S: FieldScalar>(
        _ t: Matrix<S>, _ b: [S], lower: Bool, unitDiagonal: Bool
    ) throws(LinearAlgebraError) -> [S] {
        try requireSquareFinite(t)
        let n = t.rows
        try requireLength(b, n, operation: lower ? "TriangularSolve.forward" : "TriangularSolve.backward")
        try requireFinite(b)
        if !unitDiagonal, t.diagonal.contains(where: \.isZero) {
            // The triangle alone: its rank is what makes it singular.
            let triangle = Matrix(rows: n, columns: n) { i, j in (lower ? j <= i : j >= i) ? t[i, j] : .zero }
            throw .singular(rank: eliminationRank(triangle.entries, rows: n, columns: n), size: n)
        }
        var x = b
        if lower {
            substituteForward(t.entries, n: n, &x, unitDiagonal: unitDiagonal, transposed: false)
        } else {
            substituteBackward(t.entries, n: n, &x, unitDiagonal: unitDiagonal, transposed: false)
        }
        return x
    }
}

// Kernels on flat row-major storage, shared by the factorizations. They assume validated input
// and non-zero diagonals. `transposed` reads T[j, i] for T[i, j], so the factorizations can solve
// with Lᵀ without forming it.

/// x ← T⁻¹x for lower-triangular T (with `transposed`, T is the transpose of a stored upper triangle):
/// row i: xᵢ = (xᵢ − Σ_{j<i} tᵢⱼ xⱼ) / tᵢᵢ.
@inlinable
func substituteForward<S: FieldScalar>(
    _ t: [S], n: Int, _ x: inout [S], unitDiagonal: Bool, transposed: Bool
) {
    t.withUnsafeBufferPointer { t in
        x.withUnsafeMutableBufferPointer { x in
            substituteForward(t, n: n, x, unitDiagonal: unitDiagonal, transposed: transposed)
        }
    }
}

/// The same on buffers (x has at least n entries), for loops that reuse one work vector.
@inlinable
func substituteForward<S: FieldScalar>(
    _ t: UnsafeBufferPointer<S>, n: Int, _ x: UnsafeMutableBufferPointer<S>, unitDiagonal: Bool, transposed: Bool
) {
    let (rowStride, columnStride) = transposed ? (1, n) : (n, 1)
    for i in 0..<n {
        var s = x[i]
        for j in 0..<i { s -= t[i * rowStride + j * columnStride] * x[j] }
        x[i] = unitDiagonal ? s : s / t[i * (n + 1)]
    }
}

/// x ← T⁻¹x for upper-triangular T: row i from the bottom, xᵢ = (xᵢ − Σ_{j>i} tᵢⱼ xⱼ) / tᵢᵢ.
/// With `transposed`, T is the transpose of the stored lower triangle (Lᵀ).
@inlinable
func substituteBackward<S: FieldScalar>(
    _ t: [S], n: Int, _ x: inout [S], unitDiagonal: Bool, transposed: Bool
) {
    let (rowStride, columnStride) = transposed ? (1, n) : (n, 1)
    for i in stride(from: n - 1, through: 0, by: -1) {
        var s = x[i]
        for j in (i + 1)..<n { s -= t[i * rowStride + j * columnStride] * x[j] }
        x[i] = unitDiagonal ? s : s / t[i * (n + 1)]
    }
}
