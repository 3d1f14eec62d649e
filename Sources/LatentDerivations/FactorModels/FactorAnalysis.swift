import OracleArithmetic
import OracleLinearAlgebra

/// Factor analysis (M. Gales, 4F10, Cambridge 2018, "Factor Analysis"): z ~ N(0, I_q),
/// x | z ~ N(Wz + μ, Ψ) with Ψ diagonal, so x ~ N(μ, WWᵀ + Ψ) (FM-9). With Ψ = σ²I it is PPCA.
///
/// **Edge Cases:** shapes that disagree, non-finite entries and Ψᵢ ≤ 0 throw.
public struct FactorAnalysisModel<S: RealScalar>: Sendable {
    /// μ.
    public let mean: [S]
    /// W (d×q).
    public let loadings: Matrix<S>
    /// diag Ψ.
    public let noiseVariances: [S]

    /// A factor-analysis model; throws `ModelInputError` for shapes, non-finite entries or Ψᵢ ≤ 0.
    public init(mean: [S], loadings: Matrix<S>, noiseVariances: [S]) throws {
        try Validate.meanAndLoadings(mean, loadings)
        try Validate.count(noiseVariances, mean.count, "noiseVariances")
        try Validate.finite(noiseVariances, "noiseVariances")
        try Validate.positive(noiseVariances.enumerated().map { ("noiseVariances[\($0.offset)]", $0.element) })
        self.mean = mean
        self.loadings = loadings
        self.noiseVariances = noiseVariances
    }
}

extension FactorAnalysisModel: LinearGaussianLatentModel {}

/// EM for factor analysis (FM-10), maximising the auxiliary function of M. Gales, 4F10, Cambridge
/// 2018 ("(Variational) EM"): with G = (I + WᵀΨ⁻¹W)⁻¹ and β = GWᵀΨ⁻¹, the posterior is
/// p(z | x) = N(β(x − μ), G), and the M-step on the moments gives
///
///   W̃ = Sβᵀ (G + βSβᵀ)⁻¹,   Ψ̃ = diag(S − W̃βS)   (or σ̃²I with σ̃² = tr(S − W̃βS)/d when
///   the noise is constrained isotropic, which is PPCA through a different formula).
public enum FactorAnalysisEM {
    /// The noise model: a free diagonal Ψ, or Ψ = σ²I (PPCA).
    public enum Noise: Sendable, Equatable {
        case diagonal
        case isotropic
    }

    /// One EM iteration. Throws `FactorModelError.zeroVariance(dimension:)` when an updated Ψᵢ is
    /// not positive.
    public static func step<S: RealScalar>(
        _ model: FactorAnalysisModel<S>, _ moments: SampleMoments<S>, noise: Noise = .diagonal
    ) throws -> FactorAnalysisModel<S> {
        guard model.dimension == moments.dimension else {
            throw ModelInputError.shapeMismatch(
                what: "data", expected: [moments.count, model.dimension],
                actual: [moments.count, moments.dimension])
        }
        let d = model.dimension, q = model.latentDimension
        let w = model.loadings
        // E-step. WᵀΨ⁻¹ (q×d), K = I + WᵀΨ⁻¹W, β = K⁻¹WᵀΨ⁻¹, G = K⁻¹ (the posterior
        // covariance).
        let wtPsiInv = Matrix(rows: q, columns: d) { i, j in w[j, i] / model.noiseVariances[j] }
        let k = try Matrix(rows: q, columns: q) { i, j in
            var s = NeumaierSum<S>()
            for r in 0..<d { s.add(wtPsiInv[i, r] * w[r, j]) }
            return s.value + (i == j ? S.one : .zero)
        }.symmetrized
        let kFactor = try CholeskyFactorization(k)
        let beta = try kFactor.solve(wtPsiInv)
        let g = try kFactor.solve(Matrix<S>.identity(q))
        // M-step. E = G + βSβᵀ = (1/N) Σ ⟨zₙzₙᵀ⟩; W̃ᵀ = E⁻¹(βS).
        let betaS = try beta * moments.covariance
        let bsb = try betaS * beta.transposed
        let e = try Matrix(rows: q, columns: q) { i, j in g[i, j] + bsb[i, j] }.symmetrized
        let newLoadingsT = try CholeskyFactorization(e).solve(betaS)
        let newLoadings = newLoadingsT.transposed
        // diag(S − W̃βS)ᵢ = Sᵢᵢ − Σⱼ W̃ᵢⱼ(βS)ⱼᵢ.
        let residual = (0..<d).map { i in
            var s = NeumaierSum<S>()
            s.add(moments.covariance[i, i])
            for j in 0..<q { s.add(-(newLoadings[i, j] * betaS[j, i])) }
            return s.value
        }
        let psi: [S]
        switch noise {
        case .diagonal:
            psi = residual
        case .isotropic:
            psi = [S](repeating: compensatedSum(residual) / S(d), count: d)
        }
        for (i, value) in psi.enumerated() where !(value > .zero) {
            throw noise == .diagonal ? FactorModelError.zeroVariance(dimension: i) : FactorModelError.degenerateNoise
        }
        return try FactorAnalysisModel(mean: moments.mean, loadings: newLoadings, noiseVariances: psi)
    }

    /// EM from `initial`, recording every iteration (see `FactorModelTrace`). Refuses data with
    /// a constant dimension (`zeroVariance(dimension:)`): there the ML Ψᵢ is 0.
    public static func run<S: RealScalar>(
        data: [[S]], initial: FactorAnalysisModel<S>, noise: Noise = .diagonal,
        maximumIterations: Int, tolerance: S = .zero
    ) throws -> FactorModelTrace<FactorAnalysisModel<S>, S> {
        let moments = try SampleMoments(data: data)
        guard initial.dimension == moments.dimension else {
            throw ModelInputError.shapeMismatch(
                what: "data", expected: [moments.count, initial.dimension],
                actual: [moments.count, moments.dimension])
        }
        try FactorData.latentDimension(initial.latentDimension, moments.dimension)
        guard moments.count >= initial.latentDimension + 2 else {
            throw FactorModelError.tooFewPoints(count: moments.count, required: initial.latentDimension + 2)
        }
        // A constant column is detected on the data themselves: its computed variance may be a
        // rounding residue rather than an exact 0.
        for j in 0..<moments.dimension where data.allSatisfy({ $0[j] == data[0][j] }) {
            throw FactorModelError.zeroVariance(dimension: j)
        }
        return try FactorModelTrace.run(
            initial: initial, maximumIterations: maximumIterations, tolerance: tolerance,
            logLikelihood: { try $0.logLikelihood(moments) }, step: { try step($0, moments, noise: noise) })
    }
}
