import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

extension LinearGaussianEvaluators {
    static let bayesian = "bayesian"

    /// The relative tolerance of float64 solves with Λ_N: 10(n + p)·u·κ₂(Λ_N), raised for the log
    /// evidence by M/|ln p(y)|, M the total magnitude of its terms.
    static func posteriorTolerance(
        kappa: Double, n: Int, p: Int, terms: GaussianLogDensityTerms<Rational>,
        logEvidence: Double
    ) -> (relative: Double, evidence: Double) {
        let relative = 10 * Double(p + n) * u * kappa
        return (relative, relative * sumsOfMagnitudes(terms) / abs(logEvidence))
    }
}

/// `linear-gaussian/bayesian/posterior`: the posterior N(μ_N, Σ_N), the predictive at the rows of
/// x-star and the log evidence for a given prior N(μ₀, Σ₀) and noise variance σ² (LG-8, LG-10,
/// LG-11). Means, covariances and predictive values are exact over ℚ and rounded once; the log
/// evidence is correctly rounded.
public struct BayesianPosteriorEvaluator: GroupEvaluator {
    public let path = GroupPath(LinearGaussianEvaluators.family, LinearGaussianEvaluators.bayesian, "posterior")
    public let summary = "posterior mean and covariance, predictive mean and variance, and ln p(y)"
    public let inputs = [
        FieldDeclaration("design", .real, shape: ["n", "p"], "the design A, one row per observation"),
        FieldDeclaration("y", .real, shape: ["n"], "the responses"),
        FieldDeclaration("prior-mean", .real, shape: ["p"], "μ₀"),
        FieldDeclaration("prior-covariance", .real, shape: ["p", "p"], "Σ₀, a covariance (SPD), not a precision"),
        FieldDeclaration("noise-variance", .real, "σ² > 0, a variance"),
        FieldDeclaration("x-star", .real, shape: ["s", "p"], "rows a at which to predict a new noisy observation"),
    ]
    public let outputs = [
        FieldDeclaration("posterior-mean", .real, shape: ["p"], "μ_N = Σ_N(Σ₀⁻¹μ₀ + Aᵀy/σ²)"),
        FieldDeclaration("posterior-covariance", .real, shape: ["p", "p"], "Σ_N = (Σ₀⁻¹ + AᵀA/σ²)⁻¹"),
        FieldDeclaration("log-evidence", .real, "ln N(y; Aμ₀, AΣ₀Aᵀ + σ²I), natural log"),
        FieldDeclaration("predictive-mean", .real, shape: ["s"], "aᵀμ_N at each row a of x-star"),
        FieldDeclaration("predictive-variance", .real, shape: ["s"], "aᵀΣ_N a + σ²"),
    ]
    /// n ≤ 256 observations, p ≤ 20 parameters, s ≤ 256 prediction rows: exact p×p solves.
    public var sizeLimit: Int { 256 }

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs)
        try LinearGaussianEvaluators.requireParameters(read.sizes["p"] ?? 0, "design", path)
        try read.requireFinite("design", "y", "prior-mean", "prior-covariance", "noise-variance", "x-star")
        return try LinearGaussianEvaluators.evaluating(path) {
            let model = try LinearGaussianModel(
                design: try LinearGaussianEvaluators.rationalMatrix(read, "design"),
                response: LinearGaussianEvaluators.rationals(read, "y"))
            let bayes = try BayesianLinearGaussian(
                model: model, priorMean: LinearGaussianEvaluators.rationals(read, "prior-mean"),
                priorCovariance: try LinearGaussianEvaluators.rationalMatrix(read, "prior-covariance"),
                noiseVariance: read.rational("noise-variance"))
            let posterior = try bayes.posterior()
            let predictive = try posterior.predictive(at: try LinearGaussianEvaluators.rationalMatrix(read, "x-star"))
            let evidence = posterior.logEvidenceTerms
            // Solves with Λ_N (and C, κ(C) ≤ κ-ish of the same data) in float64: relative error ≲
            // 10·p·u·κ(Λ_N); the log evidence's absolute error ≲ 10(n + p)·u·κ(Λ_N)·(n ln 2π + |ln|C|| +
            // q).
            let kappa = try LinearGaussianEvaluators.spdCondition(posterior.precision)
            let logEvidence = try evidence.correctlyRoundedValue()
            let (relative, evidenceRelative) = LinearGaussianEvaluators.posteriorTolerance(
                kappa: kappa, n: model.observations, p: model.parameters, terms: evidence, logEvidence: logEvidence)
            return Evaluation(
                expected: .values([
                    "posterior-mean": LinearGaussianEvaluators.vector(posterior.mean),
                    "posterior-covariance": LinearGaussianEvaluators.matrix(posterior.covariance),
                    "log-evidence": LinearGaussianEvaluators.correctlyRounded(logEvidence),
                    "predictive-mean": LinearGaussianEvaluators.vector(predictive.mean),
                    "predictive-variance": LinearGaussianEvaluators.vector(predictive.variance),
                ]),
                tolerance: .relative(
                    Swift.max(relative, evidenceRelative),
                    """
                    float64 solves with Λ_N (κ₂ = \(String(format: "%.3g", kappa))): relative error ≲ 10(n + \
                    p)·u·κ; the log evidence sums terms of total magnitude M, so its relative error ≲ \
                    that·M/|ln p(y)|
                    """))
        }
    }
}

/// `linear-gaussian/bayesian/evidence-hyperparameters`: ln p(y | α, β), μ_N and the effective
/// number of parameters γ = p − α·tr Σ_N for the prior θ ~ N(0, I/α) and noise σ² = 1/β (LG-12),
/// the type-II maximum-likelihood objective.
public struct EvidenceHyperparametersEvaluator: GroupEvaluator {
    public let path = GroupPath(
        LinearGaussianEvaluators.family, LinearGaussianEvaluators.bayesian,
        "evidence-hyperparameters")
    public let summary = "ln p(y | α, β), μ_N and γ as functions of the prior and noise precisions"
    public let inputs = [
        FieldDeclaration("design", .real, shape: ["n", "p"], "the design A, one row per observation"),
        FieldDeclaration("y", .real, shape: ["n"], "the responses"),
        FieldDeclaration("alpha", .real, "α > 0, the prior precision (Σ₀ = I/α, μ₀ = 0)"),
        FieldDeclaration("beta", .real, "β > 0, the noise precision (σ² = 1/β)"),
    ]
    public let outputs = [
        FieldDeclaration("log-evidence", .real, "ln N(y; 0, AAᵀ/α + I/β), natural log"),
        FieldDeclaration("posterior-mean", .real, shape: ["p"], "μ_N = β Σ_N Aᵀy"),
        FieldDeclaration("gamma", .real, "γ = p − α·tr Σ_N, exact"),
    ]
    /// n ≤ 256 observations and p ≤ 100 parameters: exact p×p solves.
    public var sizeLimit: Int { 256 }

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs)
        try LinearGaussianEvaluators.requireParameters(
            read.sizes["p"] ?? 0, "design", path, limit: LinearGaussianEvaluators.evidenceParameterLimit)
        try read.requireFinite("design", "y", "alpha", "beta")
        return try LinearGaussianEvaluators.evaluating(path) {
            let design = try LinearGaussianEvaluators.rationalMatrix(read, "design")
            let y = LinearGaussianEvaluators.rationals(read, "y")
            let (alpha, beta) = (read.rational("alpha"), read.rational("beta"))
            for (name, value) in [("alpha", alpha), ("beta", beta)] where !(value > .zero) {
                throw ModelInputError.notPositive(what: name, value: "\(value)")
            }
            let model = try LinearGaussianModel(design: design, response: y)
            let evaluation = try EvidenceFunction(model: model).evaluate(priorPrecision: alpha, noisePrecision: beta)
            let terms = evaluation.logEvidenceTerms
            let kappa = try LinearGaussianEvaluators.spdCondition(evaluation.posterior.precision)
            let logEvidence = try terms.correctlyRoundedValue()
            let (relative, evidenceRelative) = LinearGaussianEvaluators.posteriorTolerance(
                kappa: kappa, n: model.observations, p: model.parameters, terms: terms, logEvidence: logEvidence)
            let measured =
                LinearGaussianEvaluators.measuredEvidenceFlags(design: design, y: y, alpha: alpha, beta: beta)
                .map(LinearGaussianEvaluators.failingEvidenceRoutes) ?? ""
            return Evaluation(
                expected: .values([
                    "log-evidence": LinearGaussianEvaluators.correctlyRounded(logEvidence),
                    "posterior-mean": LinearGaussianEvaluators.vector(evaluation.posterior.mean),
                    "gamma": LinearGaussianEvaluators.real(evaluation.effectiveParameters),
                ]),
                tolerance: .relative(
                    Swift.max(relative, evidenceRelative),
                    "float64 solves with Λ_N = αI + βAᵀA (κ₂ = \(String(format: "%.3g", kappa))): "
                        + "relative error ≲ 10(n + p)·u·κ, scaled for the log evidence by the "
                        + "magnitude of its terms" + measured))
        }
    }
}

/// `linear-gaussian/bayesian/bad-input`: priors and noise variances the posterior must refuse (Σ₀
/// not SPD, σ² ≤ 0). The inputs are those of `posterior`; the answer is its refusal.
public struct BayesianBadInputEvaluator: GroupEvaluator {
    public let path = GroupPath(LinearGaussianEvaluators.family, LinearGaussianEvaluators.bayesian, "bad-input")
    public let summary = "refusals of the Bayesian posterior: a prior covariance not SPD, σ² ≤ 0"
    static let model = BayesianPosteriorEvaluator()
    public var inputs: [FieldDeclaration] { Self.model.inputs }
    public let outputs = [FieldDeclaration("error", .string, "the refusal's kind")]
    public var sizeLimit: Int { Self.model.sizeLimit }

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        try Self.model.evaluate(inputs).requiringRefusal(in: path, acceptedBy: Self.model.path.description)
    }
}
