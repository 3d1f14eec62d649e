import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// `Fixtures/elbo/elbo-identity.json`: ln p(x) = ELBO(q) + KL(q ‖ p(z | x)) on three models
/// (`Proofs/05-elbo-identity.md`): a Gaussian mixture (discrete z, exact sums), the conjugate
/// linear-Gaussian latent model (closed form) and a non-conjugate logistic latent model
/// (integrals by a trapezoid rule with a stated error bound). Reference values are evaluated in
/// BigFloat at 256 bits and rounded once.
public struct ELBOExporter: FixtureFamilyExporter, FamilyExporterKit {
    public let family = "elbo"
    public let summary =
        "ln p(x) = ELBO(q) + KL(q ‖ p(z|x)): Gaussian mixture, linear-Gaussian (PPCA), logistic latent"

    public init() {}

    public func makeFiles() throws -> [FixtureFile] { [try identityFile()] }

    static let allNotes: OrderedMap<String> = [
        "kl-direction": "computing KL(p(z|x) ‖ q) instead of KL(q ‖ p(z|x)) for the gap",
        "elbo-entropy-omitted": """
        dropping the entropy H(q) (the −E_q[ln q] term) from the ELBO, i.e. reporting E_q[ln p(x, z)]. \
        Not detectable at float32 on: gaussian-mixture/x-far-1e3-uniform-q, \
        gaussian-mixture/k10-nearly-one-hot-q (H(q) is 1.09 and 2.4e-10 nats there, below the float32 \
        tolerances of 1.9 and 1.3e-4 on elbo)
        """,
        "sigma-vs-variance": "treating a given variance (σ² of the noise, s² of q) as a standard deviation",
        "no-max-shift": """
        computing ln p(x) = ln Σₖ exp(ℓₖ) without subtracting maxₖ ℓₖ first: when every log joint ℓₖ \
        is below −745 each exp(ℓₖ) underflows to 0, so ln p(x) = −∞ and the posterior and KL are NaN or \
        infinite
        """,
        "zero-times-log-zero": """
        letting a qₖ = 0 term produce NaN (0·ln 0, or 0·(ℓₖ − ln 0)) in the ELBO and the KL instead of 0
        """,
        "kl-from-posterior-probabilities": """
        taking KL(q ‖ p(z|x)) = Σ qₖ ln(qₖ/pₖ) from the posterior probabilities pₖ = exp(ℓₖ − ln p(x)) \
        (scipy.stats.entropy(q, p), scipy.special.rel_entr and jax's alike take probabilities): at a far \
        point a posterior entry below 1e-308 underflows to 0 and the KL is +∞, where Σ qₖ(ln qₖ − (ℓₖ − \
        ln p(x))) from the log joints is finite
        """,
        "clipped-posterior-log": """
        clamping the posterior probabilities to [ε, 1 − ε] before the logarithm (ε the machine epsilon, as \
        torch's probs_to_logits does): a posterior entry below ε = 2.2e-16 counts as ε, so ln pₖ is raised \
        to −36.04 and a KL with q-mass there is too small by qₖ(−36.04 − ln pₖ); at float32 ε = 1.2e-7 \
        and ln ε = −15.9. Not detectable at float64 on: gaussian-mixture/x-far-uniform-q, \
        gaussian-mixture/x-far-prior-q (their least posterior entry 1.8e-9 lies between the float64 and the \
        float32 ε, so only the float32 clamp moves it, and the KL by ≈ q₁·4.2 nats). Not detectable at \
        float32 on: gaussian-mixture/k10-nearly-one-hot-q (the clamped entries carry q-mass 2⁻⁴⁰ each, so \
        the KL moves by ≈ 5e-12, above the float64 tolerance 6.9e-14 and far below float32's 136 ulps)
        """,
        "log-det-via-det": """
        ln p(x) = ln N(x; μ, C), C = WWᵀ + σ²I, as −½(d ln 2π + ln det C + (x − μ)ᵀ C⁻¹ (x − μ)) with det C and \
        an explicit inverse: at d = 32 with σ² = 2⁻⁴⁰ and W at scale 2⁻¹⁸, ln det C ≈ −870 and det C underflows \
        to 0, so ln p(x) = +∞ (2 Σ ln Lᵢᵢ of a Cholesky factor, slogdet, or the determinant lemma \
        ln det C = (d − k) ln σ² + ln det(σ²I + WᵀW) do not)
        """,
        "expanded-quadratic": """
        E_q‖x − μ − Wz‖² expanded as ‖x − μ‖² − 2(x − μ)ᵀW m + tr(WᵀW(S + mmᵀ)) instead of forming the \
        residual x − μ − Wm before squaring: for x offset by ≈ 2.5e7 on every coordinate and explained by W \
        the three terms are ≈ 1e16 and cancel to ≈ 9.4, so the ELBO is wrong by ≈ u·‖x − μ‖²/σ² (0.43 nats at \
        d = 16, σ² = 4); at x ≈ 1.5e3 in float32 (u = 6e-8) by 0.69 nats. Not detectable at float64 on: \
        linear-gaussian/offset-1500-wide-q (u·‖x − μ‖²/σ² ≈ 1e-9 there and the mutant misses by 2.3e-13, below \
        the tolerance 1.3e-11)
        """,
        "evidence-via-marginal-covariance": """
        ln p(x) = ln N(x; μ, WWᵀ + σ²I) by factoring the d × d marginal covariance (scipy's \
        multivariate_normal(μ, WWᵀ + σ²I).logpdf, a d × d Cholesky or eigendecomposition): when x is large \
        and explained by W its eigenvalues 16c² ≈ 4.5e15 and σ² = 4 are 1.1e15 apart, the σ² ones are lost to \
        rounding and the factorisation fails or ln p(x) is wrong; the k × k route (ln det = (d − k) ln σ² + \
        ln det(σ²I + WᵀW), quadratic ‖r − W m̂‖²/σ² + ‖m̂‖² with m̂ the posterior mean) does not; at x ≈ \
        1.5e3 (κ ≈ 4.2e6) ln p(x) is off by 2.5e-10. Not detectable at float32 on: \
        linear-gaussian/offset-1500-wide-q (the float32 d × d Cholesky lands within 5 ulps of the answer, \
        inside the 544-ulp tolerance)
        """,
        "entropy-log-det-via-det": """
        the entropy H(q) = ½(k(1 + ln 2π) + ln det S_q) with ln det S_q as log(det(S_q)): for k = 24 and \
        variances 2⁻⁴⁵ (an overconfident encoder) det S_q = 2⁻¹⁰⁸⁰ underflows to 0, so H(q) and the ELBO are \
        −∞; 2 Σ ln Lᵢᵢ of q's Cholesky factor, or the sum of the log-variances, does not
        """,
    ]

    static func vectorValue(_ v: [Double]) -> FixtureValue { .vector(v.map { .exactReal($0) }) }
    static func matrixValue(_ m: [[Double]]) -> FixtureValue {
        .array(shape: [m.count, m.first?.count ?? 0], data: m.flatMap { $0.map { FixtureValue.exactReal($0) } })
    }

    // MARK: - Gaussian mixture

    static let mixtureWeights = [0.5, 0.25, 0.25]
    static let mixtureMeans: [[Double]] = [[0, 0], [2, 1], [-1.5, 2]]
    static let mixtureCovariances: [[[Double]]] = [
        [[1, 0.25], [0.25, 0.5]], [[0.5, 0], [0, 0.5]], [[2, -0.5], [-0.5, 1]],
    ]
    static let mixtureCovariancesValue = FixtureValue.array(
        shape: [3, 2, 2], data: mixtureCovariances.flatMap { $0.flatMap { $0.map { FixtureValue.exactReal($0) } } })

    static func mixtureInputs(x: [Double], q: [Double]) -> OrderedMap<FixtureValue> {
        [
            "x": vectorValue(x), "weights": vectorValue(mixtureWeights), "means": matrixValue(mixtureMeans),
            "covariances": mixtureCovariancesValue, "q": vectorValue(q),
        ]
    }

    /// The posterior p(z | x) rounded onto the grid 2⁻⁵³ℤ so that the written Doubles sum to exactly 1.
    ///
    /// Every entry but the largest is `round(pₖ · 2⁵³) · 2⁻⁵³`; the largest takes the rest,
    /// 1 − Σ_{j≠k} q_j. Each n · 2⁻⁵³ with 0 ≤ n ≤ 2⁵³ is a Double, so the sum is exactly 1 and the
    /// identity's convention applies to the file's q with no renormalisation.
    /// Postconditions: |qₖ − pₖ| ≤ 2⁻⁵⁴ for the others and ≤ (K − 1)·2⁻⁵⁴ (+ the rounding of
    /// p) for the largest.
    static func simplexRounding(_ posterior: [Double]) throws -> [Double] {
        let scale = 0x1p53
        guard let largest = posterior.indices.max(by: { posterior[$0] < posterior[$1] }) else { return [] }
        var counts = posterior.map { ($0 * scale).rounded() }
        counts[largest] = 0
        counts[largest] = scale - counts.reduce(0, +)
        // The counts are integers below 2⁵³, so their sum and every quotient are exact.
        let q = counts.map { $0 / scale }
        let sum = q.reduce(Rational.zero) { $0 + (Rational(exactly: $1) ?? .zero) }
        guard sum == Rational(1) else {
            throw FixtureExportInconsistency(reason: "the rounded posterior \(q) does not sum to exactly 1")
        }
        return q
    }

    /// The posterior-q input: the evaluator's posterior for q = π, rounded onto 2⁻⁵³ℤ.
    static func posteriorQ(x: [Double], components: Int = 3) throws -> [Double] {
        let inputs =
            components == 10 ? mixture10Inputs(x: x, q: mixture10Weights) : mixtureInputs(x: x, q: mixtureWeights)
        let evaluation = try GaussianMixtureELBOEvaluator().evaluate(inputs)
        guard case .values(let values) = evaluation.expected, case .array(_, let data)? = values["posterior"] else {
            throw FixtureExportInconsistency(reason: "the mixture evaluator gave no posterior for x = \(x)")
        }
        return try simplexRounding(data.map { EvaluationInputs.double($0) })
    }

    /// A 10-component mixture in 2-D: weights that are multiples of 2⁻⁴ summing to exactly 1, means
    /// (k, k mod 3 − 1) and covariances [[½ + ¼(k mod 3), ±⅛], [±⅛, 1 − ⅛(k mod 2)]] (SPD).
    static let mixture10Weights = [0.1875, 0.125, 0.125, 0.125, 0.0625, 0.0625, 0.0625, 0.125, 0.0625, 0.0625]
    static let mixture10Means: [[Double]] = (0..<10).map { [Double($0), Double($0 % 3 - 1)] }
    static let mixture10Covariances: [[[Double]]] = (0..<10).map { k in
        let c = k % 2 == 1 ? 0.125 : -0.125
        return [[0.5 + 0.25 * Double(k % 3), c], [c, 1 - 0.125 * Double(k % 2)]]
    }

    static func mixture10Inputs(x: [Double], q: [Double]) -> OrderedMap<FixtureValue> {
        [
            "x": vectorValue(x), "weights": vectorValue(mixture10Weights), "means": matrixValue(mixture10Means),
            "covariances": .array(
                shape: [10, 2, 2],
                data: mixture10Covariances.flatMap {
                    $0.flatMap {
                        $0.map { FixtureValue.exactReal($0) }
                    }
                }),
            "q": vectorValue(q),
        ]
    }

    /// q = the rounded posterior with `delta` moved from its second-largest entry to its largest: still
    /// on 2⁻⁵³ℤ with Σq = 1 exactly, and KL(q ‖ p(z|x)) ≈ ½δ²(1/p₁ + 1/p₂) > 0.
    static func perturbedPosteriorQ(x: [Double], delta: Double) throws -> [Double] {
        var q = try posteriorQ(x: x)
        let order = q.indices.sorted { q[$0] > q[$1] }
        q[order[0]] += delta
        q[order[1]] -= delta
        return try simplexRounding(q)
    }

    func mixtureEntry(_ name: String, x: [Double], q: [Double], flags: [String], comment: String) -> CatalogueEntry {
        CatalogueEntry(name, comment: comment, flags: flags, inputs: Self.mixtureInputs(x: x, q: q))
    }

    // MARK: - linear-Gaussian

    static let loading: [[Double]] = [[1, 0.5], [-0.5, 1], [0.25, -0.75]]
    static let linearMean = [0.5, -0.25, 1]
    static let noiseVariance = 0.5

    static func linearInputs(
        x: [Double], noise: Double = noiseVariance, qMean: [Double],
        qCovariance: [[Double]]
    ) -> OrderedMap<FixtureValue> {
        [
            "x": vectorValue(x), "W": matrixValue(loading), "mu": vectorValue(linearMean),
            "noiseVariance": .exactReal(noise),
            "qMean": vectorValue(qMean), "qCovariance": matrixValue(qCovariance),
        ]
    }

    /// The posterior q = N(m, S) of the linear-Gaussian model at x, rounded to Doubles.
    static func linearPosterior(x: [Double]) throws -> (mean: [Double], covariance: [[Double]]) {
        try BigFloat.withPrecision(ELBOEvaluators.precision) {
            let model = try LinearGaussianELBO(
                loading: try ELBOEvaluators.big(loading),
                mean: ELBOEvaluators.big(linearMean), noiseVariance: BigFloat(noiseVariance))
            let posterior = try model.posterior(ELBOEvaluators.big(x))
            let k = posterior.mean.count
            return (
                posterior.mean.map(\.doubleValue),
                (0..<k).map { i in (0..<k).map { j in posterior.covariance[i, j].doubleValue } }
            )
        }
    }

    func linearEntry(
        _ name: String, x: [Double], qMean: [Double], qCovariance: [[Double]], flags: [String],
        comment: String
    ) -> CatalogueEntry {
        CatalogueEntry(
            name, comment: comment, flags: flags,
            inputs: Self.linearInputs(x: x, qMean: qMean, qCovariance: qCovariance))
    }

    // MARK: - linear-Gaussian regimes

    static func regimeInputs(
        x: [Double], w: [[Double]], mu: [Double], noise: Double, qMean: [Double], qVariance: Double
    ) -> OrderedMap<FixtureValue> {
        let k = qMean.count
        let qCovariance = (0..<k).map { i in (0..<k).map { j in i == j ? qVariance : 0 } }
        return [
            "x": vectorValue(x), "W": matrixValue(w), "mu": vectorValue(mu), "noiseVariance": .exactReal(noise),
            "qMean": vectorValue(qMean), "qCovariance": matrixValue(qCovariance),
        ]
    }

    /// x = μ + W z + ε, each product and sum exact (dyadic entries of few bits).
    static func observation(w: [[Double]], mu: [Double], z: [Double], noise: [Double]) -> [Double] {
        (0..<mu.count).map { (i: Int) -> Double in
            var fitted = 0.0
            for c in 0..<z.count { fitted += w[i][c] * z[c] }
            return mu[i] + fitted + noise[i]
        }
    }

    /// The determinant regimes of `linear-gaussian`: a d = 32, k = 2 model at scale 2⁻¹⁸ with σ² = 2⁻⁴⁰
    /// (signal-to-noise ‖w_c‖²/σ² ≈ 2⁹, every matrix a stable route factors well-conditioned), where
    /// ln det(WWᵀ + σ²I) ≈ −870 is below ln of the least Double (−744); and a k = 24 latent space with
    /// an overconfident q = N(m, 2⁻⁴⁵I), where ln det S_q = −748.
    static func linearRegimeEntries() throws -> [CatalogueEntry] {
        let d = 32
        let smallW: [[Double]] = (0..<d).map { (i: Int) -> [Double] in
            let first: Double = 1 + Double(i % 2) / 2
            let second: Double = Double(i % 4) - 1.5
            return [first * 0x1p-18, second * 0x1p-18]
        }
        let smallMu: [Double] = (0..<d).map { Double($0 % 5 - 2) * 0x1p-16 }
        let smallX = observation(
            w: smallW, mu: smallMu, z: [1, -0.5], noise: (0..<d).map { Double($0 % 3 - 1) * 0x1p-20 })
        let k = 24
        let wideW: [[Double]] = (0..<4).map { (i: Int) -> [Double] in
            (0..<k).map { (c: Int) -> Double in Double((i + 2 * c) % 5 - 2) / 4 }
        }
        return [
            try offsetEntry(exponent: 24),
            try offsetEntry(exponent: 10),
            CatalogueEntry(
                "d32-small-scale-det-underflow",
                comment: """
                    d = 32, k = 2, W at scale 2⁻¹⁸ and σ² = 2⁻⁴⁰ (σ ≈ 1e-6, signal-to-noise ≈ 2⁹): \
                    det(WWᵀ + σ²I) ≈ e^−870 underflows a Double; q = N((1, −½), 2⁻⁸I)
                    """,
                flags: ["log-det-via-det", "sigma-vs-variance", "kl-direction", "elbo-entropy-omitted"],
                inputs: regimeInputs(
                    x: smallX, w: smallW, mu: smallMu, noise: 0x1p-40, qMean: [1, -0.5], qVariance: 0x1p-8)),
            CatalogueEntry(
                "k24-overconfident-q",
                comment: """
                    d = 4, k = 24, σ² = ½; q = N(m, 2⁻⁴⁵I), an overconfident encoder: det S_q = 2⁻¹⁰⁸⁰ \
                    underflows a Double, ln det S_q = −748.6
                    """,
                flags: ["entropy-log-det-via-det", "sigma-vs-variance", "kl-direction", "elbo-entropy-omitted"],
                inputs: regimeInputs(
                    x: [1, -0.5, 0.25, 2], w: wideW, mu: [-0.25, 0, 0.25, -0.25], noise: 0.5,
                    qMean: (0..<k).map { Double($0 % 5 - 2) / 8 }, qVariance: 0x1p-45)),
        ]
    }

    /// x offset on every coordinate and explained by W: d = 16, k = 2, the columns c·1 and c·(1, −1, 1, …)
    /// (orthogonal, so I + WᵀW/σ² = (1 + 16c²/σ²)I), σ² = 4, x = W(1.5, −¼) + ε with |εᵢ| ≤ ½ of ten
    /// bits: E_q‖x − μ − Wz‖² is tens at most against ‖x − μ‖² ≈ 37c². At c = 2²⁴ (x ≈ 2.5e7) q is the
    /// posterior rounded to Doubles; at c = 2¹⁰ (x ≈ 1.5e3, where float32's ulp 2⁻¹³ is finer than the
    /// residual) q = N((1.5, −¼), 4S), S the posterior covariance, so KL ≈ 1.6 is not lost to float32.
    static func offsetEntry(exponent: Int) throws -> CatalogueEntry {
        let d = 16
        let scale = Double(sign: .plus, exponent: exponent, significand: 1)
        let w: [[Double]] = (0..<d).map { (i: Int) -> [Double] in [scale, i % 2 == 0 ? scale : -scale] }
        let mu = [Double](repeating: 0, count: d)
        let noise: [Double] = (0..<d).map { (i: Int) -> Double in Double((i * 7919) % 1000 - 500) / 1024 }
        let z = [1.5, -0.25]
        let x = observation(w: w, mu: mu, z: z, noise: noise)
        let variance = 4.0
        let posterior = try BigFloat.withPrecision(ELBOEvaluators.precision) {
            let model = try LinearGaussianELBO(
                loading: try ELBOEvaluators.big(w), mean: ELBOEvaluators.big(mu), noiseVariance: BigFloat(variance))
            return try model.posterior(ELBOEvaluators.big(x))
        }
        let atPosterior = exponent > 20
        let qMean = atPosterior ? posterior.mean.map(\.doubleValue) : z
        let widening = atPosterior ? 1.0 : 4.0
        let qCovariance = (0..<2).map { i in
            (0..<2).map { j in widening * posterior.covariance[i, j].doubleValue }
        }
        let inputs: OrderedMap<FixtureValue> = [
            "x": vectorValue(x), "W": matrixValue(w), "mu": vectorValue(mu), "noiseVariance": .exactReal(variance),
            "qMean": vectorValue(qMean), "qCovariance": matrixValue(qCovariance),
        ]
        if atPosterior {
            return CatalogueEntry(
                "offset-2e7-posterior-q",
                comment: """
                    d = 16, k = 2: every xᵢ ≈ 2.5e7, explained by W's columns 2²⁴·1 and 2²⁴·(±1), σ² = 4; q = \
                    the posterior rounded: E_q‖x − μ − Wz‖² ≈ 9.4 against ‖x − μ‖² ≈ 1e16, so the expanded \
                    quadratic cancels, and WWᵀ + σ²I has κ ≈ 1.1e15
                    """,
                flags: [
                    "expanded-quadratic", "evidence-via-marginal-covariance", "sigma-vs-variance",
                    "elbo-entropy-omitted",
                ],
                inputs: inputs)
        }
        return CatalogueEntry(
            "offset-1500-wide-q",
            comment: """
                d = 16, k = 2: every xᵢ ≈ 1.5e3, explained by W's columns 2¹⁰·1 and 2¹⁰·(±1), σ² = 4; q = \
                N((1.5, −¼), 4S) at the generating z, S the posterior covariance: E_q‖x − μ − Wz‖² ≈ 34 \
                against ‖x − μ‖² ≈ 3.9e7 (float32's expanded quadratic cancels), and WWᵀ + σ²I has κ ≈ 4.2e6
                """,
            flags: [
                "expanded-quadratic", "evidence-via-marginal-covariance", "sigma-vs-variance", "kl-direction",
                "elbo-entropy-omitted",
            ],
            inputs: inputs)
    }

    // MARK: - logistic latent

    static func logisticInputs(ones: Int, zeros: Int, qMean: Double, qVariance: Double) -> OrderedMap<FixtureValue> {
        [
            "ones": .integer(ones), "zeros": .integer(zeros), "qMean": .exactReal(qMean),
            "qVariance": .exactReal(qVariance),
        ]
    }

    func logisticEntry(
        _ name: String, ones: Int, zeros: Int, qMean: Double, qVariance: Double, flags: [String],
        comment: String
    ) -> CatalogueEntry {
        CatalogueEntry(
            name, comment: comment, flags: flags,
            inputs: Self.logisticInputs(ones: ones, zeros: zeros, qMean: qMean, qVariance: qVariance))
    }

    func identityFile() throws -> FixtureFile {
        let xs: [(String, [Double])] = [("x-near-first", [0.25, -0.5]), ("x-between", [1, 1.5]), ("x-far", [6, -3])]
        // At x-far the least posterior entry (1.8e-9) is below float32's ε: the float32 clamp catches it.
        func farFlags(_ xn: String) -> [String] { xn == "x-far" ? ["clipped-posterior-log"] : [] }
        var mixture: [CatalogueEntry] = []
        for (xn, x) in xs {
            mixture += [
                mixtureEntry(
                    "\(xn)-uniform-q", x: x, q: [0.375, 0.3125, 0.3125],
                    flags: ["kl-direction", "elbo-entropy-omitted"] + farFlags(xn),
                    comment: "a nearly uniform q: ELBO < ln p(x), gap = KL"),
                mixtureEntry(
                    "\(xn)-point-mass-q", x: x, q: [0, 1, 0], flags: [],
                    comment: "q = δ₁: ELBO = ℓ₁, 0·ln 0 terms vanish, KL = −ln p(z=1|x)"),
                mixtureEntry(
                    "\(xn)-prior-q", x: x, q: Self.mixtureWeights,
                    flags: ["kl-direction", "elbo-entropy-omitted"] + farFlags(xn),
                    comment: "q = π, the prior"),
                mixtureEntry(
                    "\(xn)-posterior-q", x: x, q: try Self.posteriorQ(x: x), flags: ["elbo-entropy-omitted"],
                    comment: """
                        q = the responsibilities rounded onto 2⁻⁵³ℤ so that Σq = 1 exactly: ELBO = ln p(x) \
                        and KL = 0 up to that rounding (KL ≥ 0 and second order in it)
                        """),
            ]
        }
        mixture += try mixtureRegimeEntries()
        let linearFlags = ["sigma-vs-variance", "kl-direction", "elbo-entropy-omitted"]
        let posterior = try Self.linearPosterior(x: [1, 0.5, -1])
        let linear = [
            linearEntry(
                "posterior-q", x: [1, 0.5, -1], qMean: posterior.mean, qCovariance: posterior.covariance,
                flags: ["sigma-vs-variance", "elbo-entropy-omitted"],
                comment: "q = the posterior (rounded): KL ≈ 0, ELBO ≈ ln p(x)"),
            linearEntry(
                "prior-q", x: [1, 0.5, -1], qMean: [0, 0], qCovariance: [[1, 0], [0, 1]], flags: linearFlags,
                comment: "q = N(0, I), the prior"),
            linearEntry(
                "narrow-q", x: [2, -1, 0.5], qMean: [0.5, -0.25],
                qCovariance: [[0.0625, 0.015625], [0.015625, 0.125]], flags: linearFlags,
                comment: "a correlated narrow q"),
            linearEntry(
                "wide-q", x: [-1.5, 2, 0.25], qMean: [1, 1], qCovariance: [[4, 0], [0, 2]], flags: linearFlags,
                comment: "a wide q"),
        ]
        let linearRegimes = try Self.linearRegimeEntries()
        let logisticFlags = ["elbo-entropy-omitted", "sigma-vs-variance"]
        let logistic = [
            logisticEntry(
                "one-one-standard-q", ones: 1, zeros: 0, qMean: 0, qVariance: 1, flags: ["elbo-entropy-omitted"],
                comment: "a single 1: p(x) = 1/2 exactly by symmetry"),
            logisticEntry(
                "three-ones-one-zero", ones: 3, zeros: 1, qMean: 0.5, qVariance: 0.5, flags: logisticFlags,
                comment: "n = 4 observations"),
            logisticEntry(
                "seven-ones-two-zeros", ones: 7, zeros: 2, qMean: 1, qVariance: 0.25, flags: logisticFlags,
                comment: "n = 9"),
            logisticEntry(
                "zeros-only-wide-q", ones: 0, zeros: 5, qMean: -1.5, qVariance: 2, flags: logisticFlags,
                comment: "five 0s with a wide q"),
        ]
        let identity: [[Double]] = [[1, 0], [0, 1]]
        let refusals = ELBOBadInputEvaluator()
        let bad = [
            try Self.refusedCase(
                refusals, "mixture-q-off-simplex", comment: "Σ q = 1.5",
                inputs: Self.mixtureInputs(x: [0, 0], q: [0.5, 0.5, 0.5]), kind: "not-a-probability"),
            try Self.refusedCase(
                refusals, "linear-zero-noise", comment: "σ² = 0",
                inputs: Self.linearInputs(x: [1, 0.5, -1], noise: 0, qMean: [0, 0], qCovariance: identity),
                kind: "not-positive"),
            try Self.refusedCase(
                refusals, "linear-q-not-positive-definite", comment: "q's covariance has eigenvalue −1",
                inputs: Self.linearInputs(x: [1, 0.5, -1], qMean: [0, 0], qCovariance: [[1, 2], [2, 1]]),
                kind: "not-positive-definite"),
            try Self.refusedCase(
                refusals, "logistic-zero-variance-q", comment: "s² = 0",
                inputs: Self.logisticInputs(ones: 1, zeros: 1, qMean: 0, qVariance: 0), kind: "not-positive"),
        ]
        return file(
            "elbo-identity",
            description: """
                ln p(x) = ELBO(q) + KL(q ‖ p(z|x)) on a Gaussian mixture (discrete z), the linear-Gaussian latent \
                model z ~ N(0, I), x | z ~ N(Wz + mu, noiseVariance·I), and the logistic latent model z ~ N(0,1), \
                x_i | z ~ Bernoulli(sigmoid z) i.i.d. (ones 1s and zeros 0s). Reference: BigFloat at 256 bits (the \
                logistic integrals by the trapezoid rule on the standardised variable with the stated error bound).
                """,
            proof: "Proofs/05-elbo-identity.md",
            steps: ["ELBO-1", "ELBO-2", "ELBO-3", "ELBO-4", "ELBO-5", "ELBO-6", "ELBO-7", "ELBO-8", "ELBO-9"],
            conventions: [
                "kl-direction": "kl is KL(q ‖ p(z|x)) = E_q[ln q − ln p(z|x)]: the variational distribution first",
                "elbo":
                    """
                elbo = E_q[ln p(x, z)] + H(q) = E_q[ln p(x, z) − ln q(z)] for ONE observation x (not averaged, \
                not negated: loss = −elbo)
                """,
                "logEvidence":
                    """
                logEvidence = ln p(x) in nats; for the logistic model p(x) is the probability of the given \
                ordered sequence of ones 1s and zeros 0s (no binomial coefficient)
                """,
                "variance":
                    """
                noiseVariance and qVariance are variances (σ², s²); qCovariance, covariances are covariance \
                matrices
                """,
                "mixture":
                    """
                weights π_k, means [K, d], covariances [K, d, d]; posterior = responsibilities p(z = k | x); q \
                is used exactly as written, never renormalised: every q in this file sums to exactly 1 as Doubles \
                (the posterior-q entries are multiples of 2⁻⁵³); an implementation refuses Σq off 1 by more \
                than 1e-12
                """,
                "zero-terms": "q_k = 0 contributes 0 to the ELBO and the KL (0·ln 0 = 0)",
                "errors":
                    """
                q off the simplex: not-a-probability; a non-positive variance: not-positive; a covariance that is \
                not positive definite: not-positive-definite
                """,
            ],
            notes: Self.allNotes,
            groups: [
                try GaussianMixtureELBOEvaluator().testGroup(
                    description: "Discrete z: a 3-component mixture in 2-D; several q including the posterior.", mixture
                ),
                try LinearGaussianELBOEvaluator().testGroup(
                    description: "Conjugate continuous z (PPCA): closed-form ELBO for Gaussian q.",
                    linear + linearRegimes),
                try LogisticLatentELBOEvaluator().testGroup(
                    description: "Non-conjugate 1-D z: ln p(x) and ELBO as integrals.", logistic),
                try refusals.testGroup(description: "Refused inputs.", bad),
            ])
    }

    // MARK: - Mixture regimes

    /// Far points (every log joint near −1e3 or −1e5), K = 10, one-hot and nearly one-hot q, and the
    /// ELBO gap near equality: the regimes of `Proofs/05-elbo-identity.md`, all in `gaussian-mixture`.
    func mixtureRegimeEntries() throws -> [CatalogueEntry] {
        let uniformQ = [0.375, 0.3125, 0.3125]
        let far: [(String, [Double], String)] = [
            ("x-far-1e3", [-30, -30], "ℓ ≈ (−1031, −1988, −1081)"),
            ("x-far-1e5", [-300, -300], "ℓ ≈ (−1.03e5, −1.8e5, −1.03e5)"),
        ]
        var entries: [CatalogueEntry] = []
        for (name, x, ells) in far {
            let posterior = try Self.posteriorQ(x: x)
            entries += [
                mixtureEntry(
                    "\(name)-uniform-q", x: x, q: uniformQ,
                    flags: [
                        "no-max-shift", "kl-direction", "elbo-entropy-omitted", "kl-from-posterior-probabilities",
                        "clipped-posterior-log",
                    ],
                    comment: "every log joint far below −745, \(ells): exp(ℓₖ) underflows without the max shift"),
                mixtureEntry(
                    "\(name)-posterior-q", x: x, q: posterior,
                    flags: ["no-max-shift", "zero-times-log-zero"],
                    comment: """
                        q = the responsibilities rounded onto 2⁻⁵³ℤ: one-hot, since the other components are \
                        e^-50 or less behind; ELBO = ln p(x) up to that rounding
                        """),
            ]
        }
        let x10: [(String, [Double], String)] = [
            ("k10-x-far-1e3", [4.5, -45], "every ℓₖ in [−1233, −972]"),
            ("k10-x-far-1e5", [4.5, -450], "every ℓₖ in [−1.2e5, −1.03e5]"),
        ]
        for (name, x, ells) in x10 {
            entries.append(
                CatalogueEntry(
                    "\(name)-prior-q",
                    comment: """
                        K = 10 components, q = π; \(ells): exp(ℓₖ) underflows without the max shift
                        """,
                    flags: ["no-max-shift", "kl-direction", "elbo-entropy-omitted", "clipped-posterior-log"]
                        + (name == "k10-x-far-1e5" ? ["kl-from-posterior-probabilities"] : []),
                    inputs: Self.mixture10Inputs(x: x, q: Self.mixture10Weights)))
        }
        let k10Posterior = try Self.posteriorQ(x: [4.5, -45], components: 10)
        entries.append(
            CatalogueEntry(
                "k10-x-far-1e3-posterior-q",
                comment: """
                    K = 10, q = the responsibilities rounded onto 2⁻⁵³ℤ (entries below 2⁻⁵⁴ become 0)
                    """, flags: ["no-max-shift", "zero-times-log-zero"],
                inputs: Self.mixture10Inputs(x: [4.5, -45], q: k10Posterior)))
        let tiny = 0x1p-40
        let nearlyOneHot = [1 - 9 * tiny] + Array(repeating: tiny, count: 9)
        entries += [
            CatalogueEntry(
                "k10-nearly-one-hot-q",
                comment: """
                    K = 10, q = (1 − 9·2⁻⁴⁰, 2⁻⁴⁰, …): qₖ ln qₖ = −2.6e-11 terms, nine of them
                    """, flags: ["kl-direction", "elbo-entropy-omitted", "clipped-posterior-log"],
                inputs: Self.mixture10Inputs(x: [3, 0.5], q: nearlyOneHot)),
            CatalogueEntry(
                "k10-one-hot-q", comment: "K = 10, q = δ₂: nine 0·ln 0 terms that are 0",
                flags: ["zero-times-log-zero", "kl-direction"],
                inputs: Self.mixture10Inputs(x: [3, 0.5], q: (0..<10).map { $0 == 2 ? 1 : 0 })),
            mixtureEntry(
                "x-far-1e3-one-hot-q", x: [-30, -30], q: [0, 0, 1],
                flags: ["no-max-shift", "zero-times-log-zero", "kl-direction", "clipped-posterior-log"],
                comment: "far point, q = δ₂ on a component 50 nats behind: KL ≈ 50"),
        ]
        for (label, exponent) in [("2-to-minus-20", -20), ("2-to-minus-30", -30), ("2-to-minus-40", -40)] {
            let delta = Double(sign: .plus, exponent: exponent, significand: 1)
            entries.append(
                mixtureEntry(
                    "near-equality-posterior-plus-\(label)-q", x: [1, 1.5],
                    q: try Self.perturbedPosteriorQ(x: [1, 1.5], delta: delta),
                    flags: ["elbo-entropy-omitted"],
                    comment: """
                        x = (1, 1.5), q = the rounded responsibilities with δ = 2^\(exponent) moved between the two \
                        largest entries (Σq = 1 exactly): the gap ln p(x) − ELBO = KL ≈ ½δ²(1/p₁ + 1/p₂) \
                        is second order in δ and far below the tolerance for δ ≤ 2⁻³⁰, so these cases hold \
                        KL ≥ 0 to within it, not its value
                        """))
        }
        return entries
    }
}
