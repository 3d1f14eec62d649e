import OracleArithmetic

// Matrix arithmetic. Operators whose shapes can disagree throw `shapeMismatch`, so a product is
// written `try a * b`. Inner products use compensated summation (`NeumaierSum`), which is exact
// for exact types and, for `Double`, gives each entry with error ≲ 2u·|a|·|b| + O(n u²)
// (independent of n to first order) instead of the n·u·|a|·|b| of plain recursive summation.

extension Matrix {
    /// The product A·B. Throws `shapeMismatch` unless `a.columns == b.rows`.
    ///
    /// Each entry is a compensated inner product (see `dot(_:_:)`).
    @inlinable
    public static func * (a: Matrix, b: Matrix) throws(LinearAlgebraError) -> Matrix {
        guard a.columns == b.rows else {
            throw .shapeMismatch(operation: "*", left: [a.rows, a.columns], right: [b.rows, b.columns])
        }
        if let ra = a as? Matrix<Rational>, let rb = b as? Matrix<Rational>,
            let product = Matrix<Rational>.integerProduct(ra, rb) as? Matrix
        {
            return product
        }
        let m = a.rows, n = b.columns, p = a.columns
        var product: [Scalar] = []
        product.reserveCapacity(m * n)
        for i in 0..<m {
            for j in 0..<n {
                var sum = NeumaierSum<Scalar>()
                for k in 0..<p { sum.add(a.entries[i * p + k] * b.entries[k * n + j]) }
                product.append(sum.value)
            }
        }
        return Matrix(uncheckedRows: m, columns: n, entries: product)
    }

    /// The matrix–vector product A·v. Throws `shapeMismatch` unless `v.count == a.columns`.
    @inlinable
    public static func * (a: Matrix, v: [Scalar]) throws(LinearAlgebraError) -> [Scalar] {
        guard a.columns == v.count else {
            throw .shapeMismatch(operation: "*", left: [a.rows, a.columns], right: [v.count])
        }
        if let ra = a as? Matrix<Rational>, let rv = v as? [Rational],
            let product = Matrix<Rational>.integerProduct(
                ra, Matrix<Rational>(uncheckedRows: v.count, columns: 1, entries: rv)
            ).entries as? [Scalar]
        {
            return product
        }
        let p = a.columns
        return (0..<a.rows).map { i in
            var sum = NeumaierSum<Scalar>()
            for k in 0..<p { sum.add(a.entries[i * p + k] * v[k]) }
            return sum.value
        }
    }

    /// The sum A + B. Throws `shapeMismatch` unless the shapes are equal.
    @inlinable
    public static func + (a: Matrix, b: Matrix) throws(LinearAlgebraError) -> Matrix {
        try elementwise(a, b, operation: "+", +)
    }

    /// The difference A − B. Throws `shapeMismatch` unless the shapes are equal.
    @inlinable
    public static func - (a: Matrix, b: Matrix) throws(LinearAlgebraError) -> Matrix {
        try elementwise(a, b, operation: "-", -)
    }

    /// The scalar multiple s·A.
    @inlinable
    public static func * (s: Scalar, a: Matrix) -> Matrix {
        Matrix(uncheckedRows: a.rows, columns: a.columns, entries: a.entries.map { s * $0 })
    }

    /// The negation −A.
    @inlinable
    public static prefix func - (a: Matrix) -> Matrix {
        Matrix(uncheckedRows: a.rows, columns: a.columns, entries: a.entries.map { -$0 })
    }

    @inlinable
    static func elementwise(
        _ a: Matrix, _ b: Matrix, operation: String, _ f: (Scalar, Scalar) -> Scalar
    ) throws(LinearAlgebraError) -> Matrix {
        guard a.rows == b.rows, a.columns == b.columns else {
            throw .shapeMismatch(operation: operation, left: [a.rows, a.columns], right: [b.rows, b.columns])
        }
        return Matrix(uncheckedRows: a.rows, columns: a.columns, entries: zip(a.entries, b.entries).map(f))
    }
}
