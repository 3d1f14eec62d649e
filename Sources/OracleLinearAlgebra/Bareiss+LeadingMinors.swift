import OracleArithmetic

extension Bareiss {
    /// The leading principal minors Δ₁, …, Δₙ of a square rational matrix (Δₖ the determinant of
    /// its top-left k × k block), up to and including the first that is zero.
    ///
    /// Integer Bareiss elimination without row exchanges on the rows cleared of their
    /// denominators: by Sylvester's identity the pivot of step k is the k-th leading principal
    /// minor of the cleared matrix, which is Δₖ times the product of the first k row scales (each
    /// a positive lcm). A zero pivot would need a row exchange, so the elimination stops there.
    /// With all Δₖ > 0 a symmetric matrix is positive definite (Sylvester's criterion), and Δₙ is
    /// its determinant.
    ///
    /// **Accuracy:** exact. **Work:** O(n³) operations on integers of at most the Hadamard bound
    /// of the cleared matrix.
    ///
    /// - Throws: `notSquare`, `emptyMatrix`.
    public static func leadingPrincipalMinors(_ a: Matrix<Rational>) throws(LinearAlgebraError) -> [Rational] {
        try requireSquare(a)
        let n = a.rows
        var m = [BigInt]()
        m.reserveCapacity(n * n)
        var scales = [BigInt]()
        for i in 0..<n { scales.append(appendCleared(Array(a.entries[(i * n)..<((i + 1) * n)]), to: &m)) }
        var minors = [Rational]()
        var scale = BigInt.one
        var previous = BigInt.one
        for c in 0..<n {
            let pivot = m[c * n + c]
            scale *= scales[c]
            minors.append(Rational(numerator: pivot, nonzeroDenominator: scale))
            guard !pivot.isZero else { break }
            eliminateBelow(&m, row: c, column: c, rows: n, width: n, previous: previous)
            previous = pivot
        }
        return minors
    }
}
