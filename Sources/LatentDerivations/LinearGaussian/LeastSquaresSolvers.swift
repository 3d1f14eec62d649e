import OracleArithmetic
import OracleLinearAlgebra

extension LinearGaussianModel {
    /// θ̂ from the normal equations AᵀAθ = Aᵀy by fraction-free elimination (LG-5), never via an
    /// inverse: exact over `Rational`. diag((AᵀA)⁻¹), for the standard errors only, is solved
    /// from AᵀA·X = I when first asked for (`LeastSquaresFit.gramInverseDiagonal`).
    ///
    /// Throws `LinearGaussianError.rankDeficient` with the exact rank (over `Rational`) when AᵀA
    /// is singular; nothing is returned half-computed.
    public func fitByElimination() throws -> LeastSquaresFit<S> {
        let theta: [S]
        switch Result(catching: { () throws(LinearAlgebraError) in try Bareiss.solve(gram, moment) }) {
        case .success(let x): theta = x
        case .failure(.singular(let rank, _)):
            throw LinearGaussianError.rankDeficient(rank: rank, parameters: parameters)
        case .failure(let error): throw error
        }
        return try LeastSquaresFit(
            model: self, method: .normalEquationsElimination, estimate: theta, gramInverseDiagonal: nil)
    }
}

extension LinearGaussianModel where S: RealScalar {
    /// θ̂ by Cholesky on the normal equations (LG-6): AᵀA = LLᵀ, Lz = Aᵀy, Lᵀθ = z.
    ///
    /// **Accuracy (`Double`):** relative error ≲ c·p·u·κ₂(A)² (forming AᵀA squares the condition
    /// number). A Cholesky breakdown throws `rankDeficient` with Householder QR's numerical rank
    /// (at most p − 1).
    public func fitByCholesky() throws -> LeastSquaresFit<S> {
        let symmetric = try gram.symmetrized
        let cholesky: CholeskyFactorization<S>
        switch Result(catching: { () throws(LinearAlgebraError) in try CholeskyFactorization(symmetric) }) {
        case .success(let factors): cholesky = factors
        case .failure(.notPositiveDefinite):
            let rank = (try? HouseholderQR(design).rank) ?? 0
            throw LinearGaussianError.rankDeficient(rank: Swift.min(rank, parameters - 1), parameters: parameters)
        case .failure(let error): throw error
        }
        let theta = try cholesky.solve(moment)
        let inverse = try cholesky.solve(Matrix<S>.identity(parameters))
        return try LeastSquaresFit(
            model: self, method: .normalEquationsCholesky, estimate: theta, gramInverseDiagonal: inverse.diagonal)
    }

    /// θ̂ by Householder QR of A (LG-6): A = QR, Rθ = (Qᵀy)₁..ₚ; AᵀA is never formed.
    /// diag((AᵀA)⁻¹) = diag(R⁻¹R⁻ᵀ) = the squared row norms of R⁻¹.
    ///
    /// **Accuracy (`Double`):** backward stable; relative error ≲ c·n·p·u·(κ₂(A) +
    /// κ₂(A)²‖r‖/(‖A‖‖θ̂‖)). Throws `rankDeficient` with the numerical rank when R has a negligible
    /// diagonal entry.
    public func fitByHouseholderQR() throws -> LeastSquaresFit<S> {
        let qr = try HouseholderQR(design)
        guard qr.rank == parameters else {
            throw LinearGaussianError.rankDeficient(rank: qr.rank, parameters: parameters)
        }
        let theta = try qr.leastSquares(response)
        // Column j of R⁻¹ solves R·x = eⱼ; [(AᵀA)⁻¹]ᵢᵢ = Σⱼ (R⁻¹)ᵢⱼ².
        let r = qr.r
        var diagonal = [S](repeating: .zero, count: parameters)
        for j in 0..<parameters {
            var e = [S](repeating: .zero, count: parameters)
            e[j] = .one
            let column = try TriangularSolve.backward(r, e)
            for i in 0..<parameters { diagonal[i] += column[i] * column[i] }
        }
        return try LeastSquaresFit(model: self, method: .householderQR, estimate: theta, gramInverseDiagonal: diagonal)
    }

    /// θ̂ by Householder QR of the column-equilibrated design AD (LG-6, LG-14), D = diag(2^-eⱼ)
    /// with ‖aⱼ‖·2^-eⱼ in [½, 1], so that forming AD is exact: θ̂ = D·θ̂(AD) and
    /// diag((AᵀA)⁻¹) = D²·diag(((AD)ᵀAD)⁻¹). The statistics are those of this model (A, y).
    ///
    /// **Accuracy:** as `fitByHouseholderQR` with κ₂(AD) for κ₂(A): column scales (1, x ≈ 1e6,
    /// x² ≈ 1e12) neither enter the error nor fail the numerical rank test. Throws `rankDeficient`
    /// with the numerical rank of AD.
    public func fitByEquilibratedHouseholderQR() throws -> LeastSquaresFit<S> {
        let (one, two, half) = (S.one, S(2), S.one / S(2))
        let scales = try (0..<parameters).map { j -> S in
            let norm = try S.sqrt(normSquared(design.column(j)))
            var scale = one
            guard norm > .zero else { return scale }
            // Powers of two only, so that every product aᵢⱼ·scale is exact.
            while norm * scale > one { scale = scale / two }
            while norm * scale < half { scale = scale * two }
            return scale
        }
        let scaled = Matrix<S>(rows: observations, columns: parameters) { i, j in design[i, j] * scales[j] }
        let fit = try LinearGaussianModel(design: scaled, response: response).fitByHouseholderQR()
        let theta = zip(fit.estimate, scales).map { $0 * $1 }
        let diagonal = try zip(fit.gramInverseDiagonal, scales).map { $0 * $1 * $1 }
        return try LeastSquaresFit(model: self, method: .householderQR, estimate: theta, gramInverseDiagonal: diagonal)
    }

    /// The fit by `method`.
    public func fit(by method: LeastSquaresMethod) throws -> LeastSquaresFit<S> {
        switch method {
        case .normalEquationsElimination: return try fitByElimination()
        case .normalEquationsCholesky: return try fitByCholesky()
        case .householderQR: return try fitByHouseholderQR()
        }
    }
}
