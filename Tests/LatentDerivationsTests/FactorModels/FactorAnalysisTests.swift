import Testing
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport

/// Factor analysis by EM (FM-9, FM-10): monotone, the ML condition diag(WWᵀ + Ψ) = diag(S) at
/// the fixed point, and with Ψ = σ²I it reproduces PPCA through a different formula.
@Suite("Factor analysis")
struct FactorAnalysisTests {
    static let data = FactorTestData.sample(n: 30, d: 4, q: 2, seed: 0xFAC7)

    static func initial(isotropic: Bool = false) throws -> FactorAnalysisModel<Double> {
        try FactorAnalysisModel(
            mean: [0, 0, 0, 0], loadings: try FactorModelStart.loadings(d: 4, q: 2),
            noiseVariances: isotropic ? [1, 1, 1, 1] : [1, 0.5, 2, 1.5])
    }

    @Test("factor analysis with Ψ = σ²I gives the PPCA EM trace and the PPCA closed form")
    func isotropicReducesToPPCA() throws {
        let fa = try FactorAnalysisEM.run(
            data: Self.data, initial: try Self.initial(isotropic: true), noise: .isotropic, maximumIterations: 25)
        let ppcaInitial = try PPCAModel(
            mean: [0, 0, 0, 0], loadings: try FactorModelStart.loadings(d: 4, q: 2), noiseVariance: 1)
        let ppca = try PPCAEM.run(data: Self.data, initial: ppcaInitial, maximumIterations: 25)
        for t in 0...25 {
            // Same iterates by two formulas (FA: Sβᵀ(G + βSβᵀ)⁻¹; PPCA: SW(σ²I + M⁻¹WᵀSW)⁻¹):
            // they differ by rounding only, ~1e-15 per step.
            expectClose(
                fa.logLikelihoods[t], ppca.logLikelihoods[t],
                within: .relative(1e-12, Self.sameIteratesReason + "; measured 1.7e-15"))
            expectClose(
                fa.models[t].noiseVariances[0], ppca.models[t].noiseVariance,
                within: .relative(1e-10, Self.sameIteratesReason + "; measured 4.3e-14"))
            let faProduct = try fa.models[t].loadings * fa.models[t].loadings.transposed
            expectWithin(
                error: FactorTestData.maxAbsDifference(faProduct, try ppca.models[t].loadingsProduct()), bound: 1e-10,
                Self.sameIteratesReason + "; measured 3.6e-14")
        }
        let converged = try FactorAnalysisEM.run(
            data: Self.data, initial: try Self.initial(isotropic: true), noise: .isotropic,
            maximumIterations: 20000)
        let fit = try PPCAClosedForm(data: Self.data, latentDimension: 2)
        let last = converged.models.last!
        let norm = fit.moments.covariance.entries.map(abs).max()!
        expectClose(
            last.noiseVariances[0], fit.noiseVariance,
            within: .absolute(1e-6 * norm, Self.convergedReason + "; measured 1.4e-15"))
        expectWithin(
            error: FactorTestData.maxAbsDifference(
                try last.loadings * last.loadings.transposed, try fit.loadingsProduct()), bound: 1e-6 * norm,
            Self.convergedReason + "; measured 5.0e-13")
    }

    static let sameIteratesReason =
        "the same iterates by two formulas (FA: Sβᵀ(G + βSβᵀ)⁻¹; PPCA: SW(σ²I + M⁻¹WᵀSW)⁻¹) differ by rounding "
        + "only, ~1e-15 per step over 25 steps"
    static let convergedReason =
        "EM converges linearly and 20000 iterations reach the rounding floor; 1e-6‖S‖ is far above that floor "
        + "yet catches any other fixed point"

    @Test("factor-analysis EM is monotone and its fixed point satisfies diag(WWᵀ + Ψ) = diag(S)")
    func diagonalEMIsMonotoneAndStationary() throws {
        let trace = try FactorAnalysisEM.run(data: Self.data, initial: try Self.initial(), maximumIterations: 20000)
        #expect(trace.firstDecrease(slack: 1e-12 * abs(trace.logLikelihoods[0])) == nil)
        let moments = try SampleMoments(data: Self.data)
        let c = try trace.models.last!.marginalCovariance()
        // At any FA iterate after one M-step Ψ = diag(S − W̃βS); at the fixed point that is diag(S − WWᵀ).
        for i in 0..<4 {
            expectClose(
                c[i, i], moments.covariance[i, i],
                within: .absolute(
                    1e-6 * moments.covariance[i, i],
                    "after an M-step Ψ = diag(S − W̃βS), which at the fixed point is diag(S − WWᵀ); 20000 iterations "
                        + "reach it to far below 1e-6 (measured 6.9e-14 relative)"))
        }
        try FactorTestData.expectFollows200Bits(trace, measured: "1.7e-15") {
            try FactorAnalysisEM.run(
                data: FactorTestData.big(Self.data), initial: try FactorTestData.big(try Self.initial()),
                maximumIterations: 8)
        }
    }

    @Test("a zero-variance dimension is refused, naming the dimension")
    func zeroVarianceDimensionIsNamed() throws {
        var data = Self.data
        for n in data.indices { data[n][2] = 0.25 }
        #expect(throws: FactorModelError.zeroVariance(dimension: 2)) {
            try FactorAnalysisEM.run(data: data, initial: try Self.initial(), maximumIterations: 5)
        }
    }
}
