import Foundation
import GSLReference
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// `Fixtures/linear-gaussian/least-squares.json` and `bayesian.json` (`Proofs/04-linear-gaussian.md`).
///
/// Every expected value is computed exactly over ℚ from the inputs (the `Double` inputs, or the
/// NIST decimals) and rounded once: rationals are `exact` or `correctly-rounded` with their `p/q`,
/// square roots and logarithms are correctly rounded by `BigFloat`. Tolerances follow from κ₂ of
/// the (column-equilibrated) design and what a backward-stable float64 solver achieves.
/// NIST data are read at export time from `../shared/data/nist-strd/` beside the repository.
public struct LinearGaussianExporter: FixtureFamilyExporter {
    public let family = "linear-gaussian"
    public let summary = "ML by the normal equations (exact, NIST StRD), Bayesian posterior, predictive and evidence"

    public init() {}

    static let u = 0x1p-53

    static let allNotes: OrderedMap<String> = [
        "sigma2-ddof": "using RSS/(n − p) where the maximum-likelihood RSS/n is asked for (or the reverse): σ² is off by the factor n/(n − p)",
        "r2-centring": "using the centred total sum of squares Σ(yᵢ − ȳ)² for a model without an intercept (NIST's no-intercept R² is uncentred, 1 − RSS/Σyᵢ²)",
        "sigma-vs-variance": "reporting the variance s²[(AᵀA)⁻¹]ⱼⱼ where the standard error (its square root) is asked for",
        "score-sign": "writing the score as (1/σ²)Aᵀ(Aθ − y), the gradient of the loss, instead of (1/σ²)Aᵀ(y − Aθ), the gradient of the log-likelihood",
        "loglik-missing-half": "dropping the ½ in front of n ln 2πσ² + RSS/σ², or the n ln 2π term, in the Gaussian log-likelihood",
        "normal-equations-inverse": "solving by the explicit inverse (AᵀA)⁻¹Aᵀy: the condition number is squared and ill-conditioned polynomial fits lose about twice as many digits as a QR or SVD solver",
        "nist-model-terms": "building the design from the model's terms wrongly, e.g. ignoring the powers in B2*(x**2): the polynomial StRD models become rank-deficient or fit the wrong model",
        "rank-unchecked": "returning a (minimum-norm) solution for a rank-deficient design or n < p instead of refusing it: θ̂ is not unique",
        "input-validation": "accepting NaN or infinite data or mismatched lengths instead of refusing them",
        "prior-covariance-vs-precision": "using Σ₀ where Σ₀⁻¹ belongs in Λ_N = Σ₀⁻¹ + AᵀA/σ² (or the reverse)",
        "noise-std-vs-variance": "using σ where σ² belongs (the noise variance is given as a variance)",
        "evidence-missing-logdet": "dropping ½ ln|AΣ₀Aᵀ + σ²I| (or its determinant-lemma form) from the log evidence",
        "predictive-missing-noise": "giving the posterior predictive variance as aᵀΣ_N a without the noise σ²",
        "hyperparameter-swap": "swapping α (prior precision) and β (noise precision) in the type-II evidence",
        "prior-validation": "accepting a prior covariance that is not symmetric positive definite, or a noise variance ≤ 0",
    ]

    static let conventions: OrderedMap<String> = [
        "model": "y = Aθ + η, η ~ N(0, σ²I); A is n×p, row i of A is the design row of observation i",
        "sigma2-ml": "RSS/n (the maximum-likelihood estimate); sigma2-unbiased is RSS/(n − p)",
        "standard-errors": "sqrt(s²·[(AᵀA)⁻¹]ⱼⱼ) with s² = RSS/(n − p) (NIST's convention)",
        "r-squared": "1 − RSS/TSS; TSS = Σ(yᵢ − ȳ)² when A has an all-ones column (intercept), Σyᵢ² otherwise (NIST's no-intercept convention)",
        "log-likelihood": "ln N(y; Aθ̂, σ̂²I) at σ̂² = RSS/n: −(n/2)(ln 2π + ln(RSS/n) + 1)",
        "score": "(1/σ²)Aᵀ(y − Aθ), the gradient of the log-likelihood in θ",
        "prior": "θ ~ N(μ₀, Σ₀) with Σ₀ a covariance (not a precision); noise-variance is σ², a variance",
        "posterior": "N(μ_N, Σ_N): Σ_N⁻¹ = Σ₀⁻¹ + AᵀA/σ², μ_N = Σ_N(Σ₀⁻¹μ₀ + Aᵀy/σ²)",
        "log-evidence": "ln N(y; Aμ₀, AΣ₀Aᵀ + σ²I), natural log, summed over all n observations",
        "predictive": "at each row a of x-star: mean aᵀμ_N, variance aᵀΣ_N a + σ² (a new noisy observation)",
        "type-II": "alpha is the prior precision (Σ₀ = I/α, μ₀ = 0), beta the noise precision (σ² = 1/β); gamma = p − α·tr Σ_N",
    ]

    static func notes(for flags: [String]) -> OrderedMap<String> {
        var selected = OrderedMap<String>()
        for flag in flags { selected[flag] = allNotes[flag] }
        return selected
    }

    public func makeFiles() throws -> [FixtureFile] {
        [try leastSquaresFile(), try bayesianFile()]
    }

    func caseID(_ variant: String, _ group: String, _ name: String) -> String { "\(family)/\(variant)/\(group)/\(name)" }

    // MARK: - Values

    /// An exact rational as a fixture real: `exact` when it is a Double, else `correctly-rounded`.
    static func real(_ r: Rational) -> FixtureValue {
        let d = r.doubleValue
        let isExact = Rational(exactly: d) == r
        return .real(RealNumber(d, exact: r.description, accuracy: isExact ? .exact : .correctlyRounded))
    }

    /// An input real that is a decimal from a data file: the nearest Double, with the decimal's exact value.
    static func decimalInput(_ r: Rational) -> FixtureValue { real(r) }

    static func vector(_ v: [Rational]) -> FixtureValue { .vector(v.map(real)) }

    static func matrix(_ m: Matrix<Rational>) -> FixtureValue { .array(shape: [m.rows, m.columns], data: m.entries.map(real)) }

    static func correctlyRounded(_ x: Double) -> FixtureValue { .real(RealNumber(x, accuracy: .correctlyRounded)) }

    /// κ₂ of A with its columns scaled to unit norm (QR and SVD solvers are insensitive to column
    /// scaling, so this is the κ that governs them), from GSL's SVD.
    static func equilibratedCondition(_ a: Matrix<Rational>) throws -> Double {
        let d = a.map(\.doubleValue)
        let norms = (0..<d.columns).map { j in d.column(j).map { $0 * $0 }.reduce(0, +).squareRoot() }
        let rows = (0..<d.rows).map { i in (0..<d.columns).map { j in d[i, j] / norms[j] } }
        let sigma = try GSL.leastSquaresSVD(rows, Array(repeating: 0, count: d.rows)).singularValues
        return sigma.first! / sigma.last!
    }

    /// The relative tolerance per coefficient for θ̂ from a backward-stable float64 solver (QR or
    /// SVD) on Double-rounded data: with z = Dθ the equilibrated coefficients,
    /// ‖Δz‖/‖z‖ ≤ ε = 10·n·p·u·(κ + κ²‖r‖/(‖AD‖‖z‖)) (Wedin), so |Δθⱼ| ≤ ε‖z‖/‖aⱼ‖; the case
    /// tolerance is the largest |Δθⱼ|/|θⱼ|.
    static func coefficientTolerance(_ fit: LeastSquaresFit<Rational>) throws -> (Double, Double, String) {
        let a = fit.model.design.map(\.doubleValue)
        let n = Double(a.rows), p = Double(a.columns)
        let kappa = try equilibratedCondition(fit.model.design)
        let norms = (0..<a.columns).map { j in a.column(j).map { $0 * $0 }.reduce(0, +).squareRoot() }
        let z = zip(fit.estimate, norms).map { $0.doubleValue * $1 }
        let zNorm = z.map { $0 * $0 }.reduce(0, +).squareRoot()
        let r = fit.residualSumOfSquares.doubleValue.squareRoot()
        // ‖AD‖₂ ≥ 1 (unit columns), so ‖r‖/‖z‖ bounds the residual ratio.
        let epsilon = 10 * n * p * u * (kappa + kappa * kappa * r / Swift.max(zNorm, .leastNormalMagnitude))
        var worst = 0.0
        for (j, theta) in fit.estimate.enumerated() where !theta.isZero {
            worst = Swift.max(worst, epsilon * zNorm / (norms[j] * abs(theta.doubleValue)))
        }
        let reason = "backward-stable Householder QR, or an SVD solver on the column-equilibrated design, on Double-rounded data: ‖Δz‖/‖z‖ ≤ 10·n·p·u·(κ + κ²‖r‖/‖z‖) with κ = \(String(format: "%.3g", kappa)) "
            + "for the column-equilibrated design (Wedin); per coefficient |Δθⱼ| ≤ that·‖z‖/‖aⱼ‖"
        return (Swift.max(worst, 4 * u), kappa, reason)
    }
}
