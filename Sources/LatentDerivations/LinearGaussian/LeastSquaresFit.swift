import OracleArithmetic
import OracleLinearAlgebra

/// How θ̂ was computed.
public enum LeastSquaresMethod: String, Sendable, CaseIterable {
    /// Elimination on the normal equations AᵀAθ = Aᵀy (fraction-free Bareiss; exact over ℚ). LG-5.
    case normalEquationsElimination = "elimination"
    /// Cholesky AᵀA = LLᵀ, then two triangular solves. LG-6.
    case normalEquationsCholesky = "cholesky"
    /// Householder QR of A, then Rθ = Qᵀy; AᵀA is never formed. LG-6.
    case householderQR = "householder-qr"
}

/// The maximum-likelihood fit of y = Aθ + η (LG-4…LG-7) and its regression statistics.
///
/// **Conventions:** σ̂²_ML = RSS/n maximises the likelihood; s² = RSS/(n − p) is unbiased and is
/// the one in the standard errors and NIST's "residual standard deviation" s. R² = 1 − RSS/TSS
/// with TSS centred (Σ(yᵢ − ȳ)²) when A has an intercept column and uncentred (Σyᵢ²) when not;
/// the regression sum of squares is TSS − RSS, with p − 1 (intercept) or p degrees of freedom.
///
/// Every statistic is a rational function of the data and θ̂, so over `Rational` with the
/// elimination path every one is exact; the square roots (standard errors, s) are in the
/// `RealScalar` extension and are checked against certified decimals in ℚ by squaring.
public struct LeastSquaresFit<S: FieldScalar>: Sendable {
    /// The data.
    public let model: LinearGaussianModel<S>
    /// The path that produced θ̂.
    public let method: LeastSquaresMethod
    /// θ̂ = (AᵀA)⁻¹Aᵀy (never formed by an inverse).
    public let estimate: [S]
    /// RSS = ‖y − Aθ̂‖². Over exact scalars it is formed as yᵀy − θ̂ᵀAᵀy, which equals ‖y −
    /// Aθ̂‖² exactly because AᵀAθ̂ = Aᵀy holds exactly (LG-4): p + 1 rational operations instead of n
    /// squares of large rationals. Over `Double` it is ‖y − Aθ̂‖² (the identity would cancel).
    public let residualSumOfSquares: S
    /// diag((AᵀA)⁻¹) when the solver produced it (Cholesky, QR); `nil` for elimination, where
    /// `gramInverseDiagonal` solves AᵀA·X = I on demand.
    let precomputedInverseDiagonal: [S]?

    init(model: LinearGaussianModel<S>, method: LeastSquaresMethod, estimate: [S], gramInverseDiagonal: [S]?) throws {
        self.model = model
        self.method = method
        self.estimate = estimate
        if S.isExact {
            residualSumOfSquares = model.responseSquaredNorm - (try dot(estimate, model.moment))
        } else {
            residualSumOfSquares = normSquared(try model.residuals(at: estimate))
        }
        precomputedInverseDiagonal = gramInverseDiagonal
    }

    /// y − Aθ̂.
    public var residuals: [S] {
        get throws { try model.residuals(at: estimate) }
    }

    /// diag((AᵀA)⁻¹): the estimates' variances per unit noise variance (for elimination, by
    /// solving AᵀA·X = I exactly; never used for θ̂).
    public var gramInverseDiagonal: [S] {
        get throws {
            if let precomputedInverseDiagonal { return precomputedInverseDiagonal }
            let inverse = try Bareiss.solve(model.gram, Matrix<S>.identity(model.parameters))
            return inverse.diagonal
        }
    }

    /// n − p, the residual degrees of freedom.
    public var residualDegreesOfFreedom: Int { model.observations - model.parameters }
    /// p − 1 with an intercept, p without.
    public var regressionDegreesOfFreedom: Int { model.parameters - (model.hasIntercept ? 1 : 0) }

    /// σ̂²_ML = RSS/n, the maximiser of the likelihood in σ² (LG-7).
    public var maximumLikelihoodNoiseVariance: S { residualSumOfSquares / S(model.observations) }

    /// s² = RSS/(n − p), unbiased; `nil` when n = p (no residual degrees of freedom).
    public var unbiasedNoiseVariance: S? {
        residualDegreesOfFreedom > 0 ? residualSumOfSquares / S(residualDegreesOfFreedom) : nil
    }

    /// TSS: Σ(yᵢ − ȳ)² with an intercept, Σyᵢ² without.
    public var totalSumOfSquares: S {
        let y = model.response
        guard model.hasIntercept else { return normSquared(y) }
        let mean = y.reduce(S.zero, +) / S(y.count)
        return normSquared(y.map { $0 - mean })
    }

    /// TSS − RSS, the regression (explained) sum of squares.
    public var regressionSumOfSquares: S { totalSumOfSquares - residualSumOfSquares }

    /// R² = 1 − RSS/TSS; `nil` when TSS = 0 (constant response).
    public var rSquared: S? {
        let total = totalSumOfSquares
        return total.isZero ? nil : S.one - residualSumOfSquares / total
    }

    /// The regression mean square SS_reg/df_reg; `nil` when df_reg = 0.
    public var regressionMeanSquare: S? {
        regressionDegreesOfFreedom > 0 ? regressionSumOfSquares / S(regressionDegreesOfFreedom) : nil
    }

    /// F = MS_reg / s²; `nil` when undefined, including an exact fit (RSS = 0: NIST prints "Infinity").
    public var fStatistic: S? {
        guard let msr = regressionMeanSquare, let s2 = unbiasedNoiseVariance, !s2.isZero else { return nil }
        return msr / s2
    }

    /// Var(θ̂ⱼ) = s²·[(AᵀA)⁻¹]ⱼⱼ, the squared standard errors; `nil` when n = p.
    public var estimateVariances: [S]? {
        get throws {
            guard let s2 = unbiasedNoiseVariance else { return nil }
            return try gramInverseDiagonal.map { s2 * $0 }
        }
    }

    /// ln p(y | θ̂, σ̂²_ML) in parts: n ln 2π + n ln(RSS/n) + n (LG-7); throws when RSS = 0
    /// (the likelihood is unbounded at an exact fit).
    public func maximumLogLikelihoodTerms() throws -> GaussianLogDensityTerms<S> {
        try model.logLikelihoodTerms(at: estimate, noiseVariance: maximumLikelihoodNoiseVariance)
    }
}

extension LeastSquaresFit where S: RealScalar {
    /// s = √(RSS/(n − p)), NIST's "residual standard deviation"; `nil` when n = p.
    public var residualStandardDeviation: S? {
        get throws { try unbiasedNoiseVariance.map { try S.sqrt($0) } }
    }

    /// The standard errors √(s²[(AᵀA)⁻¹]ⱼⱼ); `nil` when n = p.
    public var standardErrors: [S]? {
        get throws { try estimateVariances?.map { try S.sqrt($0) } }
    }
}
