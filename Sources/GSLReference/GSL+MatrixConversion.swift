import CGSL

/// Converting Swift `[[Double]]` (an array of rows) and `[Double]` to and from GSL's row-major
/// `gsl_matrix` / `gsl_vector`, with the shape and finiteness checks every linear-algebra wrapper
/// performs before calling GSL.
///
/// Every `make…`/`allocate…` function returns a pointer the caller must free in a `defer`
/// immediately after the call (`gsl_matrix_free`, `gsl_vector_free`, `gsl_permutation_free`).
extension GSL {
    /// The shape of a validated matrix.
    struct Shape: Equatable {
        var rows: Int
        var columns: Int
    }

    /// Validates `a` as a matrix: at least one row and one column, every row of the same length
    /// (`GSL_EBADLEN` otherwise), every entry finite (`GSL_EDOM` otherwise).
    static func shape(of a: [[Double]], _ routine: String, name: String = "matrix") throws(GSLError) -> Shape {
        guard let first = a.first, !first.isEmpty else {
            throw GSLError(routine: routine, status: Status.badLength, context: "\(name) is empty")
        }
        for (i, row) in a.enumerated() {
            guard row.count == first.count else {
                throw GSLError(
                    routine: routine, status: Status.badLength,
                    context: "\(name) is ragged: row 0 has \(first.count) entries, row \(i) has \(row.count)")
            }
            if let j = row.firstIndex(where: { !$0.isFinite }) {
                throw GSLError(routine: routine, status: Status.domain, context: "\(name)[\(i)][\(j)] is \(row[j])")
            }
        }
        return Shape(rows: a.count, columns: first.count)
    }

    /// Validates `a` as a square matrix (`GSL_ENOTSQR` otherwise) and returns its order.
    static func order(ofSquare a: [[Double]], _ routine: String) throws(GSLError) -> Int {
        let s = try shape(of: a, routine)
        guard s.rows == s.columns else {
            throw GSLError(routine: routine, status: Status.notSquare, context: "matrix is \(s.rows)×\(s.columns)")
        }
        return s.rows
    }

    /// Validates `a` as a square matrix that is exactly symmetric (`GSL_EINVAL` otherwise).
    ///
    /// GSL's symmetric routines read only the lower triangle; requiring exact symmetry stops an
    /// asymmetric input from being silently half-ignored. Symmetrise as (A + Aᵀ)/2 first if needed.
    static func order(ofSymmetric a: [[Double]], _ routine: String) throws(GSLError) -> Int {
        let n = try order(ofSquare: a, routine)
        for i in 0..<n {
            for j in 0..<i where a[i][j] != a[j][i] {
                throw GSLError(
                    routine: routine, status: Status.invalid,
                    context:
                        """
                        matrix is not symmetric: a[\(i)][\(j)] = \(a[i][j]) but a[\(j)][\(i)] = \(a[j][i]); \
                        symmetrise as (A + Aᵀ)/2 first
                        """
                )
            }
        }
        return n
    }

    /// Validates `b` as a vector of `length` finite entries.
    static func requireVector(_ b: [Double], length: Int, _ routine: String, name: String = "b") throws(GSLError) {
        guard b.count == length else {
            throw GSLError(
                routine: routine, status: Status.badLength,
                context: "\(name) has \(b.count) entries, expected \(length)")
        }
        if let i = b.firstIndex(where: { !$0.isFinite }) {
            throw GSLError(routine: routine, status: Status.domain, context: "\(name)[\(i)] is \(b[i])")
        }
    }

    static func allocateMatrix(_ rows: Int, _ columns: Int, _ routine: String) throws(GSLError) -> UnsafeMutablePointer<
        gsl_matrix
    > {
        try allocated(gsl_matrix_alloc(rows, columns), routine)
    }

    static func allocateVector(_ n: Int, _ routine: String) throws(GSLError) -> UnsafeMutablePointer<gsl_vector> {
        try allocated(gsl_vector_alloc(n), routine)
    }

    /// A new `gsl_matrix` holding `a` (already validated by ``shape(of:_:name:)``).
    static func makeMatrix(_ a: [[Double]], _ shape: Shape, _ routine: String) throws(GSLError) -> UnsafeMutablePointer<
        gsl_matrix
    > {
        let m = try allocateMatrix(shape.rows, shape.columns, routine)
        for (i, row) in a.enumerated() {
            for (j, value) in row.enumerated() { gsl_matrix_set(m, i, j, value) }
        }
        return m
    }

    /// A new `gsl_vector` holding `b` (already validated).
    static func makeVector(_ b: [Double], _ routine: String) throws(GSLError) -> UnsafeMutablePointer<gsl_vector> {
        let v = try allocateVector(b.count, routine)
        for (i, value) in b.enumerated() { gsl_vector_set(v, i, value) }
        return v
    }

    /// The rows of a `gsl_matrix`.
    static func rows(of m: UnsafePointer<gsl_matrix>) -> [[Double]] {
        (0..<m.pointee.size1).map { i in (0..<m.pointee.size2).map { j in gsl_matrix_get(m, i, j) } }
    }

    /// The entries of a `gsl_vector`.
    static func entries(of v: UnsafePointer<gsl_vector>) -> [Double] {
        (0..<v.pointee.size).map { gsl_vector_get(v, $0) }
    }

    /// Throws `status` unless every entry is finite (GSL reports some failures only through NaN or ±∞).
    static func requireFinite(_ values: [Double], _ routine: String, status: Int32, _ context: String) throws(GSLError)
    {
        guard values.allSatisfy(\.isFinite) else {
            throw GSLError(routine: routine, status: status, context: context)
        }
    }
}
