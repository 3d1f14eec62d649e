import OracleArithmetic

/// The square-root-free factorization A = L·D·Lᵀ of a symmetric matrix (L unit lower
/// triangular, D diagonal), without pivoting, over any field.
///
/// Over `Rational` it is exact, so it decides positive definiteness exactly (all dᵢ > 0) and gives
/// the exact determinant Π dᵢ. Indefinite matrices factor too (some dᵢ < 0), as long as every
/// leading principal minor is non-zero.
///
/// **Edge Cases:** a pivot dⱼ = 0 means the leading minor of order j + 1 vanishes. Then
/// - if A is singular, `singular(rank:size:)` is thrown with A's rank;
/// - otherwise A is non-singular but needs pivoting (e.g. [[0, 1], [1, 0]]): the factorization
///   without pivoting does not exist and `notPositiveDefinite(pivot: j)` is thrown.
///
/// **Accuracy (`Double`):** for positive-definite A as for Cholesky (backward error ≲ c·n·u·‖A‖);
/// for indefinite A without pivoting there is no stability guarantee (growth is unbounded).
public struct LDLFactorization<S: FieldScalar>: Sendable {
    /// The unit lower-triangular factor L.
    public let unitLower: Matrix<S>
    /// The diagonal of D.
    public let d: [S]

    /// Factors `a`. Throws `notSquare`, `emptyMatrix`, `nonFinite`, `notSymmetric`, `singular` or
    /// `notPositiveDefinite` (see Edge Cases).
    @inlinable
    public init(_ a: Matrix<S>) throws(LinearAlgebraError) {
        try requireSymmetricFinite(a)
        let n = a.rows
        var l = [S](repeating: .zero, count: n * n)
        var diagonal = [S](repeating: .zero, count: n)
        var w = [S](repeating: .zero, count: n)
        // From aᵢⱼ = Σ_{k≤j} lᵢₖ dₖ lⱼₖ (i ≥ j, lⱼⱼ = 1):
        //   dⱼ = aⱼⱼ − Σ_{k<j} lⱼₖ wₖ,  lᵢⱼ = (aᵢⱼ − Σ_{k<j} lᵢₖ wₖ) / dⱼ,  with wₖ
        //   = dₖ lⱼₖ.
        for j in 0..<n {
            l[j * n + j] = .one
            var dj = a.entries[j * n + j]
            for k in 0..<j {
                w[k] = diagonal[k] * l[j * n + k]
                dj -= l[j * n + k] * w[k]
            }
            guard !dj.isZero else {
                let rank = eliminationRank(a.entries, rows: n, columns: n)
                if rank < n { throw .singular(rank: rank, size: n) }
                throw .notPositiveDefinite(pivot: j)
            }
            diagonal[j] = dj
            for i in (j + 1)..<n {
                var s = a.entries[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * w[k] }
                l[i * n + j] = s / dj
            }
        }
        unitLower = Matrix(uncheckedRows: n, columns: n, entries: l)
        d = diagonal
    }

    /// The order n.
    @inlinable
    public var size: Int { d.count }

    /// det A = Π dᵢ (exact for exact types).
    @inlinable
    public var determinant: S { d.reduce(S.one, *) }

    /// `true` when every dᵢ > 0, i.e. A is positive definite (exactly so over exact types, by
    /// Sylvester's criterion: d₁⋯dₖ is the k-th leading minor).
    @inlinable
    public var isPositiveDefinite: Bool { d.allSatisfy { $0 > .zero } }

    /// x with A·x = b by L·y = b, z = D⁻¹y, Lᵀ·x = z, for a checked b (see `SquareFactorization`).
    @inlinable
    public func substituteChecked(_ b: [S]) -> [S] {
        var x = b
        substituteForward(unitLower.entries, n: size, &x, unitDiagonal: true, transposed: false)
        for i in 0..<size { x[i] = x[i] / d[i] }
        substituteBackward(unitLower.entries, n: size, &x, unitDiagonal: true, transposed: true)
        return x
    }
}

extension LDLFactorization: SquareFactorization {
    public static var name: String { "LDLFactorization" }
}
