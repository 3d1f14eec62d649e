import OracleArithmetic
import OracleLinearAlgebra

/// The Gaussian N(μ, Σ) on ℝᵈ, with Σ symmetric positive definite, evaluated through the
/// Cholesky factor Σ = LLᵀ and never through Σ⁻¹ (`Proofs/03-gaussian-density.md`, GD-1…GD-4).
///
/// Generic over the scalar: at `Double` it is what a careful float64 implementation does; at
/// `BigFloat` it is the reference.
///
/// **Accuracy (`Double`):** `logDensity` has absolute error ≲ (d + 2)·u·(|ln|Σ|| + q + d·ln 2π)
/// plus κ(Σ)·u·q from the triangular solve, where q is the Mahalanobis term and u = 2⁻⁵³.
///
/// **Edge Cases:** a covariance that is not symmetric or not positive definite, a shape
/// mismatch, or a non-finite entry throws; nothing is half-built.
public struct MultivariateGaussian<Scalar: RealScalar>: Sendable {
    /// μ.
    public let mean: [Scalar]
    /// Σ.
    public let covariance: Matrix<Scalar>
    /// Σ = LLᵀ.
    public let cholesky: CholeskyFactorization<Scalar>

    /// N(mean, covariance). Throws `ModelInputError` for shapes and non-finite entries, and
    /// `LinearAlgebraError` when the covariance is not symmetric positive definite.
    public init(mean: [Scalar], covariance: Matrix<Scalar>) throws {
        try Validate.finite(mean, "mean")
        guard !mean.isEmpty else { throw ModelInputError.empty(what: "mean") }
        guard covariance.rows == mean.count, covariance.columns == mean.count else {
            throw ModelInputError.shapeMismatch(
                what: "covariance", expected: [mean.count, mean.count],
                actual: [covariance.rows, covariance.columns])
        }
        self.mean = mean
        self.covariance = covariance
        self.cholesky = try CholeskyFactorization(covariance)
    }

    /// d.
    public var dimension: Int { mean.count }

    /// ln|Σ| = 2 Σᵢ ln Lᵢᵢ (GD-2).
    public var logDeterminant: Scalar { cholesky.logDeterminant }

    /// ln N(x; μ, Σ) = −½ [d ln 2π + ln|Σ| + (x − μ)ᵀ Σ⁻¹ (x − μ)] (GD-1, GD-3).
    public func logDensity(_ x: [Scalar]) throws -> Scalar {
        try Validate.count(x, dimension, "x")
        try Validate.finite(x, "x")
        // GD-3: (x − μ)ᵀΣ⁻¹(x − μ) = ‖L⁻¹(x − μ)‖², one forward substitution.
        let mahalanobis = try cholesky.mahalanobisSquared(subtract(x, mean))
        let logTwoPi = try Scalar.log(Scalar(2) * Scalar.pi)
        let half = Scalar.one / Scalar(2)
        return -half * (Scalar(dimension) * logTwoPi + logDeterminant + mahalanobis)
    }

    /// The differential entropy −E[ln N(x; μ, Σ)] = ½ [d (1 + ln 2π) + ln|Σ|] (GD-4), because
    /// E[(x − μ)ᵀΣ⁻¹(x − μ)] = tr(Σ⁻¹Σ) = d.
    public func entropy() throws -> Scalar {
        let logTwoPi = try Scalar.log(Scalar(2) * Scalar.pi)
        let half = Scalar.one / Scalar(2)
        return half * (Scalar(dimension) * (Scalar.one + logTwoPi) + logDeterminant)
    }
}
