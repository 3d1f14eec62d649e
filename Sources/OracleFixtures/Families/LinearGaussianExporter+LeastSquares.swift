import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// `least-squares.json`: exact small fits, the score, ill-conditioned polynomials, every NIST
/// StRD dataset shipped, and inputs that must be refused (LG-1 … LG-7, LG-13, LG-14).
extension LinearGaussianExporter {
    static let variantLS = "least-squares"

    /// The NIST StRD folder: `../shared/data/nist-strd` beside the repository root.
    static var nistFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/data/nist-strd")
    }

    func leastSquaresFile() throws -> FixtureFile {
        let flags = ["sigma2-ddof", "r2-centring", "sigma-vs-variance", "score-sign", "loglik-missing-half",
                     "normal-equations-inverse", "normal-equations-cholesky", "singular-value-cutoff", "unscaled-svd",
                     "nist-model-terms", "intercept-assumed", "rank-unchecked", "input-validation", "one-pass-sums"]
        return FixtureFile(
            family: family, variant: Self.variantLS,
            description: "Maximum likelihood for y = Aθ + η by the normal equations: θ̂, RSS, σ² (ML and unbiased), standard errors, R², the maximised log-likelihood and the score, computed exactly over the rationals from the inputs; ill-conditioned polynomial fits with tolerances from the condition number; every NIST StRD linear dataset shipped (expected θ̂ is the exact fit to NIST's decimal data, rounded once); and designs that must be refused.",
            proof: ProofReference(file: "Proofs/04-linear-gaussian.md",
                                  steps: ["LG-1", "LG-2", "LG-3", "LG-4", "LG-5", "LG-6", "LG-7", "LG-13", "LG-14"]),
            conventions: Self.conventions, notes: Self.notes(for: flags),
            testGroups: [try exactSmallGroup(), try scoreGroup(), try polynomialGroup(), try nistGroup(), try leastSquaresBadInputGroup()])
    }

    static func doubles(_ values: [Double]) -> [Rational] { values.map { Rational(exactly: $0)! } }

    static var smallProblems: [(name: String, comment: String, a: Matrix<Rational>, y: [Rational], flags: [String])] {
        get throws {
            let x = doubles([0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5])
            let y = doubles([1, 2.5, 2, 4.5, 4, 6.5, 5.5, 8])
            let t = doubles([-3, -2, -1, 0, 1, 2, 3, 4])
            let q = doubles([9.5, 4, 1.5, 0.25, 1, 3.5, 9, 17])
            let predictors = [[1, 2], [2, 1], [3, 5], [4, 3], [5, 8], [6, 5], [7, 9]].map { doubles($0) }
            let z = doubles([3, 4, 8.5, 8, 13, 12.5, 16])
            let common = ["sigma2-ddof", "sigma-vs-variance", "loglik-missing-half"]
            return [
                ("line", "straight line with intercept, 8 points", try DesignMatrix.polynomial(x: x, degree: 1), y, common),
                ("quadratic", "quadratic with intercept on −3…4", try DesignMatrix.polynomial(x: t, degree: 2), q, common),
                ("no-intercept", "y = θ₁x + θ₂x² without intercept: R² uses the uncentred TSS",
                 try DesignMatrix.polynomial(x: t, degree: 2, intercept: false), q,
                 common + ["r2-centring", "intercept-assumed"]),
                ("two-predictors", "two predictors with intercept", try DesignMatrix.linear(predictors: predictors), z, common),
            ]
        }
    }

    func exactSmallGroup() throws -> TestGroup {
        var cases: [FixtureCase] = []
        for problem in try Self.smallProblems {
            let model = try LinearGaussianModel(design: problem.a, response: problem.y)
            let fit = try model.fitByElimination()
            let (thetaTolerance, _, reason) = try Self.coefficientTolerance(fit)
            let n = Double(model.observations)
            let yy = normSquared(problem.y).doubleValue
            let aa = normSquared(problem.a.entries).doubleValue * normSquared(fit.estimate).doubleValue
            // RSS from residuals rᵢ = yᵢ − aᵢθ̂ computed in float64: absolute error ≲ 8n·u·(‖y‖² + ‖A‖²‖θ‖²).
            let rssTolerance = 8 * n * Self.u * (yy + aa) / fit.residualSumOfSquares.doubleValue
            let tolerance = Swift.max(thetaTolerance, rssTolerance)
            let errors = try (try fit.estimateVariances)!.map { Self.correctlyRounded(try BigFloat.correctlyRoundedSqrt($0)) }
            cases.append(FixtureCase(
                id: caseID(Self.variantLS, "exact-small", problem.name), comment: problem.comment, flags: problem.flags,
                inputs: ["design": Self.matrix(problem.a), "y": Self.vector(problem.y)],
                expected: .values([
                    "theta": Self.vector(fit.estimate),
                    "rss": Self.real(fit.residualSumOfSquares),
                    "sigma2-ml": Self.real(fit.maximumLikelihoodNoiseVariance),
                    "sigma2-unbiased": Self.real(fit.unbiasedNoiseVariance!),
                    "standard-errors": .vector(errors),
                    "r-squared": Self.real(fit.rSquared!),
                    "log-likelihood": Self.correctlyRounded(try fit.maximumLogLikelihoodTerms().correctlyRoundedValue()),
                ]),
                tolerance: .relative(tolerance, reason
                    + "; the case tolerance is the larger of that and the bound for the RSS-derived outputs: "
                    + "residuals in float64 have absolute error ≲ 8n·u·(‖y‖² + ‖A‖²‖θ‖²) relative to RSS")))
        }
        return TestGroup(id: "exact-small", description: "Small exact problems (dyadic data, exact in float64): every ML statistic, exact over ℚ and rounded once (LG-4 … LG-7).", cases: cases)
    }

    func scoreGroup() throws -> TestGroup {
        let problems = try Self.smallProblems
        var cases: [FixtureCase] = []
        for (k, problem) in problems.prefix(2).enumerated() {
            let model = try LinearGaussianModel(design: problem.a, response: problem.y)
            let theta = (0..<model.parameters).map { Rational($0 + 1 + k) / Rational(4) }
            let sigma2 = Rational(1) / Rational(2)
            cases.append(FixtureCase(
                id: caseID(Self.variantLS, "score", problem.name), comment: "the score at θ = \(theta), σ² = 1/2 (not at θ̂)",
                flags: ["score-sign"],
                inputs: ["design": Self.matrix(problem.a), "y": Self.vector(problem.y), "theta": Self.vector(theta), "noise-variance": Self.real(sigma2)],
                expected: .values(["score": Self.vector(try model.score(at: theta, noiseVariance: sigma2))]),
                tolerance: .exact("all inputs are dyadic with few bits and σ² = 1/2, so every product and sum in (1/σ²)Aᵀ(y − Aθ) is exact in float64")))
        }
        return TestGroup(id: "score", description: "The score (1/σ²)Aᵀ(y − Aθ) at a given θ (LG-3).", cases: cases)
    }

    /// The solver flags of each ill-conditioned polynomial case: the float64 routes whose error
    /// exceeds the tolerance there (checked by `LinearGaussianToleranceTests` for our Cholesky and
    /// explicit inverse, and by the consumer's mutants for NumPy's routes).
    static let polynomialSolverFlags: [String: [String]] = [
        "degree-6": ["normal-equations-cholesky", "normal-equations-inverse"],
        "degree-8": ["normal-equations-cholesky", "normal-equations-inverse"],
        // κ₂ ≈ 1.3e7 > 1e6: a relative cut-off of 1e-6 drops the smallest singular value.
        "degree-10": ["normal-equations-cholesky", "normal-equations-inverse", "singular-value-cutoff"],
        "degree-8-noisy": ["normal-equations-cholesky", "normal-equations-inverse"],
        // κ₂ ≈ 3e9 and 7e11: AᵀA is numerically singular (κ₂² > 1/u), the normal equations return noise.
        "degree-13": ["normal-equations-cholesky", "normal-equations-inverse"],
        "degree-16": ["normal-equations-cholesky", "normal-equations-inverse"],
        // n = p + 1: one residual degree of freedom; the cut-off drops a direction the data determine.
        "degree-8-n10-noisy": ["normal-equations-cholesky", "normal-equations-inverse", "singular-value-cutoff"],
        // Columns 1, x ≈ 1e4, x² ≈ 1e8: the raw design's κ₂ ≈ 8e15 defeats an unscaled SVD.
        "offset-1e4-quadratic": ["normal-equations-cholesky", "normal-equations-inverse", "singular-value-cutoff",
                                 "unscaled-svd"],
        // Σx² − n·x̄² cancels 1e12 against 1e12 over 1000 points: the one-pass slope loses 8 digits.
        "offset-1e6-line-n1000": ["normal-equations-cholesky", "normal-equations-inverse", "singular-value-cutoff",
                                  "one-pass-sums"],
        // x² ≈ 1e16 is not representable to 1/64: the one-pass sums return nothing useful.
        "offset-1e8-line": ["normal-equations-cholesky", "normal-equations-inverse", "singular-value-cutoff",
                            "unscaled-svd", "one-pass-sums"],
    ]

    /// One polynomial case: name, comment, the x grid, y as a function of (i, x), the degree.
    struct PolynomialProblem {
        var name: String
        var comment: String
        var x: [Double]
        var y: [Double]
        var degree: Int
    }

    /// The monomial fits on [0, 1] (y = Σₖ xᵏ, θ = 1, optionally ±1/64) and the fits to offset data
    /// x = c + i/8 with y = 5 + t/2 (+ t²/256) ± 1/64, t = x − c; every value is an exact Double.
    static var polynomialProblems: [PolynomialProblem] {
        func onUnit(_ degree: Int, noisy: Bool, points: Int = 33) -> PolynomialProblem {
            // x = i/(points − 1) rounded to a multiple of 1/1024 (i/32 exactly for 33 points).
            let x = (0..<points).map { (Double($0) / Double(points - 1) * 1024).rounded() / 1024 }
            let y = x.enumerated().map { i, xi in
                (0...degree).reduce(0.0) { s, k in s + Foundation.pow(xi, Double(k)) }
                    + (noisy ? (i % 2 == 0 ? 1 : -1) / 64 : 0)
            }
            let name = "degree-\(degree)" + (points == 33 ? "" : "-n\(points)") + (noisy ? "-noisy" : "")
            let grid = points == 33 ? "33 points x = i/32 on [0, 1]"
                : "\(points) points x = i/\(points - 1) on [0, 1] (rounded to 1/1024): n = p + 1"
            return PolynomialProblem(name: name, comment: "degree-\(degree) monomial fit to \(grid)"
                                        + (noisy ? " with residual ±1/64" : ""), x: x, y: y, degree: degree)
        }
        func offset(_ name: String, _ centre: Double, points: Int, quadratic: Bool,
                    _ comment: String) -> PolynomialProblem {
            let t = (0..<points).map { Double($0) / 8 }
            let y = t.enumerated().map { i, ti in
                5 + ti / 2 + (quadratic ? ti * ti / 256 : 0) + (i % 2 == 0 ? 1 : -1) / 64
            }
            return PolynomialProblem(name: name, comment: comment, x: t.map { centre + $0 }, y: y,
                                     degree: quadratic ? 2 : 1)
        }
        return [onUnit(6, noisy: false), onUnit(8, noisy: false), onUnit(10, noisy: false), onUnit(8, noisy: true),
                onUnit(13, noisy: false), onUnit(16, noisy: false), onUnit(8, noisy: true, points: 10),
                offset("offset-1e4-quadratic", 1e4, points: 33, quadratic: true,
                       "quadratic fit to 33 points x = 10⁴ + i/8, y = 5 + t/2 + t²/256 ± 1/64 (t = x − 10⁴): data "
                       + "offset from the origin, columns 1, x, x² of scales 1, 1e4, 1e8"),
                offset("offset-1e6-line-n1000", 1e6, points: 1000, quadratic: false,
                       "straight line through 1000 points x = 10⁶ + i/8, y = 5 + t/2 ± 1/64 (t = x − 10⁶): data "
                       + "offset from the origin, as time stamps are"),
                offset("offset-1e8-line", 1e8, points: 33, quadratic: false,
                       "straight line through 33 points x = 10⁸ + i/8, y = 5 + t/2 ± 1/64 (t = x − 10⁸): data "
                       + "offset far from the origin")]
    }

    func polynomialGroup() throws -> TestGroup {
        var cases: [FixtureCase] = []
        for problem in Self.polynomialProblems {
            // The expected θ̂ is the exact fit to these Double inputs.
            let model = try LinearGaussianModel(design: try DesignMatrix.polynomial(x: Self.doubles(problem.x),
                                                                                    degree: problem.degree),
                                                response: Self.doubles(problem.y))
            let fit = try model.fitByElimination()
            let (tolerance, kappa, reason) = try Self.coefficientTolerance(fit)
            guard let flags = Self.polynomialSolverFlags[problem.name] else {
                throw FixtureExportInconsistency(
                    reason: "no solver flags listed for the polynomial case \(problem.name)")
            }
            let consequence = problem.name.hasPrefix("offset")
                ? "normal equations (κ²) and unscaled sums lose about twice the digits"
                : "normal equations (κ²) lose about twice the digits"
            cases.append(FixtureCase(
                id: caseID(Self.variantLS, "ill-conditioned-polynomial", problem.name),
                comment: "\(problem.comment); κ₂(equilibrated A) = \(String(format: "%.3g", kappa)), so \(consequence)",
                flags: flags,
                inputs: ["x": Self.vector(Self.doubles(problem.x)), "y": Self.vector(Self.doubles(problem.y)),
                         "degree": .integer(problem.degree)],
                expected: .values(["theta": Self.vector(fit.estimate)]),
                tolerance: .relative(tolerance, reason + Self.failingSolvers(flags))))
        }
        return TestGroup(
            id: "ill-conditioned-polynomial",
            description: "Polynomial regression in the monomial basis (rows 1, x, …, xᵏ) with growing condition number "
                + "(LG-6, LG-14).",
            cases: cases)
    }

    /// The flags of each NIST StRD case. `nist-model-terms` is carried only by the models with a
    /// power above 1 (Pontius, Wampler): in the others every term is a plain predictor, so
    /// misreading powers changes nothing. `intercept-assumed` is carried by the models without B0.
    /// The solver flags name the float64 routes whose error exceeds the tolerance (as for
    /// `polynomialSolverFlags`); Norris, NoInt1 and NoInt2 are so well conditioned that every
    /// route passes.
    static let nistFlags: [String: [String]] = [
        "Longley": ["normal-equations-cholesky", "normal-equations-inverse", "singular-value-cutoff"],
        "NoInt1": ["intercept-assumed"],
        "NoInt2": ["intercept-assumed"],
        "Norris": [],
        "Pontius": ["nist-model-terms", "unscaled-svd", "singular-value-cutoff"],
        "Wampler1": ["nist-model-terms", "normal-equations-cholesky", "normal-equations-inverse",
                     "singular-value-cutoff"],
        "Wampler2": ["nist-model-terms", "normal-equations-cholesky", "normal-equations-inverse",
                     "singular-value-cutoff", "unscaled-svd"],
        "Wampler3": ["nist-model-terms", "normal-equations-cholesky", "normal-equations-inverse",
                     "singular-value-cutoff"],
        // Residuals of size ~1e5 make the QR bound's ‖r‖ term dominate: Cholesky's κ₂² error stays below it.
        "Wampler4": ["nist-model-terms", "normal-equations-inverse", "singular-value-cutoff"],
    ]

    func nistGroup() throws -> TestGroup {
        let names = (try FileManager.default.contentsOfDirectory(atPath: Self.nistFolder.path))
            .filter { $0.hasSuffix(".dat") }.sorted()
        var cases: [FixtureCase] = []
        for file in names {
            let dataset = try NISTStRDDataset(text: try String(contentsOf: Self.nistFolder.appendingPathComponent(file), encoding: .utf8))
            let fit = try dataset.model().fitByElimination()
            // Provenance: the certified values are reproduced by this exact fit (checked, not assumed).
            let comparisons = try dataset.compare(exact: fit)
            guard comparisons.allSatisfy(\.isCorrectlyRounded) else {
                throw FixtureExportInconsistency(reason: "\(file): the exact fit does not reproduce NIST's certified values")
            }
            let (tolerance, kappa, reason) = try Self.coefficientTolerance(fit)
            guard let flags = Self.nistFlags[dataset.name] else {
                throw FixtureExportInconsistency(reason: "no flags listed for the NIST StRD dataset \(dataset.name)")
            }
            let m = dataset.predictorNames.count
            let powers = dataset.terms.flatMap { term in (0..<m).map { j in FixtureValue.integer(term.predictor == j ? term.power : 0) } }
            cases.append(FixtureCase(
                id: caseID(Self.variantLS, "nist-strd", dataset.name),
                comment: "NIST StRD \(dataset.name) (\(file)), \(dataset.response.count) observations, \(dataset.terms.count) parameters; κ₂(equilibrated A) = \(String(format: "%.3g", kappa)). Expected θ̂ is the exact fit to NIST's decimal data, which reproduces every certified value to all 15 digits.",
                flags: flags,
                inputs: [
                    "dataset": .string(dataset.name),
                    "predictors": .array(shape: [dataset.response.count, m], data: dataset.predictors.flatMap { $0.map(Self.decimalInput) }),
                    "y": .vector(dataset.response.map(Self.decimalInput)),
                    "powers": .array(shape: [dataset.terms.count, m], data: powers),
                    "certified-estimates": .vector(dataset.certified.estimates.map { .string($0.text) }),
                ],
                expected: .values(["theta": Self.vector(fit.estimate)]),
                tolerance: .relative(tolerance, reason + Self.failingSolvers(flags))))
        }
        return TestGroup(
            id: "nist-strd",
            description: "Every NIST StRD linear least-squares dataset shipped in ../shared/data/nist-strd "
                + "(LG-13, LG-14). "
                + "Term k of the model is Πⱼ xⱼ^powers[k][j] (all-zero row: the intercept). Data reals are NIST's "
                + "decimals rounded to float64; their exact values are in `exact`.",
            cases: cases)
    }

    func leastSquaresBadInputGroup() throws -> TestGroup {
        func errorCase(_ name: String, _ comment: String, _ flags: [String], _ design: [[Double]], _ y: [Double], _ kind: String) -> FixtureCase {
            FixtureCase(
                id: caseID(Self.variantLS, "bad-input", name), comment: comment, flags: flags,
                inputs: ["design": .array(shape: [design.count, design.first?.count ?? 0], data: design.flatMap { $0.map(FixtureValue.exactReal) }),
                         "y": .vector(y.map(FixtureValue.exactReal))],
                expected: .error(kind: kind), tolerance: .exact("the input must be refused"))
        }
        return TestGroup(id: "bad-input", description: "Designs and data that must be refused with an error.", cases: [
            errorCase("rank-deficient", "column 3 = column 1 + column 2: rank 2 < 3", ["rank-unchecked"],
                      [[1, 2, 3], [1, 5, 6], [1, -1, 0], [1, 4, 5], [1, 0, 1]], [1, 2, 3, 4, 5], "rank-deficient"),
            errorCase("too-few-observations", "2 observations, 3 parameters", ["rank-unchecked"],
                      [[1, 2, 3], [1, 5, 7]], [1, 2], "too-few-observations"),
            errorCase("nan-response", "y contains NaN", ["input-validation"],
                      [[1, 0], [1, 1], [1, 2]], [1, .nan, 3], "non-finite-input"),
            errorCase("length-mismatch", "3 rows but 2 responses", ["input-validation"],
                      [[1, 0], [1, 1], [1, 2]], [1, 2], "shape-mismatch"),
        ])
    }
}

/// The exporter found its own inputs inconsistent (e.g. NIST values not reproduced): never written.
struct FixtureExportInconsistency: Error, CustomStringConvertible {
    let reason: String
    var description: String { "fixture export inconsistency: \(reason)" }
}
