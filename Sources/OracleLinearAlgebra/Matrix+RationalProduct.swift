import OracleArithmetic

// The rational fast path of matrix products: clear denominators, multiply integers, reduce once.
//
// A rational inner product Σₖ aᵢₖbₖⱼ summed term by term reduces every partial sum by a gcd.
// Instead, with Lᵢ the lcm of the denominators of row i of A and Mⱼ that of column j of B,
//   (AB)ᵢⱼ = (Σₖ (Lᵢaᵢₖ)(Mⱼbₖⱼ)) / (LᵢMⱼ),
// an integer inner product and a single reduction per entry. The result is the same exact value.

extension Matrix where Scalar == Rational {
    /// A·B over the integers after clearing denominators (shapes already validated).
    @usableFromInline
    static func integerProduct(_ a: Matrix<Rational>, _ b: Matrix<Rational>) -> Matrix<Rational> {
        let m = a.rows, p = a.columns, n = b.columns
        var rowScale = [BigInt]()
        var left = [BigInt]()
        left.reserveCapacity(m * p)
        for i in 0..<m {
            rowScale.append(Bareiss.appendCleared(Array(a.entries[(i * p)..<((i + 1) * p)]), to: &left))
        }
        // B's columns, cleared and stored column-major so each inner product reads contiguously.
        var columnScale = [BigInt]()
        var right = [BigInt]()
        right.reserveCapacity(p * n)
        for j in 0..<n { columnScale.append(Bareiss.appendCleared(b.column(j), to: &right)) }
        var product = [Rational]()
        product.reserveCapacity(m * n)
        for i in 0..<m {
            for j in 0..<n {
                var sum = BigInt.zero
                for k in 0..<p {
                    let (x, y) = (left[i * p + k], right[j * p + k])
                    if !x.isZero && !y.isZero { sum += x * y }
                }
                // The scales are positive, so the denominator is non-zero.
                product.append(Rational(numerator: sum, nonzeroDenominator: rowScale[i] * columnScale[j]))
            }
        }
        return Matrix(uncheckedRows: m, columns: n, entries: product)
    }
}
