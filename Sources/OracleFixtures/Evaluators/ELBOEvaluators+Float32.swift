import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

// The float32 routes of `elbo/elbo-identity`: the derivations of ELBO-1 … ELBO-8 run in `Float`
// on the inputs rounded to `Float`, measured against the certified values by `Float32Measurement`.

extension GaussianMixtureELBOEvaluator {
    /// ℓₖ = ln πₖ + ln N(x; μₖ, Σₖ) by Cholesky, then logSumExp and the compensated sums of
    /// `DiscreteLatentELBO` (ELBO-1 … ELBO-5), in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let components = try zip(read.matrix("means"), read.matrices("covariances")).map {
            try MultivariateGaussian(
                mean: $0.0.map { Float($0) },
                covariance: try Matrix($0.1.map { $0.map { Float($0) } }))
        }
        let model = try DiscreteLatentELBO.gaussianMixture(
            observation: read.floats("x"), weights: read.floats("weights"), components: components)
        let q = read.floats("q")
        return .measured(
            outputs: [
                "logEvidence": [try model.evidence()], "elbo": [try model.elbo(q)],
                "kl": [try model.klToPosterior(q)], "posterior": try model.posterior(),
            ],
            route: "DiscreteLatentELBO.gaussianMixture (ELBO-5)")
    }
}

extension LinearGaussianELBOEvaluator {
    /// ln N(x; μ, WWᵀ + σ²I), the ELBO of a Gaussian q and KL(q ‖ p(z|x)) by `LinearGaussianELBO`
    /// (ELBO-6, ELBO-7), in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let model = try LinearGaussianELBO(
            loading: try Matrix(read.matrix("W").map { $0.map { Float($0) } }),
            mean: read.floats("mu"), noiseVariance: Float(read.real("noiseVariance")))
        let q = try MultivariateGaussian(
            mean: read.floats("qMean"),
            covariance: try Matrix(read.matrix("qCovariance").map { $0.map { Float($0) } }))
        let x = read.floats("x")
        return .measured(
            outputs: [
                "logEvidence": [try model.evidence(x)], "elbo": [try model.elbo(x, q: q)],
                "kl": [try model.klToPosterior(x, q: q)],
            ],
            route: "LinearGaussianELBO (ELBO-6, ELBO-7)")
    }
}

extension LogisticLatentELBOEvaluator {
    /// The trapezoid rule of `LogisticLatentELBO` (ELBO-8) in float32, and KL = ln p − ELBO.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let model = try LogisticLatentELBO<Float>(ones: read.integer("ones"), zeros: read.integer("zeros"))
        let evidence = try model.evidence()
        let elbo = try model.elbo(mean: Float(read.real("qMean")), variance: Float(read.real("qVariance")))
        return .measured(
            outputs: ["logEvidence": [evidence], "elbo": [elbo], "kl": [evidence - elbo]],
            route: "LogisticLatentELBO (ELBO-8)")
    }
}

/// The refusals are gross (q summing to far from 1, σ² = 0, a covariance not positive definite),
/// so a float32 code refuses them alike.
extension ELBOBadInputEvaluator {
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        .fixed(.exact("the input must be refused at float32 too; it is off by far more than float32 rounding"))
    }
}
