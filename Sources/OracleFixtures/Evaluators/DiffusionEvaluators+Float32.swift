import LatentDerivations
import OracleArithmetic

// The float32 routes of `diffusion/gaussian-elbo/*`: the recursions of DF-2 … DF-6 run in `Float`
// on the schedule and inputs rounded to `Float` (1 − ᾱ_t as the sum of non-negative terms, as in
// float64), measured against the certified values by `Float32Measurement`.

extension DiffusionEvaluators {
    static func float32Schedule(_ read: EvaluationInputs) throws -> GaussianDiffusion<Float> {
        try GaussianDiffusion(betas: read.floats("betas"))
    }
}

extension DiffusionForwardEvaluator {
    /// ᾱ_t, the marginals (DF-2) and the posterior coefficients (DF-3) in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let diffusion = try DiffusionEvaluators.float32Schedule(read)
        let x0 = Float(read.real("x0"))
        let T = diffusion.steps
        let marginals = try (1...T).map { try diffusion.marginal($0, given: x0) }
        let posterior = try stride(from: 2, through: T, by: 1).flatMap { t in
            let c = try diffusion.posteriorCoefficients(t)
            return [c.x0, c.xt, c.variance]
        }
        return .measured(
            outputs: [
                "alphaBars": diffusion.alphaBars, "marginalMeans": marginals.map(\.mean),
                "marginalVariances": marginals.map(\.variance), "posterior": posterior,
            ],
            route: "GaussianDiffusion (DF-2, DF-3)")
    }
}

extension DiffusionELBOTermsEvaluator {
    /// Every ELBO term (DF-5) and ln p(x₀) of the reverse process (DF-4) in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let diffusion = try DiffusionEvaluators.float32Schedule(read)
        let (slopes, offsets, variances) = (read.floats("slopes"), read.floats("offsets"), read.floats("variances"))
        let reverse = try GaussianReverseProcess(
            prior: try UnivariateGaussian(
                mean: Float(read.real("priorMean")), variance: Float(read.real("priorVariance"))),
            steps: try slopes.indices.map {
                try LinearGaussianReverseStep(slope: slopes[$0], offset: offsets[$0], variance: variances[$0])
            })
        let x0 = Float(read.real("x0"))
        let terms = try diffusion.elboTerms(x0: x0, reverse: reverse)
        // The prior KL at ᾱ_T ≈ 0: r = (1 − ᾱ_T)/priorVariance ≈ 1 enters through r − 1 − ln r, whose
        // slope 1 − 1/r ≈ −ᾱ_T turns float32's rounding of 1 − ᾱ_T (½ ulp of 1, 2⁻²⁵) into κ·2⁻²⁵ of
        // a KL κ = |r − 1|/KL times smaller than r − 1: beyond κ = 2¹⁴ that is > 2⁻¹¹ relative.
        let r = diffusion.oneMinusAlphaBars[diffusion.steps] / Float(read.real("priorVariance"))
        let kappa = abs(r - 1) / terms.priorKL
        if kappa > 0x1p14 {
            return .float64Only(
                reason: """
                    the prior KL is κ = \(Int(kappa.rounded())) times smaller than r − 1, r = (1 − ᾱ_T)/priorVariance: \
                    float32's rounding of 1 − ᾱ_T alone (½ ulp of 1) moves it by κ·2⁻²⁵ > 2⁻¹¹ relative
                    """)
        }
        let marginal = try reverse.dataMarginal()
        return .measured(
            outputs: [
                "reconstruction": [terms.reconstruction], "denoisingKL": terms.denoisingKL,
                "priorKL": [terms.priorKL], "elbo": [terms.elbo],
                "logEvidence": [
                    try DiffusionEvaluators.logDensity(x0, mean: marginal.mean, variance: marginal.variance)
                ],
            ],
            route: "GaussianDiffusion.elboTerms, GaussianReverseProcess.dataMarginal (DF-4, DF-5)")
    }
}

extension DiffusionOptimalReverseEvaluator {
    /// The optimal reverse steps (DF-6), their ELBO and ln N(x₀; m, v) in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let diffusion = try DiffusionEvaluators.float32Schedule(read)
        let (x0, mean, variance) = (
            Float(read.real("x0")), Float(read.real("dataMean")), Float(read.real("dataVariance"))
        )
        let reverse = try GaussianReverseProcess.optimal(
            for: diffusion, data: try UnivariateGaussian(mean: mean, variance: variance))
        return .measured(
            outputs: [
                "reverseSteps": reverse.steps.flatMap { [$0.slope, $0.offset, $0.variance] },
                "elbo": [try diffusion.elboTerms(x0: x0, reverse: reverse).elbo],
                "logEvidence": [try DiffusionEvaluators.logDensity(x0, mean: mean, variance: variance)],
            ],
            route: "GaussianReverseProcess.optimal (DF-6)")
    }
}
