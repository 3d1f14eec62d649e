import OracleArithmetic
import OracleLinearAlgebra

/// The factors q(Z)q(θ) with q(Z) = Πₙ Cat(zₙ; rₙ) and q(θ) = δ(θ − θ₀) restricted to a point mass.
public struct DeltaGMMFactors<S: RealScalar>: Sendable, Equatable {
    /// r_nk = q(zₙ = k), N × K.
    public var responsibilities: [[S]]
    /// θ₀ = (π, μ, Σ), the location of the point mass.
    public var parameters: MixtureParameters<S>

    public init(responsibilities: [[S]], parameters: MixtureParameters<S>) {
        self.responsibilities = responsibilities
        self.parameters = parameters
    }
}

/// EM as the special case of mean field where q(θ) is a Dirac delta (`Proofs/10-mean-field.md`,
/// MF-12, MF-13; R. Isachenko, Deep Generative Models, 2021, "Solution" with T = [Z, θ]): factor 0
/// is q(Z), factor 1 is θ₀.
///
/// Update 0 is the mean-field update with E_{q(θ)} = evaluation at θ₀:
/// ln q(zₙ = k) = ln πₖ + ln N(xₙ; μₖ, Σₖ) + const, i.e. the posterior p(Z | X, θ₀) (the E-step),
/// computed here from the log joint by `MultivariateGaussian` and `logSumExp`. Update 1 maximises
/// the ELBO over point masses: −∫δ ln δ does not depend on θ₀, so θ₀ ← argmax E_{q(Z)}[ln p(X, Z | θ)],
/// which is exactly the EM M-step `MixtureMStep.parameters` (reused, with no regulariser).
///
/// **Edge Cases:** empty or ragged data, and every error of the M-step and of
/// `MultivariateGaussian` (a collapsed component) are thrown.
public struct DeltaMeanFieldGMM<S: RealScalar>: Sendable {
    /// x₁ … x_N.
    public let data: [[S]]
    /// The covariance structure of the M-step.
    public let covarianceType: CovarianceType

    public init(data: [[S]], covarianceType: CovarianceType) throws {
        guard let d = data.first?.count, d > 0 else { throw ModelInputError.empty(what: "data") }
        for (n, x) in data.enumerated() {
            try Validate.count(x, d, "data[\(n)]")
            try Validate.finite(x, "data[\(n)]")
        }
        self.data = data
        self.covarianceType = covarianceType
    }

    /// ℓ_nk = ln πₖ + ln N(xₙ; μₖ, Σₖ) = E_{δ(θ−θ₀)}[ln p(xₙ, zₙ = k | θ)].
    public func logJoints(_ theta: MixtureParameters<S>) throws -> [[S]] {
        let components = try (0..<theta.componentCount).map { k in
            try MultivariateGaussian(mean: theta.means[k], covariance: theta.covariances[k])
        }
        let logWeights = try theta.weights.map { try S.log($0) }
        return try data.map { x in
            try (0..<components.count).map { k in logWeights[k] + (try components[k].logDensity(x)) }
        }
    }
}

extension DeltaMeanFieldGMM: MeanFieldModel {
    public typealias Scalar = S
    public typealias Factors = DeltaGMMFactors<S>

    /// J = 2: q(Z), then θ₀.
    public var factorCount: Int { 2 }

    /// MF-12 (j = 0, the E-step) and MF-13 (j = 1, the M-step).
    public func update(_ j: Int, of q: DeltaGMMFactors<S>) throws -> DeltaGMMFactors<S> {
        var next = q
        switch j {
        case 0:
            // ln q(zₙ = k) = ℓ_nk − ln Σⱼ exp ℓ_nj.
            next.responsibilities = try logJoints(q.parameters).map { row in
                let normalizer = try logSumExp(row)
                return row.map { S.exp($0 - normalizer) }
            }
        case 1:
            next.parameters = try MixtureMStep.parameters(
                data: data, responsibilities: q.responsibilities, covarianceType: covarianceType,
                covarianceRegularizer: .zero)
        default:
            throw ModelInputError.outOfDomain(what: "coordinate", value: "\(j)", requirement: "0 ≤ j < 2")
        }
        return next
    }
}

extension DeltaMeanFieldGMM: MeanFieldELBO {
    /// L(q) = Σₙ Σₖ r_nk (ℓ_nk − ln r_nk), the ELBO without the θ₀-independent −∫δ ln δ (MF-13):
    /// the free energy F(q, θ₀) of EM. Terms with r_nk = 0 contribute 0.
    public func elbo(_ q: DeltaGMMFactors<S>) throws -> S {
        let l = try logJoints(q.parameters)
        var sum = NeumaierSum<S>()
        for (n, row) in q.responsibilities.enumerated() {
            for (k, r) in row.enumerated() where r > .zero {
                sum.add(r * (l[n][k] - (try S.log(r))))
            }
        }
        return sum.value
    }
}
