import OracleArithmetic
import OracleLinearAlgebra

extension DiscreteLatentELBO {
    /// The discrete-latent ELBO of one observation x under a Gaussian mixture
    /// p(x) = Σₖ πₖ N(x; μₖ, Σₖ): ℓₖ = ln πₖ + ln N(x; μₖ, Σₖ) (ELBO-5). The posterior is the
    /// vector of responsibilities; every sum over z is exact (finite).
    ///
    /// - Throws: `ModelInputError` when the weights are not a probability vector with every
    ///   πₖ > 0, when their count differs from the components', or when x has the wrong dimension.
    public static func gaussianMixture(
        observation x: [Scalar], weights: [Scalar], components: [MultivariateGaussian<Scalar>]
    ) throws -> DiscreteLatentELBO {
        try Validate.probabilityVector(weights, "mixture weights π")
        try Validate.count(components, weights.count, "mixture components")
        var logJoint: [Scalar] = []
        for (k, (pi, component)) in zip(weights, components).enumerated() {
            guard pi > .zero else { throw ModelInputError.notPositive(what: "π[\(k)]", value: pi.description) }
            logJoint.append((try Scalar.log(pi)) + (try component.logDensity(x)))
        }
        return try DiscreteLatentELBO(logJoint: logJoint)
    }
}
