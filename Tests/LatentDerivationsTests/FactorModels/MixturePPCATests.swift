import Testing
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport

/// Mixtures of PPCA by EM (FM-11, FM-12).
@Suite("Mixtures of PPCA")
struct MixturePPCATests {
    /// Two clusters in ℝ³, each with a one-dimensional principal direction.
    static let data: [[Double]] = {
        let a = FactorTestData.sample(n: 14, d: 3, q: 1, seed: 0xA1, noise: 0.2)
        let b = FactorTestData.sample(n: 14, d: 3, q: 1, seed: 0xB2, noise: 0.2).map {
            [$0[2] + 6, $0[0] - 4, $0[1] + 3]
        }
        return a + b
    }()

    static func initial() throws -> MixturePPCAModel<Double> {
        let c1 = try PPCAModel(mean: [1, 0, 0], loadings: try Matrix([[1.0], [0.5], [-0.5]]), noiseVariance: 1)
        let c2 = try PPCAModel(mean: [5, -3, 2], loadings: try Matrix([[0.5], [1.0], [0.25]]), noiseVariance: 2)
        return try MixturePPCAModel(weights: [0.5, 0.5], components: [c1, c2])
    }

    static func big(_ m: MixturePPCAModel<Double>) throws -> MixturePPCAModel<BigFloat> {
        try MixturePPCAModel(
            weights: m.weights.map { BigFloat($0) },
            components: try m.components.map(FactorTestData.big))
    }

    @Test("mixture-of-PPCA EM never decreases the log-likelihood; Double follows 200 bits")
    func mixtureEMIsMonotone() throws {
        let trace = try MixturePPCAEM.run(data: Self.data, initial: try Self.initial(), maximumIterations: 60)
        #expect(trace.firstDecrease(slack: 1e-12 * abs(trace.logLikelihoods[0])) == nil)
        #expect(trace.logLikelihoods.last! > trace.logLikelihoods[0])
        try FactorTestData.expectFollows200Bits(trace, measured: "7.6e-16") {
            try MixturePPCAEM.run(
                data: FactorTestData.big(Self.data), initial: try Self.big(try Self.initial()), maximumIterations: 5)
        }
    }

    @Test("one component is PPCA: the mixture step equals the PPCA EM step and responsibilities are 1")
    func singleComponentIsPPCA() throws {
        let d4 = FactorTestData.sample(n: 30, d: 4, q: 2, seed: 0xFAC7)
        let moments = try SampleMoments(data: d4)
        let component = try PPCAModel(
            mean: moments.mean, loadings: try FactorModelStart.loadings(d: 4, q: 2), noiseVariance: 1)
        let mixture = try MixturePPCAModel(weights: [1], components: [component])
        let stepped = try MixturePPCAEM.step(mixture, data: d4)
        let ppca = try PPCAEM.step(component, moments)
        expectWithin(
            error: FactorTestData.maxAbsDifference(
                try stepped.components[0].loadingsProduct(), try ppca.loadingsProduct()), bound: 1e-12,
            "with K = 1 and responsibilities 1 the mixture step is the PPCA step by another formula: rounding "
                + "only; measured 1.6e-15")
        expectClose(
            stepped.components[0].noiseVariance, ppca.noiseVariance,
            within: .relative(
                1e-13,
                "with K = 1 and responsibilities 1 the mixture step is the PPCA step by another formula: rounding "
                    + "only; measured 2.2e-15"))
        expectClose(
            try mixture.logLikelihood(data: d4), try component.logLikelihood(moments),
            within: .relative(
                1e-13,
                "one component with weight 1: ln Σ π p = ln p up to the log-sum-exp's few roundings; measured "
                    + "2.1e-16"))
        let r = try Self.initial().responsibilities(data: Self.data)
        for row in r {
            expectClose(
                row.reduce(0, +), 1,
                within: .absolute(
                    1e-13,
                    "responsibilities sum to 1 exactly in ℚ; the normalisation leaves K roundings, ≤ a few u; "
                        + "measured 2.7e-15"))
        }
    }

    @Test("a component that receives no responsibility is refused as collapsed")
    func collapsedComponentThrows() throws {
        let near = try PPCAModel(mean: [1, 0, 0], loadings: try Matrix([[1.0], [0.5], [-0.5]]), noiseVariance: 1)
        // Every point is ~1e6 standard deviations from the second component: its responsibilities
        // underflow to exactly 0 in Double.
        let far = try PPCAModel(mean: [1e6, 1e6, 1e6], loadings: try Matrix([[1.0], [0.5], [-0.5]]), noiseVariance: 1)
        let mixture = try MixturePPCAModel(weights: [0.5, 0.5], components: [near, far])
        #expect(throws: FactorModelError.collapsedComponent(component: 1)) {
            try MixturePPCAEM.step(mixture, data: Self.data)
        }
    }
}
