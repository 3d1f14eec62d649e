import Foundation
import LatentDerivations
import OracleArithmetic
import OracleRandom

/// `Fixtures/vae/networks.json`: fixed VAE networks, weights, inputs and ε with the single-sample
/// ELBO, its KL and reconstruction terms, every parameter gradient and IWAE_4; the linear VAE's
/// exact PPCA marginal; short SGD and Adam training traces; and inputs that must be refused
/// (`Proofs/09-vae.md`, VAE-1 … VAE-7). A catalogue: every expected value is computed by the
/// group's evaluator (`VAEEvaluators`).
public struct VAEExporter: FixtureFamilyExporter, FamilyExporterKit {
    public let family = "vae"
    public let summary = "VAE single-sample ELBO, hand-written gradients, IWAE, linear VAE marginal, SGD/Adam traces"

    public init() {}

    static let allNotes: OrderedMap<String> = [
        "kl-term-sign":
            """
        adding the KL term instead of subtracting it (ELBO = reconstruction + KL): the ELBO and every encoder \
        gradient are wrong
        """,
        "reparam-detached":
            "treating z as a constant (stop-gradient on μ + σε): the encoder gradient keeps only the KL part",
        "log-sigma-chain-rule":
            """
        the encoder outputs ρ = ln σ, but ∂z/∂ρ is taken as ε instead of σε (the chain rule through σ \
        = e^ρ is dropped)
        """,
        "iwae-missing-log-k": "computing IWAE_K as ln Σ wₖ without the −ln K: the bound is too large by ln K",
        "ppca-covariance":
            """
        using the wrong covariance for the linear VAE's marginal p(x), e.g. WWᵀ + I (the noise variance s² \
        forgotten) or WWᵀ alone, instead of WWᵀ + s² I
        """,
        "adam-bias-correction":
            """
        Adam without the bias corrections 1/(1 − β₁ᵗ), 1/(1 − β₂ᵗ): the first steps are too small \
        by (1 − β₁)/√(1 − β₂)
        """,
        "shape-validation":
            "accepting layers whose shapes do not chain, or an encoder whose output is not twice the latent dimension",
        "non-finite-weights": "accepting NaN or infinite weights instead of refusing them",
        "empty-input": "accepting K < 1 importance samples or an empty data set",
        "bernoulli-log-of-sigmoid": """
        the Bernoulli log-likelihood as x ln σ(a) + (1 − x) ln(1 − σ(a)) with σ(a) evaluated first: \
        σ(a) rounds to 1 once a ≳ 37, so ln(1 − σ) is ln 0 = −∞ at |a| = 700, and at |a| = 30 the \
        tiny log-probability keeps only 3 digits (reconstruction, ELBO, IWAE)
        """,
        "bernoulli-logit-cancellation": """
        the Bernoulli log-likelihood as x·a − softplus(a) with a stable softplus: for x = 1 and \
        a = 30 it subtracts two numbers ≈ 30 to get −9.4e-14 and keeps 2 digits (use \
        −softplus(−a) for x = 1 and −softplus(a) for x = 0) (reconstruction)
        """,
        "clipped-log-probabilities": """
        clipping σ(a) to [1e-7, 1 − 1e-7] before the log (a framework epsilon): ln p(x|z) is off by \
        up to 16 nats per coordinate at saturated logits (reconstruction, ELBO, IWAE)
        """,
        "softplus-without-log1p": """
        softplus(a) = ln(1 + e^a) evaluated literally: e^a overflows for a > 709 (ln p = −∞), and \
        ln(1 + e^{−30}) keeps 3 digits of a 1e-13 term (reconstruction, ELBO, IWAE)
        """,
        "sigmoid-complement-cancellation": """
        the decoder gradient x − σ(a) evaluated as 1 − σ(a) for x = 1 with σ(a) ≈ 1: the \
        difference keeps 3 digits at a = 30 (every decoder gradient entry and g_z)
        """,
        "iwae-no-max-shift": """
        IWAE_K as ln Σₖ exp(ln wₖ) − ln K without subtracting the largest ln wₖ: every exp \
        underflows to 0 once ln wₖ < −745, and IWAE is −∞
        """,
        "iwae-shift-by-first": """
        IWAE_K as ln w₁ + ln Σₖ exp(ln wₖ − ln w₁) − ln K, shifted by the first log weight instead of the \
        largest: exp(ln wₖ − ln w₁) overflows once a later ln wₖ exceeds ln w₁ by more than 709 (float32: \
        88.7), and IWAE is +∞; only the largest shift keeps every exponent ≤ 0
        """,
        "kl-log-of-variance": """
        the KL term's ln σ² taken as ln(σ²) of the computed σ² = e^{2ρ}: σ² underflows to 0 for \
        ρ < −373, so the KL and ELBO are infinite (use ln σ² = 2ρ)
        """,
        "iwae-log-q-from-z": """
        ln q(z|x) evaluated from z as ln N(z; μ, σ²) with (z − μ)/σ instead of from ε: when σε is \
        below half an ulp of μ, z = μ + σε rounds to μ and ln q loses the −ε²/2 term (IWAE)
        """,
        "elbo-gap-by-difference": """
        the linear VAE's ELBO gap KL(q(z|x) ‖ p(z|x)) as log-marginal − expected-elbo, a difference of two rounded \
        numbers of size |ln p(x)|: where q is within 2⁻²⁰ … 2⁻⁴⁰ of the exact posterior the gap (≈ 1e-12 … 1e-24) \
        is below their rounding (≈ 1e-16) and comes out as noise, even negative; the KL from ℓ = ln M + 2ρ − ln s² \
        and δ = μ − M⁻¹Wᵀ(x − b), as ½[φ(ℓ) + δ²M/s²] with φ(ℓ) = eˡ − 1 − ℓ, keeps it
        """,
        "cancellation-near-equal": """
        the linear VAE's ELBO gap KL(q(z|x) ‖ p(z|x)) by the Gaussian closed form ½[tr(Σ_p⁻¹Σ_q) − d + \
        δᵀΣ_p⁻¹δ + ln|Σ_p| − ln|Σ_q|] term by term: where q is within 2⁻²⁰ … 2⁻⁴⁰ of the exact posterior the O(1) \
        terms cancel down to the KL (≈ 1e-12 … 1e-24), leaving rounding noise ≈ u·d; the log variance ratio ℓ and \
        φ(ℓ) = eˡ − 1 − ℓ by its series keep it
        """,
        "log-of-density": """
        the Gaussian log-likelihood as the log of the density exp(−‖x − a‖²/2s²)/(2πs²)^{D/2}: \
        the density underflows to 0 once the log-likelihood is below −745, even when each coordinate's \
        factor does not (reconstruction, ELBO, IWAE, the linear VAE's expected ELBO)
        """,
        "running-sum-over-data": """
        the mean ELBO and the full-batch gradient as running sums over the data points in the working \
        precision (total += elboₙ, g += ∇ₙ): each addition rounds to the ulp of the growing total, and where the \
        per-point terms share their low bits the N roundings lean one way and add up instead of cancelling; in \
        float32 at N = 10⁴ the mean ELBO misses by 907 ulps, where a pairwise sum (NumPy's np.sum along a \
        contiguous axis) or a compensated one is within 1 ulp. Not detectable at float64 on: \
        training/linear-sgd-n10000 (a float64 running sum of 10⁴ terms errs by ≤ N·u ≈ 1.1e-12 relative, \
        measured 3.0e-14, far inside 1e-9)
        """,
    ]

    static let conventions: OrderedMap<String> = [
        "encoder":
            """
        layers encoder-W<l>, encoder-b<l>, encoder-act<l> (l = 0 … encoder-layers − 1), y = act(W x + b); the \
        last layer outputs [μ (d entries), ρ = ln σ (d entries)]
        """,
        "decoder":
            """
        layers decoder-W<l>, decoder-b<l>, decoder-act<l>; outputs a; likelihood gaussian N(x; a, s² I) or \
        bernoulli ∏ Bernoulli(xᵢ; sigmoid(aᵢ))
        """,
        "activations": "identity or tanh",
        "elbo":
            """
        single sample: z = μ + σ ⊙ ε; elbo = ln p(x|z) − KL(N(μ, diag σ²) ‖ N(0, I)), KL analytical = \
        Σ ½(σ² + μ² − 1 − 2ρ); loss = −elbo
        """,
        "gradient":
            "∂elbo/∂θ (ascent direction), θ = encoder layers then decoder layers, each layer W row by row then b",
        "iwae": "IWAE_K = ln((1/K) Σₖ p(x|zₖ) N(zₖ; 0, I) / q(zₖ|x)) with zₖ = μ + σ ⊙ iwae-epsilon[k]",
        "linear":
            """
        linear VAE: one identity layer each; p(x) = N(x; b_dec, W Wᵀ + s² I); expected-elbo is E_ε[elbo] in \
        closed form; posterior-kl is KL(q(z|x) ‖ p(z|x)) = ln p(x) − expected-elbo, the exact posterior being \
        N(M⁻¹Wᵀ(x − b), s² M⁻¹), M = WᵀW + s² I (computed at 512 and 768 bits, which must agree to 2^-400)
        """,
        "training":
            """
        full batch: step t uses ε = epsilon[t][n] for data point n; gradient = mean over points; sgd θ ← θ + \
        η g; adam m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ + η m̂/(√v̂ + ϵ), \
        m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ), t from 1; mean-elbo[t] is before the update
        """,
        "accuracy":
            """
        expected reals computed at 384 bits, confirmed by a 256-bit run to 2^-220 relative, rounded once: \
        correctly rounded
        """,
    ]

    public func makeFiles() throws -> [FixtureFile] {
        [
            file(
                "networks",
                description: """
                    A fixed small VAE (tanh MLP encoder and decoder, Gaussian and Bernoulli decoders) with weights, \
                    input x and ε: the single-sample ELBO with analytical KL, every parameter gradient by \
                    backpropagation, IWAE_4; the linear Gaussian VAE with its exact PPCA marginal; short SGD and Adam \
                    training traces with the ε written out; inputs that must be refused.
                    """,
                proof: "Proofs/09-vae.md", steps: ["VAE-1", "VAE-2", "VAE-3", "VAE-4", "VAE-5", "VAE-6", "VAE-7"],
                conventions: Self.conventions,
                notes: Self.allNotes,
                groups: [try elboGroup(), try linearGroup(), try trainingGroup(), try invalidGroup()])
        ]
    }

    // MARK: - Networks

    typealias LayerSpec = VAELayerSpec

    /// Dyadic weights k/denominator, k ∈ [−12, 12], from SplitMix64.
    static func layer(
        _ rng: inout SplitMix64, _ o: Int, _ i: Int, _ act: Activation, denominator: Double = 16
    ) -> LayerSpec {
        func draw() -> Double { Double(Int(rng.uniform() * 25) - 12) / denominator }
        let w = (0..<o).map { _ in (0..<i).map { _ in draw() } }
        return LayerSpec(weights: w, bias: (0..<o).map { _ in draw() }, activation: act)
    }

    static let mlpEncoder: [LayerSpec] = {
        var r = SplitMix64(seed: 0x7AE0)
        return [layer(&r, 4, 3, .tanh), layer(&r, 4, 4, .identity)]
    }()
    static let mlpDecoder: [LayerSpec] = {
        var r = SplitMix64(seed: 0x7AE1)
        return [layer(&r, 3, 2, .tanh), layer(&r, 3, 3, .identity)]
    }()
    static let linearEncoder = [
        LayerSpec(weights: [[0.5, -0.25], [0.125, 0.0625]], bias: [0.0625, -0.75], activation: .identity)
    ]
    static let linearDecoder = [LayerSpec(weights: [[1.25], [-0.5]], bias: [0.25, -0.125], activation: .identity)]
    static let noiseVariance = 0.5

    /// The wide networks of the size cases: data dimension 8, latent dimension 10, hidden width 4
    /// (a bottleneck keeps the fixture small: 220 parameters). Weights k/32 (|w| ≤ 3/8), so that
    /// pre-activations summed over 4 … 10 inputs stay O(1) and σ = e^ρ stays near 1.
    static let (wideData, wideHidden, wideLatent) = (8, 4, 10)
    static let wideEncoder: [LayerSpec] = {
        var r = SplitMix64(seed: 0x7AE2)
        return [
            layer(&r, wideHidden, wideData, .tanh, denominator: 32),
            layer(&r, 2 * wideLatent, wideHidden, .identity, denominator: 32),
        ]
    }()
    static let wideDecoder: [LayerSpec] = {
        var r = SplitMix64(seed: 0x7AE3)
        return [
            layer(&r, wideHidden, wideLatent, .tanh, denominator: 32),
            layer(&r, wideData, wideHidden, .identity, denominator: 32),
        ]
    }()
    /// Dyadic eighths in [−1.5, 1.5] (data and ε) from SplitMix64.
    static func dyadic(seed: UInt64, count: Int, denominator: Double) -> [Double] {
        var r = SplitMix64(seed: seed)
        return (0..<count).map { _ in Double(Int(r.uniform() * 25) - 12) / denominator }
    }
    static let wideX = dyadic(seed: 0x7AE4, count: wideData, denominator: 8)
    static let wideBinaryX: [Double] = {
        var r = SplitMix64(seed: 0x7AE5)
        return (0..<wideData).map { _ in r.uniform() < 0.5 ? 0 : 1 }
    }()
    static let wideEpsilon = dyadic(seed: 0x7AE6, count: wideLatent, denominator: 8)

    static func vae<S: RealScalar>(
        _ enc: [LayerSpec], _ dec: [LayerSpec], bernoulli: Bool, s2: Double = noiseVariance,
        _: S.Type
    ) throws -> VariationalAutoencoder<S> {
        try VAENetworks(encoder: enc, decoder: dec, bernoulli: bernoulli, noiseVariance: s2).vae(S.self)
    }

    static func networkInputs(
        _ enc: [LayerSpec], _ dec: [LayerSpec], bernoulli: Bool,
        s2: Double = noiseVariance
    ) -> OrderedMap<FixtureValue> {
        var i = OrderedMap<FixtureValue>()
        for (name, specs) in [("encoder", enc), ("decoder", dec)] {
            i["\(name)-layers"] = .integer(specs.count)
            for (l, s) in specs.enumerated() {
                i["\(name)-W\(l)"] = .array(
                    shape: [s.weights.count, s.weights[0].count],
                    data: s.weights.flatMap { $0 }.map(FixtureValue.exactReal))
                i["\(name)-b\(l)"] = .vector(s.bias.map(FixtureValue.exactReal))
                i["\(name)-act\(l)"] = .string(s.activation.rawValue)
            }
        }
        i["likelihood"] = .string(bernoulli ? "bernoulli" : "gaussian")
        i["s2"] = .exactReal(s2)
        return i
    }

    // MARK: - Groups

    /// A case of the `elbo-gradient` group: the fixed MLP VAE, optionally with the last decoder bias
    /// (the logits' or means' offsets), the ρ half of the last encoder bias, or s² replaced.
    struct ELBOCase {
        let name: String
        let bernoulli: Bool
        let x: [Double]
        let seed: UInt64
        var decoderBias: [Double]? = nil
        var rhoBias: [Double]? = nil
        /// The wide networks (D = 16, d = 10) in place of the fixed small MLP.
        var wide = false
        /// Replaces one entry of the ρ half of the last encoder bias: (latent index, value).
        var rhoEntry: (index: Int, value: Double)? = nil
        var s2 = VAEExporter.noiseVariance
        var flags = ["kl-term-sign", "reparam-detached", "log-sigma-chain-rule", "iwae-missing-log-k"]
        var comment = ""

        /// ε of the single-sample ELBO.
        var epsilon: [Double] { wide ? VAEExporter.wideEpsilon : [0.375, -1.125] }
    }

    static let baselineFlags = ELBOCase(name: "", bernoulli: false, x: [], seed: 0).flags

    static let elboCases: [ELBOCase] = [
        ELBOCase(name: "mlp-gaussian", bernoulli: false, x: [0.75, -0.5, 1.25], seed: 0x1A4D),
        ELBOCase(name: "mlp-bernoulli", bernoulli: true, x: [1.0, 0.0, 1.0], seed: 0x1A4E),
        ELBOCase(
            name: "mlp-bernoulli-logits-30", bernoulli: true, x: [1.0, 0.0, 1.0], seed: 0x1A4F,
            decoderBias: [30, -30, 30],
            flags: [
                "bernoulli-log-of-sigmoid", "clipped-log-probabilities", "softplus-without-log1p",
                "sigmoid-complement-cancellation", "bernoulli-logit-cancellation",
            ],
            comment: """
                logits ≈ ±30 of the observed sign: ln p(x|z) ≈ −1e-12 and ∂/∂a = x − sigmoid(a) ≈ ±1e-13
                """),
        ELBOCase(
            name: "mlp-bernoulli-logits-700", bernoulli: true, x: [1.0, 0.0, 1.0], seed: 0x1A50,
            decoderBias: [-700, 700, -700],
            flags: ["bernoulli-log-of-sigmoid", "clipped-log-probabilities", "iwae-no-max-shift"],
            comment: "logits ≈ ∓700 against the observed sign: sigmoid(±700) rounds to 1 or 1e-304, "
                + "ln p(x|z) ≈ −2100, every ln wₖ of IWAE below the exp underflow"),
        ELBOCase(
            name: "mlp-bernoulli-logits-800", bernoulli: true, x: [1.0, 0.0, 1.0], seed: 0x1A51,
            decoderBias: [-800, 800, -800],
            flags: [
                "bernoulli-log-of-sigmoid", "clipped-log-probabilities", "softplus-without-log1p",
                "iwae-no-max-shift",
            ],
            comment: "logits ≈ ∓800 against the observed sign: e^{800} overflows, so does ln(1 + e^a); "
                + "ln p(x|z) ≈ −2400"),
        ELBOCase(
            name: "mlp-gaussian-rho-minus-400", bernoulli: false, x: [0.75, -0.5, 1.25], seed: 0x1A52,
            rhoBias: [-400, -400],
            flags: ["kl-log-of-variance", "iwae-log-q-from-z"],
            comment: """
                encoder ρ = ln σ ≈ −400: σ ≈ 1e-174, σ² underflows to 0 and z = μ + σε rounds to μ; KL \
                ≈ 800
                """),
        ELBOCase(
            name: "mlp-gaussian-s2-2e-20", bernoulli: false, x: [0.75, -0.5, 1.25], seed: 0x1A53,
            s2: 0x1p-20,
            flags: ["log-of-density", "iwae-no-max-shift"],
            comment: "Gaussian decoder variance s² = 2⁻²⁰: ln p(x|z) ≈ −1e6, below the exp underflow"),
        ELBOCase(
            name: "mlp-gaussian-s2-2e-20-max-not-first", bernoulli: false, x: [0.75, -0.5, 1.25], seed: 0x1A5C,
            s2: 0x1p-20,
            flags: ["log-of-density", "iwae-no-max-shift", "iwae-shift-by-first"],
            comment: """
                Gaussian decoder variance s² = 2⁻²⁰ with IWAE draws whose largest ln wₖ is not the first and \
                exceeds it by far more than 709 nats: shifting by ln w₁ overflows exp
                """),
        ELBOCase(
            name: "mlp-gaussian-rho-minus-40", bernoulli: false, x: [0.75, -0.5, 1.25], seed: 0x1A59,
            rhoBias: [-40, -40],
            flags: ["iwae-log-q-from-z"],
            comment: """
                encoder ρ = ln σ ≈ −40: σε ≈ 4e-18 is below half an ulp of μ, so z = μ + σε rounds to μ in \
                float64 and float32, while σ and σ² ≈ 2e-35 stay in float32's normal range
                """),
        ELBOCase(name: "mlp-gaussian-latent-10", bernoulli: false, x: wideX, seed: 0x1A54, wide: true),
        ELBOCase(
            name: "mlp-bernoulli-latent-10-logits-30", bernoulli: true, x: wideBinaryX, seed: 0x1A56,
            decoderBias: wideBinaryX.map { $0 == 1 ? 30 : -30 }, wide: true,
            flags: [
                "bernoulli-log-of-sigmoid", "clipped-log-probabilities", "softplus-without-log1p",
                "sigmoid-complement-cancellation", "bernoulli-logit-cancellation",
            ],
            comment: "8 logits ≈ ±30 of the observed sign: ln p(x|z) ≈ −1e-12, every ∂/∂a ≈ ±1e-13"),
        ELBOCase(
            name: "mlp-gaussian-latent-10-means-12", bernoulli: false, x: wideX, seed: 0x1A57,
            decoderBias: (0..<wideData).map { $0 % 2 == 0 ? 12 : -12 }, wide: true,
            flags: ["log-of-density", "iwae-no-max-shift"],
            comment: """
                decoder means ≈ ±12 against x = O(1): each of the 8 coordinate densities is ≥ 1e-80, their \
                product underflows; ln p(x|z) ≈ −1200 and every ln wₖ of IWAE is below the exp underflow
                """),
        ELBOCase(
            name: "mlp-gaussian-latent-10-rho-minus-400", bernoulli: false, x: wideX, seed: 0x1A58, wide: true,
            rhoEntry: (3, -400),
            flags: ["kl-log-of-variance", "iwae-log-q-from-z"],
            comment: """
                one of the 10 encoder ρ = ln σ ≈ −400: that σ² underflows to 0 and its z rounds to μ; the \
                other nine are O(1)
                """),
    ]

    /// The layer widths of a network, input first: "3→4→4".
    static func widths(_ layers: [LayerSpec]) -> String {
        ([layers[0].weights[0].count] + layers.map(\.weights.count)).map(String.init).joined(separator: "→")
    }

    /// The networks of a case: the fixed MLP with the case's replacements.
    static func networks(_ c: ELBOCase) -> (encoder: [LayerSpec], decoder: [LayerSpec]) {
        var enc = c.wide ? wideEncoder : mlpEncoder, dec = c.wide ? wideDecoder : mlpDecoder
        if let b = c.decoderBias {
            let last = dec[dec.count - 1]
            dec[dec.count - 1] = LayerSpec(weights: last.weights, bias: b, activation: last.activation)
        }
        if let rho = c.rhoBias {
            let last = enc[enc.count - 1]
            enc[enc.count - 1] = LayerSpec(
                weights: last.weights, bias: Array(last.bias.prefix(rho.count)) + rho,
                activation: last.activation)
        }
        if let (i, value) = c.rhoEntry {
            let last = enc[enc.count - 1]
            var bias = last.bias
            bias[bias.count / 2 + i] = value
            enc[enc.count - 1] = LayerSpec(weights: last.weights, bias: bias, activation: last.activation)
        }
        return (enc, dec)
    }

    func elboGroup() throws -> TestGroup {
        let entries = Self.elboCases.map { c in
            let epsilon = c.epsilon
            var rng = SplitMix64(seed: c.seed)
            let iwaeEps = (0..<4).map { _ in epsilon.map { _ in rng.standardNormal() } }
            let (enc, dec) = Self.networks(c)
            var inputs = Self.networkInputs(enc, dec, bernoulli: c.bernoulli, s2: c.s2)
            inputs["x"] = .vector(c.x.map(FixtureValue.exactReal))
            inputs["epsilon"] = .vector(epsilon.map(FixtureValue.exactReal))
            inputs["iwae-epsilon"] = .array(
                shape: [4, epsilon.count], data: iwaeEps.flatMap { $0 }.map(FixtureValue.exactReal))
            let parameterCount = (enc + dec).reduce(0) { $0 + $1.weights.count * ($1.weights[0].count + 1) }
            let decoderName =
                c.bernoulli ? "Bernoulli" : "Gaussian (s² = \(c.s2 == Self.noiseVariance ? "0.5" : "2⁻²⁰"))"
            return CatalogueEntry(
                c.name,
                comment: """
                    tanh MLP encoder \(Self.widths(enc)) and decoder \(Self.widths(dec)), \(decoderName) decoder: \
                    single-sample ELBO, its \
                    parts, all \(parameterCount) parameter gradients and IWAE_4
                    """
                        + (c.comment.isEmpty ? "" : "; " + c.comment),
                flags: c.flags, inputs: inputs)
        }
        return try VAEELBOGradientEvaluator().testGroup(
            description:
                """
                Single-sample ELBO, KL, reconstruction, all parameter gradients and IWAE_4 of a fixed MLP VAE (VAE-2 \
                … VAE-5).
                """,
            entries)
    }

    /// A case of the `linear` group: the linear VAE (D = 2, d = 1 unless `wide`) with the ρ half
    /// of the encoder bias or s² replaced.
    struct LinearCase {
        let name: String
        let x: [Double]
        let epsilon: [Double]
        var wide = false
        var rhoBias: Double? = nil
        var s2 = VAEExporter.noiseVariance
        var flags = ["kl-term-sign", "reparam-detached", "ppca-covariance"]
        var comment = ""
        /// The networks of a near-posterior case (`nearPosterior`), replacing the group's.
        var networks: (encoder: [LayerSpec], decoder: [LayerSpec])? = nil
    }

    /// The linear VAE with W = (0.75, 0.5)ᵀ, b = (0.25, −0.125), s² = 0.1875, so M = WᵀW + s² = 1 and the
    /// exact posterior is N(Wᵀ(x − b), s²); the encoder gives μ = Wᵀ(x − b) + 2^−`power` and ρ = RN(½ ln
    /// 0.1875) + 2^−`power`: q is within ≈ 2^−2·`power` nats of the posterior.
    static func nearPosterior(power: Int) -> LinearCase {
        let shift = Foundation.scalbn(1.0, -power)
        let rho = -0x1.ac89b834770d4p-1  // ½ ln 0.1875 rounded to nearest (1.9e-17 below it)
        let encoder = [
            LayerSpec(
                weights: [[0.75, 0.5], [0, 0]], bias: [-0.125 + shift, rho + shift], activation: .identity)
        ]
        let decoder = [LayerSpec(weights: [[0.75], [0.5]], bias: [0.25, -0.125], activation: .identity)]
        func superscript(_ n: Int) -> String { String(String(n).map { Array("⁰¹²³⁴⁵⁶⁷⁸⁹")[Int(String($0))!] }) }
        return LinearCase(
            name: "near-posterior-2-minus-\(power)", x: [1.5, -0.25], epsilon: [0.5], s2: 0.1875,
            flags: ["elbo-gap-by-difference", "cancellation-near-equal"],
            comment: """
                q(z|x) = N(μ, e^{2ρ}) with μ and ρ 2⁻\(superscript(power)) above the exact posterior's (W = \
                (0.75, 0.5)ᵀ, s² = 0.1875, so M = 1 and p(z|x) = N(Wᵀ(x − b), s²); ρ's base is ½ ln 0.1875 rounded \
                to nearest): the ELBO gap KL(q ‖ p(z|x)) ≈ (1 + 1/(2s²))·2⁻\(superscript(2 * power)) ≈ \
                3.7·2⁻\(superscript(2 * power)) is far below the rounding of ln p(x) and of the expected ELBO
                """,
            networks: (encoder, decoder))
    }

    /// The wide linear VAE: encoder 8 → 20, decoder 10 → 8, weights k/32 and k/16.
    static let wideLinear: (encoder: [LayerSpec], decoder: [LayerSpec]) = {
        var r = SplitMix64(seed: 0x7AE7)
        return (
            [layer(&r, 2 * wideLatent, wideData, .identity, denominator: 32)],
            [layer(&r, wideData, wideLatent, .identity)]
        )
    }()

    static let linearCases: [LinearCase] = [
        LinearCase(name: "x-1.5-minus-0.25", x: [1.5, -0.25], epsilon: [0.5]),
        LinearCase(name: "x-minus-2-3", x: [-2.0, 3.0], epsilon: [-1.75]),
        LinearCase(name: "latent-10-data-8", x: wideX, epsilon: wideEpsilon, wide: true),
        LinearCase(
            name: "rho-minus-400", x: [1.5, -0.25], epsilon: [0.5], rhoBias: -400, flags: ["kl-log-of-variance"],
            comment: "encoder ρ = ln σ ≈ −400: σ² underflows to 0 and z = μ + σε rounds to μ; KL ≈ 400"),
        LinearCase(
            name: "s2-2e-20", x: [1.5, -0.25], epsilon: [0.5], s2: 0x1p-20, flags: ["log-of-density"],
            comment: """
                decoder variance s² = 2⁻²⁰: ln p(x|z) ≈ −1.3e5, below the exp underflow; WWᵀ + s²I has \
                condition number ≈ 2e6
                """),
        nearPosterior(power: 20), nearPosterior(power: 30), nearPosterior(power: 40),
    ]

    /// The networks of a linear case.
    static func networks(_ c: LinearCase) -> (encoder: [LayerSpec], decoder: [LayerSpec]) {
        if let given = c.networks { return given }
        var (enc, dec) = c.wide ? wideLinear : (linearEncoder, linearDecoder)
        if let rho = c.rhoBias {
            let e = enc[0]
            enc[0] = LayerSpec(weights: e.weights, bias: [e.bias[0], rho], activation: e.activation)
        }
        return (enc, dec)
    }

    func linearGroup() throws -> TestGroup {
        let entries = Self.linearCases.map { c in
            let (enc, dec) = Self.networks(c)
            var inputs = Self.networkInputs(enc, dec, bernoulli: false, s2: c.s2)
            inputs["x"] = .vector(c.x.map(FixtureValue.exactReal))
            inputs["epsilon"] = .vector(c.epsilon.map(FixtureValue.exactReal))
            return CatalogueEntry(
                c.name,
                comment:
                    """
                    linear Gaussian VAE, D = \(c.x.count), d = \(c.epsilon.count): exact ln p(x) = ln N(x; b, WWᵀ + \
                    s²I), the closed-form expected ELBO, and the single-sample ELBO and gradient
                    """
                        + (c.comment.isEmpty ? "" : "; " + c.comment),
                flags: c.flags, inputs: inputs)
        }
        return try LinearVAEEvaluator().testGroup(
            description: "The linear Gaussian VAE: exact PPCA marginal, expected ELBO, single-sample gradient (VAE-6).",
            entries)
    }

    static let trainingData: [[Double]] = [
        [1.5, -0.25], [0.5, 0.75], [-1.0, 0.5], [2.0, -1.5], [-0.5, 0.25], [0.25, 1.0],
    ]

    /// A case of the `training` group: the linear VAE with the ρ half of the encoder bias or s²
    /// replaced, trained by `rule`.
    struct TrainingCase {
        let name: String
        let rule: String
        var rhoBias: Double? = nil
        var s2 = VAEExporter.noiseVariance
        let flags: [String]
        var comment = ""
    }

    static let trainingCases: [TrainingCase] = [
        TrainingCase(name: "linear-sgd", rule: "sgd", flags: ["kl-term-sign", "reparam-detached"]),
        TrainingCase(name: "linear-adam", rule: "adam", flags: ["adam-bias-correction", "kl-term-sign"]),
        TrainingCase(
            name: "linear-sgd-rho-minus-400", rule: "sgd", rhoBias: -400,
            flags: ["kl-log-of-variance", "kl-term-sign"],
            comment: """
                encoder ρ = ln σ ≈ −400: σ² underflows to 0 in float64 and z = μ + σε rounds to μ; each KL ≈ 400, \
                and ∂KL/∂ρ = σ² − 1 ≈ −1 moves ρ by ≈ η per step
                """),
        TrainingCase(
            name: "linear-adam-s2-2e-20", rule: "adam", s2: 0x1p-20, flags: ["log-of-density", "kl-term-sign"],
            comment: """
                decoder variance s² = 2⁻²⁰: ln p(x|z) ≈ −10⁵ … −10⁶, below the exp underflow, and gradients ≈ 10⁶ \
                that Adam's normalisation turns into steps ≈ η
                """),
    ]

    /// The size case of the `training` group: N = 10⁴ points of the linear VAE at D = d = 1 with the
    /// ρ row of the encoder zero (σ = 1 at every point), one full-batch SGD step. Data and ε are
    /// standard normal draws (SplitMix64) rounded to quarters: short to write (≈ 90 bytes a real,
    /// 1.8 MB for the 2·10⁴ reals), exact in float32, and every per-point ELBO is −½ ln π plus a
    /// multiple of 2⁻¹², so the roundings of a float32 running sum over the points lean one way.
    static let largeCount = 10_000
    static let largeEncoder = [LayerSpec(weights: [[0.5], [0]], bias: [0.0625, 0], activation: .identity)]
    static let largeDecoder = [LayerSpec(weights: [[1.25]], bias: [0.25], activation: .identity)]
    static let (largeData, largeEpsilon): ([Double], [Double]) = {
        var r = SplitMix64(seed: 0x7EA2)
        // + 0 turns a −0 into +0.
        func quarter() -> Double { (4 * r.standardNormal()).rounded() / 4 + 0 }
        let data = (0..<largeCount).map { _ in quarter() }
        return (data, (0..<largeCount).map { _ in quarter() })
    }()

    func largeTrainingEntry() -> CatalogueEntry {
        let n = Self.largeCount
        var inputs = Self.networkInputs(Self.largeEncoder, Self.largeDecoder, bernoulli: false)
        inputs["data"] = .array(shape: [n, 1], data: Self.largeData.map(FixtureValue.exactReal))
        inputs["epsilon"] = .array(shape: [1, n, 1], data: Self.largeEpsilon.map(FixtureValue.exactReal))
        inputs["optimizer"] = .string("sgd")
        inputs["learning-rate"] = .exactReal(0.0625)
        return CatalogueEntry(
            "linear-sgd-n10000",
            comment: """
                one full-batch sgd step on N = 10⁴ points, D = d = 1, σ = 1 (the encoder's ρ row is 0); data and ε \
                standard normal draws rounded to quarters (SplitMix64, seed 0x7EA2); the mean ELBO before the step \
                and the parameters after it. Every per-point ELBO is −½ ln π − (x − a)² − μ²/2, −½ ln π plus a \
                multiple of 2⁻¹², so the per-point terms share their low bits and the roundings of a float32 running \
                sum over the points (total += elbo) lean one way: 907 float32 ulps off the mean ELBO after 10⁴ \
                additions, where a pairwise or compensated sum is within 1 (the final parameters, from short dyadic \
                gradient terms, come out within 1 ulp either way)
                """,
            flags: ["kl-term-sign", "reparam-detached", "running-sum-over-data"], inputs: inputs)
    }

    func trainingGroup() throws -> TestGroup {
        let steps = 5
        let eps = VAETraining.standardNormalDraws(
            seed: 0x7EA1, steps: steps, count: Self.trainingData.count, dimension: 1)
        let entries = Self.trainingCases.map { c in
            var encoder = Self.linearEncoder
            if let rho = c.rhoBias {
                let e = encoder[0]
                encoder[0] = LayerSpec(weights: e.weights, bias: [e.bias[0], rho], activation: e.activation)
            }
            var inputs = Self.networkInputs(encoder, Self.linearDecoder, bernoulli: false, s2: c.s2)
            inputs["data"] = .array(
                shape: [Self.trainingData.count, 2], data: Self.trainingData.flatMap { $0 }.map(FixtureValue.exactReal))
            inputs["epsilon"] = .array(
                shape: [steps, Self.trainingData.count, 1],
                data: eps.flatMap { $0.flatMap { $0 } }.map(FixtureValue.exactReal))
            inputs["optimizer"] = .string(c.rule)
            inputs["learning-rate"] = .exactReal(0.0625)
            if c.rule == "adam" {
                inputs["beta1"] = .exactReal(0.875)
                inputs["beta2"] = .exactReal(0.9990234375)
                inputs["adam-epsilon"] = .exactReal(0.0009765625)
            }
            return CatalogueEntry(
                c.name,
                comment:
                    """
                    \(steps) full-batch \(c.rule) steps on 6 points; the mean ELBO before each step and the parameters \
                    after the last
                    """ + (c.comment.isEmpty ? "" : "; " + c.comment),
                flags: c.flags, inputs: inputs)
        }
        return try VAETrainingEvaluator().testGroup(
            description: "Short SGD and Adam traces of the linear VAE with written-out ε (VAE-7).",
            entries + [largeTrainingEntry()])
    }

    func invalidGroup() throws -> TestGroup {
        let refusals = VAEEvaluators.invalid
        var entries: [CatalogueEntry] = []
        func add(
            _ name: String, _ inputs: OrderedMap<FixtureValue>, _ kind: String, _ flag: String, _ comment: String
        ) throws {
            entries.append(
                try Self.refusedCase(
                    refusals, name, comment: "must be refused: \(comment)", flags: [flag], inputs: inputs,
                    kind: kind))
        }
        func base() -> OrderedMap<FixtureValue> {
            var i = Self.networkInputs(Self.mlpEncoder, Self.mlpDecoder, bernoulli: false)
            i["x"] = .vector([0.75, -0.5, 1.25].map(FixtureValue.exactReal))
            i["epsilon"] = .vector([0.375, -1.125].map(FixtureValue.exactReal))
            i["iwae-epsilon"] = .array(shape: [1, 2], data: [0.5, -0.5].map(FixtureValue.exactReal))
            return i
        }
        var mismatch = base()
        mismatch["decoder-W0"] = .array(shape: [3, 3], data: (0..<9).map { _ in FixtureValue.exactReal(0.25) })
        try add(
            "layer-shapes", mismatch, "shape-mismatch", "shape-validation",
            "the decoder's first layer takes 3 inputs but the latent has 2")
        var nan = base()
        nan["encoder-b0"] = .vector([0.0, .nan, 0.0, 0.0].map(FixtureValue.exactReal))
        try add("nan-weight", nan, "non-finite-input", "non-finite-weights", "a NaN encoder bias")
        var noSamples = base()
        noSamples["iwae-epsilon"] = .array(shape: [0, 2], data: [])
        try add("iwae-k0", noSamples, "empty", "empty-input", "IWAE with K = 0 samples")
        var emptyData = Self.networkInputs(Self.linearEncoder, Self.linearDecoder, bernoulli: false)
        emptyData["data"] = .array(shape: [0, 2], data: [])
        emptyData["epsilon"] = .array(shape: [1, 0, 1], data: [])
        emptyData["optimizer"] = .string("sgd")
        emptyData["learning-rate"] = .exactReal(0.0625)
        try add("empty-data", emptyData, "empty", "empty-input", "training on an empty data set")
        return try refusals.testGroup(
            description: "Mismatched layer shapes, NaN weights, K < 1, an empty data set (VAE-1, VAE-5, VAE-7).",
            entries)
    }
}
