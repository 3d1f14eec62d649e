import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// `bayesian.json`: posterior, predictive and log evidence for given priors (LG-8 … LG-11), the
/// evidence as a function of (α, β) for type-II ML (LG-12), and priors that must be refused.
extension LinearGaussianExporter {
    static let variantBayes = "bayesian"

    func bayesianFile() throws -> FixtureFile {
        let flags = ["prior-covariance-vs-precision", "prior-mean-ignored", "noise-std-vs-variance",
                     "evidence-missing-logdet", "predictive-missing-noise", "hyperparameter-swap", "prior-validation"]
        return FixtureFile(
            family: family, variant: Self.variantBayes,
            description: "The Bayesian linear Gaussian model θ ~ N(μ₀, Σ₀), y | θ ~ N(Aθ, σ²I): posterior mean and covariance (exact over ℚ, rounded once), the posterior predictive, the log evidence ln N(y; Aμ₀, AΣ₀Aᵀ + σ²I) (correctly rounded), and the evidence as a function of the prior precision α and noise precision β for type-II maximum likelihood.",
            proof: ProofReference(file: "Proofs/04-linear-gaussian.md", steps: ["LG-8", "LG-9", "LG-10", "LG-11", "LG-12"]),
            conventions: Self.conventions, notes: Self.notes(for: flags),
            testGroups: [try posteriorGroup(), try hyperparameterGroup(), try bayesianBadInputGroup()])
    }

    /// κ₂ of an SPD rational matrix, from the Jacobi eigenvalues of its Double rounding.
    static func spdCondition(_ m: Matrix<Rational>) throws -> Double {
        let values = try SymmetricEigendecomposition(m.map(\.doubleValue), tolerance: 1e-15).values
        return values.max()! / values.min()!
    }

    static func sumsOfMagnitudes(_ terms: GaussianLogDensityTerms<Rational>) -> Double {
        Double(terms.dimension) * 1.8378770664093453 + terms.quadratic.doubleValue.magnitude
            + terms.determinantFactors.map { abs(Double($0.exponent) * ((try? Double.log($0.base.doubleValue)) ?? 0)) }.reduce(0, +)
    }

    func posteriorGroup() throws -> TestGroup {
        var cases: [FixtureCase] = []
        let problems = try Self.smallProblems
        let priors: [(String, [Rational], Matrix<Rational>, Rational)] = try [
            ("line-isotropic", [0, 0], Matrix.diagonal([4, 4]), Rational(1) / Rational(4)),
            ("quadratic-correlated", Self.doubles([1, -0.5, 0.25]),
             Matrix([[2, 0.5, 0], [0.5, 1, 0.25], [0, 0.25, 0.5]].map(Self.doubles)), Rational(2)),
            ("two-predictors-diagonal", Self.doubles([0.5, 1, 1]), Matrix.diagonal(Self.doubles([8, 0.5, 2])), Rational(3) / Rational(4)),
        ]
        for (k, prior) in priors.enumerated() {
            let problem = problems[[0, 1, 3][k]]
            let model = try LinearGaussianModel(design: problem.a, response: problem.y)
            let bayes = try BayesianLinearGaussian(model: model, priorMean: prior.1, priorCovariance: prior.2, noiseVariance: prior.3)
            let posterior = try bayes.posterior()
            let xStar = Matrix<Rational>(rows: 2, columns: model.parameters) { i, j in Rational((i + 1) * (j + 1)) / Rational(2) }
            let predictive = try posterior.predictive(at: xStar)
            let evidence = posterior.logEvidenceTerms
            // Solves with Λ_N (and C, κ(C) ≤ κ-ish of the same data) in float64: relative error ≲ 10·p·u·κ(Λ_N);
            // the log evidence's absolute error ≲ 10(n + p)·u·κ(Λ_N)·(n ln 2π + |ln|C|| + q).
            let kappa = try Self.spdCondition(posterior.precision)
            let relative = 10 * Double(model.parameters + model.observations) * Self.u * kappa
            let logEvidence = try evidence.correctlyRoundedValue()
            let evidenceRelative = relative * Self.sumsOfMagnitudes(evidence) / abs(logEvidence)
            // A zero prior mean hides a consumer that drops μ₀; only the cases with μ₀ ≠ 0 carry that flag.
            let meanFlag = prior.1.allSatisfy(\.isZero) ? [] : ["prior-mean-ignored"]
            cases.append(FixtureCase(
                id: caseID(Self.variantBayes, "posterior", prior.0),
                comment: "\(problem.comment); prior \(prior.0), μ₀ = \(prior.1), σ² = \(prior.3)",
                flags: ["prior-covariance-vs-precision"] + meanFlag
                    + ["noise-std-vs-variance", "evidence-missing-logdet", "predictive-missing-noise"],
                inputs: ["design": Self.matrix(problem.a), "y": Self.vector(problem.y), "prior-mean": Self.vector(prior.1),
                         "prior-covariance": Self.matrix(prior.2), "noise-variance": Self.real(prior.3), "x-star": Self.matrix(xStar)],
                expected: .values([
                    "posterior-mean": Self.vector(posterior.mean),
                    "posterior-covariance": Self.matrix(posterior.covariance),
                    "log-evidence": Self.correctlyRounded(logEvidence),
                    "predictive-mean": Self.vector(predictive.mean),
                    "predictive-variance": Self.vector(predictive.variance),
                ]),
                tolerance: .relative(Swift.max(relative, evidenceRelative),
                                     "float64 solves with Λ_N (κ₂ = \(String(format: "%.3g", kappa))): relative error ≲ 10(n + p)·u·κ; the log evidence sums terms of total magnitude M, so its relative error ≲ that·M/|ln p(y)|")))
        }
        return TestGroup(id: "posterior", description: "Posterior N(μ_N, Σ_N), predictive at x-star rows, and log evidence for a given prior and noise variance (LG-8, LG-10, LG-11).", cases: cases)
    }

    func hyperparameterGroup() throws -> TestGroup {
        var cases: [FixtureCase] = []
        let problem = try Self.smallProblems[1]
        let model = try LinearGaussianModel(design: problem.a, response: problem.y)
        let evidence = EvidenceFunction(model: model)
        let settings = [(Rational(1) / Rational(100), Rational(1)), (Rational(1), Rational(1) / Rational(4)),
                        (Rational(4), Rational(2))]
        for (alpha, beta) in settings {
            let evaluation = try evidence.evaluate(priorPrecision: alpha, noisePrecision: beta)
            let terms = evaluation.logEvidenceTerms
            let kappa = try Self.spdCondition(evaluation.posterior.precision)
            let relative = 10 * Double(model.parameters + model.observations) * Self.u * kappa
            let logEvidence = try terms.correctlyRoundedValue()
            cases.append(FixtureCase(
                id: caseID(Self.variantBayes, "evidence-hyperparameters", "alpha-\(alpha.doubleValue)-beta-\(beta.doubleValue)"),
                comment: "\(problem.comment); θ ~ N(0, I/α), σ² = 1/β with α = \(alpha), β = \(beta); α ≠ β so a swap is visible",
                flags: ["hyperparameter-swap"],
                inputs: ["design": Self.matrix(problem.a), "y": Self.vector(problem.y), "alpha": Self.real(alpha), "beta": Self.real(beta)],
                expected: .values([
                    "log-evidence": Self.correctlyRounded(logEvidence),
                    "posterior-mean": Self.vector(evaluation.posterior.mean),
                    "gamma": Self.real(evaluation.effectiveParameters),
                ]),
                tolerance: .relative(Swift.max(relative, relative * Self.sumsOfMagnitudes(terms) / abs(logEvidence)),
                                     "float64 solves with Λ_N = αI + βAᵀA (κ₂ = \(String(format: "%.3g", kappa))): relative error ≲ 10(n + p)·u·κ, scaled for the log evidence by the magnitude of its terms")))
        }
        return TestGroup(id: "evidence-hyperparameters", description: "ln p(y | α, β), μ_N and γ = p − α tr Σ_N as functions of the hyperparameters (LG-12): the type-II ML objective.", cases: cases)
    }

    func bayesianBadInputGroup() throws -> TestGroup {
        let problem = try Self.smallProblems[0]
        func errorCase(_ name: String, _ comment: String, _ covariance: [[Double]], _ sigma2: Double, _ kind: String) throws -> FixtureCase {
            FixtureCase(
                id: caseID(Self.variantBayes, "bad-input", name), comment: comment, flags: ["prior-validation"],
                inputs: ["design": Self.matrix(problem.a), "y": Self.vector(problem.y), "prior-mean": .vector([.exactReal(0), .exactReal(0)]),
                         "prior-covariance": .array(shape: [2, 2], data: covariance.flatMap { $0.map(FixtureValue.exactReal) }),
                         "noise-variance": .exactReal(sigma2), "x-star": .array(shape: [1, 2], data: [.exactReal(1), .exactReal(1)])],
                expected: .error(kind: kind), tolerance: .exact("the input must be refused"))
        }
        return TestGroup(id: "bad-input", description: "Priors and noise variances that must be refused.", cases: [
            try errorCase("indefinite-prior", "Σ₀ = [[1, 2], [2, 1]] has eigenvalues 3 and −1", [[1, 2], [2, 1]], 1, "not-positive-definite"),
            try errorCase("zero-noise", "σ² = 0", [[1, 0], [0, 1]], 0, "not-positive"),
        ])
    }
}
