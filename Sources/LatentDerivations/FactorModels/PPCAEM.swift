import OracleArithmetic
import OracleLinearAlgebra

/// EM for PPCA in the form of Tipping & Bishop (1999), eqs. (29)–(30) (FM-7), with μ = x̄ fixed at
/// its ML value. The E-step posterior moments ⟨zₙ⟩ = M⁻¹Wᵀ(xₙ − x̄), ⟨zₙzₙᵀ⟩ = σ²M⁻¹ +
/// ⟨zₙ⟩⟨zₙ⟩ᵀ (M = WᵀW + σ²I) enter the M-step only through S, giving
///
///   W̃ = SW (σ²I + M⁻¹WᵀSW)⁻¹,   σ̃² = (1/d) tr(S − SWM⁻¹W̃ᵀ).
///
/// Each iteration costs O(d²q); the log-likelihood never decreases (FM-8).
public enum PPCAEM {
    /// One EM iteration on data with moments `moments`.
    public static func step<S: RealScalar>(_ model: PPCAModel<S>, _ moments: SampleMoments<S>) throws -> PPCAModel<S> {
        try requireCompatible(model, moments)
        let w = model.loadings
        let sigma2 = model.noiseVariance
        let q = model.latentDimension
        let m = try model.latentPrecisionTimesNoise()
        let mFactor = try CholeskyFactorization(m)
        let sw = try moments.covariance * w
        let wsw = try w.transposed * sw
        // σ²I + M⁻¹WᵀSW = M⁻¹(σ²M + WᵀSW), so W̃ = SW·B⁻¹·M with B = σ²M + WᵀSW symmetric
        // positive definite: W̃ᵀ = M·B⁻¹·(SW)ᵀ — two symmetric solves, no non-symmetric inverse.
        let b = try Matrix(rows: q, columns: q) { i, j in sigma2 * m[i, j] + wsw[i, j] }.symmetrized
        let newLoadingsT = try m * (try CholeskyFactorization(b).solve(sw.transposed))
        // σ̃² = (1/d)[tr S − tr(SW·M⁻¹W̃ᵀ)].
        let z = try mFactor.solve(newLoadingsT)
        var explained = NeumaierSum<S>()
        for i in 0..<model.dimension { for j in 0..<q { explained.add(sw[i, j] * z[j, i]) } }
        let newSigma2 = ((try moments.covariance.trace) - explained.value) / S(model.dimension)
        guard newSigma2 > .zero else { throw FactorModelError.degenerateNoise }
        return try PPCAModel(mean: moments.mean, loadings: newLoadingsT.transposed, noiseVariance: newSigma2)
    }

    /// EM from `initial` (its mean is replaced by x̄ from the first step on), recording every
    /// iteration. Stops after `maximumIterations` or when the relative log-likelihood change is
    /// ≤ `tolerance` (zero: run them all).
    public static func run<S: RealScalar>(
        data: [[S]], initial: PPCAModel<S>, maximumIterations: Int, tolerance: S = .zero
    ) throws -> FactorModelTrace<PPCAModel<S>, S> {
        let moments = try SampleMoments(data: data)
        try requireCompatible(initial, moments)
        try FactorData.latentDimension(initial.latentDimension, moments.dimension)
        guard moments.count >= initial.latentDimension + 2 else {
            throw FactorModelError.tooFewPoints(count: moments.count, required: initial.latentDimension + 2)
        }
        return try FactorModelTrace.run(
            initial: initial, maximumIterations: maximumIterations, tolerance: tolerance,
            logLikelihood: { try $0.logLikelihood(moments) }, step: { try step($0, moments) })
    }

    static func requireCompatible<S: RealScalar>(_ model: PPCAModel<S>, _ moments: SampleMoments<S>) throws {
        guard model.dimension == moments.dimension else {
            throw ModelInputError.shapeMismatch(
                what: "data", expected: [moments.count, model.dimension],
                actual: [moments.count, moments.dimension])
        }
    }
}
