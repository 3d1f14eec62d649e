import Foundation
import LatentDerivations
import OracleArithmetic

/// `mean-field/bayesian-gmm/cavi-trace`: CAVI for a 1-D Bayesian Gaussian mixture with known
/// component variance (MF-14, MF-15) from r = 1/K, α = 1, the given means and unit variances: the
/// ELBO after every factor update and the factors after the last sweep. Every value is computed
/// from the trace run from scratch at Ziv's precision + 128 bits (the iterates involve exp and ψ,
/// so they are not rational) and correctly rounded; the values share one run per precision.
///
/// Tolerance: relative 1e-11; the reason names the regime the inputs are in: the data offset from 0
/// (a float64 code subtracts m₀ first), a saturated point (its log joints at the start all below
/// −745, so float64 responsibilities underflow), many points and components, or a sparse prior
/// α₀ ≤ 1/64 (ψ near −1/α₀ and an emptied component).
public struct BayesianGMMTraceEvaluator: GroupEvaluator {
    public let path = GroupPath("mean-field", "bayesian-gmm", "cavi-trace")
    public let summary = "CAVI for a 1-D Bayesian Gaussian mixture: ELBO after every update, the final factors"
    public let inputs = [
        FieldDeclaration("data", .real, shape: ["N"], "the observations"),
        FieldDeclaration("componentCount", .integer, "K ≥ 1, equal to the length of initialMeans"),
        FieldDeclaration("componentVariance", .real, "σ² > 0, known"),
        FieldDeclaration("concentration", .real, "α₀ > 0 of the Dirichlet prior Dir(α₀ 1)"),
        FieldDeclaration("priorMean", .real, "m₀ of the means' prior N(m₀, s₀²)"),
        FieldDeclaration("priorVariance", .real, "s₀² > 0, a variance"),
        FieldDeclaration("initialMeans", .real, shape: ["K"], "q(μ_k)'s means at the start"),
        FieldDeclaration("sweeps", .integer, "the number of sweeps of q(Z), q(π), q(μ), 1 … 10"),
    ]
    public let outputs = [
        FieldDeclaration("elbo", .real, shape: ["1+3·sweeps"], "the ELBO at the start and after every factor update"),
        FieldDeclaration("means", .real, shape: ["K"], "q(μ_k)'s means after the last sweep"),
        FieldDeclaration("variances", .real, shape: ["K"], "q(μ_k)'s variances after the last sweep"),
        FieldDeclaration("concentrations", .real, shape: ["K"], "q(π)'s Dirichlet parameters after the last sweep"),
    ]
    /// N ≤ 200, K ≤ 10, sweeps ≤ 10: the trace runs in BigFloat once per Ziv precision, with N·K
    /// exponentials per sweep and N·K logarithms per ELBO (≈ 2 s at N = 200, K = 10, 5 sweeps).
    public var sizeLimit: Int { 200 }

    public init() {}

    static let plainReason = """
        each sweep is ≲ 10·N·K operations with ψ, exp and a log-sum-exp (a few ulps each) and CAVI contracts \
        towards its fixed point, so 5 sweeps of a float64 code stay within ≲ 1e-13 relative; ELBO terms ≤ 50 with \
        |ELBO| ≥ 5
        """

    static let separatedReason = """
        σ² = 0.01 puts the clusters 800 nats apart and the point at 40 about 10⁴ nats from every mean: \
        a float64 code with the max-shifted log-sum-exp and 0·ln 0 = 0 computes each sweep in ≲ 10·N·K \
        operations with ψ, exp and log (a few ulps each) and stays within ≲ 1e-13 relative over 5 sweeps \
        (SaturationRegimeTests runs that route); exp without the max shift gives 0/0 and a literal r ln r \
        gives 0·(−∞), both NaN
        """

    static let offsetReason = """
        the data, m0 and the start sit at 10⁶ or 10⁸ with spread ≈ 1: a float64 code that subtracts m0 from the \
        data, m0 and the start means first (exact by Sterbenz's lemma) and adds it back to the final means works \
        with O(1) numbers, as on n6-k2 (SaturationRegimeTests runs that route); squared distances expanded as \
        x² − 2xm + m² about 0 cancel 16 (at 10⁸) or 12 (at 10⁶) digits and fail
        """

    static let sizeReason = """
        N = 200 points and K = 10 components: each sweep is ≲ 10·N·K operations with ψ, exp and a log-sum-exp \
        (a few ulps each) and sums of ≤ N·K terms (≤ N·K·u ≈ 2e-13 relative for a naive sum of same-signed \
        terms), and CAVI contracts towards its fixed point; the ELBO runs from −2.2e3 to −541 with terms ≲ 10³ \
        (ln Γ(α̂) ≈ 900 for α̂ = Σα = 210), so a float64 code stays within ≲ 1e-13 relative \
        (SaturationRegimeTests runs that route); ln Γ(α̂) as ln(Γ(α̂)) is ln ∞ and fails
        """

    static let tinyConcentrationReason = """
        a sparse Dirichlet prior (α0 ≤ 1/64) empties a component: its α stays within 1e-100 of α0, so ψ(α) ≈ −1/α0 \
        (−1024.6 at 2⁻¹⁰) enters E[ln π] and its responsibilities fall below e^{−745} and underflow to 0; a float64 \
        code with ψ by the recurrence ψ(x) = ψ(x + 1) − 1/x (scipy's digamma), ln Γ by lgamma, the max-shifted \
        log-sum-exp and 0·ln 0 = 0 computes each sweep in ≲ 10·N·K operations of a few ulps each with ELBO terms \
        ≲ 10³, and stays within ≲ 1e-13 relative over 5 sweeps; ψ by the asymptotic series alone, or r ln r with \
        r = 0, fails
        """

    static let emptiedMean = """
        an emptied component's mean is (m0/s0² + Σₙ rₙxₙ/σ²)/(1/s0² + Σₙ rₙ/σ²) with m0 = 0 and every rₙ below \
        e^{−745}: a float64 code's rₙ underflow to 0 or to subnormals, so it writes that mean as 0 or within \
        10⁻³⁰⁰ of it
        """

    struct Problem {
        let data: [Double], k: Int, sigma2: Double, alpha0: Double, m0: Double, s02: Double
        let startMeans: [Double], sweeps: Int

        /// q at the start: uniform responsibilities, α = 1, the given means, unit variances.
        func run() throws -> (BayesianGaussianMixture<BigFloat>, [CoordinateAscentStep<BayesianGMMFactors<BigFloat>>]) {
            let m = try BayesianGaussianMixture(
                data: data.map { BigFloat($0) }, componentCount: k, componentVariance: BigFloat(sigma2),
                concentration: BigFloat(alpha0), priorMean: BigFloat(m0), priorVariance: BigFloat(s02))
            let start = BayesianGMMFactors(
                responsibilities: data.map { _ in [BigFloat](repeating: BigFloat(1) / BigFloat(k), count: k) },
                concentrations: [BigFloat](repeating: BigFloat(1), count: k), means: startMeans.map { BigFloat($0) },
                variances: [BigFloat](repeating: BigFloat(1), count: k))
            return (m, try CoordinateAscent.run(m, from: start, sweeps: sweeps))
        }

        /// Whether the data sit far from 0 against their spread (max|x| > 10⁴·(max x − min x)), the
        /// regime where squared distances about 0 cancel and `offsetReason` holds.
        var isOffset: Bool { NormalGammaInputs.isOffset(data) }

        /// Whether some point's log joints at the start are all below −745 (every exp(ℓ) is 0 in
        /// float64): (x − m_k)²/(2σ²) > 745 for every starting mean.
        var saturates: Bool {
            data.contains { x in startMeans.allSatisfy { m in (x - m) * (x - m) / (2 * sigma2) > 745 } }
        }
    }

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs)
        try read.requireFinite(
            "data", "componentVariance", "concentration", "priorMean", "priorVariance",
            "initialMeans")
        try read.requireSize("K", atMost: 10, field: "initialMeans")
        let sweeps = try read.count("sweeps", from: 1, limit: 10)
        let k = read.integer("componentCount")
        guard k == read.sizes["K"] else {
            throw EvaluationError(
                .shapeMismatch, group: path.description, field: "componentCount",
                problem: "componentCount = \(k) but initialMeans has \(read.sizes["K"] ?? 0) entries",
                remedy: "give one initial mean per component")
        }
        let c = Problem(
            data: read.reals("data"), k: k, sigma2: read.real("componentVariance"),
            alpha0: read.real("concentration"), m0: read.real("priorMean"),
            s02: read.real("priorVariance"), startMeans: read.reals("initialMeans"), sweeps: sweeps)
        return try MeanFieldEvaluators.evaluating(path) {
            _ = try BigFloat.withPrecision(64) { try c.run() }
            // Every output of one run at the working precision, computed once per precision: a value's
            // Ziv loop asks for the precision it needs, and each precision gives the same run.
            var runs: [Int: [BigFloat]] = [:]
            func output(_ i: Int) throws -> FixtureValue {
                try MeanFieldEvaluators.correctlyRounded {
                    if let all = runs[BigFloat.workingPrecision] { return all[i] }
                    let (m, t) = try c.run()
                    let last = t.last!.factors
                    let all = try t.map { try m.elbo($0.factors) } + last.means + last.variances + last.concentrations
                    runs[BigFloat.workingPrecision] = all
                    return all[i]
                }
            }
            let steps = 1 + 3 * c.sweeps
            func outputs(_ range: Range<Int>) throws -> FixtureValue { .vector(try range.map(output)) }
            let reason =
                c.isOffset
                ? Self.offsetReason
                : c.saturates
                    ? Self.separatedReason
                    : c.k >= 10
                        ? Self.sizeReason : c.alpha0 <= 1.0 / 64 ? Self.tinyConcentrationReason : Self.plainReason
            let expected: OrderedMap<FixtureValue> = [
                "elbo": try outputs(0..<steps), "means": try outputs(steps..<(steps + c.k)),
                "variances": try outputs((steps + c.k)..<(steps + 2 * c.k)),
                "concentrations": try outputs((steps + 2 * c.k)..<(steps + 3 * c.k)),
            ]
            return Evaluation(
                expected: .values(expected),
                tolerance: try ToleranceSpec.relative(1e-11, reason).flooredAtZeros(of: expected, Self.emptiedMean))
        }
    }
}
