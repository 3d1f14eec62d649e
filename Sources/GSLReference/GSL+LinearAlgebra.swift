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
    /// - Throws: `GSL_ESING` when a diagonal entry of R is exactly 0 (A is rank-deficient; GSL itself
    ///   would return NaN with a success status), or when the solution overflows.
    public static func leastSquaresQR(_ a: [[Double]], _ b: [Double]) throws(GSLError) -> [Double] {
        let routine = "gsl_linalg_QR_lssolve"
        ensureErrorHandlerOff()
        let s = try shape(of: a, routine, name: "A")
        try requireVector(b, length: s.rows, routine)
        try requireOverdetermined(s, routine)
        let qr = try makeMatrix(a, s, routine)
        defer { gsl_matrix_free(qr) }
        let tau = try allocateVector(s.columns, routine)
        defer { gsl_vector_free(tau) }
        try check(gsl_linalg_QR_decomp(qr, tau), "gsl_linalg_QR_decomp")
        for i in 0..<s.columns where gsl_matrix_get(qr, i, i) == 0 {
            throw GSLError(routine: routine, status: Status.singular, context: "R[\(i)][\(i)] = 0: A is rank-deficient")
        }
        let bVector = try makeVector(b, routine)
        defer { gsl_vector_free(bVector) }
        let x = try allocateVector(s.columns, routine)
        defer { gsl_vector_free(x) }
        let residual = try allocateVector(s.rows, routine)
        defer { gsl_vector_free(residual) }
        try check(gsl_linalg_QR_lssolve(qr, tau, bVector, x, residual), routine)
        let solution = entries(of: x)
        try requireFinite(solution, routine, status: Status.singular, "the solution overflowed: A is numerically rank-deficient")
        return solution
    }

    /// The least-squares solution of A x ≈ b by the singular value decomposition
    /// A = U diag(σ) Vᵀ (`gsl_linalg_SV_decomp`, Golub–Reinsch, + `gsl_linalg_SV_solve`), and the
    /// singular values.
    ///
    /// - Parameters:
    ///   - a: an m×n matrix with m ≥ n (`GSL_EBADLEN` otherwise).
    ///   - b: m entries.
    /// - Returns: `solution` = V diag(1/σᵢ) Uᵀ b, where GSL skips singular values that are exactly 0
    ///   (so for an exactly rank-deficient A this is the minimum-norm solution, but a σ that is
    ///   merely tiny is inverted: no truncation tolerance is applied); `singularValues` in
    ///   non-increasing order.
    public static func leastSquaresSVD(_ a: [[Double]], _ b: [Double]) throws(GSLError) -> (solution: [Double], singularValues: [Double]) {
        let routine = "gsl_linalg_SV_solve"
        ensureErrorHandlerOff()
        let s = try shape(of: a, routine, name: "A")
        try requireVector(b, length: s.rows, routine)
        try requireOverdetermined(s, routine)
        let u = try makeMatrix(a, s, routine)
        defer { gsl_matrix_free(u) }
        let v = try allocateMatrix(s.columns, s.columns, routine)
        defer { gsl_matrix_free(v) }
        let sigma = try allocateVector(s.columns, routine)
        defer { gsl_vector_free(sigma) }
        let work = try allocateVector(s.columns, routine)
        defer { gsl_vector_free(work) }
        try check(gsl_linalg_SV_decomp(u, v, sigma, work), "gsl_linalg_SV_decomp")
        let bVector = try makeVector(b, routine)
        defer { gsl_vector_free(bVector) }
        let x = try allocateVector(s.columns, routine)
        defer { gsl_vector_free(x) }
        try check(gsl_linalg_SV_solve(u, v, sigma, bVector, x), routine)
        let solution = entries(of: x)
        try requireFinite(solution, routine, status: Status.singular, "the solution overflowed: a singular value is tiny but not 0")
        return (solution, entries(of: sigma))
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
    ///   `GSL_ESING` when the solution overflows (a numerically singular A).
    public static func luSolve(_ a: [[Double]], _ b: [Double]) throws(GSLError) -> [Double] {
        let routine = "gsl_linalg_LU_solve"
        return try withLUFactor(a, routine) { lu, permutation, _, n throws(GSLError) in
            try requireVector(b, length: n, routine)
            let bVector = try makeVector(b, routine)
            defer { gsl_vector_free(bVector) }
            let x = try allocateVector(n, routine)
            defer { gsl_vector_free(x) }
            try check(gsl_linalg_LU_solve(lu, permutation, bVector, x), routine, "A is singular")
            let solution = entries(of: x)
            try requireFinite(solution, routine, status: Status.singular, "the solution overflowed: A is numerically singular")
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
    /// - Throws: `GSL_EDOM` when A is singular (zero pivot); `GSL_ESING` when the inverse overflows.
    public static func inverse(_ a: [[Double]]) throws(GSLError) -> [[Double]] {
        let routine = "gsl_linalg_LU_invert"
        return try withLUFactor(a, routine) { lu, permutation, _, n throws(GSLError) in
            let inverse = try allocateMatrix(n, n, routine)
            defer { gsl_matrix_free(inverse) }
            try check(gsl_linalg_LU_invert(lu, permutation, inverse), routine, "A is singular")
            let result = rows(of: inverse)
            try requireFinite(result.flatMap { $0 }, routine, status: Status.singular, "the inverse overflowed: A is numerically singular")
            return result
        }
    }

    // MARK: - Shared machinery

    private static func requireOverdetermined(_ s: Shape, _ routine: String) throws(GSLError) {
        guard s.rows >= s.columns else {
            throw GSLError(
                routine: routine, status: Status.badLength,
                context: "A is \(s.rows)×\(s.columns): least squares needs at least as many rows as columns")
        }
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
        _ body: (UnsafeMutablePointer<gsl_matrix>, UnsafeMutablePointer<gsl_permutation>, Int32, Int) throws(GSLError) -> R
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
