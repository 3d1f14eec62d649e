import Testing
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport

/// EM for PPCA (FM-7, FM-8): monotone at every iteration, and its fixed point is the closed form.
@Suite("PPCA EM")
struct PPCAEMTests {
    static let data = FactorTestData.sample(n: 30, d: 4, q: 2, seed: 0xFAC7)

    static func initial(_ d: Int = 4, _ q: Int = 2) throws -> PPCAModel<Double> {
        try PPCAModel(
            mean: [Double](repeating: 0, count: d), loadings: try FactorModelStart.loadings(d: d, q: q),
            noiseVariance: 1)
    }

    @Test("the EM fixed point equals the closed form: WWᵀ and σ² agree after convergence")
    func emConvergesToClosedForm() throws {
        let fit = try PPCAClosedForm(data: Self.data, latentDimension: 2)
        let trace = try PPCAEM.run(data: Self.data, initial: try Self.initial(), maximumIterations: 20000)
        let last = trace.models.last!
        let productError = FactorTestData.maxAbsDifference(try last.loadingsProduct(), try fit.loadingsProduct())
        let sigmaError = abs(last.noiseVariance - fit.noiseVariance)
        // EM converges linearly (≈2500 iterations reach 1e-4 here); 20000 iterations reach the
        // rounding floor, and 1e-6‖S‖ leaves room for the floor's ~1e-14 while catching any other fixed point.
        let norm = fit.moments.covariance.entries.map(abs).max()!
        let converged =
            "EM converges linearly (≈ 2500 iterations reach 1e-4 here) and 20000 reach the rounding floor (~1e-14); "
            + "1e-6‖S‖ is far above that floor yet catches any other fixed point"
        expectWithin(error: productError, bound: 1e-6 * norm, converged + "; measured 2.7e-14")
        expectWithin(error: sigmaError, bound: 1e-6 * norm, converged + "; measured 2.4e-15")

        let target = try fit.loadingsProduct()
        let firstClose = try trace.models.firstIndex {
            FactorTestData.maxAbsDifference(try $0.loadingsProduct(), target) <= 1e-10 * norm
        }
        print(
            "PPCA EM: \(trace.iterations) iterations; max |ΔWWᵀ| = \(productError), |Δσ²| = \(sigmaError); "
                + "within 1e-10‖S‖ after \(firstClose ?? -1)"
        )
        // One EM step from the closed form leaves WWᵀ and σ² unchanged (a fixed point, FM-7).
        let stepped = try PPCAEM.step(try fit.model(), fit.moments)
        expectWithin(
            error: FactorTestData.maxAbsDifference(try stepped.loadingsProduct(), try fit.loadingsProduct()),
            bound: 1e-12 * norm,
            "FM-7: the closed form is a fixed point of the EM map, so one step moves it by rounding only (a few "
                + "dozen operations on O(‖S‖) entries); measured 1.4e-14")
        expectClose(
            stepped.noiseVariance, fit.noiseVariance,
            within: .absolute(
                1e-12 * norm,
                "FM-7: the closed form is a fixed point of the EM map, so one step moves σ² by rounding only; "
                    + "measured 5.8e-16"))
    }

    @Test("the log-likelihood never decreases along EM (Double with rounding slack; BigFloat strictly)")
    func emIsMonotone() throws {
        let trace = try PPCAEM.run(data: Self.data, initial: try Self.initial(), maximumIterations: 200)
        // Each L is computed to relative ~1e-14; a decrease larger than that is a real one.
        let slack = 1e-12 * abs(trace.logLikelihoods[0])
        #expect(trace.firstDecrease(slack: slack) == nil)
        let bigDecrease = try BigFloat.withPrecision(200) {
            let big = try FactorTestData.big(try Self.initial())
            let trace = try PPCAEM.run(data: FactorTestData.big(Self.data), initial: big, maximumIterations: 12)
            return trace.firstDecrease(slack: .zero)
        }
        #expect(bigDecrease == nil)
    }

    @Test("the Double EM trace follows the 200-bit trace")
    func emBigFloatMatchesDouble() throws {
        let trace = try PPCAEM.run(data: Self.data, initial: try Self.initial(), maximumIterations: 10)
        let reference = try BigFloat.withPrecision(200) {
            let big = try FactorTestData.big(try Self.initial())
            let t = try PPCAEM.run(data: FactorTestData.big(Self.data), initial: big, maximumIterations: 10)
            return (t.logLikelihoods.map(\.doubleValue), t.models.map(\.noiseVariance.doubleValue))
        }
        expectClose(
            trace.logLikelihoods, reference.0, within: FactorTestData.traceTolerance(steps: 10, measured: "2.5e-15"))
        expectClose(
            trace.models.map(\.noiseVariance), reference.1,
            within: FactorTestData.traceTolerance(steps: 10, measured: "2.6e-14 for σ²"))
    }
}
