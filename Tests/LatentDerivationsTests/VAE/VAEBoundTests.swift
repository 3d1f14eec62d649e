import Foundation
import Testing
import GSLReference
import LatentDerivations
import OracleArithmetic
import OracleRandom
import OracleTestSupport

/// ELBO ≤ IWAE_K ≤ IWAE_{K+1} ≤ ln p(x) (`Proofs/09-vae.md`, VAE-5, VAE-6).
@Suite("VAE: bounds")
struct VAEBoundTests {
    @Test("linear VAE: the closed-form expected ELBO ≤ exact ln p, with equality at the exact posterior")
    func linearELBOBelowExactMarginal() throws {
        try BigFloat.withPrecision(256) {
            let linear = try VAETestNetworks.linear(BigFloat.self)
            for x in [[1.5, -0.25], [0.0, 0.0], [-2.0, 3.0]] {
                let xs = x.map(BigFloat.init)
                #expect(try linear.expectedELBO(xs) < linear.logMarginal(xs))
            }
            // d = 1, W = w: posterior N(wᵀ(x − b)/(‖w‖² + s²), s²/(‖w‖² + s²)); encode it exactly.
            let w = [BigFloat(1.25), BigFloat(-0.5)], b = [BigFloat(0.25), BigFloat(-0.125)], s2 = BigFloat(0.5)
            let norm = w[0] * w[0] + w[1] * w[1] + s2
            let rho = try BigFloat.log(s2 / norm) / BigFloat(2)
            let a = [w.map { $0 / norm }, [BigFloat.zero, BigFloat.zero]]
            let c = [-(w[0] * b[0] + w[1] * b[1]) / norm, rho]
            let exact = try LinearGaussianVAE(
                decoderWeights: w.map { [$0] }, decoderBias: b, noiseVariance: s2, encoderWeights: a, encoderBias: c)
            let xs = [BigFloat(1.5), BigFloat(-0.25)]
            expectBelow(
                error: abs(try (exact.expectedELBO(xs) - exact.logMarginal(xs)).doubleValue), bound: 1e-70,
                "the encoder is the exact posterior, so the gap is 0 up to rounding in 256-bit arithmetic")
        }
    }

    @Test("linear VAE: KL(q ‖ p(z|x)) in closed form equals ln p(x) − E ELBO, d = 1 and d = 3")
    func posteriorKLIsTheGap() throws {
        try BigFloat.withPrecision(512) {
            var random = SplitMix64(seed: 0x6A9)
            let wide = try LinearGaussianVAE(
                decoderWeights: VAETestNetworks.matrix(4, 3, &random).map { $0.map(BigFloat.init) },
                decoderBias: [0.25, -0.5, 0.75, 0].map(BigFloat.init), noiseVariance: BigFloat(0.25),
                encoderWeights: VAETestNetworks.matrix(6, 4, &random).map { $0.map(BigFloat.init) },
                encoderBias: [0.5, -0.25, 0, 0.125, -0.5, 0.25].map(BigFloat.init))
            for (model, x) in [
                (try VAETestNetworks.linear(BigFloat.self), [1.5, -0.25]), (wide, [1.0, -0.5, 0.25, 2.0]),
            ] {
                let xs = x.map(BigFloat.init)
                let gap = try model.logMarginal(xs) - model.expectedELBO(xs)
                let kl = try model.posteriorKL(xs)
                expectBelow(
                    error: ((kl - gap) / gap).absoluteValue.doubleValue, bound: 1e-140,
                    "two routes to one number at 512 bits: the identity ln p(x) = E ELBO + KL(q ‖ p(z|x))")
            }
        }
        // Near the posterior (μ and ρ 2⁻³⁰ off, M = 1): the Double closed form keeps the O(2⁻⁶⁰) gap,
        // while the difference of the two bounds is rounding noise of size u·|ln p(x)|.
        func nearPosterior<S: RealScalar>(_: S.Type) throws -> LinearGaussianVAE<S> {
            let shift = 0x1p-30
            return try LinearGaussianVAE(
                decoderWeights: [[S(0.75)], [S(0.5)]], decoderBias: [S(0.25), S(-0.125)], noiseVariance: S(0.1875),
                encoderWeights: [[S(0.75), S(0.5)], [S.zero, S.zero]],
                encoderBias: [S(-0.125 + shift), S(-0x1.ac89b834770d4p-1 + shift)])
        }
        let exact = try BigFloat.withPrecision(512) {
            try nearPosterior(BigFloat.self).posteriorKL([1.5, -0.25].map(BigFloat.init)).doubleValue
        }
        let double = try nearPosterior(Double.self).posteriorKL([1.5, -0.25])
        expectBelow(
            error: abs(double - exact) / exact, bound: 1e-5,
            "ℓ and δ ≈ 2⁻³⁰ carry ≈ u·S absolute, ≈ 2⁻²¹ relative; φ(ℓ) by its series adds nothing")
    }

    /// E_ε[g(ε)] for ε ~ N(0, 1) by GSL, with the mass alongside.
    static func expectation1D(_ g: (Double) -> Double) throws -> Double {
        let phi = { (e: Double) in Foundation.exp(-e * e / 2) / (2 * Double.pi).squareRoot() }
        let mass = try GSL.integrate(from: -.infinity, to: .infinity, relativeTolerance: 1e-12) { phi($0) }
        expectBelow(
            error: abs(mass.value - 1), bound: 1e-12,
            "a normalized density integrates to 1 up to quadrature error")
        return try GSL.integrate(from: -.infinity, to: .infinity, absoluteTolerance: 1e-12, relativeTolerance: 1e-10) {
            g($0) * phi($0)
        }.value
    }

    @Test("1-D latent, by quadrature: ELBO ≤ E IWAE_2 ≤ ln p (linear: ln p exact; nonlinear: ln p by quadrature)")
    func boundsByQuadrature() throws {
        let phi = { (e: Double) in Foundation.exp(-e * e / 2) / (2 * Double.pi).squareRoot() }
        // Linear, d = 1.
        let linear = try VAETestNetworks.linear(Double.self)
        let x = [1.5, -0.25]
        let elbo = try Self.expectation1D { e in recordingErrors { try linear.model.elbo(x: x, epsilon: [e]).elbo } }
        expectBelow(
            error: abs(elbo - (try linear.expectedELBO(x))), bound: 1e-9,
            "GSL quadrature (relative tolerance 1e-10) of the ELBO integrand against the closed form")
        let iwae2 = try GSL.integrate2D(
            x: (-12, 12), y: { _ in (-12, 12) }, absoluteTolerance: 1e-10, relativeTolerance: 1e-8
        ) { e1, e2 in
            recordingErrors { try linear.model.iwae(x: x, epsilons: [[e1], [e2]]) } * phi(e1) * phi(e2)
        }.value
        let logP = try linear.logMarginal(x)
        // Quadrature at 1e-8 relative; the gaps are ≥ 1e-3 here, so the order is decided.
        #expect(elbo + 1e-6 < iwae2 && iwae2 + 1e-6 < logP)
        // Nonlinear decoder, d = 1: ln p(x) = ln ∫ p(x|z) N(z; 0, 1) dz by quadrature.
        let enc = try MultilayerPerceptron(layers: [
            DenseLayer(weights: [[0.5, -0.25], [0.25, 0.125]], bias: [0.1, -0.5], activation: .tanh),
            DenseLayer(weights: [[1.0, 0.5], [-0.5, 0.25]], bias: [0, -0.25], activation: .identity),
        ])
        let dec = try MultilayerPerceptron(layers: [
            DenseLayer(weights: [[1.5], [-0.75]], bias: [0.25, 0.5], activation: .tanh),
            DenseLayer(weights: [[1.0, 0.5], [0.25, -1.0]], bias: [0, 0.125], activation: .identity),
        ])
        let vae = try VariationalAutoencoder(encoder: enc, decoder: dec, likelihood: .gaussian(noiseVariance: 0.25))
        let elboN = try Self.expectation1D { e in recordingErrors { try vae.elbo(x: x, epsilon: [e]).elbo } }
        // p(x) = E_{z~N(0,1)}[p(x|z)]: the reconstruction at a point z is the ELBO's reconstruction
        // with μ = z, σ = 1, i.e. evaluate the decoder directly through a unit encoder-free route.
        let pX = try Self.expectation1D { z in
            let zero = recordingErrors {
                try VariationalAutoencoder(
                    encoder: MultilayerPerceptron(layers: [
                        DenseLayer(weights: [[0, 0], [0, 0]], bias: [z, -40], activation: .identity)
                    ]),
                    decoder: dec, likelihood: .gaussian(noiseVariance: 0.25)
                ).elbo(x: x, epsilon: [0]).reconstruction
            }
            return Foundation.exp(zero)
        }
        let iwae2N = try GSL.integrate2D(
            x: (-12, 12), y: { _ in (-12, 12) }, absoluteTolerance: 1e-10, relativeTolerance: 1e-8
        ) { e1, e2 in
            recordingErrors { try vae.iwae(x: x, epsilons: [[e1], [e2]]) } * phi(e1) * phi(e2)
        }.value
        #expect(elboN + 1e-6 < iwae2N && iwae2N + 1e-6 < Foundation.log(pX))
    }

    @Test("per draw (Burda et al.): mean ln wₖ ≤ IWAE_K, and the mean of leave-one-out IWAE_K ≤ IWAE_{K+1}")
    func iwaeDeterministicInequalities() throws {
        let vae = try VAETestNetworks.mlp(Double.self, likelihood: .gaussian(noiseVariance: 0.5))
        let x = [0.75, -0.5, 1.25]
        var rng = SplitMix64(seed: 0x1AAE)
        for k in [1, 2, 5, 16] {
            let draws = (0...k).map { _ in [rng.standardNormal(), rng.standardNormal()] }
            let logW = try draws.map { try vae.logImportanceWeight(x: x, epsilon: $0) }
            let all = try vae.iwae(x: x, epsilons: draws)
            // Jensen: mean of logs ≤ log of mean (the single-sample ELBO is ln w).
            #expect(logW.reduce(0, +) / Double(k + 1) <= all + 1e-12)
            let leaveOneOut = try (0...k).map { i in
                try vae.iwae(x: x, epsilons: draws.enumerated().filter { $0.offset != i }.map(\.element))
            }
            #expect(leaveOneOut.reduce(0, +) / Double(k + 1) <= all + 1e-12)
        }
        // ln w = ELBO(ε) + [ln N(z;0,I) − ln q(z|x)] − (−KL): E ln w = ELBO, so IWAE_1 = ln w.
        let e = [0.25, -0.5]
        #expect(try vae.iwae(x: x, epsilons: [e]) == vae.logImportanceWeight(x: x, epsilon: e))
    }

    @Test("bad input: mismatched shapes, NaN weights, K < 1, empty data, s² ≤ 0, non-binary Bernoulli x")
    func badInputThrows() throws {
        #expect(throws: ModelInputError.self) {
            try DenseLayer(weights: [[1.0, .nan]], bias: [0], activation: .identity)
        }
        #expect(throws: ModelInputError.self) {
            try DenseLayer(weights: [[1.0, 2], [3]], bias: [0, 0], activation: .identity)
        }
        #expect(throws: ModelInputError.self) { try DenseLayer(weights: [[1.0]], bias: [0, 1], activation: .identity) }
        let l1 = try DenseLayer(weights: [[1.0, 2]], bias: [0], activation: .identity)
        #expect(throws: ModelInputError.self) { try MultilayerPerceptron(layers: [l1, l1]) }
        #expect(throws: ModelInputError.self) { try MultilayerPerceptron<Double>(layers: []) }
        let vae = try VAETestNetworks.mlp(Double.self, likelihood: .gaussian(noiseVariance: 0.5))
        #expect(throws: ModelInputError.self) {
            try VariationalAutoencoder(
                encoder: vae.decoder, decoder: vae.decoder, likelihood: .gaussian(noiseVariance: 0.5))
        }
        #expect(throws: ModelInputError.self) {
            try VariationalAutoencoder(
                encoder: vae.encoder, decoder: vae.decoder, likelihood: .gaussian(noiseVariance: 0))
        }
        #expect(throws: ModelInputError.self) { try vae.iwae(x: [0, 0, 0], epsilons: []) }
        #expect(throws: ModelInputError.self) { try vae.elbo(x: [0, 0], epsilon: [0, 0]) }
        #expect(throws: ModelInputError.self) { try vae.elbo(x: [0, .nan, 0], epsilon: [0, 0]) }
        #expect(throws: ModelInputError.self) {
            try VAETraining.train(vae, data: [], epsilons: [[]], optimizer: .sgd(learningRate: 0.1))
        }
        let bern = try VAETestNetworks.mlp(Double.self, likelihood: .bernoulli)
        #expect(throws: ModelInputError.self) { try bern.elbo(x: [0.5, 1, 0], epsilon: [0, 0]) }
    }
}
