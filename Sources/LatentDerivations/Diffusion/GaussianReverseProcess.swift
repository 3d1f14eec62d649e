import OracleArithmetic

/// One linear-Gaussian reverse step p(x_{t−1} | x_t) = N(a x_t + c, v).
public struct LinearGaussianReverseStep<S: RealScalar>: Sendable, Equatable {
    public let slope: S
    public let offset: S
    public let variance: S

    /// Throws `ModelInputError.notPositive` unless v > 0.
    public init(slope: S, offset: S, variance: S) throws {
        try Validate.finite([slope, offset, variance], "reverse step")
        guard variance > .zero else {
            throw ModelInputError.notPositive(what: "reverse variance", value: "\(variance)")
        }
        self.slope = slope
        self.offset = offset
        self.variance = variance
    }
}

/// A generative (reverse) process p(x_T) Π_t p(x_{t−1} | x_t) with linear-Gaussian steps
/// (`Proofs/12-diffusion-elbo.md`, DF-4, DF-6). Its marginal p(x₀) is Gaussian, so the evidence
/// that the ELBO bounds is computable exactly.
public struct GaussianReverseProcess<S: RealScalar>: Sendable, Equatable {
    /// p(x_T).
    public let prior: UnivariateGaussian<S>
    /// p(x_{t−1} | x_t) at index t − 1, t = 1 … T.
    public let steps: [LinearGaussianReverseStep<S>]

    public init(prior: UnivariateGaussian<S>, steps: [LinearGaussianReverseStep<S>]) throws {
        guard !steps.isEmpty else { throw ModelInputError.empty(what: "reverse steps") }
        self.prior = prior
        self.steps = steps
    }

    /// p(x₀) = N(m₀, v₀) by propagating x_{t−1} = a_t x_t + c_t + ε, ε ~ N(0, v_t), from x_T
    /// (DF-4): m ← a m + c, v ← a² v + v_t.
    public func dataMarginal() throws -> UnivariateGaussian<S> {
        var m = prior.mean, v = prior.variance
        for step in steps.reversed() {
            m = step.slope * m + step.offset
            v = step.slope * step.slope * v + step.variance
        }
        return try UnivariateGaussian(mean: m, variance: v)
    }

    /// The optimal reverse process for data N(μ, σ²) (DF-6): p(x_T) = q(x_T) and
    /// p(x_{t−1} | x_t) = q(x_{t−1} | x_t), the exact reverse conditionals of the forward chain
    /// started from the data distribution. With q(x_{t−1}) = N(m, v) and α = 1 − β_t,
    /// q(x_{t−1} | x_t) = N(m + k(x_t − √α m), vβ_t/(αv + β_t)) with k = √α v/(αv + β_t).
    public static func optimal(for diffusion: GaussianDiffusion<S>, data: UnivariateGaussian<S>) throws
        -> GaussianReverseProcess<S>
    {
        var m = data.mean, v = data.variance
        var steps: [LinearGaussianReverseStep<S>] = []
        for beta in diffusion.betas {
            let alpha = S.one - beta
            let rootAlpha = try S.sqrt(alpha)
            let denominator = alpha * v + beta
            let k = rootAlpha * v / denominator
            // offset = m − k√α m = m(1 − αv/(αv + β)) = mβ/(αv + β): no difference of nearly equal
            // numbers when β ≈ 1e-8 makes k√α ≈ 1.
            steps.append(
                try LinearGaussianReverseStep(
                    slope: k, offset: m * beta / denominator,
                    variance: v * beta / denominator))
            // q(x_t) = N(√α m, αv + β).
            m = rootAlpha * m
            v = denominator
        }
        return try GaussianReverseProcess(prior: try UnivariateGaussian(mean: m, variance: v), steps: steps)
    }
}
