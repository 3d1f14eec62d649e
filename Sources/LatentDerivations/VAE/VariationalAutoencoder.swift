import OracleArithmetic
import OracleLinearAlgebra

/// p(x | z) of the decoder, whose network outputs a ∈ ℝᴰ.
public enum DecoderLikelihood<Scalar: RealScalar>: Hashable, Sendable {
    /// N(x; a, s² I) with the given s² > 0.
    case gaussian(noiseVariance: Scalar)
    /// ∏ Bernoulli(xᵢ; sigmoid(aᵢ)), x ∈ {0, 1}ᴰ (a are logits).
    case bernoulli
}

/// One evaluation of the single-sample ELBO (`Proofs/09-vae.md`, VAE-2, VAE-3).
public struct ELBOEvaluation<Scalar: RealScalar>: Hashable, Sendable {
    /// ln p(x | z) at z = μ + σ ⊙ ε.
    public let reconstruction: Scalar
    /// KL(q(z|x) ‖ N(0, I)), analytical.
    public let kl: Scalar
    /// reconstruction − kl.
    public let elbo: Scalar
    /// μ(x).
    public let mean: [Scalar]
    /// σ(x) = exp(ρ(x)).
    public let standardDeviation: [Scalar]
    /// z = μ + σ ⊙ ε.
    public let z: [Scalar]
}

/// The ELBO's gradient with respect to every parameter, in the shapes of the networks.
public struct VAEGradient<Scalar: RealScalar>: Hashable, Sendable {
    /// ∂ELBO/∂(encoder layer), input layer first.
    public let encoder: [DenseLayerGradient<Scalar>]
    /// ∂ELBO/∂(decoder layer), input layer first.
    public let decoder: [DenseLayerGradient<Scalar>]

    /// Every entry in the order of `VariationalAutoencoder.parameters`.
    public var flattened: [Scalar] { encoder.flatMap(\.flattened) + decoder.flatMap(\.flattened) }
}

/// A VAE with a Gaussian encoder q(z|x) = N(μ(x), diag σ(x)²), prior N(0, I) and a Gaussian or
/// Bernoulli decoder (`Proofs/09-vae.md`; R. Isachenko, Deep Generative Models, 2021, §
/// "Variational autoencoder (VAE)"; M. Gales, 4F10, Cambridge 2018, § "Reparameterisation Trick";
/// Kingma & Welling, ICLR 2014).
///
/// The encoder network outputs 2d numbers: μ (first d) and ρ = ln σ (last d).
///
/// **Edge Cases:** mismatched network shapes, NaN weights, s² ≤ 0, an input or ε of the wrong
/// length, or a non-binary x for the Bernoulli decoder throws `ModelInputError`.
public struct VariationalAutoencoder<Scalar: RealScalar>: Hashable, Sendable {
    /// x ↦ (μ, ρ).
    public let encoder: MultilayerPerceptron<Scalar>
    /// z ↦ a.
    public let decoder: MultilayerPerceptron<Scalar>
    /// p(x | z) from a.
    public let likelihood: DecoderLikelihood<Scalar>

    /// The VAE; checks that encoder outputs = 2 · decoder inputs and decoder outputs = encoder inputs.
    public init(
        encoder: MultilayerPerceptron<Scalar>, decoder: MultilayerPerceptron<Scalar>,
        likelihood: DecoderLikelihood<Scalar>
    ) throws(ModelInputError) {
        guard encoder.outputs == 2 * decoder.inputs else {
            throw .shapeMismatch(
                what: "encoder outputs (μ and ln σ)", expected: [2 * decoder.inputs], actual: [encoder.outputs])
        }
        guard decoder.outputs == encoder.inputs else {
            throw .shapeMismatch(what: "decoder outputs", expected: [encoder.inputs], actual: [decoder.outputs])
        }
        if case .gaussian(let s2) = likelihood {
            try Validate.finite([s2], "noise variance")
            guard s2 > .zero else { throw .notPositive(what: "noise variance s²", value: s2.description) }
        }
        self.encoder = encoder
        self.decoder = decoder
        self.likelihood = likelihood
    }

    /// d.
    public var latentDimension: Int { decoder.inputs }
    /// D.
    public var dataDimension: Int { encoder.inputs }

    /// Every parameter: encoder then decoder, layer by layer, weights row by row then bias.
    public var parameters: [Scalar] { encoder.parameters + decoder.parameters }

    /// The same VAE with `parameters` replaced.
    public func replacing(parameters p: [Scalar]) throws(ModelInputError) -> VariationalAutoencoder {
        let n = encoder.parameters.count
        guard p.count == n + decoder.parameters.count else {
            throw .shapeMismatch(what: "parameters", expected: [n + decoder.parameters.count], actual: [p.count])
        }
        return try VariationalAutoencoder(
            encoder: encoder.replacing(parameters: p[0..<n]),
            decoder: decoder.replacing(parameters: p[n...]), likelihood: likelihood)
    }

    func validate(x: [Scalar], epsilon: [Scalar]) throws(ModelInputError) {
        try Validate.count(x, dataDimension, "x")
        try Validate.finite(x, "x")
        try Validate.count(epsilon, latentDimension, "ε")
        try Validate.finite(epsilon, "ε")
        if case .bernoulli = likelihood {
            for (i, v) in x.enumerated() where v != .zero && v != .one {
                throw .outOfDomain(
                    what: "x[\(i)]", value: v.description, requirement: "x ∈ {0, 1} for a Bernoulli decoder")
            }
        }
    }

    /// ln p(x | a) and ∂/∂a (VAE-3): Gaussian −½[D ln 2πs² + ‖x − a‖²/s²], gradient (x − a)/s²;
    /// Bernoulli Σ xᵢaᵢ − softplus(aᵢ) = −Σ [xᵢ softplus(−aᵢ) + (1 − xᵢ) softplus(aᵢ)],
    /// gradient x − sigmoid(a), with softplus(a) = max(a, 0) + log1p(exp(−|a|)) (no overflow).
    ///
    /// **Accuracy (`Double`):** a few ulps relative per coordinate at every logit, saturated ones
    /// (|a| = 30 … 800) included: no difference of nearly equal numbers is formed.
    func logLikelihood(_ x: [Scalar], _ a: [Scalar]) throws -> (value: Scalar, gradient: [Scalar]) {
        switch likelihood {
        case .gaussian(let s2):
            let r = zip(x, a).map { $0 - $1 }
            let logTwoPiS2 = try Scalar.log(Scalar(2) * Scalar.pi * s2)
            let value = -(Scalar(x.count) * logTwoPiS2 + r.reduce(Scalar.zero) { $0 + $1 * $1 } / s2) / Scalar(2)
            return (value, r.map { $0 / s2 })
        case .bernoulli:
            var value = Scalar.zero
            var gradient: [Scalar] = []
            for (xi, ai) in zip(x, a) {
                let e = Scalar.exp(-ai.absoluteValue)
                // xa − softplus(a) = −[x softplus(−a) + (1 − x) softplus(a)] (softplus(a) − a =
                // softplus(−a)): for binary x one softplus of the observed side, with no subtraction of two ≈ |a|
                // numbers (30 − softplus(30) would keep 2 digits of −9.4e-14).
                let log1pE = try Scalar.log1p(e)
                let softplusPlus = (ai > .zero ? ai : .zero) + log1pE
                let softplusMinus = (ai < .zero ? -ai : .zero) + log1pE
                value -= xi * softplusMinus + (.one - xi) * softplusPlus
                // sigmoid(a) = 1/(1 + e^{−a}) for a ≥ 0, e^{a}/(1 + e^{a}) for a < 0, and its
                // complement 1 − sigmoid(a) = sigmoid(−a) the same way, so that for binary x
                // x − sigmoid(a) = x·sigmoid(−a) − (1 − x)·sigmoid(a) never subtracts nearly equal
                // numbers (1 − sigmoid(30) would keep only 3 digits of 9.4e-14).
                let sigmoid = ai >= .zero ? .one / (.one + e) : e / (.one + e)
                let complement = ai >= .zero ? e / (.one + e) : .one / (.one + e)
                gradient.append(xi * complement - (.one - xi) * sigmoid)
            }
            return (value, gradient)
        }
    }

    /// The single-sample ELBO at z = μ + σ ⊙ ε (VAE-2, VAE-3): ln p(x | z) − KL(q ‖ N(0, I)), the KL
    /// term the sum over dimensions of `UnivariateGaussian.klDivergence` to N(0, 1).
    public func elbo(x: [Scalar], epsilon: [Scalar]) throws -> ELBOEvaluation<Scalar> {
        try validate(x: x, epsilon: epsilon)
        let out = try encoder.forward(x).last ?? []
        let d = latentDimension
        let mu = Array(out[0..<d])
        let sigma = out[d...].map { Scalar.exp($0) }
        let z = (0..<d).map { mu[$0] + sigma[$0] * epsilon[$0] }
        let a = try decoder.forward(z).last ?? []
        let reconstruction = try logLikelihood(x, a).value
        let prior = try UnivariateGaussian(mean: Scalar.zero, variance: Scalar.one)
        var kl = Scalar.zero
        for i in 0..<d {
            // ρ ≤ −373 makes σ² underflow to 0 in Double, where the Gaussian KL's ln σ² would be −∞:
            // there the KL is ½(σ² + μ² − 1) − ρ with ln σ² = 2ρ taken from the encoder output.
            let variance = sigma[i] * sigma[i]
            if variance > .zero && variance.isFinite {
                kl += try UnivariateGaussian(mean: mu[i], variance: variance).klDivergence(to: prior)
            } else {
                kl += (variance + mu[i] * mu[i] - .one) / Scalar(2) - out[d + i]
            }
        }
        return ELBOEvaluation(
            reconstruction: reconstruction, kl: kl, elbo: reconstruction - kl, mean: mu, standardDeviation: sigma, z: z)
    }

    /// The single-sample ELBO and its reparameterized gradient by hand-written backpropagation
    /// (VAE-4): with g_a = ∂ ln p/∂a, backprop through the decoder gives g_z; then
    /// ∂ELBO/∂μ = g_z − μ and ∂ELBO/∂ρ = g_z ⊙ ε ⊙ σ − (σ² − 1) (∂z/∂ρ = σε;
    /// ∂KL/∂μ = μ, ∂KL/∂ρ = σ² − 1), and backprop through the encoder.
    public func elboGradient(x: [Scalar], epsilon: [Scalar]) throws -> (
        evaluation: ELBOEvaluation<Scalar>, gradient: VAEGradient<Scalar>
    ) {
        let evaluation = try elbo(x: x, epsilon: epsilon)
        let encoderActivations = try encoder.forward(x)
        let decoderActivations = try decoder.forward(evaluation.z)
        let gA = try logLikelihood(x, decoderActivations.last ?? []).gradient
        let (gZ, decoderGradient) = decoder.backward(activations: decoderActivations, outputGradient: gA)
        let mu = evaluation.mean, sigma = evaluation.standardDeviation
        let gMu = (0..<latentDimension).map { gZ[$0] - mu[$0] }
        let gRho = (0..<latentDimension).map { gZ[$0] * epsilon[$0] * sigma[$0] - (sigma[$0] * sigma[$0] - .one) }
        let (_, encoderGradient) = encoder.backward(activations: encoderActivations, outputGradient: gMu + gRho)
        return (evaluation, VAEGradient(encoder: encoderGradient, decoder: decoderGradient))
    }

    /// ln w = ln p(x | z) + ln N(z; 0, I) − ln q(z | x) at z = μ + σ ⊙ ε (VAE-5).
    public func logImportanceWeight(x: [Scalar], epsilon: [Scalar]) throws -> Scalar {
        let e = try elbo(x: x, epsilon: epsilon)
        let logTwoPi = try Scalar.log(Scalar(2) * Scalar.pi)
        var logPrior = Scalar.zero, logQ = Scalar.zero
        for i in 0..<latentDimension {
            logPrior -= (logTwoPi + e.z[i] * e.z[i]) / Scalar(2)
            // ln q = −½ ln 2π − ln σ − ε²/2, with ln σ = ρ taken from σ.
            logQ -= (logTwoPi + epsilon[i] * epsilon[i]) / Scalar(2) + (try Scalar.log(e.standardDeviation[i]))
        }
        return e.reconstruction + logPrior - logQ
    }

    /// IWAE_K = ln (1/K) Σₖ wₖ with one ε per sample (VAE-5), by log-sum-exp.
    /// - Throws: `ModelInputError.empty` for K < 1.
    public func iwae(x: [Scalar], epsilons: [[Scalar]]) throws -> Scalar {
        guard !epsilons.isEmpty else { throw ModelInputError.empty(what: "importance samples (K ≥ 1)") }
        let logW = try epsilons.map { try logImportanceWeight(x: x, epsilon: $0) }
        return try logSumExp(logW) - (try Scalar.log(Scalar(epsilons.count)))
    }
}
