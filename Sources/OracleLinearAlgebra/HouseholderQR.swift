import OracleArithmetic

/// The QR factorization A = Q·R of an m×n matrix (m ≥ n) by Householder reflections, for least
/// squares.
///
/// Reflector k is Hₖ = I − τₖ·wwᵀ with w₀ = 1 (LAPACK's normalisation), chosen so that Hₖ maps the
/// column x = A[k..<m, k] to αeₖ with α = −sgn(x₀)‖x‖ (the sign that avoids cancellation).
///
/// **Accuracy (`Double`):** Householder QR is backward stable (Higham Thm 19.4): the least-squares
/// solution is the exact one for A + ΔA, b + Δb with ‖ΔA‖_F ≤ c·m·n·u·‖A‖_F, so its relative
/// forward error is ≲ c·m·n·u·(κ₂(A) + κ₂(A)²·‖r‖/(‖A‖₂‖x‖)) (Wedin), r = b − Ax.
///
/// **Rank:** `rank` counts the diagonal entries of R with |rₖₖ| > max(m, n)·ε·maxᵢ|rᵢᵢ| (the
/// threshold NumPy's `matrix_rank` applies to singular values, here applied to R's diagonal;
/// 0 is the threshold for exact input). Without column pivoting this is an estimate: it is
/// exact for full-rank and for exactly zero columns, and a column-pivoted QR or the SVD gives
/// the numerical rank more reliably for nearly dependent columns.
public struct HouseholderQR<S: RealScalar>: Sendable {
    /// The number of rows m.
    public let rows: Int
    /// The number of columns n.
    public let columns: Int
    /// R (on and above the diagonal) and the reflector vectors w (below, w₀ = 1 implicit), m×n row-major.
    @usableFromInline let packed: [S]
    /// The reflector coefficients τₖ (0 for a skipped, already-zero column).
    @usableFromInline let tau: [S]
    /// The estimated rank (see the type's documentation).
    public let rank: Int

    /// Factors `a`. Throws `emptyMatrix`, `nonFinite`, or `shapeMismatch` when m < n.
    @inlinable
    public init(_ a: Matrix<S>) throws(LinearAlgebraError) {
        try requireNonEmpty(a)
        let m = a.rows, n = a.columns
        guard m >= n else {
            throw .shapeMismatch(operation: "HouseholderQR (needs rows ≥ columns)", left: [m, n], right: [n, n])
        }
        try requireFinite(a)
        var f = a.entries
        var tau = [S](repeating: .zero, count: n)
        for k in 0..<n {
            // σ = ‖x‖, computed as s·√Σ(xᵢ/s)² with s = max|xᵢ| so that squaring cannot overflow.
            var s = S.zero
            for i in k..<m where s < f[i * n + k].absoluteValue { s = f[i * n + k].absoluteValue }
            if s.isZero { continue }  // x = 0: H = I, rₖₖ = 0.
            var sum = NeumaierSum<S>()
            for i in k..<m { sum.add((f[i * n + k] / s).squared) }
            let sigma: S
            do { sigma = s * (try S.sqrt(sum.value)) } catch { throw .nonFinite(row: k, column: k) }
            let x0 = f[k * n + k]
            let alpha = x0 < .zero ? sigma : -sigma
            // v = x − αe₁ has v₀ = x₀ + sgn(x₀)σ, |v₀| = |x₀| + σ; with w = v/v₀,
            // τ = 2v₀²/vᵀv = (σ + |x₀|)/σ, since vᵀv = 2σ(σ + |x₀|).
            let v0 = x0 - alpha
            tau[k] = (sigma + x0.absoluteValue) / sigma
            for i in (k + 1)..<m { f[i * n + k] = f[i * n + k] / v0 }
            f[k * n + k] = alpha
            // Apply Hₖ to the remaining columns: y ← y − τ(wᵀy)w.
            for j in (k + 1)..<n {
                var dot = NeumaierSum<S>()
                dot.add(f[k * n + j])
                for i in (k + 1)..<m { dot.add(f[i * n + k] * f[i * n + j]) }
                let scaled = tau[k] * dot.value
                f[k * n + j] -= scaled
                for i in (k + 1)..<m { f[i * n + j] -= scaled * f[i * n + k] }
            }
        }
        let diagonal = (0..<n).map { f[$0 * n + $0].absoluteValue }
        let threshold = S(Swift.max(m, n)) * machineEpsilon(S.self) * maximumMagnitude(diagonal)
        rows = m
        columns = n
        packed = f
        self.tau = tau
        rank = diagonal.filter { $0 > threshold }.count
    }

    /// The n×n upper-triangular factor R.
    @inlinable
    public var r: Matrix<S> {
        Matrix(rows: columns, columns: columns) { i, j in j >= i ? packed[i * columns + j] : .zero }
    }

    /// The x minimising ‖Ax − b‖₂: Qᵀb by the stored reflectors, then R·x = (Qᵀb)[0..<n].
    ///
    /// Throws `shapeMismatch` (b's length ≠ m), `nonFinite`, or `singular(rank:size:)` when
    /// `rank` < n (the minimiser is then not unique; use an SVD for the minimum-norm one).
    @inlinable
    public func leastSquares(_ b: [S]) throws(LinearAlgebraError) -> [S] {
        guard b.count == rows else {
            throw .shapeMismatch(operation: "HouseholderQR.leastSquares", left: [rows, columns], right: [b.count])
        }
        try requireFinite(b)
        guard rank == columns else { throw .singular(rank: rank, size: columns) }
        let n = columns
        var y = b
        for k in 0..<n where !tau[k].isZero {
            var dot = NeumaierSum<S>()
            dot.add(y[k])
            for i in (k + 1)..<rows { dot.add(packed[i * n + k] * y[i]) }
            let scaled = tau[k] * dot.value
            y[k] -= scaled
            for i in (k + 1)..<rows { y[i] -= scaled * packed[i * n + k] }
        }
        var x = Array(y[0..<n])
        substituteBackward(packed, n: n, &x, unitDiagonal: false, transposed: false)
        return x
    }
}
