import OracleArithmetic
import OracleLinearAlgebra

/// A mixture of K PPCA models (Tipping & Bishop, *Neural Computation* 11(2), 1999; R. Vidal, Deep
/// Generative Models, UPenn 2024, "Mixtures of PPCA"): p(x) = Σₖ πₖ N(x; μₖ, WₖWₖᵀ + σₖ²I) (FM-11).
///
/// **Edge Cases:** no components, components of different d or q, weights that are not positive
/// or do not sum to 1 (within 1e-12 for inexact scalars), or non-finite entries throw.
public struct MixturePPCAModel<S: RealScalar>: Sendable {
    /// π₁ … π_K.
    public let weights: [S]
    /// The K PPCA components.
    public let components: [PPCAModel<S>]

    /// A mixture; throws `ModelInputError` for inconsistent shapes or invalid weights.
    public init(weights: [S], components: [PPCAModel<S>]) throws {
        guard let first = components.first else { throw ModelInputError.empty(what: "components") }
        try Validate.count(weights, components.count, "weights")
        try Validate.finite(weights, "weights")
        for (k, c) in components.enumerated()
        where c.dimension != first.dimension || c.latentDimension != first.latentDimension {
            throw ModelInputError.shapeMismatch(
                what: "components[\(k)].loadings", expected: [first.dimension, first.latentDimension],
                actual: [c.dimension, c.latentDimension])
        }
        for (k, p) in weights.enumerated() where !(p > .zero) {
            throw ModelInputError.notPositive(what: "weights[\(k)]", value: "\(p)")
        }
        let total = compensatedSum(weights)
        // Inexact scalars: 1e-12, or K·ε when the scalar's ε is so coarse (Float) that K weights
        // rounded to it cannot sum to 1 within 1e-12.
        var epsilon = S.one
        while !S.isExact, S.one + epsilon / S(2) > S.one { epsilon = epsilon / S(2) }
        let slack = S.isExact ? S.zero : Swift.max(S(1e-12), S(weights.count) * epsilon)
        guard (total - S.one).absoluteValue <= slack else {
            throw ModelInputError.outOfDomain(what: "sum of weights", value: "\(total)", requirement: "= 1")
        }
        self.weights = weights
        self.components = components
    }

    /// ln πₖ + ln N(xₙ; μₖ, Cₖ) for every point n and component k (N×K).
    func jointLogDensities(_ data: [[S]]) throws -> [[S]] {
        let marginals = try components.map { try $0.marginal() }
        let logWeights = try weights.map { try S.log($0) }
        return try data.map { x in
            try (0..<components.count).map { k in logWeights[k] + (try marginals[k].logDensity(x)) }
        }
    }

    /// Σₙ ln Σₖ πₖ N(xₙ; μₖ, Cₖ), each inner sum by log-sum-exp (FM-11).
    public func logLikelihood(data: [[S]]) throws -> S {
        _ = try FactorData.validate(data)
        var total = NeumaierSum<S>()
        for row in try jointLogDensities(data) { total.add(try logSumExp(row)) }
        return total.value
    }

    /// The responsibilities R_nk = p(k | xₙ) = exp(ln πₖN(xₙ|k) − ln p(xₙ)) (N×K, rows sum to 1).
    public func responsibilities(data: [[S]]) throws -> [[S]] {
        _ = try FactorData.validate(data)
        return try jointLogDensities(data).map { row in
            let norm = try logSumExp(row)
            return row.map { S.exp($0 - norm) }
        }
    }
}

/// EM for mixtures of PPCA (Tipping & Bishop 1999, Appendix C; FM-12): responsibilities R_nk,
/// then π̃ₖ = Nₖ/N, μ̃ₖ = Σₙ R_nk xₙ / Nₖ, Sₖ = Σₙ R_nk (xₙ − μ̃ₖ)(xₙ − μ̃ₖ)ᵀ /
/// Nₖ, and one PPCA EM update (`PPCAEM.step`) of (Wₖ, σₖ²) on Sₖ. It is a generalised EM: the
/// log-likelihood never decreases (FM-12).
public enum MixturePPCAEM {
    /// One EM iteration. Throws `FactorModelError.collapsedComponent(component:)` when a component
    /// receives no responsibility or its noise variance collapses.
    public static func step<S: RealScalar>(_ model: MixturePPCAModel<S>, data: [[S]]) throws -> MixturePPCAModel<S> {
        let (n, d) = try FactorData.validate(data)
        guard d == model.components[0].dimension else {
            throw ModelInputError.shapeMismatch(
                what: "data", expected: [n, model.components[0].dimension], actual: [n, d])
        }
        let r = try model.responsibilities(data: data)
        var weights: [S] = []
        var components: [PPCAModel<S>] = []
        for (k, component) in model.components.enumerated() {
            let nk = compensatedSum(r.map { $0[k] })
            guard nk > .zero else { throw FactorModelError.collapsedComponent(component: k) }
            let mean = (0..<d).map { j in compensatedSum((0..<n).map { r[$0][k] * data[$0][j] }) / nk }
            var scatter = [S](repeating: .zero, count: d * d)
            for i in 0..<d {
                for j in i..<d {
                    let s =
                        compensatedSum((0..<n).map { r[$0][k] * (data[$0][i] - mean[i]) * (data[$0][j] - mean[j]) })
                        / nk
                    scatter[i * d + j] = s
                    scatter[j * d + i] = s
                }
            }
            let moments = SampleMoments(
                count: n, mean: mean, covariance: try Matrix(rows: d, columns: d, entries: scatter))
            let shifted = try PPCAModel(
                mean: mean, loadings: component.loadings, noiseVariance: component.noiseVariance)
            do {
                components.append(try PPCAEM.step(shifted, moments))
            } catch FactorModelError.degenerateNoise {
                throw FactorModelError.collapsedComponent(component: k)
            }
            weights.append(nk / S(n))
        }
        return try MixturePPCAModel(weights: weights, components: components)
    }

    /// EM from `initial`, recording every iteration (see `FactorModelTrace`).
    public static func run<S: RealScalar>(
        data: [[S]], initial: MixturePPCAModel<S>, maximumIterations: Int, tolerance: S = .zero
    ) throws -> FactorModelTrace<MixturePPCAModel<S>, S> {
        let (n, d) = try FactorData.validate(data)
        let q = initial.components[0].latentDimension
        guard d == initial.components[0].dimension else {
            throw ModelInputError.shapeMismatch(
                what: "data", expected: [n, initial.components[0].dimension], actual: [n, d])
        }
        try FactorData.latentDimension(q, d)
        let required = initial.components.count * (q + 2)
        guard n >= required else { throw FactorModelError.tooFewPoints(count: n, required: required) }
        return try FactorModelTrace.run(
            initial: initial, maximumIterations: maximumIterations, tolerance: tolerance,
            logLikelihood: { try $0.logLikelihood(data: data) }, step: { try step($0, data: data) })
    }
}
