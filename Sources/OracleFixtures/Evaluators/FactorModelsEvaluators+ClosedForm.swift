import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

extension FactorModelsEvaluators {
    /// A tolerance value rounded up to one significant digit.
    static func roundedUp(_ x: Double) -> Double {
        let k = Int(Foundation.log10(x).rounded(.down))
        let digit = Int((x / Foundation.pow(10, Double(k))).rounded(.up))
        // Parsed from its decimal spelling so the value is the Double nearest d·10ᵏ (e.g. 5e-11).
        return Double("\(digit)e\(k)") ?? x
    }

    /// ‖S‖_F and the eigenvalue gap λ_q − λ_{q+1} of the float64 fit, for tolerances.
    static func scale(_ fit: PPCAClosedForm<Double>, q: Int) -> (norm: Double, gap: Double) {
        let norm = fit.moments.covariance.entries.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return (norm, fit.eigenvalues[q - 1] - fit.eigenvalues[q])
    }
}

/// `factor-models/closed-form/ppca`: the closed-form maximum-likelihood PPCA fit (Tipping & Bishop
/// 1999; FM-1 … FM-6): the eigenvalues of the 1/N sample covariance S, σ² the mean of the d − q
/// discarded ones, WWᵀ = U_q(Λ_q − σ²I)U_qᵀ, the projection U_qU_qᵀ and the maximised log-likelihood.
public struct PPCAClosedFormEvaluator: GroupEvaluator {
    public let path = GroupPath(FactorModelsEvaluators.family, "closed-form", "ppca")
    public let summary = "eigenvalues of S, σ², WWᵀ, the principal projection and ln L of the ML PPCA fit"
    public let inputs = [
        FieldDeclaration("data", .real, shape: ["N", "d"], "N points in ℝᵈ, one per row; d ≤ 100"),
        FieldDeclaration("latentDimension", .integer, "q, 1 ≤ q < d; N ≥ q + 2"),
    ]
    public let outputs = [
        FieldDeclaration(
            "eigenvalues", .real, shape: ["d"],
            "eigenvalues of S = (1/N)Σ(xₙ − x̄)(xₙ − x̄)ᵀ, non-increasing"),
        FieldDeclaration("noiseVariance", .real, "σ², the mean of the d − q smallest eigenvalues"),
        FieldDeclaration("loadingsProduct", .real, shape: ["d", "d"], "WWᵀ = U_q(Λ_q − σ²I)U_qᵀ"),
        FieldDeclaration(
            "projection", .real, shape: ["d", "d"], "U_qU_qᵀ, the projection onto the principal subspace"),
        FieldDeclaration("logLikelihood", .real, "Σₙ ln N(xₙ; x̄, WWᵀ + σ²I), natural log"),
    ]
    /// N ≤ 1000 points (and d ≤ 100): the moments are O(N·d²) and the BigFloat Jacobi sweeps O(d³).
    public var sizeLimit: Int { 1000 }

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "data")
        try FactorModelsEvaluators.requireDimension(read, limit: FactorModelsEvaluators.closedFormDimensionLimit)
        let (data, q) = (read.matrix("data"), read.integer("latentDimension"))
        let d = read.sizes["d"] ?? 0
        return try FactorModelsEvaluators.evaluating(path) {
            // The float64 fit validates first (q, N) and gives the scales of the tolerance.
            let fit = try PPCAClosedForm(data: data, latentDimension: q)
            let expected = try FactorModelsEvaluators.goldens {
                let fit = try PPCAClosedForm(data: FactorModelsEvaluators.big(data), latentDimension: q)
                return [
                    .init(name: "eigenvalues", shape: [d], values: fit.eigenvalues),
                    .init(name: "noiseVariance", shape: [], values: [fit.noiseVariance]),
                    .init(name: "loadingsProduct", shape: [d, d], values: try fit.loadingsProduct().entries),
                    .init(name: "projection", shape: [d, d], values: try fit.projection().entries),
                    .init(name: "logLikelihood", shape: [], values: [try fit.logLikelihood()]),
                ]
            }
            let (norm, gap) = FactorModelsEvaluators.scale(fit, q: q)
            let logL = try fit.logLikelihood()
            let bound = FactorModelsEvaluators.roundedUp(
                64 * Double(d) * 0x1p-53 * Swift.max(norm * Swift.max(1, norm / gap), abs(logL)))
            return Evaluation(
                expected: .values(expected),
                tolerance: .absolute(
                    bound,
                    """
                    backward-stable float64 eigensolvers give |Δλ| ≲ c·d·u·‖S‖_F (Weyl) and subspace \
                    errors ≲ c·d·u·‖S‖_F/gap (Davis–Kahan, gap λ_q − λ_{q+1}), so WWᵀ and U_qU_qᵀ \
                    are accurate to c·d·u·‖S‖_F·max(1, ‖S‖_F/gap); ln λ adds c·d·u·|L| to the \
                    log-likelihood; this is 64·d·u·max(‖S‖_F·max(1, ‖S‖_F/gap), |L|) with ‖S‖_F = \
                    \(norm), gap = \(gap)
                    """))
        }
    }
}

/// `factor-models/closed-form/bad-input`: inputs that PPCA in closed form, PPCA EM or factor-analysis
/// EM must refuse (q ≥ d, q < 1, too few points, NaN, loadings of the wrong shape, a constant
/// dimension). `algorithm` names the routine; the answer is the refusal its validation raises.
public struct FactorModelsBadInputEvaluator: GroupEvaluator {
    public let path = GroupPath(FactorModelsEvaluators.family, "closed-form", "bad-input")
    public let summary = "refusals of the PPCA closed form, PPCA EM and factor-analysis EM"
    public let inputs = [
        FieldDeclaration("algorithm", .string, "ppca-closed-form, ppca-em or fa-em: the routine called"),
        FieldDeclaration("data", .real, shape: ["N", "d"], "N points in ℝᵈ (may contain NaN: it is refused)"),
        FieldDeclaration("latentDimension", .integer, "q (ppca-closed-form)", isRequired: false),
        FieldDeclaration(
            "initialLoadings", .real, shape: ["r", "q"], "W⁽⁰⁾ (ppca-em, fa-em); r ≠ d is refused",
            isRequired: false),
        FieldDeclaration("initialNoiseVariance", .real, "σ²⁽⁰⁾ (ppca-em)", isRequired: false),
        FieldDeclaration("initialNoiseVariances", .real, shape: ["e"], "Ψ⁽⁰⁾ (fa-em)", isRequired: false),
        FieldDeclaration("iterations", .integer, "EM iterations (ppca-em, fa-em)", isRequired: false),
    ]
    public let outputs = [FieldDeclaration("error", .string, "the refusal's kind")]
    /// N ≤ 1000 and d ≤ 16, as for the fits; refusals are decided before any iteration.
    public var sizeLimit: Int { 1000 }

    static let algorithms: [String: [String]] = [
        "ppca-closed-form": ["algorithm", "data", "latentDimension"],
        "ppca-em": ["algorithm", "data", "initialLoadings", "initialNoiseVariance", "iterations"],
        "fa-em": ["algorithm", "data", "initialLoadings", "initialNoiseVariances", "iterations"],
    ]

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs)
        try FactorModelsEvaluators.requireDimension(read)
        guard case .string(let algorithm)? = read.values["algorithm"], let fields = Self.algorithms[algorithm] else {
            throw EvaluationError(
                .mistypedInput, group: path.description, field: "algorithm",
                problem: "the algorithm is not one of \(Self.algorithms.keys.sorted())",
                remedy: "name the routine: ppca-closed-form, ppca-em or fa-em")
        }
        if let missing = fields.first(where: { read.values[$0] == nil }) {
            throw EvaluationError(
                .missingInput, group: path.description, field: missing,
                problem: "\(algorithm) needs this input", remedy: "add it")
        }
        if let extra = read.values.keys.first(where: { !fields.contains($0) }) {
            throw EvaluationError(
                .extraInput, group: path.description, field: extra,
                problem: "\(algorithm) takes no such input",
                remedy: "give only \(fields.joined(separator: ", "))")
        }
        let iterations = read.integer("iterations")
        if read.values["iterations"] != nil {
            _ = try FactorModelsEvaluators.iterations(read)
        }
        // The routines run in float64: refusals are decided by validation before any arithmetic,
        // and NaN, which BigFloat cannot hold, reaches them as given.
        let data = read.matrix("data")
        let evaluation = try FactorModelsEvaluators.evaluating(path) {
            switch algorithm {
            case "ppca-closed-form":
                _ = try PPCAClosedForm(data: data, latentDimension: read.integer("latentDimension"))
            case "ppca-em":
                let initial = try PPCAModel(
                    mean: try SampleMoments(data: data).mean,
                    loadings: try Matrix(read.matrix("initialLoadings")),
                    noiseVariance: read.real("initialNoiseVariance"))
                _ = try PPCAEM.run(data: data, initial: initial, maximumIterations: iterations)
            default:
                let initial = try FactorAnalysisModel(
                    mean: try SampleMoments(data: data).mean,
                    loadings: try Matrix(read.matrix("initialLoadings")),
                    noiseVariances: read.reals("initialNoiseVariances"))
                _ = try FactorAnalysisEM.run(data: data, initial: initial, maximumIterations: iterations)
            }
            return Evaluation(expected: .values([:]), tolerance: .exact(""))
        }
        return try evaluation.requiringRefusal(in: path, acceptedBy: algorithm, home: "the group of \(algorithm)")
    }
}
