import OracleArithmetic
import OracleLinearAlgebra

/// The Bayesian linear Gaussian model (LG-8…LG-10): prior θ ~ N(μ₀, Σ₀), likelihood
/// y | θ ~ N(Aθ, σ²I).
///
/// Completing the square in θ gives the posterior N(μ_N, Σ_N) with
///   Λ_N = Σ_N⁻¹ = Σ₀⁻¹ + AᵀA/σ²,   Λ_N μ_N = Σ₀⁻¹μ₀ + Aᵀy/σ²,
/// and the evidence p(y) = N(y; Aμ₀, AΣ₀Aᵀ + σ²I). Everything is rational in rational inputs and
/// exact over `Rational`; over `Double` the p×p systems are solved by LDLᵀ (SPD, no pivoting needed).
///
/// **Edge Cases:** Σ₀ not symmetric positive definite throws
/// `LinearGaussianError.priorNotPositiveDefinite`; σ² ≤ 0, wrong shapes, non-finite entries throw
/// `ModelInputError`. Validation happens before any computation.
public struct BayesianLinearGaussian<S: FieldScalar>: Sendable {
    /// The data A, y.
    public let model: LinearGaussianModel<S>
    /// μ₀.
    public let priorMean: [S]
    /// Σ₀.
    public let priorCovariance: Matrix<S>
    /// σ².
    public let noiseVariance: S
    /// Σ₀⁻¹ (by solving Σ₀X = I with the LDLᵀ factors; exact over ℚ).
    public let priorPrecision: Matrix<S>
    /// |Σ₀|.
    public let priorDeterminant: S

    /// Validates the prior and noise. Throws as in the type's Edge Cases.
    public init(model: LinearGaussianModel<S>, priorMean: [S], priorCovariance: Matrix<S>, noiseVariance: S) throws {
        let p = model.parameters
        try Validate.count(priorMean, p, "priorMean")
        try Validate.finite(priorMean, "priorMean")
        guard priorCovariance.rows == p, priorCovariance.columns == p else {
            throw ModelInputError.shapeMismatch(
                what: "priorCovariance", expected: [p, p], actual: [priorCovariance.rows, priorCovariance.columns])
        }
        try Validate.finite(priorCovariance.entries, "priorCovariance (row-major)")
        try Validate.finite([noiseVariance], "noiseVariance")
        guard noiseVariance > .zero else {
            throw ModelInputError.notPositive(what: "noiseVariance", value: "\(noiseVariance)")
        }
        let ldl = try Self.positiveDefiniteFactors(priorCovariance)
        self.model = model
        self.priorMean = priorMean
        self.priorCovariance = priorCovariance
        self.noiseVariance = noiseVariance
        // Over a rounding scalar the solved inverse may differ from its transpose in the last bits;
        // Λ_N = Σ₀⁻¹ + AᵀA/σ² must be symmetric for LDLᵀ, so it is symmetrized (exact scalars: as is).
        let inverse = try ldl.solve(Matrix<S>.identity(p))
        priorPrecision = S.isExact ? inverse : try inverse.symmetrized
        priorDeterminant = ldl.determinant
    }

    /// LDLᵀ of a matrix that must be symmetric positive definite (all pivots > 0).
    static func positiveDefiniteFactors(_ sigma: Matrix<S>) throws -> LDLFactorization<S> {
        let ldl: LDLFactorization<S>
        do {
            ldl = try LDLFactorization(sigma)
        } catch {
            throw LinearGaussianError.priorNotPositiveDefinite(detail: error.description)
        }
        if let k = ldl.d.firstIndex(where: { !($0 > .zero) }) {
            throw LinearGaussianError.priorNotPositiveDefinite(
                detail: "the leading minor of order \(k + 1) is not positive (pivot \(ldl.d[k]))")
        }
        return ldl
    }

    /// The posterior N(μ_N, Σ_N) by completing the square (LG-8).
    public func posterior() throws -> GaussianPosterior<S> {
        let noisePrecision = S.one / noiseVariance
        let h = try add(priorPrecision * priorMean, model.moment.map { $0 * noisePrecision })
        return try GaussianPosterior(
            model: model, priorMean: priorMean, priorPrecision: priorPrecision,
            priorDeterminantFactors: [.init(base: priorDeterminant, exponent: 1)], noiseVariance: noiseVariance,
            linearTerm: h)
    }

    /// ln p(θ) = ln N(θ; μ₀, Σ₀) in parts (used by the evidence identity, LG-9).
    public func logPriorTerms(at theta: [S]) throws -> GaussianLogDensityTerms<S> {
        try Validate.count(theta, model.parameters, "theta")
        let d = try subtract(theta, priorMean)
        return GaussianLogDensityTerms(
            dimension: model.parameters, determinantFactors: [.init(base: priorDeterminant, exponent: 1)],
            quadratic: try dot(d, try priorPrecision * d))
    }

    /// ln p(y) = ln N(y; Aμ₀, AΣ₀Aᵀ + σ²I) formed directly in n dimensions (LG-10, the definition
    /// route): |C| and yᵀC⁻¹y by elimination on the n×n matrix C. O(n³); an independent check on
    /// `GaussianPosterior.logEvidenceTerms`, which works in p dimensions.
    public func directLogEvidenceTerms() throws -> GaussianLogDensityTerms<S> {
        let a = model.design
        let c =
            try a * priorCovariance * a.transposed
            + Matrix<S>.diagonal(Array(repeating: noiseVariance, count: model.observations))
        let r = try subtract(model.response, try a * priorMean)
        let ldl = try LDLFactorization(c)
        return GaussianLogDensityTerms(
            dimension: model.observations, determinantFactors: [.init(base: ldl.determinant, exponent: 1)],
            quadratic: try dot(r, try ldl.solve(r)))
    }
}

/// The posterior N(μ_N, Σ_N) of the Bayesian linear Gaussian model and the evidence (LG-8…LG-10).
public struct GaussianPosterior<S: FieldScalar>: Sendable {
    /// μ_N.
    public let mean: [S]
    /// Λ_N = Σ₀⁻¹ + AᵀA/σ².
    public let precision: Matrix<S>
    /// Σ_N = Λ_N⁻¹.
    public let covariance: Matrix<S>
    /// |Λ_N|.
    public let precisionDeterminant: S
    /// σ².
    public let noiseVariance: S
    /// ln p(y) in parts (LG-10): dimension n, |C| = (σ²)ⁿ |Σ₀| |Λ_N| (matrix determinant lemma),
    /// q = ‖y − Aμ_N‖²/σ² + (μ_N − μ₀)ᵀΣ₀⁻¹(μ_N − μ₀) (the minimum of the completed
    /// square).
    public let logEvidenceTerms: GaussianLogDensityTerms<S>
    /// The prior precision Σ₀⁻¹ (kept for tr(Σ₀⁻¹Σ_N) in type-II updates).
    public let priorPrecision: Matrix<S>

    init(
        model: LinearGaussianModel<S>, priorMean: [S], priorPrecision: Matrix<S>,
        priorDeterminantFactors: [DeterminantFactor<S>], noiseVariance: S, linearTerm h: [S]
    ) throws {
        let p = model.parameters
        let noisePrecision = S.one / noiseVariance
        // LG-8: −½θᵀΛ_Nθ + θᵀh + const with Λ_N = Σ₀⁻¹ + AᵀA/σ², h = Σ₀⁻¹μ₀ +
        // Aᵀy/σ².
        let lambda = try priorPrecision + model.gram.map { $0 * noisePrecision }
        let ldl = try LDLFactorization(lambda)
        mean = try ldl.solve(h)
        precision = lambda
        covariance = try ldl.solve(Matrix<S>.identity(p))
        precisionDeterminant = ldl.determinant
        self.noiseVariance = noiseVariance
        self.priorPrecision = priorPrecision
        let fit = try model.residualSumOfSquares(at: mean) / noiseVariance
        let shift = try subtract(mean, priorMean)
        let penalty = try dot(shift, try priorPrecision * shift)
        logEvidenceTerms = GaussianLogDensityTerms(
            dimension: model.observations,
            determinantFactors: [.init(base: noiseVariance, exponent: model.observations)] + priorDeterminantFactors
                + [.init(base: ldl.determinant, exponent: 1)],
            quadratic: fit + penalty)
    }

    /// ln p(θ | y) = ln N(θ; μ_N, Σ_N) in parts (|Σ_N| = 1/|Λ_N|).
    public func logPosteriorTerms(at theta: [S]) throws -> GaussianLogDensityTerms<S> {
        try Validate.count(theta, mean.count, "theta")
        let d = try subtract(theta, mean)
        return GaussianLogDensityTerms(
            dimension: mean.count, determinantFactors: [.init(base: precisionDeterminant, exponent: -1)],
            quadratic: try dot(d, try precision * d))
    }

    /// The posterior predictive at new design rows A* (LG-11): y* ~ N(A*μ_N, A*Σ_N A*ᵀ + σ²I).
    /// Returns the mean and the per-row variances aᵢᵀΣ_N aᵢ + σ².
    public func predictive(at rows: Matrix<S>) throws -> (mean: [S], variance: [S]) {
        guard rows.columns == mean.count else {
            throw ModelInputError.shapeMismatch(
                what: "prediction rows", expected: [rows.rows, mean.count], actual: [rows.rows, rows.columns])
        }
        try Validate.finite(rows.entries, "prediction rows (row-major)")
        var variances: [S] = []
        for i in 0..<rows.rows {
            let a = rows.row(i)
            variances.append(try dot(a, try covariance * a) + noiseVariance)
        }
        return (try rows * mean, variances)
    }
}
