import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

extension LinearGaussianEvaluators {
    static let leastSquares = "least-squares"

    /// The most parameters a least-squares request may have: elimination over ℚ grows the digits
    /// of its entries with p, and p ≤ 20 certifies in a few seconds (NIST's largest model has 11).
    static let parameterLimit = 20

    /// The most parameters of an evidence-hyperparameters request: one p×p LDLᵀ and p solves over ℚ;
    /// a p = 100 design of one-hot group columns and two covariates certifies in about 10 s (debug
    /// build), a dense one of that size would take minutes.
    static let evidenceParameterLimit = 100

    static func requireParameters(
        _ p: Int, _ field: String, _ path: GroupPath, limit: Int = parameterLimit
    ) throws(EvaluationError) {
        guard p <= limit else {
            throw EvaluationError(
                .sizeLimit, group: path.description, field: field,
                problem: "p = \(p) parameters is over this group's limit of \(limit)",
                remedy: "fit at most \(limit) parameters")
        }
    }
}

/// `linear-gaussian/least-squares/exact-small`: every maximum-likelihood statistic of y = Aθ + η,
/// exact over ℚ and rounded once (LG-4 … LG-7).
public struct ExactSmallLeastSquaresEvaluator: GroupEvaluator {
    public let path = GroupPath(LinearGaussianEvaluators.family, LinearGaussianEvaluators.leastSquares, "exact-small")
    public let summary = "θ̂, RSS, σ² (ML and unbiased), standard errors, R² and the maximised log-likelihood"
    public let inputs = [
        FieldDeclaration(
            "design", .real, shape: ["n", "p"], "the design A, one row per observation, full column rank"),
        FieldDeclaration("y", .real, shape: ["n"], "the responses"),
    ]
    public let outputs = [
        FieldDeclaration("theta", .real, shape: ["p"], "θ̂ = (AᵀA)⁻¹Aᵀy"),
        FieldDeclaration("rss", .real, "‖y − Aθ̂‖²"),
        FieldDeclaration("sigma2-ml", .real, "RSS/n"),
        FieldDeclaration("sigma2-unbiased", .real, "RSS/(n − p)"),
        FieldDeclaration(
            "standard-errors", .real, shape: ["p"],
            "sqrt(s²·[(AᵀA)⁻¹]ⱼⱼ), s² = RSS/(n − p)"),
        FieldDeclaration("r-squared", .real, "1 − RSS/TSS (TSS centred with an intercept column, else Σyᵢ²)"),
        FieldDeclaration("log-likelihood", .real, "−(n/2)(ln 2π + ln(RSS/n) + 1), natural log"),
    ]
    /// n ≤ 256 observations (and p ≤ 20): exact elimination on the p×p Gram matrix in well under a second.
    public var sizeLimit: Int { 256 }

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "design", "y")
        try LinearGaussianEvaluators.requireParameters(read.sizes["p"] ?? 0, "design", path)
        return try LinearGaussianEvaluators.evaluating(path) {
            let a = try LinearGaussianEvaluators.rationalMatrix(read, "design")
            let y = LinearGaussianEvaluators.rationals(read, "y")
            let model = try LinearGaussianModel(design: a, response: y)
            let fit = try model.fitByElimination()
            let (thetaTolerance, _, reason) = try LinearGaussianEvaluators.coefficientTolerance(fit)
            let rssTolerance = try Self.residualTolerance(fit)
            let tolerance = Swift.max(thetaTolerance, rssTolerance)
            guard let variances = try fit.estimateVariances, let unbiased = fit.unbiasedNoiseVariance,
                let rSquared = fit.rSquared
            else {
                throw EvaluationError(
                    .shapeMismatch, group: path.description, field: "design",
                    problem: "n = p leaves no residual degree of freedom, so s², the standard "
                        + "errors and R² are undefined",
                    remedy: "give more observations than parameters")
            }
            let errors = try variances.map {
                LinearGaussianEvaluators.correctlyRounded(try BigFloat.correctlyRoundedSqrt($0))
            }
            return Evaluation(
                expected: .values([
                    "theta": LinearGaussianEvaluators.vector(fit.estimate),
                    "rss": LinearGaussianEvaluators.real(fit.residualSumOfSquares),
                    "sigma2-ml": LinearGaussianEvaluators.real(fit.maximumLikelihoodNoiseVariance),
                    "sigma2-unbiased": LinearGaussianEvaluators.real(unbiased),
                    "standard-errors": .vector(errors),
                    "r-squared": LinearGaussianEvaluators.real(rSquared),
                    "log-likelihood": LinearGaussianEvaluators.correctlyRounded(
                        try fit.maximumLogLikelihoodTerms().correctlyRoundedValue()),
                ]),
                tolerance: .relative(
                    tolerance,
                    reason
                        + """
                        ; the case tolerance is the larger of that and the bound for the RSS-derived outputs: \
                        residuals rᵢ = yᵢ − aᵢθ̂ in float64 err by ≲ (p + 2)·u·mᵢ, mᵢ = |yᵢ| + \
                        Σₖ|aᵢₖθₖ| (dot products), and the backward-stable θ̃ moves RSS only to second \
                        order (RSS is stationary at θ̂), by ‖A(θ̃ − θ̂)‖² ≤ f², f = 10u·(‖y‖ + \
                        Σₖ|θₖ|‖aₖ‖ + √p·κ₂·‖r‖) (LG-14's first-order δθ mapped by A), so \
                        |ΔRSS|/RSS ≲ 8·((2‖r‖e + e² + f²)/RSS + n·u) with e = (p + 2)·u·‖m‖; column \
                        scales do not enter
                        """))
        }
    }

    /// The relative bound for RSS and the statistics derived from it (σ², R², ln L, the s² factor
    /// of the standard errors) when a consumer forms r = y − Aθ̂ in float64 from a θ̂ within the
    /// backward-stable solver: 8·((2‖r‖e + e² + f²)/RSS + n·u), e = (p + 2)·u·‖m‖ with
    /// mᵢ = |yᵢ| + Σₖ|aᵢₖθₖ| the dot-product error of rᵢ; f = 10u·(‖y‖ + Σₖ|θₖ|‖aₖ‖ +
    /// √p·κ₂‖r‖) bounds ‖A δθ‖ for LG-14's first-order δθ = G⁻¹Aᵀ(Δy − ΔAθ) + G⁻¹ΔAᵀr
    /// (AG⁻¹Aᵀ is a projection; ‖AG⁻¹D⁻¹‖ = 1/σ_min(AD) ≤ κ₂(AD) as σ_max(AD) ≥ 1), and RSS
    /// moves by ‖A δθ‖² at its minimum; n·u for summing rᵢ². Invariant under column scaling.
    static func residualTolerance(_ fit: LeastSquaresFit<Rational>) throws -> Double {
        let model = fit.model
        let (n, p) = (model.observations, model.parameters)
        let a = model.design.map(\.doubleValue)
        let theta = fit.estimate.map(\.doubleValue)
        let y = model.response.map(\.doubleValue)
        var mm = 0.0
        for i in 0..<n {
            let m = abs(y[i]) + (0..<p).reduce(0.0) { $0 + abs(a[i, $1] * theta[$1]) }
            mm += m * m
        }
        let e = Double(p + 2) * LinearGaussianEvaluators.u * mm.squareRoot()
        let rss = fit.residualSumOfSquares.doubleValue
        let r = rss.squareRoot()
        let columns = (0..<p).reduce(0.0) { sum, j in
            sum + (0..<n).reduce(0.0) { $0 + a[$1, j] * a[$1, j] }.squareRoot() * abs(theta[j])
        }
        let kappa = try model.equilibratedConditionNumber()
        let f =
            LinearGaussianEvaluators.stableSolverMargin * LinearGaussianEvaluators.u
            * (y.reduce(0.0) { $0 + $1 * $1 }.squareRoot() + columns + Double(p).squareRoot() * kappa * r)
        return 8 * ((2 * r * e + e * e + f * f) / rss + Double(n) * LinearGaussianEvaluators.u)
    }
}

/// `linear-gaussian/least-squares/score`: the score (1/σ²)Aᵀ(y − Aθ) at a given θ and σ² (LG-3),
/// exact over ℚ.
public struct ScoreEvaluator: GroupEvaluator {
    public let path = GroupPath(LinearGaussianEvaluators.family, LinearGaussianEvaluators.leastSquares, "score")
    public let summary = "the score (1/σ²)Aᵀ(y − Aθ), the gradient of the log-likelihood in θ"
    public let inputs = [
        FieldDeclaration("design", .real, shape: ["n", "p"], "the design A, one row per observation"),
        FieldDeclaration("y", .real, shape: ["n"], "the responses"),
        FieldDeclaration("theta", .real, shape: ["p"], "the parameter θ at which the score is taken"),
        FieldDeclaration("noise-variance", .real, "σ² > 0, a variance"),
    ]
    public let outputs = [FieldDeclaration("score", .real, shape: ["p"], "(1/σ²)Aᵀ(y − Aθ)")]
    /// n, p ≤ 256: O(n·p) exact products.
    public var sizeLimit: Int { 256 }

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "design", "y", "theta", "noise-variance")
        return try LinearGaussianEvaluators.evaluating(path) {
            let a = try LinearGaussianEvaluators.rationalMatrix(read, "design")
            let y = LinearGaussianEvaluators.rationals(read, "y")
            let theta = LinearGaussianEvaluators.rationals(read, "theta")
            let sigma2 = read.rational("noise-variance")
            guard sigma2 > .zero else {
                throw ModelInputError.notPositive(what: "noise-variance", value: "\(sigma2)")
            }
            let model = try LinearGaussianModel(design: a, response: y)
            let score = try model.score(at: theta, noiseVariance: sigma2)
            return Evaluation(
                expected: .values(["score": LinearGaussianEvaluators.vector(score)]),
                tolerance: try Self.tolerance(a, y, theta, sigma2))
        }
    }

    /// Exact when the float64 route r = y − Aθ, g = Aᵀr/σ² rounds nowhere on these inputs (checked
    /// operation by operation against ℚ); else the componentwise bound of that route,
    /// |Δgⱼ| ≤ 2(n + p + 2)·u·Σᵢ|aᵢⱼ|(|yᵢ| + Σₖ|aᵢₖθₖ|)/σ² (Higham, dot products).
    static func tolerance(
        _ a: Matrix<Rational>, _ y: [Rational], _ theta: [Rational],
        _ sigma2: Rational
    ) throws -> ToleranceSpec {
        let (n, p) = (a.rows, a.columns)
        var exact = Rational(exactly: sigma2.doubleValue) == sigma2
        func check(_ q: Rational, _ d: Double) { if Rational(exactly: d) != q { exact = false } }
        var residual = [Double](repeating: 0, count: n)
        var exactResidual = [Rational](repeating: .zero, count: n)
        for i in 0..<n {
            var fitted = Rational.zero
            var fittedDouble = 0.0
            for k in 0..<p {
                let term = a[i, k] * theta[k]
                fitted += term
                fittedDouble += a[i, k].doubleValue * theta[k].doubleValue
                check(term, a[i, k].doubleValue * theta[k].doubleValue)
                check(fitted, fittedDouble)
            }
            residual[i] = y[i].doubleValue - fittedDouble
            exactResidual[i] = y[i] - fitted
            check(exactResidual[i], residual[i])
        }
        var scale = 0.0
        for j in 0..<p {
            var sum = Rational.zero
            var sumDouble = 0.0
            var magnitude = 0.0
            for i in 0..<n {
                let r = exactResidual[i]
                sum += a[i, j] * r
                sumDouble += a[i, j].doubleValue * residual[i]
                check(a[i, j] * r, a[i, j].doubleValue * residual[i])
                check(sum, sumDouble)
                magnitude +=
                    abs(a[i, j].doubleValue)
                    * (abs(y[i].doubleValue)
                        + (0..<p).reduce(0.0) { $0 + abs(a[i, $1].doubleValue * theta[$1].doubleValue) })
            }
            check(sum / sigma2, sumDouble / sigma2.doubleValue)
            scale = Swift.max(scale, magnitude / sigma2.doubleValue)
        }
        if exact {
            return .exact(
                """
                all inputs are dyadic with few bits and σ² = 1/2, so every product and sum in (1/σ²)Aᵀ(y − \
                Aθ) is exact in float64
                """.replacingOccurrences(of: "σ² = 1/2", with: "σ² = \(sigma2)"))
        }
        return .absolute(
            2 * Double(n + p + 2) * LinearGaussianEvaluators.u * scale,
            """
            the float64 route r = y − Aθ, g = Aᵀr/σ² rounds on these inputs: |Δgⱼ| ≤ 2(n + p + 2)·u·\
            Σᵢ|aᵢⱼ|(|yᵢ| + Σₖ|aᵢₖθₖ|)/σ² (dot-product error bound), the largest over j
            """)
    }
}

/// `linear-gaussian/least-squares/ill-conditioned-polynomial`: the exact least-squares fit of a
/// polynomial of the given degree in the monomial basis (rows 1, x, …, xᵏ) (LG-6, LG-14).
public struct PolynomialLeastSquaresEvaluator: GroupEvaluator {
    public let path = GroupPath(
        LinearGaussianEvaluators.family, LinearGaussianEvaluators.leastSquares,
        "ill-conditioned-polynomial")
    public let summary = "θ̂ of a monomial-basis polynomial fit, exact over ℚ, with a tolerance from κ₂"
    public let inputs = [
        FieldDeclaration("x", .real, shape: ["n"], "the abscissae"),
        FieldDeclaration("y", .real, shape: ["n"], "the responses"),
        FieldDeclaration("degree", .integer, "the degree k, 0 ≤ k ≤ 19 (p = k + 1 parameters)"),
    ]
    public let outputs = [
        FieldDeclaration("theta", .real, shape: ["k + 1"], "θ̂, the coefficients of 1, x, …, xᵏ")
    ]
    /// n ≤ 2000 points (the catalogue's longest has 1000) and p ≤ 20: a few seconds over ℚ.
    public var sizeLimit: Int { 2000 }

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "x", "y")
        let degree = read.integer("degree")
        guard degree >= 0 else {
            throw EvaluationError(
                .mistypedInput, group: path.description, field: "degree",
                problem: "\(degree) is negative", remedy: "give a degree of 0 or more")
        }
        try LinearGaussianEvaluators.requireParameters(degree + 1, "degree", path)
        let (x, y) = (read.reals("x"), read.reals("y"))
        return try LinearGaussianEvaluators.evaluating(path) {
            let model = try LinearGaussianModel(
                design: try DesignMatrix.polynomial(x: LinearGaussianEvaluators.rationals(read, "x"), degree: degree),
                response: LinearGaussianEvaluators.rationals(read, "y"))
            let fit = try model.fitByElimination()
            let (tolerance, _, reason) = try LinearGaussianEvaluators.coefficientTolerance(fit)
            let measured =
                LinearGaussianEvaluators.measuredPolynomialFlags(x: x, y: y, degree: degree)
                .map(LinearGaussianEvaluators.failingSolvers) ?? ""
            return Evaluation(
                expected: .values(["theta": LinearGaussianEvaluators.vector(fit.estimate)]),
                tolerance: .relative(tolerance, reason + measured))
        }
    }
}

/// `linear-gaussian/least-squares/nist-strd`: the exact least-squares fit to a NIST StRD linear
/// dataset's decimal data (LG-13, LG-14). Term k of the model is Πⱼ xⱼ^powers[k][j]; the fit must
/// reproduce every certified estimate to NIST's 15 digits, or the request is refused.
public struct NISTLeastSquaresEvaluator: GroupEvaluator {
    public let path = GroupPath(LinearGaussianEvaluators.family, LinearGaussianEvaluators.leastSquares, "nist-strd")
    public let summary = "θ̂ of a NIST StRD linear dataset, exact over ℚ from its decimals, checked against NIST"
    public let inputs = [
        FieldDeclaration("dataset", .string, "the StRD dataset name (Longley, Norris, …)"),
        FieldDeclaration(
            "predictors", .real, shape: ["n", "m"],
            "the predictor columns x₁ … x_m, NIST's decimals (their exact values in `exact`)"),
        FieldDeclaration("y", .real, shape: ["n"], "the responses, NIST's decimals"),
        FieldDeclaration(
            "powers", .integer, shape: ["p", "m"],
            "term k is Πⱼ xⱼ^powers[k][j]; an all-zero row is the intercept; 0 ≤ power ≤ 100"),
        FieldDeclaration("certified-estimates", .string, shape: ["p"], "NIST's certified B₀, B₁, … as printed"),
    ]
    public let outputs = [FieldDeclaration("theta", .real, shape: ["p"], "θ̂, the exact fit rounded once")]
    /// n ≤ 256 observations (NIST's linear sets have at most 82) and p ≤ 20 parameters.
    public var sizeLimit: Int { 256 }

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "predictors", "y")
        let (n, m, p) = (read.sizes["n"] ?? 0, read.sizes["m"] ?? 0, read.sizes["p"] ?? 0)
        try LinearGaussianEvaluators.requireParameters(p, "powers", path)
        guard case .array(_, let powerValues)? = read.values["powers"],
            case .array(_, let certifiedValues)? = read.values["certified-estimates"]
        else {
            return .refusal("empty")
        }
        let powers = powerValues.map { (value: FixtureValue) -> Int in
            if case .integer(let k) = value { return k }
            return -1
        }
        if let bad = powers.first(where: { !(0...NISTStRDDataset.maximumPower).contains($0) }) {
            throw EvaluationError(
                .mistypedInput, group: path.description, field: "powers",
                problem: "a power of \(bad) is outside 0 … \(NISTStRDDataset.maximumPower)",
                remedy: "give each term's powers as integers from 0 to \(NISTStRDDataset.maximumPower)")
        }
        var certified: [CertifiedDecimal] = []
        for (k, value) in certifiedValues.enumerated() {
            guard case .string(let text) = value, let decimal = try? CertifiedDecimal(text) else {
                throw EvaluationError(
                    .mistypedInput, group: path.description, field: "certified-estimates",
                    problem: "entry \(k) is not a decimal number",
                    remedy: "copy the certified estimates as NIST prints them")
            }
            certified.append(decimal)
        }
        let x = LinearGaussianEvaluators.rationals(read, "predictors")
        let design = Matrix<Rational>(rows: n, columns: p) { i, k in
            (0..<m).reduce(Rational.one) { product, j in
                (0..<powers[k * m + j]).reduce(product) { value, _ in value * x[i * m + j] }
            }
        }
        let y = LinearGaussianEvaluators.rationals(read, "y")
        var name = ""
        if case .string(let text)? = read.values["dataset"] { name = text }
        let flags = LinearGaussianEvaluators.nistFlags[name]
        let evaluation = try LinearGaussianEvaluators.evaluating(path) {
            let fit = try LinearGaussianModel(design: design, response: y).fitByElimination()
            // Provenance: the certified values are reproduced by this exact fit (checked, not assumed).
            if let k = certified.indices.first(where: {
                (fit.estimate[$0] - certified[$0].value).magnitude > certified[$0].tolerance
            }) {
                throw EvaluationError(
                    .mistypedInput, group: path.description, field: "certified-estimates",
                    problem: "entry \(k) is \(certified[k].text), but the exact fit to these data "
                        + "is \(fit.estimate[k].doubleValue), which it does not round to 15 digits",
                    remedy: "give the certified estimates of the dataset these data come from")
            }
            let (tolerance, _, reason) = try LinearGaussianEvaluators.coefficientTolerance(fit)
            return Evaluation(
                expected: .values(["theta": LinearGaussianEvaluators.vector(fit.estimate)]),
                tolerance: .relative(
                    tolerance,
                    reason
                        + (flags.map(LinearGaussianEvaluators.failingSolvers) ?? "")))
        }
        return evaluation
    }

}

/// `linear-gaussian/least-squares/bad-input`: designs and data the least-squares fit must refuse
/// (rank-deficient, n < p, non-finite, y of the wrong length). The answer is the refusal kind the
/// model's validation or elimination raises.
public struct LeastSquaresBadInputEvaluator: GroupEvaluator {
    public let path = GroupPath(LinearGaussianEvaluators.family, LinearGaussianEvaluators.leastSquares, "bad-input")
    public let summary = "refusals of the least-squares fit: rank deficiency, n < p, NaN or infinity, lengths"
    public let inputs = [
        FieldDeclaration("design", .real, shape: ["n", "p"], "the design A (may contain NaN: it is refused)"),
        FieldDeclaration("y", .real, shape: ["m"], "the responses; m ≠ n is refused"),
    ]
    public let outputs = [FieldDeclaration("error", .string, "the refusal's kind")]
    /// n, p ≤ 256, and p ≤ 20 as for the fits.
    public var sizeLimit: Int { 256 }

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs)
        try LinearGaussianEvaluators.requireParameters(read.sizes["p"] ?? 0, "design", path)
        let other = GroupPath(path.family, path.variant, "exact-small")
        let evaluation = try LinearGaussianEvaluators.evaluating(path) {
            // The float64 model validates shapes and finiteness as a consumer's code sees them (NaN
            // has no rational value); the exact elimination then decides the rank.
            _ = try LinearGaussianModel(
                design: try LinearGaussianEvaluators.doubleMatrix(read, "design"),
                response: read.reals("y"))
            _ = try LinearGaussianModel(
                design: try LinearGaussianEvaluators.rationalMatrix(read, "design"),
                response: LinearGaussianEvaluators.rationals(read, "y")
            ).fitByElimination()
            return Evaluation(expected: .values([:]), tolerance: .exact(""))
        }
        return try evaluation.requiringRefusal(in: path, acceptedBy: other.description)
    }
}
