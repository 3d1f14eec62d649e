import OracleArithmetic

/// The terms of the diffusion ELBO for one x₀ (`Proofs/12-diffusion-elbo.md`, DF-5):
///   L = E_q[ln p(x₀ | x₁)] − Σ_{t=2}^{T} E_q[KL(q(x_{t−1} | x_t, x₀) ‖ p(x_{t−1} | x_t))]
///       − KL(q(x_T | x₀) ‖ p(x_T)).
public struct DiffusionELBOTerms<S: RealScalar>: Sendable, Equatable {
    /// E_{q(x₁|x₀)}[ln p(x₀ | x₁)].
    public let reconstruction: S
    /// E_{q(x_t|x₀)}[KL(q(x_{t−1} | x_t, x₀) ‖ p(x_{t−1} | x_t))] for t = 2 … T (index t − 2).
    public let denoisingKL: [S]
    /// KL(q(x_T | x₀) ‖ p(x_T)).
    public let priorKL: S

    /// L = reconstruction − Σ denoisingKL − priorKL.
    public var elbo: S { denoisingKL.reduce(reconstruction - priorKL) { $0 - $1 } }
}

extension GaussianDiffusion {
    /// Every ELBO term in closed form (DF-5). Each denoising term is the Gaussian KL between
    /// N(c₀x₀ + c_t x_t, β̃_t) and N(a x_t + b, v) averaged over x_t ~ N(√ᾱ_t x₀, 1 − ᾱ_t); the
    /// mean difference u + w x_t (u = c₀x₀ − b, w = c_t − a) has E[(u + w x_t)²] =
    /// (u + w√ᾱ_t x₀)² + w²(1 − ᾱ_t), so the term is ½[β̃/v + E[(u + w x_t)²]/v − 1 + ln(v/β̃)].
    public func elboTerms(x0: S, reverse: GaussianReverseProcess<S>) throws -> DiffusionELBOTerms<S> {
        guard reverse.steps.count == steps else {
            throw ModelInputError.shapeMismatch(what: "reverse steps", expected: [steps], actual: [reverse.steps.count])
        }
        try Validate.finite([x0], "x0")
        let half = S.one / S(2)
        var denoising: [S] = []
        if steps >= 2 {
            for t in 2...steps {
                let c = try posteriorCoefficients(t)
                let p = reverse.steps[t - 1]
                let u = c.x0 * x0 - p.offset
                let w = c.xt - p.slope
                let meanXt = (try S.sqrt(alphaBars[t])) * x0
                let secondMoment = (u + w * meanXt).squared + w * w * oneMinusAlphaBars[t]
                denoising.append(
                    half
                        * (c.variance / p.variance + secondMoment / p.variance - S.one
                            + (try S.log(p.variance / c.variance))))
            }
        }
        // Reconstruction: E[ln N(x₀; a x₁ + b, v)] with x₁ ~ N(√ᾱ₁x₀, 1 − ᾱ₁).
        let p1 = reverse.steps[0]
        let r = x0 - p1.slope * (try S.sqrt(alphaBars[1])) * x0 - p1.offset
        let reconstruction =
            -half * (try S.log(S(2) * S.pi * p1.variance))
            - (r * r + p1.slope * p1.slope * oneMinusAlphaBars[1]) / (S(2) * p1.variance)
        let priorKL = try (try marginal(steps, given: x0)).klDivergence(to: reverse.prior)
        return DiffusionELBOTerms(reconstruction: reconstruction, denoisingKL: denoising, priorKL: priorKL)
    }
}
