import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

// The float32 routes of `divergences/*`: the derivations of KL-4 … KL-15 run in `Float` on the
// inputs rounded to `Float`, measured against the certified values by `Float32Measurement`.

extension EvaluationInputs {
    /// The real inputs named `name`, each rounded to the nearest `Float`.
    func floats(_ name: String) -> [Float] { reals(name).map { Float($0) } }
}

extension GaussianKLEvaluator {
    /// KL by the Gibbs-grouped Cholesky sum (KL-11; coordinate by coordinate for diagonal pairs,
    /// KL-13) and the split rationalPart, logArgument (KL-9) by LDLᵀ, all in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let (m1, m2) = (read.floats("mean1"), read.floats("mean2"))
        let kl: Float
        let parts: GaussianKLDecomposition<Float>
        if diagonal {
            let (v1, v2) = (read.floats("variance1"), read.floats("variance2"))
            kl = try DiagonalGaussianKL.divergence(mean1: m1, variance1: v1, mean2: m2, variance2: v2)
            parts = try DiagonalGaussianKL.decomposition(mean1: m1, variance1: v1, mean2: m2, variance2: v2)
        } else {
            let s1 = try Matrix(read.matrix("covariance1").map { $0.map { Float($0) } })
            let s2 = try Matrix(read.matrix("covariance2").map { $0.map { Float($0) } })
            kl = try MultivariateGaussianKL.divergence(mean1: m1, covariance1: s1, mean2: m2, covariance2: s2)
            parts = try MultivariateGaussianKL.decomposition(mean1: m1, covariance1: s1, mean2: m2, covariance2: s2)
        }
        return .measured(
            outputs: [
                "kl": [kl], "rationalPart": [parts.rationalPart],
                "logArgument": [parts.logArgument],
            ],
            route: diagonal ? "DiagonalGaussianKL (KL-13)" : "MultivariateGaussianKL (KL-9, KL-11)")
    }
}

extension DiscreteKLEvaluator {
    /// Σ pₖ(ln pₖ − ln qₖ) by `CategoricalKL.divergence` (KL-14) in float32; a Bernoulli pair as
    /// [1 − p, p] with 1 − p formed in float32, as `CategoricalKL.bernoulli` does.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let kl: DivergenceValue<Float>
        if bernoulli {
            kl = try CategoricalKL.bernoulli(Float(read.real("p")), Float(read.real("q")))
        } else {
            kl = try CategoricalKL.divergence(read.floats("p"), read.floats("q"))
        }
        let value: Float =
            switch kl {
            case .finite(let x): x
            case .infinite: .infinity
            }
        return .measured(outputs: ["kl": [value]], route: "CategoricalKL (KL-14, KL-15)")
    }
}

/// The refusal groups: their inputs are off by far more than float32 rounding (a zero or negative
/// variance, a sum of 0.9, mismatched shapes), so a float32 code refuses them alike.
extension GaussianKLBadInputEvaluator {
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        .fixed(.exact("the input must be refused at float32 too; it is off by far more than float32 rounding"))
    }
}

extension DiscreteKLBadInputEvaluator {
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        .fixed(.exact("the input must be refused at float32 too; it is off by far more than float32 rounding"))
    }
}
