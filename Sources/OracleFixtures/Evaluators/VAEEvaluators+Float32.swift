import LatentDerivations
import OracleArithmetic

// The float32 routes of `vae/networks/*`: the network ELBO, its gradient by backpropagation,
// IWAE_K, the linear VAE's closed forms and the training traces of VAE-2 … VAE-7, run in `Float`
// on the inputs rounded to `Float` and measured against the certified values by
// `Float32Measurement`. A trace whose float32 run drifts past its limit is float64-only by that
// measurement.

extension VAEELBOGradientEvaluator {
    /// The single-sample ELBO, its gradient (VAE-2 … VAE-4) and IWAE_K (VAE-5) in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let (x, epsilon) = (read.floats("x"), read.floats("epsilon"))
        let networks = try VAEEvaluators.networks(read, path, dataDimension: x.count, latentDimension: epsilon.count)
        let model = try networks.vae(Float.self)
        let (e, g) = try model.elboGradient(x: x, epsilon: epsilon)
        let iwae = try model.iwae(x: x, epsilons: read.matrix("iwae-epsilon").map { $0.map { Float($0) } })
        return .measured(
            outputs: [
                "reconstruction": [e.reconstruction], "kl": [e.kl], "elbo": [e.elbo], "iwae": [iwae],
                "gradient": g.flattened,
            ],
            route: "VariationalAutoencoder.elboGradient, iwae (VAE-2 … VAE-5)")
    }
}

extension LinearVAEEvaluator {
    /// ln N(x; b, WWᵀ + s²I) by Cholesky, the closed-form expected ELBO, the single-sample ELBO and
    /// gradient, and KL(q ‖ p(z|x)) (VAE-6), in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let (x, epsilon) = (read.floats("x"), read.floats("epsilon"))
        let networks = try VAEEvaluators.linearNetworks(
            read, path, dataDimension: x.count, latentDimension: epsilon.count)
        let (encoder, decoder) = (networks.encoder[0], networks.decoder[0])
        let model = try LinearGaussianVAE(
            decoderWeights: decoder.weights.map { $0.map { Float($0) } }, decoderBias: decoder.bias.map { Float($0) },
            noiseVariance: Float(networks.noiseVariance), encoderWeights: encoder.weights.map { $0.map { Float($0) } },
            encoderBias: encoder.bias.map { Float($0) })
        if case .values(let expected) = try evaluate(inputs).expected,
            let gap = expected["posterior-kl"]?.reals.first?.value, gap < Self.nearPosteriorLimit
        {
            return .float64Only(
                reason: """
                    q(z|x) is within \(MixturesEvaluators.digits(gap)) nats of the exact posterior: the KL rests on \
                    ℓ = ln M + 2ρ − ln s² and δ = μ − M⁻¹Wᵀ(x − b), differences of O(1) numbers that float32 rounds \
                    to ≈ 2⁻²⁴, against ℓ, δ ≈ 2⁻¹⁹ … 2⁻⁴⁰: a float32 code's KL is off by ≳ 5 % (this oracle's \
                    float32 run lands within a few ulps at 2⁻²⁰ only because its 2ρ and ln s² round alike)
                    """)
        }
        let (e, g) = try model.model.elboGradient(x: x, epsilon: epsilon)
        return .measured(
            outputs: [
                "log-marginal": [try model.logMarginal(x)], "expected-elbo": [try model.expectedELBO(x)],
                "elbo": [e.elbo], "gradient": g.flattened, "posterior-kl": [try model.posteriorKL(x)],
            ],
            route: "LinearGaussianVAE (VAE-6)")
    }
}

extension VAETrainingEvaluator {
    /// The T steps of SGD or Adam (VAE-7) in float32 from the rounded initial parameters, data,
    /// draws and hyperparameters.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let read = try self.read(inputs)
        let (steps, count, d) = (read.sizes["T"] ?? 0, read.sizes["N"] ?? 0, read.sizes["d"] ?? 0)
        let networks = try VAEEvaluators.linearNetworks(
            read, path, dataDimension: read.sizes["D"] ?? 0, latentDimension: d)
        let model = try networks.vae(Float.self)
        let flat = read.floats("epsilon")
        let epsilons = (0..<steps).map { t in
            (0..<count).map { n in Array(flat[((t * count + n) * d)..<((t * count + n + 1) * d)]) }
        }
        let rate = Float(read.real("learning-rate"))
        let optimizer: VAEOptimizer<Float> =
            read.values["optimizer"] == .string("sgd")
            ? .sgd(learningRate: rate)
            : .adam(
                learningRate: rate, beta1: Float(read.real("beta1")), beta2: Float(read.real("beta2")),
                epsilon: Float(read.real("adam-epsilon")))
        let trace = try VAETraining.train(
            model, data: read.matrix("data").map { $0.map { Float($0) } }, epsilons: epsilons, optimizer: optimizer)
        return .measured(
            outputs: [
                "mean-elbo": trace.map(\.meanELBO), "final-parameters": trace.last?.parameters ?? model.parameters,
            ],
            route: "VAETraining.train (VAE-7)")
    }
}
