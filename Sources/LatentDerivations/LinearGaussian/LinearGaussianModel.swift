import OracleArithmetic
import OracleLinearAlgebra

/// The data of the linear Gaussian model y = Aθ + η, η ~ N(0, σ²I) (LG-1): a validated n×p
/// design A and response y, with the sufficient statistics AᵀA, Aᵀy and yᵀy that every estimator
/// below needs, computed once (exactly over `Rational`; compensated sums over `Double`).
///
/// **Edge Cases:** an empty design, y of the wrong length, NaN or infinite data, or n < p throws
/// before anything is computed. Rank deficiency is detected by the fits (it needs elimination).
public struct LinearGaussianModel<S: FieldScalar>: Sendable {
    /// A (n×p).
    public let design: Matrix<S>
    /// y (n).
    public let response: [S]
    /// Whether A has an all-ones column. It decides the R² and ANOVA convention: centred total
    /// sum of squares Σ(yᵢ − ȳ)² with an intercept, uncentred Σyᵢ² without (NIST's convention).
    public let hasIntercept: Bool
    /// AᵀA (p×p), the Gram matrix of the normal equations.
    public let gram: Matrix<S>
    /// Aᵀy (p).
    public let moment: [S]
    /// yᵀy.
    public let responseSquaredNorm: S

    /// Validates and stores A and y. Throws `ModelInputError.empty`, `.shapeMismatch`,
    /// `.nonFinite`, or `LinearGaussianError.tooFewObservations`.
    public init(design: Matrix<S>, response: [S]) throws {
        guard design.rows > 0, design.columns > 0 else { throw ModelInputError.empty(what: "design") }
        try Validate.count(response, design.rows, "response")
        try Validate.finite(design.entries, "design (row-major)")
        try Validate.finite(response, "response")
        guard design.rows >= design.columns else {
            throw LinearGaussianError.tooFewObservations(observations: design.rows, parameters: design.columns)
        }
        self.design = design
        self.response = response
        hasIntercept = (0..<design.columns).contains { j in design.column(j).allSatisfy { $0 == .one } }
        let transposed = design.transposed
        gram = try transposed * design
        moment = try transposed * response
        responseSquaredNorm = normSquared(response)
    }

    /// n.
    public var observations: Int { design.rows }
    /// p.
    public var parameters: Int { design.columns }

    /// y − Aθ. Throws `ModelInputError.shapeMismatch` for θ of the wrong length.
    public func residuals(at theta: [S]) throws -> [S] {
        try Validate.count(theta, parameters, "theta")
        return try subtract(response, design * theta)
    }

    /// RSS(θ) = ‖y − Aθ‖² (LG-2).
    public func residualSumOfSquares(at theta: [S]) throws -> S {
        normSquared(try residuals(at: theta))
    }

    /// The score ∂ log p(y | θ, σ²)/∂θ = (1/σ²)Aᵀ(y − Aθ) (LG-3). Throws for a non-positive σ².
    public func score(at theta: [S], noiseVariance: S) throws -> [S] {
        guard noiseVariance > .zero else {
            throw ModelInputError.notPositive(what: "noiseVariance", value: "\(noiseVariance)")
        }
        let gradient = try design.transposed * (try residuals(at: theta))
        return gradient.map { $0 / noiseVariance }
    }

    /// ln p(y | θ, σ²) = ln N(y; Aθ, σ²I) in parts (LG-2): dimension n, |σ²I| = (σ²)ⁿ,
    /// quadratic RSS(θ)/σ². Exact parts over `Rational`.
    public func logLikelihoodTerms(at theta: [S], noiseVariance: S) throws -> GaussianLogDensityTerms<S> {
        guard noiseVariance > .zero else {
            throw ModelInputError.notPositive(what: "noiseVariance", value: "\(noiseVariance)")
        }
        let rss = try residualSumOfSquares(at: theta)
        return GaussianLogDensityTerms(
            dimension: observations, determinantFactors: [.init(base: noiseVariance, exponent: observations)],
            quadratic: rss / noiseVariance)
    }
}
