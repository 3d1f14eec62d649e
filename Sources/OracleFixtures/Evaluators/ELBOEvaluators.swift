import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// The evaluators of `elbo/elbo-identity` (`Proofs/05-elbo-identity.md`): ln p(x), ELBO(q) and
/// KL(q ‖ p(z|x)) on a Gaussian mixture, the linear-Gaussian latent model and the logistic latent
/// model. Every value is evaluated in BigFloat at 256 bits and rounded once; its accuracy is a
/// `bound` of ½ ulp plus the stated error of the reference route.
public enum ELBOEvaluators {
    static let variant = "elbo-identity"
    static let precision = 256
    static let u = 0x1p-53

    public static let all: [any GroupEvaluator] = [
        GaussianMixtureELBOEvaluator(), LinearGaussianELBOEvaluator(), LogisticLatentELBOEvaluator(),
        ELBOBadInputEvaluator(),
    ]

    /// A 256-bit value rounded once to Double; |Double − true| ≤ ½ ulp + `absoluteError`, recorded as
    /// `bound:` 1 ulp when `absoluteError` ≤ ½ ulp, else as `bound:` ulp + 2·absoluteError.
    static func bounded(_ x: BigFloat, absoluteError: Double) -> FixtureValue {
        let d = x.doubleValue
        let ulp = d == 0 ? Double.leastNonzeroMagnitude : d.ulp
        let bound = absoluteError <= ulp / 2 ? ulp : ulp + absoluteError * 2
        return .real(RealNumber(d, accuracy: .bound(bound)))
    }

    static func big(_ v: [Double]) -> [BigFloat] { v.map { BigFloat($0) } }
    static func big(_ m: [[Double]]) throws -> Matrix<BigFloat> { try Matrix(m.map { $0.map { BigFloat($0) } }) }
}

/// `elbo/elbo-identity/gaussian-mixture`: one observation x under p(x) = Σₖ πₖ N(x; μₖ, Σₖ) and a
/// q on the simplex, used exactly as written (ELBO-2, ELBO-5).
public struct GaussianMixtureELBOEvaluator: GroupEvaluator {
    public let path = GroupPath("elbo", ELBOEvaluators.variant, "gaussian-mixture")
    public let summary = "ln p(x), ELBO(q), KL(q ‖ p(z|x)) and the responsibilities for a Gaussian mixture"
    public let inputs = [
        FieldDeclaration("x", .real, shape: ["d"], "the observation"),
        FieldDeclaration("weights", .real, shape: ["K"], "mixture weights πₖ > 0 summing to 1"),
        FieldDeclaration("means", .real, shape: ["K", "d"], "component means μₖ"),
        FieldDeclaration("covariances", .real, shape: ["K", "d", "d"], "component covariances Σₖ (SPD)"),
        FieldDeclaration("q", .real, shape: ["K"], "the variational distribution, used as written"),
    ]
    public let outputs = [
        FieldDeclaration("logEvidence", .real, "ln p(x) in nats"),
        FieldDeclaration("elbo", .real, "E_q[ln p(x, z) − ln q(z)]"),
        FieldDeclaration("kl", .real, "KL(q ‖ p(z|x)) = Σ qₖ ln(qₖ / p(z = k | x))"),
        FieldDeclaration("posterior", .real, shape: ["K"], "the responsibilities p(z = k | x)"),
    ]

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "x", "weights", "means", "covariances", "q")
        let (x, weights, q) = (read.reals("x"), read.reals("weights"), read.reals("q"))
        let (means, covariances) = (read.matrix("means"), read.matrices("covariances"))
        return try RefusalKind.evaluating(path, outOfDomain: "not-a-probability") {
            try BigFloat.withPrecision(ELBOEvaluators.precision) {
                let components = try zip(means, covariances).map {
                    try MultivariateGaussian(mean: ELBOEvaluators.big($0.0), covariance: try ELBOEvaluators.big($0.1))
                }
                let model = try DiscreteLatentELBO.gaussianMixture(
                    observation: ELBOEvaluators.big(x), weights: ELBOEvaluators.big(weights), components: components)
                let posterior = try model.posterior()
                // q is used exactly as written: no renormalisation, so kl is the convention
                // Σ qₖ ln(qₖ / p(z = k | x)) of the given Doubles.
                let bigQ = ELBOEvaluators.big(q)
                let evidence = try model.evidence()
                let elbo = try model.elbo(bigQ)
                let kl = try model.klToPosterior(bigQ)
                let scale = zip(q, model.logJoint).reduce(abs(evidence.doubleValue) + 1) {
                    $0 + $1.0 * (abs($1.1.doubleValue) + abs(Foundation.log(max($1.0, 1e-300))))
                }
                let err = 0x1p-240 * scale
                let (k, d) = (weights.count, x.count)
                return Evaluation(
                    expected: .values([
                        "logEvidence": ELBOEvaluators.bounded(evidence, absoluteError: err),
                        "elbo": ELBOEvaluators.bounded(elbo, absoluteError: err),
                        "kl": ELBOEvaluators.bounded(kl, absoluteError: err),
                        "posterior": .vector(posterior.map { ELBOEvaluators.bounded($0, absoluteError: err) }),
                    ]),
                    tolerance: .absolute(
                        32 * ELBOEvaluators.u * scale,
                        """
                        K = \(k) log-densities (Cholesky, \(d)×\(d)) and compensated sums of K terms qₖ(ℓₖ − \
                        ln qₖ): absolute error ≲ 32u·(|ln p| + Σ qₖ(|ℓₖ| + |ln qₖ|) + 1); the KL is a \
                        sum of such terms, so it gets the same absolute bound
                        """))
            }
        }
    }
}

/// `elbo/elbo-identity/linear-gaussian`: z ~ N(0, I), x | z ~ N(Wz + μ, σ²I) and a Gaussian q
/// (ELBO-6, ELBO-7).
public struct LinearGaussianELBOEvaluator: GroupEvaluator {
    public let path = GroupPath("elbo", ELBOEvaluators.variant, "linear-gaussian")
    public let summary = "ln p(x), ELBO(q) and KL(q ‖ p(z|x)) for the linear-Gaussian latent model and a Gaussian q"
    public let inputs = [
        FieldDeclaration("x", .real, shape: ["D"], "the observation"),
        FieldDeclaration("W", .real, shape: ["D", "k"], "the loading matrix"),
        FieldDeclaration("mu", .real, shape: ["D"], "the mean μ"),
        FieldDeclaration("noiseVariance", .real, "σ² > 0, a variance"),
        FieldDeclaration("qMean", .real, shape: ["k"], "q's mean"),
        FieldDeclaration("qCovariance", .real, shape: ["k", "k"], "q's covariance (SPD)"),
    ]
    public let outputs = [
        FieldDeclaration("logEvidence", .real, "ln p(x) = ln N(x; μ, WWᵀ + σ²I)"),
        FieldDeclaration("elbo", .real, "E_q[ln p(x, z) − ln q(z)]"),
        FieldDeclaration("kl", .real, "KL(q ‖ p(z|x))"),
    ]

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "x", "W", "mu", "noiseVariance", "qMean", "qCovariance")
        let (x, w, mu, noise) = (read.reals("x"), read.matrix("W"), read.reals("mu"), read.real("noiseVariance"))
        let (m, s) = (read.reals("qMean"), read.matrix("qCovariance"))
        return try RefusalKind.evaluating(path) {
            try BigFloat.withPrecision(ELBOEvaluators.precision) {
                let model = try LinearGaussianELBO(
                    loading: try ELBOEvaluators.big(w), mean: ELBOEvaluators.big(mu), noiseVariance: BigFloat(noise))
                let q = try MultivariateGaussian(mean: ELBOEvaluators.big(m), covariance: try ELBOEvaluators.big(s))
                let evidence = try model.evidence(ELBOEvaluators.big(x))
                let elbo = try model.elbo(ELBOEvaluators.big(x), q: q)
                let kl = try model.klToPosterior(ELBOEvaluators.big(x), q: q)
                let scale = abs(evidence.doubleValue) + abs(elbo.doubleValue) + 10
                let err = 0x1p-240 * scale
                // The float64 routes factor WWᵀ + σ²I (or I + WᵀW/σ²) and q's covariance; their
                // condition numbers multiply the rounding errors of the solves and log-determinants.
                let kappa = try Self.conditionNumbers(w: w, noiseVariance: noise, qCovariance: s)
                let growth = Swift.max(1, kappa / 10)
                let conditioning =
                    kappa < 10
                    ? "well-conditioned matrices (κ < 10)" : "matrices with κ₂ ≤ \(String(format: "%.3g", kappa))"
                let factor = growth == 1 ? "64u" : "64u·κ/10"
                let posteriorMean = try model.posterior(ELBOEvaluators.big(x)).mean.map(\.doubleValue)
                let cancellation = Swift.max(
                    Self.residualError(x: x, w: w, mu: mu, noiseVariance: noise, at: m),
                    Self.residualError(x: x, w: w, mu: mu, noiseVariance: noise, at: posteriorMean))
                let expected: OrderedMap<FixtureValue> = [
                    "logEvidence": ELBOEvaluators.bounded(evidence, absoluteError: err),
                    "elbo": ELBOEvaluators.bounded(elbo, absoluteError: err),
                    "kl": ELBOEvaluators.bounded(kl, absoluteError: err),
                ]
                let conditioned = 64 * ELBOEvaluators.u * growth * scale
                if cancellation > conditioned {
                    return Evaluation(
                        expected: .values(expected),
                        tolerance: .absolute(
                            cancellation,
                            """
                            the residual r = x − μ − Wm, formed before squaring, errs by ≤ (k + 2)u(|x − μ| + \
                            |W||m|) per coordinate and moves ‖r‖²/(2σ²) by that times |r|/σ²; with x up to \
                            \(String(format: "%.3g", x.map(\.magnitude).max() ?? 0)) against |r| ≈ σ this dominates: \
                            8(k + 2)u·Σᵢ(|xᵢ − μᵢ| + |W||m|ᵢ)|rᵢ|/σ², the larger at q's mean and the posterior mean \
                            (8 × the bound, for another order of operations)
                            """))
                }
                return Evaluation(
                    expected: .values(expected),
                    tolerance: .absolute(
                        conditioned,
                        """
                        d = \(x.count), k = \(m.count) Cholesky factorisations of \(conditioning) and O(d·k) sums \
                        of terms of size ≤ |ln p| + |ELBO| + 10: absolute error ≲ \(factor) times that
                        """))
            }
        }
    }

    /// 8(k + 2)u·Σᵢ(|xᵢ − μᵢ| + Σ_c|W_ic||m_c|)·|rᵢ|/σ² with r = x − μ − Wm in Double: the float64 error
    /// of ‖r‖²/(2σ²) when r is formed before squaring ((k + 2)u per coordinate, times 2|rᵢ|/(2σ²)), with
    /// a margin of 8. It exceeds the conditioning term only when x is far larger than the residual.
    static func residualError(x: [Double], w: [[Double]], mu: [Double], noiseVariance: Double, at m: [Double])
        -> Double
    {
        var sum = 0.0
        for i in x.indices {
            var fitted = 0.0
            var magnitude = 0.0
            for c in m.indices {
                fitted += w[i][c] * m[c]
                magnitude += abs(w[i][c] * m[c])
            }
            let residual = x[i] - mu[i] - fitted
            sum += (abs(x[i] - mu[i]) + magnitude) * abs(residual)
        }
        return 8 * Double(m.count + 2) * ELBOEvaluators.u * sum / noiseVariance
    }

    /// The larger of κ₂(I + WᵀW/σ²) and κ₂(S), from Jacobi eigenvalues in Double.
    static func conditionNumbers(w: [[Double]], noiseVariance: Double, qCovariance: [[Double]]) throws -> Double {
        let k = qCovariance.count
        let precision = (0..<k).map { i in
            (0..<k).map { j in
                (i == j ? 1 : 0) + w.reduce(0) { $0 + $1[i] * $1[j] } / noiseVariance
            }
        }
        func kappa(_ m: [[Double]]) throws -> Double {
            let values = try SymmetricEigendecomposition(try Matrix(m), tolerance: 1e-15).values
            guard let low = values.min(), let high = values.max(), low > 0 else { return .infinity }
            return high / low
        }
        return Swift.max(try kappa(precision), try kappa(qCovariance))
    }
}

/// `elbo/elbo-identity/logistic-latent`: z ~ N(0, 1), xᵢ | z ~ Bernoulli(sigmoid z), q = N(m, s²);
/// the integrals by the trapezoid rule on the standardised variable with a stated error bound (ELBO-8).
public struct LogisticLatentELBOEvaluator: GroupEvaluator {
    public let path = GroupPath("elbo", ELBOEvaluators.variant, "logistic-latent")
    public let summary = "ln p(x), ELBO(q) and KL(q ‖ p(z|x)) for the logistic latent model and q = N(m, s²)"
    public let inputs = [
        FieldDeclaration("ones", .integer, "the number of observations equal to 1"),
        FieldDeclaration("zeros", .integer, "the number of observations equal to 0"),
        FieldDeclaration("qMean", .real, "q's mean m"),
        FieldDeclaration("qVariance", .real, "q's variance s², 0 < s² ≤ 4"),
    ]
    public let outputs = [
        FieldDeclaration("logEvidence", .real, "ln p(x) of the ordered sequence (no binomial coefficient)"),
        FieldDeclaration("elbo", .real, "E_q[ln p(x, z) − ln q(z)]"),
        FieldDeclaration("kl", .real, "KL(q ‖ p(z|x)) = ln p(x) − ELBO(q)"),
    ]
    /// The integrands cost O(ones + zeros) per node at 256 bits.
    public var sizeLimit: Int { 10_000 }

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "qMean", "qVariance")
        let (ones, zeros) = (read.integer("ones"), read.integer("zeros"))
        let (qMean, qVariance) = (read.real("qMean"), read.real("qVariance"))
        // The file's errors convention: a non-positive variance is refused as not-positive.
        guard qVariance > 0 else { return .refusal("not-positive") }
        guard ones + zeros <= sizeLimit else {
            throw EvaluationError(
                .sizeLimit, group: path.description, field: "ones",
                problem: "ones + zeros = \(ones + zeros) is over this group's limit of \(sizeLimit)",
                remedy: "use at most \(sizeLimit) observations")
        }
        return try RefusalKind.evaluating(path) {
            try BigFloat.withPrecision(ELBOEvaluators.precision) {
                let model = try LogisticLatentELBO<BigFloat>(ones: ones, zeros: zeros)
                let evidence = try model.evidence()
                let elbo = try model.elbo(mean: BigFloat(qMean), variance: BigFloat(qVariance))
                let kl = evidence - elbo
                let quadrature = model.quadratureErrorBound(mean: qMean, variance: qVariance)
                let err = quadrature + 0x1p-230
                let n = Double(ones + zeros)
                return Evaluation(
                    expected: .values([
                        "logEvidence": ELBOEvaluators.bounded(evidence, absoluteError: 2 * err),
                        "elbo": ELBOEvaluators.bounded(elbo, absoluteError: err),
                        "kl": ELBOEvaluators.bounded(kl, absoluteError: 3 * err),
                    ]),
                    tolerance: .absolute(
                        1e-12 * (n + 1) * (abs(qMean) + 3),
                        """
                        float64 quadrature of integrands of size ≲ (n + 1)(|m| + s + 1) with relative accuracy \
                        ~1e-13 (adaptive Gauss–Kronrod or ≥ 100-point Gauss–Hermite); KL = ln p − ELBO \
                        doubles it
                        """))
            }
        }
    }
}

/// `elbo/elbo-identity/elbo-bad-input`: inputs of any of the three models that must be refused.
/// The model is the one whose inputs are given (`weights` → mixture, `W` → linear-Gaussian,
/// `ones` → logistic), and the answer is that model's refusal.
public struct ELBOBadInputEvaluator: GroupEvaluator {
    public let path = GroupPath("elbo", ELBOEvaluators.variant, "elbo-bad-input")
    public let summary = "refusals of the three ELBO models: q off the simplex, σ² ≤ 0, a covariance not SPD"
    static let models: [any GroupEvaluator] = [
        GaussianMixtureELBOEvaluator(), LinearGaussianELBOEvaluator(), LogisticLatentELBOEvaluator(),
    ]
    public var inputs: [FieldDeclaration] {
        var seen = Set<String>()
        return Self.models.flatMap(\.inputs).filter { seen.insert($0.name).inserted }
            .map { FieldDeclaration($0.name, $0.kind, shape: $0.shape, $0.meaning, isRequired: false) }
    }
    public let outputs = [FieldDeclaration("error", .string, "the refusal's kind")]

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let keys = Set(inputs.keys)
        guard let model = Self.models.first(where: { Set($0.inputs.map(\.name)) == keys }) else {
            throw EvaluationError(
                .missingInput, group: path.description,
                problem: "the inputs \(inputs.keys.sorted()) are not those of one model",
                remedy: "give exactly the inputs of the mixture, linear-Gaussian or logistic group")
        }
        return try model.evaluate(inputs).requiringRefusal(in: path, acceptedBy: model.path.description)
    }
}
