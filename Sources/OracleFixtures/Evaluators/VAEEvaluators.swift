import Foundation
import LatentDerivations
import OracleArithmetic

/// The evaluators of `vae/networks` (`Proofs/09-vae.md`, VAE-1 … VAE-7): the single-sample ELBO,
/// its parts, every parameter gradient and IWAE_K of a given MLP VAE at given ε; the linear VAE's
/// exact PPCA marginal and expected ELBO; SGD and Adam traces with given ε. Reals are computed at
/// 384 bits, confirmed at 256 bits to 2⁻²²⁰ relative and rounded once (correctly rounded).
public enum VAEEvaluators {
    static let variant = "networks"

    public static let all: [any GroupEvaluator] = [
        VAEELBOGradientEvaluator(), LinearVAEEvaluator(), VAETrainingEvaluator(), invalid,
    ]

    /// `vae/networks/invalid`: network, IWAE and training inputs that must be refused.
    static let invalid = RefusalGroupEvaluator(
        GroupPath("vae", variant, "invalid"),
        summary: "refusals of the VAE groups: layers that do not chain, NaN weights, K < 1, an empty data set",
        models: [VAEELBOGradientEvaluator(), VAETrainingEvaluator()],
        kinds: [.notFinite: "non-finite-input", .shapeMismatch: "shape-mismatch"],
        float32Refusal: """
            layer shapes that do not chain, a NaN weight, K = 0 and N = 0 do not depend on precision, so a \
            float32 code refuses alike
            """)

    /// Dimensions D, d, K, N and step counts of a request: at most 64 each.
    static let sizeLimit = 64

    static func rounded(_ values: some Collection<Double>) -> FixtureValue {
        .vector(values.map { .real(RealNumber($0, accuracy: .correctlyRounded)) })
    }

    static func real(_ x: Double) -> FixtureValue { .real(RealNumber(x, accuracy: .correctlyRounded)) }

    static let gradientTolerance = ToleranceSpec.relative(
        1e-9,
        """
        a few dozen float64 operations per entry on O(1) weights (tanh, exp of ρ, log1p): ~100 ulps, plus \
        cancellation in gradient entries of at most 3 digits on these inputs; 1e-9 leaves ≥ 100× margin
        """)

    /// Why a float64 backpropagation gets the zero gradient entries within the floor.
    static let zeroInputGradients =
        "they are ∂/∂W⁰ᵢⱼ = δᵢ·xⱼ of the first encoder layer at an input xⱼ = 0, "
        + "exactly 0 in any backpropagation"

    static let saturationReason = """
        the stable routes (ln p(x|z) = −Σ[x softplus(−a) + (1 − x) softplus(a)] with softplus(a) = \
        max(a, 0) + log1p(e^{−|a|}), x − sigmoid(a) as x·sigmoid(−a) − (1 − x)·sigmoid(a), the KL with \
        ln σ² = 2ρ, ln q from ε, log-sum-exp with the max shifted out, ln N(x; a, s²) in the log domain) \
        form no difference of nearly equal numbers and keep every output to a few dozen ulps plus ≤ 3 digits \
        of cancellation in gradient sums, as on the O(1) cases: a float64 backpropagation written that way \
        is within 1e-11 here (SaturationRegimeTests), so 1e-9 leaves ≥ 100× margin; x·a − softplus(a), \
        ln σ(a) and ln(1 − σ(a)) from σ(a), clipped probabilities, ln(1 + e^a), 1 − σ(a), ln σ² from σ², \
        ln q from z − μ, ln Σ e^{ln w} and the log of a density are off by 1e-3 relative or more (or infinite)
        """

    /// The saturated regime, where the fragile formulations of `saturationReason` fail: a decoder
    /// logit |a| ≥ 16 (σ(a) within 1e-7 of 0 or 1), an encoder ρ = ln σ ≤ −16, or ln p(x|z) ≤ −700
    /// (the density near the exp underflow). Decided from a float64 forward pass, which is exact
    /// enough for thresholds this coarse; a forward pass that fails counts as saturated.
    static func isSaturated(_ networks: VAENetworks, x: [Double], epsilon: [Double], reconstruction: Double)
        -> Bool
    {
        guard let model = try? networks.vae(Double.self), let e = try? model.elbo(x: x, epsilon: epsilon),
            let logits = try? model.decoder.forward(e.z).last
        else { return true }
        let rho = e.standardDeviation.map { Foundation.log($0) }
        return (networks.bernoulli && logits.contains { abs($0) >= 16 }) || rho.contains { $0 <= -16 }
            || reconstruction <= -700
    }

    static let dataDeclarations = [
        FieldDeclaration("x", .real, shape: ["D"], "the observation x (∈ {0, 1}ᴰ for bernoulli)"),
        FieldDeclaration("epsilon", .real, shape: ["d"], "ε of the single-sample ELBO, z = μ + σ ⊙ ε"),
    ]
}

/// `vae/networks/elbo-gradient`: the single-sample ELBO, its reconstruction and KL parts, every
/// parameter gradient (encoder layers then decoder layers, each W row by row then b) and IWAE_K
/// with zₖ = μ + σ ⊙ iwae-epsilon[k] (VAE-2 … VAE-5).
public struct VAEELBOGradientEvaluator: GroupEvaluator {
    public let path = GroupPath("vae", VAEEvaluators.variant, "elbo-gradient")
    public let summary = "single-sample ELBO, KL, reconstruction, every parameter gradient and IWAE_K of an MLP VAE"
    public let inputs =
        VAEEvaluators.dataDeclarations + [
            FieldDeclaration("iwae-epsilon", .real, shape: ["K", "d"], "row k: the ε of IWAE sample k")
        ] + VAEEvaluators.networkDeclarations
    public let outputs = [
        FieldDeclaration("reconstruction", .real, "ln p(x | z) at z = μ + σ ⊙ ε"),
        FieldDeclaration("kl", .real, "KL(N(μ, diag σ²) ‖ N(0, I)), analytical"),
        FieldDeclaration("elbo", .real, "reconstruction − kl"),
        FieldDeclaration("iwae", .real, "IWAE_K = ln (1/K) Σₖ wₖ"),
        FieldDeclaration(
            "gradient", .real, shape: ["P"],
            "∂elbo/∂θ, encoder then decoder layers, W row-major then b"),
    ]
    /// D, d, K and layer widths ≤ 64, at most 4 layers a network.
    public var sizeLimit: Int { VAEEvaluators.sizeLimit }
    /// P, the parameter count, follows from the widths and can exceed 64.
    public var derivedAxes: Set<String> { ["P"] }

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "x", "epsilon", "iwae-epsilon")
        let (x, epsilon) = (read.reals("x"), read.reals("epsilon"))
        let iwaeEpsilon = read.matrix("iwae-epsilon")
        let networks = try VAEEvaluators.networks(read, path, dataDimension: x.count, latentDimension: epsilon.count)
        return try RefusalKind.evaluating(path) {
            let model = try networks.vae(BigFloat.self)
            let values = try GradientEstimatorsEvaluators.confirmed {
                let (e, g) = try model.elboGradient(x: x.map(BigFloat.init), epsilon: epsilon.map(BigFloat.init))
                let iwae = try model.iwae(x: x.map(BigFloat.init), epsilons: iwaeEpsilon.map { $0.map(BigFloat.init) })
                return [e.reconstruction, e.kl, e.elbo, iwae] + g.flattened
            }
            let expected: OrderedMap<FixtureValue> = [
                "reconstruction": VAEEvaluators.real(values[0]), "kl": VAEEvaluators.real(values[1]),
                "elbo": VAEEvaluators.real(values[2]), "iwae": VAEEvaluators.real(values[3]),
                "gradient": VAEEvaluators.rounded(values[4...]),
            ]
            let saturated = VAEEvaluators.isSaturated(networks, x: x, epsilon: epsilon, reconstruction: values[0])
            let tolerance =
                saturated
                ? .relative(1e-9, VAEEvaluators.saturationReason) : VAEEvaluators.gradientTolerance
            return Evaluation(
                expected: .values(expected),
                tolerance: try tolerance.flooredAtZeros(of: expected, VAEEvaluators.zeroInputGradients))
        }
    }
}

/// `vae/networks/linear`: the linear Gaussian VAE (one identity layer each): the exact
/// ln p(x) = ln N(x; b, WWᵀ + s²I), the closed-form expected ELBO, and the single-sample ELBO and
/// gradient at ε (VAE-6).
public struct LinearVAEEvaluator: GroupEvaluator {
    public let path = GroupPath("vae", VAEEvaluators.variant, "linear")
    public let summary = "the linear Gaussian VAE: exact PPCA marginal, expected ELBO, single-sample ELBO and gradient"
    public let inputs = VAEEvaluators.dataDeclarations + VAEEvaluators.networkDeclarations
    public let outputs = [
        FieldDeclaration("log-marginal", .real, "ln N(x; b_dec, W Wᵀ + s² I)"),
        FieldDeclaration("expected-elbo", .real, "E_ε[elbo], closed form"),
        FieldDeclaration("elbo", .real, "the single-sample ELBO at ε"),
        FieldDeclaration("gradient", .real, shape: ["P"], "∂elbo/∂θ: encoder W, b then decoder W, b"),
        FieldDeclaration("posterior-kl", .real, "KL(q(z|x) ‖ p(z|x)) = log-marginal − expected-elbo, the ELBO gap"),
    ]
    /// D, d ≤ 64.
    public var sizeLimit: Int { VAEEvaluators.sizeLimit }
    /// P, the parameter count, follows from D and d and can exceed 64.
    public var derivedAxes: Set<String> { ["P"] }

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "x", "epsilon")
        let (x, epsilon) = (read.reals("x"), read.reals("epsilon"))
        let networks = try VAEEvaluators.linearNetworks(
            read, path, dataDimension: x.count,
            latentDimension: epsilon.count)
        return try RefusalKind.evaluating(path) {
            let (encoder, decoder) = (networks.encoder[0], networks.decoder[0])
            let model = try LinearGaussianVAE(
                decoderWeights: decoder.weights.map { $0.map { BigFloat($0) } },
                decoderBias: decoder.bias.map { BigFloat($0) }, noiseVariance: BigFloat(networks.noiseVariance),
                encoderWeights: encoder.weights.map { $0.map { BigFloat($0) } },
                encoderBias: encoder.bias.map { BigFloat($0) })
            let values = try GradientEstimatorsEvaluators.confirmed {
                let xs = x.map(BigFloat.init), es = epsilon.map(BigFloat.init)
                let (e, g) = try model.model.elboGradient(x: xs, epsilon: es)
                // The reconstruction, last, decides the regime only; it is not an output.
                return [try model.logMarginal(xs), try model.expectedELBO(xs), e.elbo] + g.flattened
                    + [e.reconstruction]
            }
            let saturated = VAEEvaluators.isSaturated(
                networks, x: x, epsilon: epsilon, reconstruction: values[values.count - 1])
            let gap = try Self.certifiedPosteriorKL { try model.posteriorKL(x.map(BigFloat.init)) }
            var tolerance = Self.tolerance(networks, saturated: saturated)
            if gap < Self.nearPosteriorLimit, epsilon.count == 1 {
                tolerance = try Self.nearPosteriorTolerance(networks, x: x, gap: gap)
            }
            return Evaluation(
                expected: .values([
                    "log-marginal": VAEEvaluators.real(values[0]), "expected-elbo": VAEEvaluators.real(values[1]),
                    "elbo": VAEEvaluators.real(values[2]),
                    "gradient": VAEEvaluators.rounded(values[3..<(values.count - 1)]),
                    "posterior-kl": VAEEvaluators.real(gap),
                ]),
                tolerance: tolerance)
        }
    }

    /// KL(q ‖ p(z|x)) of `LinearGaussianVAE.posteriorKL`, correctly rounded: its values at 512 and 768
    /// bits must agree to 2⁻⁴⁰⁰ relative, and Ziv's loop rounds it from 512 bits with an error bound of
    /// 2⁶¹ ulps. Near q = p(z|x) the parts are formed from differences ℓ, δ of O(1) numbers: ℓ ≈ 2⁻³⁹
    /// loses ≈ 40 bits and φ(ℓ) ≈ ℓ²/2 doubles its relative error, ≈ 45 bits in all.
    static func certifiedPosteriorKL(_ value: () throws -> BigFloat) throws -> Double {
        let low = try BigFloat.withPrecision(512, value), high = try BigFloat.withPrecision(768, value)
        let limit = BigFloat(mantissa: BigInt(1), exponent: -400)
        guard (low - high).absoluteValue <= limit * high.absoluteValue else {
            throw GradientEstimatorsEvaluators.inconsistency(
                "512- and 768-bit posterior KLs disagree: \(low.doubleValue) vs \(high.doubleValue)")
        }
        return try BigFloat.correctlyRoundedDouble(
            errorBoundUlps: 1 << 61, startingPrecision: 512, maximumPrecision: 1024
        ) { _ in try value() }
    }

    /// Below this ELBO gap, q is near the exact posterior and `nearPosteriorTolerance` applies.
    static let nearPosteriorLimit = 1e-6

    /// Near q = p(z|x) (d = 1): KL ≈ ℓ²/4 + δ²M/(2s²) with ℓ = ln M + 2ρ − ln s² and δ = μ − m, so a
    /// code that forms ℓ and δ once (absolute errors u·S_ℓ, u·S_δ, S the sizes of the terms they are
    /// differences of) errs by ≲ u·√KL·(S_ℓ + S_δ·√(2M/s²)); the floor is 64× that. The other
    /// outputs keep the group's relative 1e-9, far above the floor.
    static func nearPosteriorTolerance(_ networks: VAENetworks, x: [Double], gap: Double) throws -> ToleranceSpec {
        let (encoder, decoder) = (networks.encoder[0], networks.decoder[0])
        let s2 = networks.noiseVariance, w = decoder.weights.map { $0[0] }
        let m = w.reduce(s2) { $0 + $1 * $1 }
        let mu = zip(encoder.weights[0], x).reduce(encoder.bias[0]) { $0 + $1.0 * $1.1 }
        let rho = zip(encoder.weights[1], x).reduce(encoder.bias[1]) { $0 + $1.0 * $1.1 }
        let posteriorMean = zip(w, zip(x, decoder.bias)).reduce(0) { $0 + $1.0 * ($1.1.0 - $1.1.1) } / m
        let sizeL = abs(Foundation.log(m)) + abs(2 * rho) + abs(Foundation.log(s2))
        let sizeDelta = abs(mu) + abs(posteriorMean)
        let error = 0x1p-53 * gap.squareRoot() * (sizeL + sizeDelta * (2 * m / s2).squareRoot())
        let floor = 64 * error
        let digits = MixturesEvaluators.digits
        return ToleranceSpec(
            kind: .relative, value: 1e-9, absoluteFloor: floor,
            reason: """
                q(z|x) is within \(digits(gap)) nats of the exact posterior: KL ≈ ℓ²/4 + δ²M/(2s²) with ℓ = ln M + \
                2ρ − ln s² and δ = μ − M⁻¹Wᵀ(x − b); a float64 code that forms ℓ and δ once (terms of size \
                S_ℓ = \(digits(sizeL)), S_δ = \(digits(sizeDelta))) and sums ℓ²/4-like parts ≥ 0 (φ(ℓ) = eˡ − 1 − ℓ \
                by its series) errs by ≲ u·√KL·(S_ℓ + S_δ·√(2M/s²)) = \(digits(error)) absolute; the floor is 64× \
                that, \(digits(floor / gap)) relative to the KL. The gap as log-marginal − expected-elbo, each \
                rounded to ≈ u·|ln p(x)|, errs by ≈ 1e-16 absolute and fails; the other outputs keep relative 1e-9 \
                (a few dozen float64 operations on O(1) numbers)
                """)
    }

    /// The bound (‖W‖²_F + s²)/s² on the condition number of the PPCA covariance WWᵀ + s²I.
    static func conditionBound(_ networks: VAENetworks) -> Double {
        let w = networks.decoder[0].weights.joined()
        return (w.reduce(0) { $0 + $1 * $1 } + networks.noiseVariance) / networks.noiseVariance
    }

    /// Where κ = (‖W‖²_F + s²)/s² exceeds this, the Cholesky factorization's rounding sets the tolerance.
    static let conditionLimit = 1e4

    /// 1e-9 relative on the O(1) and saturated regimes; 100·κ·u (u = 2⁻⁵³) when the PPCA covariance
    /// is ill-conditioned (κ > 1e4).
    static func tolerance(_ networks: VAENetworks, saturated: Bool) -> ToleranceSpec {
        let kappa = conditionBound(networks)
        if kappa > conditionLimit {
            let bound = max(1e-9, 100 * kappa * 0x1p-53)
            return .relative(
                bound,
                """
                WWᵀ + s²I has condition number ≤ (‖W‖²_F + s²)/s² = \(String(format: "%.2g", kappa)): a float64 \
                Cholesky factorization computes its Schur complements, hence ln det and the quadratic form of ln p(x), \
                to ≈ κ·u relative (u = 2⁻⁵³, the rounding of O(‖W‖²) entries against a pivot ≈ s²); the other \
                outputs are sums and products in the log domain with no cancellation; 100·κ·u leaves ≥ 100× margin \
                over a float64 Cholesky route (SaturationRegimeTests)
                """)
        }
        return saturated ? .relative(1e-9, linearSaturationReason) : VAEEvaluators.gradientTolerance
    }

    static let linearSaturationReason = """
        the stable routes (the KL with ln σ² = 2ρ, z = μ + σε rounding to μ harmlessly, ln N(x; a, s²I) in the \
        log domain, the PPCA marginal by Cholesky of a well-conditioned WWᵀ + s²I) form no difference of \
        nearly equal numbers: a float64 route written that way is within 1e-11 here (SaturationRegimeTests), \
        so 1e-9 leaves ≥ 100× margin; ln σ² from the computed σ² = 0 and the log of a density below the exp \
        underflow are infinite
        """
}

/// `vae/networks/training`: T full-batch SGD or Adam steps of the linear VAE with the given ε
/// (step t uses epsilon[t][n] for data point n); the mean ELBO before each step and the
/// parameters after the last (VAE-7).
public struct VAETrainingEvaluator: GroupEvaluator {
    public let path = GroupPath("vae", VAEEvaluators.variant, "training")
    public let summary = "a full-batch SGD or Adam trace of the linear VAE with given ε"
    public let inputs =
        [
            FieldDeclaration("data", .real, shape: ["N", "D"], "row n: the data point n"),
            FieldDeclaration("epsilon", .real, shape: ["T", "N", "d"], "epsilon[t][n]: the ε of point n at step t"),
            FieldDeclaration("optimizer", .string, "sgd or adam"),
            FieldDeclaration("learning-rate", .real, "η"),
            FieldDeclaration("beta1", .real, "adam: β₁", isRequired: false),
            FieldDeclaration("beta2", .real, "adam: β₂", isRequired: false),
            FieldDeclaration("adam-epsilon", .real, "adam: ϵ in m̂/(√v̂ + ϵ)", isRequired: false),
        ] + VAEEvaluators.networkDeclarations
    public let outputs = [
        FieldDeclaration("mean-elbo", .real, shape: ["T"], "the mean ELBO over the data before step t"),
        FieldDeclaration("final-parameters", .real, shape: ["P"], "θ after the last step, in the gradient's order"),
    ]
    /// N ≤ 10⁴ data points (D, d, T and the layer widths ≤ 64, `requireSize`) with T·N ≤ 10⁴
    /// single-sample gradients: the size regime's data counts (`Proofs/09-vae.md`) at a cost the
    /// debug gate affords (10⁴ gradients of the linear VAE at D = d = 1, at 384 and 256 bits,
    /// take 1.6 s of CPU in a debug build).
    public var sizeLimit: Int { Self.gradientLimit }
    /// P, the parameter count, follows from D and d and can exceed 64.
    public var derivedAxes: Set<String> { ["P"] }
    static let gradientLimit = 10_000

    public init() {}

    static let adamFields = ["beta1", "beta2", "adam-epsilon"]

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "data", "epsilon", "learning-rate")
        guard case .string(let rule)? = read.values["optimizer"], ["sgd", "adam"].contains(rule) else {
            throw EvaluationError(
                .mistypedInput, group: path.description, field: "optimizer",
                problem: "not an optimizer", remedy: "write sgd or adam")
        }
        for field in Self.adamFields {
            let given = read.values[field] != nil
            if given != (rule == "adam") {
                throw EvaluationError(
                    given ? .extraInput : .missingInput, group: path.description, field: field,
                    problem: given ? "sgd takes no \(field)" : "adam needs \(field)",
                    remedy: given ? "remove it" : "add it")
            }
        }
        if rule == "adam" { try read.requireFinite("beta1", "beta2", "adam-epsilon") }
        for symbol in read.sizes.keys.sorted() where symbol != "N" {
            let field = self.inputs.first { $0.shape.contains(symbol) }?.name ?? symbol
            try read.requireSize(symbol, atMost: VAEEvaluators.sizeLimit, field: field)
        }
        let (steps, count) = (read.sizes["T"] ?? 0, read.sizes["N"] ?? 0)
        guard steps * count <= Self.gradientLimit else {
            throw EvaluationError(
                .sizeLimit, group: path.description, field: "epsilon",
                problem: "T·N = \(steps * count) is over this group's limit of \(Self.gradientLimit)",
                remedy: "use fewer steps or data points")
        }
        let networks = try VAEEvaluators.linearNetworks(
            read, path, dataDimension: read.sizes["D"] ?? 0,
            latentDimension: read.sizes["d"] ?? 0)
        let data = read.matrix("data")
        let flat = read.reals("epsilon"), d = read.sizes["d"] ?? 0
        let epsilons = (0..<steps).map { t in
            (0..<count).map { n in Array(flat[((t * count + n) * d)..<((t * count + n + 1) * d)]) }
        }
        let (rate, beta1, beta2, adamEpsilon) = (
            read.real("learning-rate"), read.real("beta1"), read.real("beta2"),
            read.real("adam-epsilon")
        )
        return try RefusalKind.evaluating(path) {
            let model = try networks.vae(BigFloat.self)
            let values = try GradientEstimatorsEvaluators.confirmed {
                let optimizer: VAEOptimizer<BigFloat> =
                    rule == "sgd"
                    ? .sgd(learningRate: BigFloat(rate))
                    : .adam(
                        learningRate: BigFloat(rate), beta1: BigFloat(beta1), beta2: BigFloat(beta2),
                        epsilon: BigFloat(adamEpsilon))
                let trace = try VAETraining.train(
                    model, data: data.map { $0.map(BigFloat.init) },
                    epsilons: epsilons.map { $0.map { $0.map(BigFloat.init) } },
                    optimizer: optimizer)
                // With T = 0 steps the parameters after the last step are the initial ones.
                return trace.map(\.meanELBO) + (trace.last?.parameters ?? model.parameters)
            }
            let stepWords = steps == 5 ? "five steps" : steps == 1 ? "one step" : "\(steps) steps"
            let latent = read.sizes["d"] ?? 0
            let rhoBias = networks.encoder[0].bias.suffix(latent).min() ?? 0
            var regime = ""
            if rhoBias < -300 {
                regime +=
                    "; ρ ≈ \(Int(rhoBias)): the stable route takes ln σ² = 2ρ in the KL (σ² = e^{2ρ} is 0 in "
                    + "float64) and z = μ + σε rounds to μ harmlessly, so nothing cancels; ln of the computed σ² is −∞"
            }
            if count > VAEEvaluators.sizeLimit {
                regime +=
                    "; the means over N = \(count) points: a float64 running sum errs by ≤ N·u·Σ|termₙ| ≈ "
                    + "\(String(format: "%.1e", Double(count) * 0x1p-53))·Σ|termₙ|, inside 1e-9 of the mean while "
                    + "the terms cancel less than 1000-fold"
            }
            if networks.noiseVariance < 0x1p-10 {
                regime +=
                    "; s² = \(networks.noiseVariance): ln p(x|z) ≈ −‖x − a‖²/(2s²) ≈ −1e5 … −1e6 in the log domain "
                    + "and gradients ≈ 1e6 that Adam divides by √v̂ ≈ |g| (ϵ = 2⁻¹⁰ is negligible), so the steps are "
                    + "O(η) as at s² = 0.5; the log of the density exp(ln p) is ln 0 = −∞"
            }
            return Evaluation(
                expected: .values([
                    "mean-elbo": VAEEvaluators.rounded(values[0..<steps]),
                    "final-parameters": VAEEvaluators.rounded(values[steps...]),
                ]),
                tolerance: .relative(
                    1e-9,
                    """
                    \(stepWords) of a well-conditioned linear model (step sizes ≤ 0.0625, Adam ϵ ≈ 1e-3 \
                    bounds the normalisation): rounding grows by at most a small factor per step; 1e-9 leaves ≥ \
                    100× margin over float64
                    """ + regime))
        }
    }
}
