import OracleArithmetic
import OracleLinearAlgebra

/// A linear-Gaussian latent model: z ~ N(0, I_q), x | z ~ N(Wz + μ, Ψ) with Ψ diagonal, so that
/// x ~ N(μ, WWᵀ + Ψ). Factor analysis has a free diagonal Ψ (FM-9); PPCA has Ψ = σ²I (FM-1).
///
/// Conforming types validate their parameters on construction; the members here only combine them.
public protocol LinearGaussianLatentModel<Scalar>: Sendable {
    associatedtype Scalar: RealScalar
    /// μ (d entries).
    var mean: [Scalar] { get }
    /// W (d×q).
    var loadings: Matrix<Scalar> { get }
    /// diag Ψ (d entries, each > 0).
    var noiseVariances: [Scalar] { get }
}

extension LinearGaussianLatentModel {
    /// d.
    public var dimension: Int { mean.count }
    /// q.
    public var latentDimension: Int { loadings.columns }

    /// WWᵀ, the rotation-invariant part of W.
    public func loadingsProduct() throws -> Matrix<Scalar> { try loadings * loadings.transposed }

    /// C = WWᵀ + Ψ (FM-1, FM-9), symmetrized so that rounding leaves it exactly symmetric.
    public func marginalCovariance() throws -> Matrix<Scalar> {
        let product = try loadingsProduct()
        let psi = noiseVariances
        return try Matrix(rows: dimension, columns: dimension) { i, j in
            product[i, j] + (i == j ? psi[i] : .zero)
        }.symmetrized
    }

    /// Σₙ ln N(xₙ; μ, WWᵀ + Ψ) from the data's moments (FM-2, FM-9).
    public func logLikelihood(_ moments: SampleMoments<Scalar>) throws -> Scalar {
        try gaussianLogLikelihood(mean: mean, covariance: try marginalCovariance(), moments: moments)
    }
}
