import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleRandom

/// `least-squares.json`: exact small fits, the score, ill-conditioned polynomials, every NIST
/// StRD dataset shipped, and inputs that must be refused (LG-1 … LG-7, LG-13, LG-14).
extension LinearGaussianExporter {
    static let variantLS = "least-squares"

    /// The NIST StRD datasets shipped in the data folder, parsed, by file name.
    static func nistDatasets() throws -> [(file: String, dataset: NISTStRDDataset)] {
        let data = DataDirectory.current
        return try data.files(in: "nist-strd", suffix: ".dat", what: "the NIST StRD folder").map { file in
            (file, try NISTStRDDataset(text: try data.text("nist-strd/" + file, what: "NIST StRD \(file)")))
        }
    }

    func leastSquaresFile() throws -> FixtureFile {
        let flags = [
            "sigma2-ddof", "r2-centring", "sigma-vs-variance", "score-sign", "loglik-missing-half",
            "normal-equations-inverse", "normal-equations-cholesky", "singular-value-cutoff", "unscaled-svd",
            "nist-model-terms", "intercept-assumed", "rank-unchecked", "input-validation", "one-pass-sums",
            "semi-normal-equations", "standard-errors-normal-inverse", "r2-one-pass-tss",
        ]
        return file(
            Self.variantLS,
            description: """
                Maximum likelihood for y = Aθ + η by the normal equations: θ̂, RSS, σ² (ML and unbiased), \
                standard errors, R², the maximised log-likelihood and the score, computed exactly over the rationals \
                from the inputs; ill-conditioned polynomial fits with tolerances from the condition number; every \
                NIST StRD linear dataset shipped (expected θ̂ is the exact fit to NIST's decimal data, rounded \
                once); and designs that must be refused.
                """,
            proof: "Proofs/04-linear-gaussian.md",
            steps: ["LG-1", "LG-2", "LG-3", "LG-4", "LG-5", "LG-6", "LG-7", "LG-13", "LG-14"],
            conventions: Self.conventions,
            notes: Self.notes(for: flags),
            groups: [
                try exactSmallGroup(), try scoreGroup(), try polynomialGroup(), try nistGroup(),
                try leastSquaresBadInputGroup(),
            ])
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
                (
                    "line", "straight line with intercept, 8 points", try DesignMatrix.polynomial(x: x, degree: 1), y,
                    common
                ),
                (
                    "quadratic", "quadratic with intercept on −3…4",
                    try DesignMatrix.polynomial(x: t, degree: 2), q,
                    common
                ),
                (
                    "no-intercept", "y = θ₁x + θ₂x² without intercept: R² uses the uncentred TSS",
                    try DesignMatrix.polynomial(x: t, degree: 2, intercept: false), q,
                    common + ["r2-centring", "intercept-assumed"]
                ),
                (
                    "two-predictors", "two predictors with intercept", try DesignMatrix.linear(predictors: predictors),
                    z, common
                ),
                (
                    "two-predictors-scaled-columns",
                    """
                    two-predictors with its predictors multiplied by 2⁻¹⁴ ≈ 6.1e-5 and 2¹³ = 8192: column \
                    norms from 7e-4 to 1.2e5, κ₂ of the raw design ≈ 6.5e8 against 8.6 equilibrated, so an SVD \
                    solver or standard errors on the raw design lose what the scaled one keeps
                    """,
                    try DesignMatrix.linear(
                        predictors: predictors.map {
                            [$0[0] * (Rational(1) / Rational(16_384)), $0[1] * 8192]
                        }),
                    z, common + ["unscaled-svd", "singular-value-cutoff"]
                ),
                (
                    "polynomial-degree-8-noisy",
                    """
                    degree-8 monomial design on 33 points x = i/32, y = Σₖ xᵏ ± 1/64: κ₂(equilibrated A) ≈ \
                    4.0e5, so (AᵀA)⁻¹ in float64 carries a relative error ≈ u·κ₂² into θ̂ and the \
                    standard errors
                    """,
                    try DesignMatrix.polynomial(x: Self.polynomialGrid(33), degree: 8),
                    Self.polynomialResponse(Self.polynomialGrid(33), degree: 8, noisy: true),
                    common + [
                        "normal-equations-inverse", "normal-equations-cholesky", "semi-normal-equations",
                        "standard-errors-normal-inverse",
                    ]
                ),
                (
                    "line-n16-response-offset-2-20",
                    """
                    straight line with intercept through x = i/2 (16 points), y = 2²⁰ + x/4 + noise uniform on \
                    [−1, 1] (1/1024 grid, SplitMix64 seed 0x40013): responses near 10⁶ with spread ≈ 1 and R² \
                    ≈ 0.6, so Σyᵢ² and n·ȳ² agree in about 12 of their 16 digits and TSS from those sums \
                    keeps about 4
                    """,
                    try DesignMatrix.polynomial(x: Self.offsetLine.x, degree: 1), Self.offsetLine.y,
                    common + ["r2-one-pass-tss"]
                ),
            ]
        }
    }

    /// x = i/2 (i < 16) and y = 2²⁰ + x/4 + e, e uniform on [−1, 1] on the grid 1/1024 (SplitMix64):
    /// every value is an exact Double (y needs 31 significant bits).
    static var offsetLine: (x: [Rational], y: [Rational]) {
        var rng = SplitMix64(seed: 0x04_0013)
        let x = (0..<16).map { Double($0) / 2 }
        let y = x.map { 1_048_576 + $0 / 4 + ((2 * rng.uniform() - 1) * 1024).rounded() / 1024 }
        return (doubles(x), doubles(y))
    }

    func exactSmallGroup() throws -> TestGroup {
        try ExactSmallLeastSquaresEvaluator().testGroup(
            description: "Small exact problems (dyadic data, exact in float64): every ML statistic, exact over ℚ and "
                + "rounded once (LG-4 … LG-7).",
            try Self.smallProblems.map { problem in
                CatalogueEntry(
                    problem.name, comment: problem.comment, flags: problem.flags,
                    inputs: ["design": Self.matrix(problem.a), "y": Self.vector(problem.y)])
            })
    }

    func scoreGroup() throws -> TestGroup {
        var entries: [CatalogueEntry] = []
        for (k, problem) in try Self.smallProblems.prefix(2).enumerated() {
            let theta = (0..<problem.a.columns).map { Rational($0 + 1 + k) / Rational(4) }
            let sigma2 = Rational(1) / Rational(2)
            entries.append(
                CatalogueEntry(
                    problem.name,
                    comment:
                        "the score at θ = \(theta), σ² = 1/2 (not at θ̂)", flags: ["score-sign"],
                    inputs: [
                        "design": Self.matrix(problem.a), "y": Self.vector(problem.y), "theta": Self.vector(theta),
                        "noise-variance": Self.real(sigma2),
                    ]))
        }
        return try ScoreEvaluator().testGroup(
            description: "The score (1/σ²)Aᵀ(y − Aθ) at a given θ (LG-3).", entries)
    }

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
            let x = polynomialGridDoubles(points)
            let y = polynomialResponseDoubles(x, degree: degree, noisy: noisy)
            let name = "degree-\(degree)" + (points == 33 ? "" : "-n\(points)") + (noisy ? "-noisy" : "")
            let grid =
                points == 33
                ? "33 points x = i/32 on [0, 1]"
                : "\(points) points x = i/\(points - 1) on [0, 1] (rounded to 1/1024)"
                    + (points == degree + 2 ? ": n = p + 1" : "")
            return PolynomialProblem(
                name: name,
                comment: "degree-\(degree) monomial fit to \(grid)"
                    + (noisy ? " with residual ±1/64" : ""), x: x, y: y, degree: degree)
        }
        func offset(
            _ name: String, _ centre: Double, points: Int, quadratic: Bool,
            _ comment: String
        ) -> PolynomialProblem {
            let t = (0..<points).map { Double($0) / 8 }
            let y = t.enumerated().map { i, ti in
                5 + ti / 2 + (quadratic ? ti * ti / 256 : 0) + (i % 2 == 0 ? 1 : -1) / 64
            }
            return PolynomialProblem(
                name: name, comment: comment, x: t.map { centre + $0 }, y: y,
                degree: quadratic ? 2 : 1)
        }
        return [
            onUnit(4, noisy: false, points: 65), onUnit(5, noisy: false, points: 65),
            onUnit(6, noisy: false), onUnit(8, noisy: false), onUnit(10, noisy: false), onUnit(8, noisy: true),
            onUnit(13, noisy: false), onUnit(16, noisy: false), onUnit(8, noisy: true, points: 10),
            offset(
                "offset-1e4-quadratic", 1e4, points: 33, quadratic: true,
                "quadratic fit to 33 points x = 10⁴ + i/8, y = 5 + t/2 + t²/256 ± 1/64 (t = x − 10⁴): data "
                    + "offset from the origin, columns 1, x, x² of scales 1, 1e4, 1e8"),
            offset(
                "offset-1e6-line-n1000", 1e6, points: 1000, quadratic: false,
                "straight line through 1000 points x = 10⁶ + i/8, y = 5 + t/2 ± 1/64 (t = x − 10⁶): data "
                    + "offset from the origin, as time stamps are"),
            offset(
                "offset-1e8-line", 1e8, points: 33, quadratic: false,
                "straight line through 33 points x = 10⁸ + i/8, y = 5 + t/2 ± 1/64 (t = x − 10⁸): data "
                    + "offset far from the origin"),
        ]
    }

    /// `points` abscissae x = i/(points − 1) on [0, 1], rounded to a multiple of 1/1024 (i/32
    /// exactly for 33 points, i/64 for 65).
    static func polynomialGridDoubles(_ points: Int) -> [Double] {
        (0..<points).map { (Double($0) / Double(points - 1) * 1024).rounded() / 1024 }
    }

    /// y = Σₖ₌₀ᵈ xᵏ at each x, plus ±1/64 alternating when `noisy` (exact Doubles on these grids).
    static func polynomialResponseDoubles(_ x: [Double], degree: Int, noisy: Bool) -> [Double] {
        x.enumerated().map { i, xi in
            (0...degree).reduce(0.0) { s, k in s + Foundation.pow(xi, Double(k)) }
                + (noisy ? (i % 2 == 0 ? 1 : -1) / 64 : 0)
        }
    }

    static func polynomialGrid(_ points: Int) -> [Rational] { doubles(polynomialGridDoubles(points)) }

    static func polynomialResponse(_ x: [Rational], degree: Int, noisy: Bool) -> [Rational] {
        doubles(polynomialResponseDoubles(x.map(\.doubleValue), degree: degree, noisy: noisy))
    }

    func polynomialGroup() throws -> TestGroup {
        var entries: [CatalogueEntry] = []
        for problem in Self.polynomialProblems {
            guard let flags = LinearGaussianEvaluators.polynomialSolverFlags[problem.name] else {
                throw FixtureExportInconsistency(
                    reason: "no solver flags listed for the polynomial case \(problem.name)")
            }
            let model = try LinearGaussianModel(
                design: try DesignMatrix.polynomial(
                    x: Self.doubles(problem.x),
                    degree: problem.degree),
                response: Self.doubles(problem.y))
            let kappa = try model.equilibratedConditionNumber()
            let consequence =
                problem.name.hasPrefix("offset")
                ? "normal equations (κ²) and unscaled sums lose about twice the digits"
                : "normal equations (κ²) lose about twice the digits"
            entries.append(
                CatalogueEntry(
                    problem.name,
                    comment:
                        """
                        \(problem.comment); κ₂(equilibrated A) = \(String(format: "%.3g", kappa)), so \(consequence)
                        """,
                    flags: flags,
                    inputs: [
                        "x": Self.vector(Self.doubles(problem.x)), "y": Self.vector(Self.doubles(problem.y)),
                        "degree": .integer(problem.degree),
                    ]))
        }
        return try PolynomialLeastSquaresEvaluator().testGroup(
            description: """
                Polynomial regression in the monomial basis (rows 1, x, …, xᵏ) with growing condition number \
                (LG-6, LG-14).
                """,
            entries)
    }

    func nistGroup() throws -> TestGroup {
        var entries: [CatalogueEntry] = []
        for (file, dataset) in try Self.nistDatasets() {
            guard let flags = LinearGaussianEvaluators.nistFlags[dataset.name] else {
                throw FixtureExportInconsistency(reason: "no flags listed for the NIST StRD dataset \(dataset.name)")
            }
            let kappa = try dataset.model().equilibratedConditionNumber()
            let m = dataset.predictorNames.count
            let powers = dataset.terms.flatMap { term in
                (0..<m).map { j in FixtureValue.integer(term.predictor == j ? term.power : 0) }
            }
            entries.append(
                CatalogueEntry(
                    dataset.name,
                    comment: """
                        NIST StRD \(dataset.name) (\(file)), \(dataset.response.count) observations, \
                        \(dataset.terms.count) parameters; κ₂(equilibrated A) = \(String(format: "%.3g", kappa)). \
                        Expected θ̂ is the exact fit to NIST's decimal data, which reproduces every certified value \
                        to all 15 digits.
                        """,
                    flags: flags,
                    inputs: [
                        "dataset": .string(dataset.name),
                        "predictors": .array(
                            shape: [dataset.response.count, m],
                            data: dataset.predictors.flatMap { $0.map(Self.decimalInput) }),
                        "y": .vector(dataset.response.map(Self.decimalInput)),
                        "powers": .array(shape: [dataset.terms.count, m], data: powers),
                        "certified-estimates": .vector(dataset.certified.estimates.map { .string($0.text) }),
                    ]))
        }
        return try NISTLeastSquaresEvaluator().testGroup(
            description: "Every NIST StRD linear least-squares dataset in the nist-strd folder of the data directory "
                + "(LG-13, LG-14). "
                + "Term k of the model is Πⱼ xⱼ^powers[k][j] (all-zero row: the intercept). Data reals are NIST's "
                + "decimals rounded to float64; their exact values are in `exact`.",
            entries)
    }

    func leastSquaresBadInputGroup() throws -> TestGroup {
        let refusals = LeastSquaresBadInputEvaluator()
        func entry(
            _ name: String, _ comment: String, _ flags: [String], _ design: [[Double]], _ y: [Double],
            _ kind: String
        ) throws -> CatalogueEntry {
            try Self.refusedCase(
                refusals, name, comment: comment, flags: flags,
                inputs: [
                    "design": .array(
                        shape: [design.count, design.first?.count ?? 0],
                        data: design.flatMap { $0.map(FixtureValue.exactReal) }),
                    "y": .vector(y.map(FixtureValue.exactReal)),
                ],
                kind: kind)
        }
        return try refusals.testGroup(
            description: "Designs and data that must be refused with an error.",
            [
                entry(
                    "rank-deficient", "column 3 = column 1 + column 2: rank 2 < 3", ["rank-unchecked"],
                    [[1, 2, 3], [1, 5, 6], [1, -1, 0], [1, 4, 5], [1, 0, 1]], [1, 2, 3, 4, 5], "rank-deficient"),
                entry(
                    "too-few-observations", "2 observations, 3 parameters", ["rank-unchecked"],
                    [[1, 2, 3], [1, 5, 7]], [1, 2], "too-few-observations"),
                entry(
                    "nan-response", "y contains NaN", ["input-validation"],
                    [[1, 0], [1, 1], [1, 2]], [1, .nan, 3], "non-finite-input"),
                entry(
                    "length-mismatch", "3 rows but 2 responses", ["input-validation"],
                    [[1, 0], [1, 1], [1, 2]], [1, 2], "shape-mismatch"),
            ])
    }
}
