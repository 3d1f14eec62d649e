import OracleArithmetic
import OracleLinearAlgebra
import OracleRandom

/// A gradient-ascent rule on the ELBO (`Proofs/09-vae.md`, VAE-7).
public enum VAEOptimizer<Scalar: RealScalar>: Hashable, Sendable {
    /// θ ← θ + η ĝ.
    case sgd(learningRate: Scalar)
    /// Adam (Kingma & Ba 2015) on −ELBO: m ← β₁m + (1 − β₁)ĝ, v ← β₂v + (1 − β₂)ĝ²,
    /// θ ← θ + η m̂/(√v̂ + ϵ) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ).
    case adam(learningRate: Scalar, beta1: Scalar, beta2: Scalar, epsilon: Scalar)
}

/// One step of a training trace.
public struct VAETrainingStep<Scalar: RealScalar>: Hashable, Sendable {
    /// The mean single-sample ELBO over the data set at this step's ε, before the update.
    public let meanELBO: Scalar
    /// The parameters after the update.
    public let parameters: [Scalar]
}

/// Full-batch training of a VAE on a data set with given ε draws (VAE-7): at step t the
/// gradient is the mean over data points n of the single-sample reparameterized gradient with
/// ε = epsilons[t][n], and the optimizer ascends the ELBO.
public enum VAETraining {
    /// The trace of `epsilons.count` steps.
    ///
    /// **Accuracy:** the mean ELBO and every gradient entry are compensated sums over the N points
    /// (`NeumaierSum`): within 2u of the sum of the rounded per-point terms, plus O(N·u²)·Σ|termₙ|.
    /// A running sum would add the rounding of each of N additions to a growing total, up to
    /// N·u·Σ|termₙ|: in `Float` at N = 10⁴, 907 ulps off the mean ELBO where the per-point terms
    /// share their low bits (`Proofs/09-vae.md`, the size regime).
    /// - Throws: `ModelInputError.empty` for an empty data set; shape errors from the VAE.
    public static func train<S: RealScalar>(
        _ vae: VariationalAutoencoder<S>, data: [[S]], epsilons: [[[S]]], optimizer: VAEOptimizer<S>
    ) throws -> [VAETrainingStep<S>] {
        guard !data.isEmpty else { throw ModelInputError.empty(what: "data set") }
        var model = vae
        var theta = vae.parameters
        var m = [S](repeating: .zero, count: theta.count), v = m
        var trace: [VAETrainingStep<S>] = []
        for (t, stepEpsilons) in epsilons.enumerated() {
            try Validate.count(stepEpsilons, data.count, "ε draws of step \(t)")
            var sums = [NeumaierSum<S>](repeating: NeumaierSum(), count: theta.count)
            var total = NeumaierSum<S>()
            for (x, e) in zip(data, stepEpsilons) {
                let (evaluation, gradient) = try model.elboGradient(x: x, epsilon: e)
                total.add(evaluation.elbo)
                for (i, gi) in gradient.flattened.enumerated() { sums[i].add(gi) }
            }
            let n = S(data.count)
            let g = sums.map { $0.value / n }
            switch optimizer {
            case .sgd(let eta):
                theta = zip(theta, g).map { $0 + eta * $1 }
            case .adam(let eta, let beta1, let beta2, let eps):
                var p1 = S.one, p2 = S.one
                for _ in 0...t {
                    p1 *= beta1
                    p2 *= beta2
                }
                for i in 0..<theta.count {
                    m[i] = beta1 * m[i] + (.one - beta1) * g[i]
                    v[i] = beta2 * v[i] + (.one - beta2) * g[i] * g[i]
                    let mHat = m[i] / (.one - p1), vHat = v[i] / (.one - p2)
                    theta[i] += eta * mHat / ((try S.sqrt(vHat)) + eps)
                }
            }
            model = try model.replacing(parameters: theta)
            trace.append(VAETrainingStep(meanELBO: total.value / n, parameters: theta))
        }
        return trace
    }

    /// ε draws for `steps` steps × `count` points × d dimensions from SplitMix64 polar normals
    /// (`Proofs/01-randomness.md`), in that order.
    public static func standardNormalDraws(seed: UInt64, steps: Int, count: Int, dimension: Int) -> [[[Double]]] {
        var rng = SplitMix64(seed: seed)
        return (0..<steps).map { _ in (0..<count).map { _ in (0..<dimension).map { _ in rng.standardNormal() } } }
    }
}
