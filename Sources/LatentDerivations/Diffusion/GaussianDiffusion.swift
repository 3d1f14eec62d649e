import OracleArithmetic

/// The linear-Gaussian forward (noising) process of a diffusion model on one coordinate
/// (`Proofs/12-diffusion-elbo.md`, DF-1 … DF-3):
///   q(x_t | x_{t−1}) = N(√(1 − β_t) x_{t−1}, β_t),  t = 1 … T.
/// Coordinates of an isotropic process are independent, so a d-dimensional ELBO is the sum of
/// d of these.
///
/// **Edge Cases:** an empty schedule or any β_t outside the open interval (0, 1) throws
/// `ModelInputError` (β_t = 1 would erase x_{t−1}; β_t = 0 makes q(x_{t−1} | x_t, x₀) degenerate).
public struct GaussianDiffusion<S: RealScalar>: Sendable {
    /// β₁ … β_T (index t − 1).
    public let betas: [S]
    /// ᾱ₀ = 1, ᾱ_t = Π_{s≤t}(1 − β_s) (index t, T + 1 entries).
    public let alphaBars: [S]
    /// 1 − ᾱ_t (index t, T + 1 entries) by the recursion 1 − ᾱ_t = (1 − ᾱ_{t−1}) + ᾱ_{t−1}β_t, a sum
    /// of non-negative terms: relative error ≤ 3t·u in `Double` even where ᾱ_t ≈ 1 (β_t ≈ 1e-8), where
    /// 1 − ᾱ_t from the rounded ᾱ_t keeps only log10(2⁵³(1 − ᾱ_t)) digits.
    public let oneMinusAlphaBars: [S]

    public init(betas: [S]) throws {
        guard !betas.isEmpty else { throw ModelInputError.empty(what: "betas") }
        try Validate.finite(betas, "betas")
        for (t, beta) in betas.enumerated() where !(beta > .zero && beta < .one) {
            throw ModelInputError.outOfDomain(what: "betas[\(t)]", value: "\(beta)", requirement: "0 < β < 1")
        }
        self.betas = betas
        var bars = [S.one], complements = [S.zero]
        for beta in betas {
            complements.append(complements.last! + bars.last! * beta)
            bars.append(bars.last! * (S.one - beta))
        }
        alphaBars = bars
        oneMinusAlphaBars = complements
    }

    /// T.
    public var steps: Int { betas.count }

    func requireStep(_ t: Int, from lower: Int) throws {
        guard (lower...steps).contains(t) else {
            throw ModelInputError.outOfDomain(what: "t", value: "\(t)", requirement: "\(lower) ≤ t ≤ \(steps)")
        }
    }

    /// q(x_t | x₀) = N(√ᾱ_t x₀, 1 − ᾱ_t) (DF-2): the composition of t Gaussian steps.
    public func marginal(_ t: Int, given x0: S) throws -> UnivariateGaussian<S> {
        try requireStep(t, from: 1)
        return try UnivariateGaussian(mean: (try S.sqrt(alphaBars[t])) * x0, variance: oneMinusAlphaBars[t])
    }

    /// The coefficients of q(x_{t−1} | x_t, x₀) = N(c₀x₀ + c_t x_t, β̃_t) for 2 ≤ t ≤ T (DF-3):
    /// c₀ = √ᾱ_{t−1} β_t/(1 − ᾱ_t), c_t = √(1 − β_t)(1 − ᾱ_{t−1})/(1 − ᾱ_t),
    /// β̃_t = (1 − ᾱ_{t−1})β_t/(1 − ᾱ_t).
    public func posteriorCoefficients(_ t: Int) throws -> (x0: S, xt: S, variance: S) {
        try requireStep(t, from: 2)
        let beta = betas[t - 1]
        let oneMinusBar = oneMinusAlphaBars[t]
        return (
            (try S.sqrt(alphaBars[t - 1])) * beta / oneMinusBar,
            (try S.sqrt(S.one - beta)) * oneMinusAlphaBars[t - 1] / oneMinusBar,
            oneMinusAlphaBars[t - 1] * beta / oneMinusBar
        )
    }

    /// q(x_{t−1} | x_t, x₀) (DF-3).
    public func posterior(_ t: Int, xt: S, x0: S) throws -> UnivariateGaussian<S> {
        let c = try posteriorCoefficients(t)
        return try UnivariateGaussian(mean: c.x0 * x0 + c.xt * xt, variance: c.variance)
    }
}
