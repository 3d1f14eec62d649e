import OracleArithmetic
import OracleLinearAlgebra

/// Probabilistic PCA (Tipping & Bishop 1999): z ~ N(0, I_q), x | z ~ N(Wz + μ, σ²I_d), so that
/// x ~ N(μ, C) with C = WWᵀ + σ²I (FM-1). W is d×q; only WWᵀ is identified (W and WR give the
/// same model for any orthogonal R).
///
/// **Edge Cases:** shapes that disagree, non-finite entries and σ² ≤ 0 throw.
public struct PPCAModel<S: RealScalar>: Sendable {
    /// μ.
    public let mean: [S]
    /// W (d×q).
    public let loadings: Matrix<S>
    /// σ².
    public let noiseVariance: S

    /// A PPCA model; throws `ModelInputError` for shapes, non-finite entries or σ² ≤ 0.
    public init(mean: [S], loadings: Matrix<S>, noiseVariance: S) throws {
        try Validate.meanAndLoadings(mean, loadings)
        try Validate.finite([noiseVariance], "noiseVariance")
        try Validate.positive([("noiseVariance", noiseVariance)])
        self.mean = mean
        self.loadings = loadings
        self.noiseVariance = noiseVariance
    }

    /// diag Ψ = (σ², …, σ²): PPCA is factor analysis with Ψ = σ²I.
    public var noiseVariances: [S] { Array(repeating: noiseVariance, count: dimension) }

    /// The marginal N(μ, WWᵀ + σ²I) (FM-1).
    public func marginal() throws -> MultivariateGaussian<S> {
        try MultivariateGaussian(mean: mean, covariance: try marginalCovariance())
    }

    /// M = WᵀW + σ²I (q×q).
    func latentPrecisionTimesNoise() throws -> Matrix<S> {
        let product = try loadings.transposed * loadings
        return try Matrix(rows: latentDimension, columns: latentDimension) { i, j in
            product[i, j] + (i == j ? noiseVariance : .zero)
        }.symmetrized
    }

    /// The posterior p(z | x) = N(M⁻¹Wᵀ(x − μ), σ²M⁻¹) with M = WᵀW + σ²I (FM-4).
    public func posterior(_ x: [S]) throws -> (mean: [S], covariance: Matrix<S>) {
        try Validate.count(x, dimension, "x")
        try Validate.finite(x, "x")
        let m = try CholeskyFactorization(try latentPrecisionTimesNoise())
        let mean = try m.solve(try loadings.transposed * (try subtract(x, self.mean)))
        let covariance = noiseVariance * (try m.solve(Matrix<S>.identity(latentDimension)))
        return (mean, try covariance.symmetrized)
    }
}

extension PPCAModel: LinearGaussianLatentModel {}
