import OracleArithmetic

/// The Cholesky factorization A = L·Lᵀ of a symmetric positive-definite matrix.
///
/// **Contract:** `a` must be square, non-empty, finite and exactly symmetric (see
/// `Matrix.isSymmetric`); only its lower triangle is then used.
///
/// **Accuracy (`Double`):** backward stable without pivoting: L̂L̂ᵀ = A + ΔA with
/// ‖ΔA‖₂ ≤ c·n·u·‖A‖₂ (c small, Higham Thm 10.3), so solves have forward error
/// ≲ c·n·u·κ₂(A) and log det has absolute error |Σ log(1 + δλᵢ/λᵢ)| ≲ c·n²·u·κ₂(A)
/// (first-order perturbation tr(A⁻¹ΔA) ≤ n‖A⁻¹‖‖ΔA‖).
/// Over `BigFloat` the same bounds hold with u = 2⁻ᵖ.
///
/// **Edge Cases:** a pivot dⱼ = aⱼⱼ − Σₖ lⱼₖ² that is ≤ 0 (in the working precision) throws
/// `notPositiveDefinite(pivot: j)`: the leading minor of order j + 1 is not positive.
public struct CholeskyFactorization<S: RealScalar>: Sendable {
    /// The lower-triangular factor L with positive diagonal.
    public let lower: Matrix<S>
    /// log det A = 2 Σ log lᵢᵢ, summed with compensation.
    public let logDeterminant: S

    /// Factors `a`. Throws `notSquare`, `emptyMatrix`, `nonFinite`, `notSymmetric` or
    /// `notPositiveDefinite(pivot:)`.
    @inlinable
    public init(_ a: Matrix<S>) throws(LinearAlgebraError) {
        try requireSymmetricFinite(a)
        let n = a.rows
        var l = [S](repeating: .zero, count: n * n)
        var logDiagonal = NeumaierSum<S>()
        // Cholesky–Crout, column by column: from aᵢⱼ = Σ_{k≤j} lᵢₖ lⱼₖ (i ≥ j),
        //   lⱼⱼ = √(aⱼⱼ − Σ_{k<j} lⱼₖ²),   lᵢⱼ = (aᵢⱼ − Σ_{k<j} lᵢₖ lⱼₖ) /
        //   lⱼⱼ.
        for j in 0..<n {
            var d = a.entries[j * n + j]
            for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
            guard d > .zero else { throw .notPositiveDefinite(pivot: j) }
            let ljj: S
            do {
                ljj = try S.sqrt(d)
                logDiagonal.add(try S.log(ljj))
            } catch {
                // Unreachable for d > 0, but a domain error can only mean d is not positive.
                throw .notPositiveDefinite(pivot: j)
            }
            l[j * n + j] = ljj
            for i in (j + 1)..<n {
                var s = a.entries[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = s / ljj
            }
        }
        lower = Matrix(uncheckedRows: n, columns: n, entries: l)
        logDeterminant = S(2) * logDiagonal.value
    }

    /// The order n.
    @inlinable
    public var size: Int { lower.rows }

    /// det A = Π lᵢᵢ² (may over/underflow for `Double`; prefer `logDeterminant`).
    @inlinable
    public var determinant: S {
        var product = S.one
        for d in lower.diagonal { product *= d * d }
        return product
    }

    /// The squared Mahalanobis norm vᵀA⁻¹v = ‖L⁻¹v‖², by one forward substitution (never by A⁻¹).
    ///
    /// **Accuracy (`Double`):** relative error ≲ c·n·u·κ₂(L) = c·n·u·√κ₂(A) for the solve, plus the
    /// compensated sum of squares. Throws `shapeMismatch` or `nonFinite` for v.
    @inlinable
    public func mahalanobisSquared(_ v: [S]) throws(LinearAlgebraError) -> S {
        try requireLength(v, size, operation: "CholeskyFactorization.mahalanobisSquared")
        try requireFinite(v)
        var y = v
        return mahalanobisSquared(overwriting: &y)
    }

    /// vᵀA⁻¹v = ‖L⁻¹v‖², leaving L⁻¹v in `v`: the allocation-free form of `mahalanobisSquared(_:)`
    /// for loops over many vectors (the same operations, so the same result and accuracy).
    ///
    /// **Contract:** `v.count == size` and v is finite; it is not checked (a short v traps as an
    /// index out of range): callers validate their data once, outside the loop.
    @inlinable
    public func mahalanobisSquared(overwriting v: inout [S]) -> S {
        v.withUnsafeMutableBufferPointer { mahalanobisSquared(overwriting: $0) }
    }

    /// The same on a buffer of exactly `size` entries.
    @inlinable
    public func mahalanobisSquared(overwriting v: UnsafeMutableBufferPointer<S>) -> S {
        lower.entries.withUnsafeBufferPointer { l in
            substituteForward(l, n: size, v, unitDiagonal: false, transposed: false)
        }
        return normSquared(v)
    }

    /// x with A·x = b by L·y = b, Lᵀ·x = y, for a checked b (see `SquareFactorization`).
    @inlinable
    public func substituteChecked(_ b: [S]) -> [S] {
        var x = b
        substituteForward(lower.entries, n: size, &x, unitDiagonal: false, transposed: false)
        substituteBackward(lower.entries, n: size, &x, unitDiagonal: false, transposed: true)
        return x
    }
}

extension CholeskyFactorization: SquareFactorization {
    public static var name: String { "CholeskyFactorization" }
}
