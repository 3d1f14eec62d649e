import OracleArithmetic
import OracleLinearAlgebra

extension LinearGaussianModel where S == Rational {
    /// κ₂(AD), the 2-norm condition number of the design with its columns scaled to unit norm
    /// (D = diag(1/‖aⱼ‖)) (LG-14): QR and SVD solvers on scaled columns are governed by it.
    ///
    /// **Accuracy:** relative error below 1e-8 for κ₂ ≤ 1e25, and below 1e-28 for the κ₂ ≤ 1e14
    /// that a float64 fit can use, before the final rounding to `Double`. The eigenvalues of
    /// C = DAᵀAD are taken by cyclic Jacobi in `BigFloat` at 256 bits with off-diagonal tolerance
    /// 1e-60; by Weyl each is within ~1e-58·p² of the exact one (‖C‖_F ≤ p), and
    /// λ_min(C) = λ_max(C)/κ₂².
    ///
    /// Throws `LinearGaussianError.rankDeficient` (with rank p − 1) when λ_min ≤ 1e-50·λ_max
    /// (κ₂ > 1e25): C is then singular as far as this precision can tell.
    public func equilibratedConditionNumber() throws -> Double {
        try BigFloat.withPrecision(256) {
            let p = parameters
            let norms = try gram.diagonal.map { try BigFloat.sqrt(BigFloat($0)) }
            // C = DAᵀAD has unit diagonal and cᵢⱼ = gᵢⱼ/(‖aᵢ‖‖aⱼ‖), symmetric because each
            // operation is correctly rounded and commutative. κ₂(AD)² = κ₂(C) = λ_max/λ_min; squaring the
            // condition number costs nothing at 256 bits.
            let c = Matrix<BigFloat>(rows: p, columns: p) { i, j in
                i == j ? BigFloat(1) : BigFloat(gram[i, j]) / (norms[i] * norms[j])
            }
            let lambda = try SymmetricEigendecomposition(c, tolerance: BigFloat(1e-60)).values
            guard let largest = lambda.first, let smallest = lambda.last, smallest > BigFloat(1e-50) * largest else {
                throw LinearGaussianError.rankDeficient(rank: p - 1, parameters: p)
            }
            return try BigFloat.sqrt(largest / smallest).doubleValue
        }
    }
}

extension LeastSquaresFit where S == Rational {
    /// For each coefficient, the first-order relative error |Δθⱼ|/|θⱼ| of the exact least-squares
    /// solution of A + ΔA, y + Δy per unit of columnwise relative backward error, i.e. with
    /// ‖Δaₖ‖ ≤ ‖aₖ‖ and ‖Δy‖ ≤ ‖y‖ (LG-14):
    ///
    ///     cⱼ = (√[G⁻¹]ⱼⱼ·(‖y‖ + Σₖ|θₖ|‖aₖ‖) +
    ///     ‖r‖·Σₖ|[G⁻¹]ⱼₖ|‖aₖ‖)/|θⱼ|,  G = AᵀA, r = y − Aθ̂.
    ///
    /// A backward-stable float64 solver (Householder QR; SVD on scaled columns) has columnwise
    /// backward error of a few u, so its error in θⱼ is about u·cⱼ. The bound is invariant
    /// under column scaling; `nil` marks θⱼ = 0, where no relative error is defined.
    ///
    /// **Accuracy:** G⁻¹ is exact over ℚ; the norms and sums are formed in `Double` (relative
    /// error ≲ 2p·u, immaterial for a tolerance).
    public func firstOrderRelativeErrors() throws -> [Double?] {
        let p = model.parameters
        let inverse = try Bareiss.solve(model.gram, Matrix<Rational>.identity(p)).map(\.doubleValue)
        let columnNorms = model.gram.diagonal.map { $0.doubleValue.squareRoot() }
        let theta = estimate.map(\.doubleValue)
        let responseNorm = model.responseSquaredNorm.doubleValue.squareRoot()
        let residualNorm = residualSumOfSquares.doubleValue.squareRoot()
        // δθ = G⁻¹Aᵀ(Δy − ΔAθ) + G⁻¹ΔAᵀr to first order (differentiate AᵀAθ = Aᵀy); the first
        // term's row j is a vector of norm ‖AG⁻¹eⱼ‖ = √[G⁻¹]ⱼⱼ, the second's is
        // Σₖ[G⁻¹]ⱼₖ·Δaₖᵀr.
        let perturbation = responseNorm + zip(theta, columnNorms).map { abs($0) * $1 }.reduce(0, +)
        return (0..<p).map { j in
            guard theta[j] != 0 else { return nil }
            let residualTerm = (0..<p).map { k in abs(inverse[j, k]) * columnNorms[k] }.reduce(0, +)
            return (inverse[j, j].squareRoot() * perturbation + residualNorm * residualTerm) / abs(theta[j])
        }
    }
}
