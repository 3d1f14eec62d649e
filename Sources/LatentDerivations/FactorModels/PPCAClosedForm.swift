import OracleArithmetic
import OracleLinearAlgebra

/// The closed-form maximum-likelihood PPCA fit (Tipping & Bishop 1999, §3.2; FM-5, FM-6):
/// with S = U Λ Uᵀ (eigenvalues λ₁ ≥ … ≥ λ_d of the **1/N** sample covariance),
///
///   μ = x̄,  σ² = (1/(d − q)) Σ_{j>q} λ_j  (the **mean** of the discarded eigenvalues),
///   W = U_q (Λ_q − σ²I)^{1/2} R  (here R = I),
///
/// so WWᵀ = U_q (Λ_q − σ²I) U_qᵀ and the projection onto the principal subspace is U_q U_qᵀ.
/// These and σ² are rotation invariant; W itself is not.
///
/// **Accuracy:** eigenvalues from `SymmetricEigendecomposition` (cyclic Jacobi) at the scalar's
/// working precision: |λ̂ − λ| ≲ c·d·u·‖S‖_F; the subspace U_q is accurate to that over the gap
/// λ_q − λ_{q+1} (Davis–Kahan). A tie λ_q = λ_{q+1} leaves the subspace undetermined.
///
/// **Edge Cases:** q outside 1 ≤ q < d, fewer than q + 2 points, or σ² = 0 throw.
public struct PPCAClosedForm<S: RealScalar>: Sendable {
    /// x̄, S and N.
    public let moments: SampleMoments<S>
    /// q.
    public let latentDimension: Int
    /// All d eigenvalues of S, non-increasing.
    public let eigenvalues: [S]
    /// U_q: the first q eigenvectors (d×q).
    public let principalAxes: Matrix<S>
    /// σ², the mean of the d − q discarded eigenvalues.
    public let noiseVariance: S

    /// The ML fit to `data` (one row per point).
    public init(data: [[S]], latentDimension q: Int) throws {
        try self.init(moments: try SampleMoments(data: data), latentDimension: q)
    }

    /// The ML fit to data with these moments.
    public init(moments: SampleMoments<S>, latentDimension q: Int) throws {
        let d = moments.dimension
        try FactorData.latentDimension(q, d)
        // σ² > 0 needs rank S ≥ q + 1, and rank S ≤ N − 1.
        guard moments.count >= q + 2 else { throw FactorModelError.tooFewPoints(count: moments.count, required: q + 2) }
        // FM-5: the stationary points of the likelihood are W = U_q(Λ_q − σ²I)^{1/2}R with U_q
        // any q eigenvectors; the maximum keeps the q LARGEST eigenvalues (non-increasing order).
        // The tolerance is the smallest normal Double (raised to the scalar's ε by the eigensolver);
        // a scalar with a narrower range (Float) rounds it to 0, so it takes its own smallest normal.
        let least = S(Double.leastNormalMagnitude)
        let tolerance = least > .zero ? least : S(Double(Float.leastNormalMagnitude))
        let eigen = try SymmetricEigendecomposition(moments.covariance, tolerance: tolerance)
        var discarded = NeumaierSum<S>()
        for j in q..<d { discarded.add(eigen.values[j]) }
        // FM-6: σ² is the MEAN of the discarded eigenvalues (not their sum: scikit-learn #7568).
        let sigma2 = discarded.value / S(d - q)
        guard sigma2 > .zero else { throw FactorModelError.degenerateNoise }
        self.moments = moments
        self.latentDimension = q
        self.eigenvalues = eigen.values
        self.principalAxes = Matrix(rows: d, columns: q) { i, j in eigen.vectors[i, j] }
        self.noiseVariance = sigma2
    }

    /// W = U_q (Λ_q − σ²I)^{1/2} (the rotation R = I).
    public func loadings() throws -> Matrix<S> {
        let scales = try (0..<latentDimension).map { j in try S.sqrt(eigenvalues[j] - noiseVariance) }
        return Matrix(rows: principalAxes.rows, columns: latentDimension) { i, j in principalAxes[i, j] * scales[j] }
    }

    /// WWᵀ = U_q (Λ_q − σ²I) U_qᵀ, formed without square roots.
    public func loadingsProduct() throws -> Matrix<S> {
        let d = principalAxes.rows
        return try Matrix(rows: d, columns: d) { i, k in
            var sum = NeumaierSum<S>()
            for j in 0..<latentDimension {
                sum.add(principalAxes[i, j] * (eigenvalues[j] - noiseVariance) * principalAxes[k, j])
            }
            return sum.value
        }.symmetrized
    }

    /// U_q U_qᵀ, the orthogonal projection onto the principal subspace.
    public func projection() throws -> Matrix<S> {
        try (try principalAxes * principalAxes.transposed).symmetrized
    }

    /// The fitted model N(x̄, WWᵀ + σ²I) with R = I.
    public func model() throws -> PPCAModel<S> {
        try PPCAModel(mean: moments.mean, loadings: try loadings(), noiseVariance: noiseVariance)
    }

    /// The maximised log-likelihood (FM-6):
    /// L = −(N/2) [d ln 2π + Σ_{j≤q} ln λ_j + (d − q) ln σ² + d].
    public func logLikelihood() throws -> S {
        let d = moments.dimension
        var logs = NeumaierSum<S>()
        for j in 0..<latentDimension { logs.add(try S.log(eigenvalues[j])) }
        logs.add(S(d - latentDimension) * (try S.log(noiseVariance)))
        let logTwoPi = try S.log(S(2) * S.pi)
        return -(S.one / S(2)) * S(moments.count) * (S(d) * logTwoPi + logs.value + S(d))
    }
}
