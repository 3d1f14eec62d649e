import CGSL

/// Dense linear algebra through GSL: least squares (QR and SVD), the symmetric eigenproblem,
/// Cholesky, and LU solve, determinant and inverse.
///
/// Matrices are `[[Double]]`, an array of rows; vectors are `[Double]`. Every routine validates its
/// input first (empty or ragged matrices and mismatched lengths throw `GSL_EBADLEN`, non-square
/// ones `GSL_ENOTSQR`, NaN or ±∞ entries `GSL_EDOM`), works on a private copy (GSL overwrites its
/// input), frees every GSL allocation on every path, and checks every status GSL returns.
///
/// **Accuracy:** these are GSL's backward-stable `Double` algorithms: the forward error is about
/// κ(A)·ε (κ(A)²·ε for least-squares residual-sensitive problems), not correctly rounded.
extension GSL {
    /// The least-squares solution x minimising ‖A x − b‖₂, by Householder QR
    /// (`gsl_linalg_QR_decomp` + `gsl_linalg_QR_lssolve`).
    ///
    /// - Parameters:
    ///   - a: an m×n matrix with m ≥ n (`GSL_EBADLEN` otherwise) and full column rank.
    ///   - b: m entries.
    /// - Throws: `GSL_ESING` when A is rank-deficient or numerically so: a diagonal entry of R is
    ///   exactly 0 (GSL itself would return NaN with a success status), or GSL's estimate of the
    ///   reciprocal 1-norm condition number of R (`gsl_linalg_QR_rcond`) is below max(m, n)·ε, the
    ///   rank cut-off NumPy's `matrix_rank` uses: beyond it A is indistinguishable, at `Double`
    ///   precision, from a rank-deficient matrix.
    public static func leastSquaresQR(_ a: [[Double]], _ b: [Double]) throws(GSLError) -> [Double] {
        let routine = "gsl_linalg_QR_lssolve"
        ensureErrorHandlerOff()
        let s = try overdeterminedShape(a, b, routine)
        let qr = try makeMatrix(a, s, routine)
        defer { gsl_matrix_free(qr) }
        let tau = try allocateVector(s.columns, routine)
        defer { gsl_vector_free(tau) }
        try check(gsl_linalg_QR_decomp(qr, tau), "gsl_linalg_QR_decomp")
        for i in 0..<s.columns where gsl_matrix_get(qr, i, i) == 0 {
            throw GSLError(routine: routine, status: Status.singular, context: "R[\(i)][\(i)] = 0: A is rank-deficient")
        }
        try requireWellConditioned(s, routine) { rcond, work in gsl_linalg_QR_rcond(qr, rcond, work) }
        let bVector = try makeVector(b, routine)
        defer { gsl_vector_free(bVector) }
        let x = try allocateVector(s.columns, routine)
        defer { gsl_vector_free(x) }
        let residual = try allocateVector(s.rows, routine)
        defer { gsl_vector_free(residual) }
        try check(gsl_linalg_QR_lssolve(qr, tau, bVector, x, residual), routine)
        let solution = entries(of: x)
        try requireFinite(
            solution, routine, status: Status.singular, "the solution overflowed: A is numerically rank-deficient")
        return solution
    }

    /// The least-squares solution of A x ≈ b by the singular value decomposition
    /// A = U diag(σ) Vᵀ (`gsl_linalg_SV_decomp`, Golub–Reinsch, + `gsl_linalg_SV_solve`), and the
    /// singular values.
    ///
    /// - Parameters:
    ///   - a: an m×n matrix with m ≥ n (`GSL_EBADLEN` otherwise).
    ///   - b: m entries.
    /// - Returns: `solution` = V diag(1/σᵢ) Uᵀ b over the singular values σᵢ > max(m, n)·ε·σ₁ only
    ///   (NumPy's default `rcond` for `lstsq`/`matrix_rank`): the smaller ones are set to 0 before
    ///   `gsl_linalg_SV_solve`, which skips zeros, so a (numerically) rank-deficient A gets the
    ///   minimum-norm least-squares solution; `singularValues` are all of them, untruncated, in
    ///   non-increasing order.
    public static func leastSquaresSVD(_ a: [[Double]], _ b: [Double]) throws(GSLError) -> (
        solution: [Double], singularValues: [Double]
    ) {
        let routine = "gsl_linalg_SV_solve"
        ensureErrorHandlerOff()
        let s = try overdeterminedShape(a, b, routine)
        let u = try makeMatrix(a, s, routine)
        defer { gsl_matrix_free(u) }
        let v = try allocateMatrix(s.columns, s.columns, routine)
        defer { gsl_matrix_free(v) }
        let sigma = try allocateVector(s.columns, routine)
        defer { gsl_vector_free(sigma) }
        let work = try allocateVector(s.columns, routine)
        defer { gsl_vector_free(work) }
        try check(gsl_linalg_SV_decomp(u, v, sigma, work), "gsl_linalg_SV_decomp")
        let singularValues = entries(of: sigma)
        // Truncate: σᵢ ≤ max(m, n) ε σ₁ is indistinguishable from 0 after rounding A.
        let cutoff = Double(max(s.rows, s.columns)) * .ulpOfOne * (singularValues.first ?? 0)
        for (i, sigmaI) in singularValues.enumerated() where sigmaI <= cutoff { gsl_vector_set(sigma, i, 0) }
        let bVector = try makeVector(b, routine)
        defer { gsl_vector_free(bVector) }
        let x = try allocateVector(s.columns, routine)
        defer { gsl_vector_free(x) }
        try check(gsl_linalg_SV_solve(u, v, sigma, bVector, x), routine)
        let solution = entries(of: x)
        try requireFinite(solution, routine, status: Status.singular, "the solution overflowed")
        return (solution, singularValues)
    }

    /// The eigenvalues and unit eigenvectors of a real symmetric matrix
    /// (`gsl_eigen_symmv`, then `gsl_eigen_symmv_sort` with `GSL_EIGEN_SORT_VAL_DESC`).
    ///
    /// - Parameter a: a square, exactly symmetric matrix (`GSL_EINVAL` otherwise: GSL reads only the
    ///   lower triangle, so an asymmetric input would be silently half-ignored).
    /// - Returns: `values` in non-increasing order; `vectors[k]` is the unit eigenvector of
    ///   `values[k]`, with its sign fixed so that its entry of largest magnitude (the first such)
    ///   is positive. For a repeated eigenvalue, any orthonormal basis of the eigenspace may come back.
    public static func symmetricEigen(_ a: [[Double]]) throws(GSLError) -> (values: [Double], vectors: [[Double]]) {
        let routine = "gsl_eigen_symmv"
        ensureErrorHandlerOff()
        let n = try order(ofSymmetric: a, routine)
        let m = try makeMatrix(a, Shape(rows: n, columns: n), routine)
        defer { gsl_matrix_free(m) }
        let values = try allocateVector(n, routine)
        defer { gsl_vector_free(values) }
        let vectors = try allocateMatrix(n, n, routine)
        defer { gsl_matrix_free(vectors) }
        let workspace = try allocated(gsl_eigen_symmv_alloc(n), routine)
        defer { gsl_eigen_symmv_free(workspace) }
        try check(gsl_eigen_symmv(m, values, vectors, workspace), routine)
        try check(gsl_eigen_symmv_sort(values, vectors, GSL_EIGEN_SORT_VAL_DESC), "gsl_eigen_symmv_sort")
        // GSL stores eigenvector k in column k.
        let columns = (0..<n).map { k in
            let column = (0..<n).map { i in gsl_matrix_get(vectors, i, k) }
            return withPositiveLargestEntry(column)
        }
        return (entries(of: values), columns)
    }

    /// The lower-triangular Cholesky factor L with A = L Lᵀ (`gsl_linalg_cholesky_decomp1`).
    ///
    /// - Parameter a: a square, exactly symmetric matrix (`GSL_EINVAL` otherwise).
    /// - Returns: L as rows, with exact zeros above the diagonal and a positive diagonal.
    /// - Throws: `GSL_EDOM` when A is not (numerically) positive definite.
    public static func cholesky(_ a: [[Double]]) throws(GSLError) -> [[Double]] {
        try withCholeskyFactor(a) { l, n in
            (0..<n).map { i in (0..<n).map { j in j <= i ? gsl_matrix_get(l, i, j) : 0 } }
        }
    }

    /// log det A = 2 Σᵢ log Lᵢᵢ from the Cholesky factor of a symmetric positive definite A;
    /// finite even where det A itself would overflow or underflow.
    ///
    /// - Throws: as ``cholesky(_:)``.
    public static func choleskyLogDeterminant(_ a: [[Double]]) throws(GSLError) -> Double {
        try withCholeskyFactor(a) { l, n in
            2 * (0..<n).reduce(0.0) { sum, i in sum + log(gsl_matrix_get(l, i, i)) }
        }
    }

    /// The solution x of A x = b by LU with partial pivoting (`gsl_linalg_LU_decomp` +
    /// `gsl_linalg_LU_solve`).
    ///
    /// - Throws: `GSL_EDOM` when U has an exactly zero pivot (GSL 2.7's `gsl_linalg_LU_decomp`
    ///   succeeds on a singular matrix and `gsl_linalg_LU_solve` then reports `GSL_EDOM`);
    ///   `GSL_ESING` when A is numerically singular: 1/(‖A‖₁‖A⁻¹‖₁) < n·ε, with A⁻¹ from the same
    ///   LU factors (computed only for this check: the solution itself comes from the triangular
    ///   solves, not from A⁻¹). GSL 2.7 has no LU condition estimator, and at oracle sizes the
    ///   exact 1-norm condition number costs no more than the factorisation.
    public static func luSolve(_ a: [[Double]], _ b: [Double]) throws(GSLError) -> [Double] {
        let routine = "gsl_linalg_LU_solve"
        return try withLUFactor(a, routine) { lu, permutation, _, n throws(GSLError) in
            try requireVector(b, length: n, routine)
            let bVector = try makeVector(b, routine)
            defer { gsl_vector_free(bVector) }
            let x = try allocateVector(n, routine)
            defer { gsl_vector_free(x) }
            try check(gsl_linalg_LU_solve(lu, permutation, bVector, x), routine, "A is singular")
            _ = try luInverse(a, lu, permutation, n, routine)
            let solution = entries(of: x)
            try requireFinite(
                solution, routine, status: Status.singular, "the solution overflowed: A is numerically singular")
            return solution
        }
    }

    /// det A = (−1)^{swaps} Πᵢ Uᵢᵢ from LU with partial pivoting (`gsl_linalg_LU_det`).
    ///
    /// - Returns: 0 (possibly −0) for a matrix whose LU factor has a zero pivot; singularity is not
    ///   an error here.
    /// - Throws: `GSL_ERANGE` when the product overflows (use ``choleskyLogDeterminant(_:)`` for
    ///   SPD matrices).
    public static func luDeterminant(_ a: [[Double]]) throws(GSLError) -> Double {
        let routine = "gsl_linalg_LU_det"
        return try withLUFactor(a, routine) { lu, _, signum, _ throws(GSLError) in
            let det = gsl_linalg_LU_det(lu, signum)
            try requireFinite([det], routine, status: Status.range, "the determinant overflows a Double")
            return det
        }
    }

    /// A⁻¹ by LU with partial pivoting (`gsl_linalg_LU_invert`). Prefer ``luSolve(_:_:)`` for
    /// solving systems: never invert a matrix to solve one.
    ///
    /// - Throws: `GSL_EDOM` when A is singular (zero pivot); `GSL_ESING` when A is numerically
    ///   singular, 1/(‖A‖₁‖A⁻¹‖₁) < n·ε, or the inverse overflows.
    public static func inverse(_ a: [[Double]]) throws(GSLError) -> [[Double]] {
        let routine = "gsl_linalg_LU_invert"
        return try withLUFactor(a, routine) { lu, permutation, _, n throws(GSLError) in
            try luInverse(a, lu, permutation, n, routine)
        }
    }

    // MARK: - Shared machinery

    /// A⁻¹ from the LU factors, checked to be finite and not numerically singular
    /// (1/κ₁(A) = 1/(‖A‖₁‖A⁻¹‖₁) ≥ n·ε; below that the backward-error bound guarantees no digit
    /// of a `Double` solution).
    private static func luInverse(
        _ a: [[Double]], _ lu: UnsafeMutablePointer<gsl_matrix>, _ permutation: UnsafeMutablePointer<gsl_permutation>,
        _ n: Int, _ routine: String
    ) throws(GSLError) -> [[Double]] {
        let inverse = try allocateMatrix(n, n, routine)
        defer { gsl_matrix_free(inverse) }
        try check(gsl_linalg_LU_invert(lu, permutation, inverse), "gsl_linalg_LU_invert", "A is singular")
        let result = rows(of: inverse)
        try requireFinite(
            result.flatMap { $0 }, routine, status: Status.singular, "A⁻¹ overflowed: A is numerically singular")
        let rcond = 1 / (oneNorm(a) * oneNorm(result))
        guard rcond >= Double(n) * .ulpOfOne else {
            throw GSLError(
                routine: routine, status: Status.singular,
                context: "A is numerically singular: 1/κ₁(A) = \(rcond) < n·ε = \(Double(n) * .ulpOfOne)")
        }
        return result
    }

    /// ‖A‖₁, the largest absolute column sum.
    private static func oneNorm(_ a: [[Double]]) -> Double {
        guard let first = a.first else { return 0 }
        return first.indices.map { j in a.reduce(0) { $0 + abs($1[j]) } }.max() ?? 0
    }

    /// Throws `GSL_ESING` when GSL's reciprocal condition estimate is below max(m, n)·ε.
    private static func requireWellConditioned(
        _ s: Shape, _ routine: String,
        _ estimate: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<gsl_vector>) -> Int32
    ) throws(GSLError) {
        let work = try allocateVector(3 * s.columns, routine)
        defer { gsl_vector_free(work) }
        var rcond = 0.0
        try check(estimate(&rcond, work), "gsl_linalg_QR_rcond")
        let cutoff = Double(max(s.rows, s.columns)) * .ulpOfOne
        guard rcond >= cutoff else {
            throw GSLError(
                routine: routine, status: Status.singular,
                context: "A is numerically rank-deficient: estimated 1/κ₁(R) = \(rcond) < max(m, n)·ε = \(cutoff)")
        }
    }

    /// The shape of A in the least-squares problem A·x ≈ b, checked: A rectangular with at least as
    /// many rows as columns, b one entry per row.
    private static func overdeterminedShape(_ a: [[Double]], _ b: [Double], _ routine: String) throws(GSLError)
        -> Shape
    {
        let s = try shape(of: a, routine, name: "A")
        try requireVector(b, length: s.rows, routine)
        guard s.rows >= s.columns else {
            throw GSLError(
                routine: routine, status: Status.badLength,
                context: "A is \(s.rows)×\(s.columns): least squares needs at least as many rows as columns")
        }
        return s
    }

    /// Factors A = L Lᵀ and runs `body` on the factor (lower triangle of the matrix) and the order.
    private static func withCholeskyFactor<R>(
        _ a: [[Double]], _ body: (UnsafeMutablePointer<gsl_matrix>, Int) -> R
    ) throws(GSLError) -> R {
        let routine = "gsl_linalg_cholesky_decomp1"
        ensureErrorHandlerOff()
        let n = try order(ofSymmetric: a, routine)
        let l = try makeMatrix(a, Shape(rows: n, columns: n), routine)
        defer { gsl_matrix_free(l) }
        try check(gsl_linalg_cholesky_decomp1(l), routine, "A is not positive definite")
        return body(l, n)
    }

    /// Factors P A = L U and runs `body` on the factor, the permutation, its sign and the order.
    private static func withLUFactor<R>(
        _ a: [[Double]], _ routine: String,
        _ body: (UnsafeMutablePointer<gsl_matrix>, UnsafeMutablePointer<gsl_permutation>, Int32, Int) throws(GSLError)
            -> R
    ) throws(GSLError) -> R {
        ensureErrorHandlerOff()
        let n = try order(ofSquare: a, routine)
        let lu = try makeMatrix(a, Shape(rows: n, columns: n), routine)
        defer { gsl_matrix_free(lu) }
        let permutation = try allocated(gsl_permutation_alloc(n), routine)
        defer { gsl_permutation_free(permutation) }
        var signum: Int32 = 0
        try check(gsl_linalg_LU_decomp(lu, permutation, &signum), "gsl_linalg_LU_decomp")
        return try body(lu, permutation, signum, n)
    }

    /// `v` or `−v`, whichever has its (first) entry of largest magnitude positive.
    private static func withPositiveLargestEntry(_ v: [Double]) -> [Double] {
        guard let largest = v.indices.max(by: { abs(v[$0]) < abs(v[$1]) }) else { return v }
        return v[largest] < 0 ? v.map { -$0 } : v
    }
}
