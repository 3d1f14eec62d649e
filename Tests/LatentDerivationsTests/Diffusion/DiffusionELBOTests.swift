import Foundation
import Testing
import GSLReference
import LatentDerivations
import OracleArithmetic
import OracleTestSupport
import OracleRandom

/// The Gaussian diffusion ELBO (Proofs/12-diffusion-elbo.md): ELBO = ln p(x₀) for the optimal
/// reverse process (256 bits), ELBO < ln p_θ(x₀) otherwise (the evidence from backward
/// propagation, an independent route), each term against the univariate KL closed form and
/// GSL quadrature, and the denoising terms against seeded Monte Carlo.
@Suite("Diffusion ELBO")
struct DiffusionELBOTests {
    static let schedules: [[Double]] = [
        [0.1, 0.2, 0.3, 0.5], [0.01, 0.02, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8], [0.5], [0.25, 0.75],
    ]
    static let data = (mean: 0.75, variance: 2.0)

    static func diffusion<S: RealScalar>(_ betas: [Double], _: S.Type) throws -> GaussianDiffusion<S> {
        try GaussianDiffusion(betas: betas.map { S($0) })
    }

    @Test(
        "optimal reverse process: p_θ(x₀) is the data density, ELBO = ln p(x₀) to 2⁻²⁴⁰",
        arguments: schedules)
    func optimalReverseAttainsEvidence(betas: [Double]) throws {
        try BigFloat.withPrecision(256) {
            let diffusion = try Self.diffusion(betas, BigFloat.self)
            let data = try UnivariateGaussian(mean: BigFloat(Self.data.mean), variance: BigFloat(Self.data.variance))
            let reverse = try GaussianReverseProcess.optimal(for: diffusion, data: data)
            let marginal = try reverse.dataMarginal()
            let tiny = BigFloat(mantissa: BigInt(1), exponent: -240)
            let optimalReason =
                "DF-6: the optimal reverse process makes p_θ(x₀) the data density, so the gap is 0 in exact "
                + "arithmetic; 2⁻²⁴⁰ leaves 2¹⁶ units of the 256-bit rounding for the T-step recursion"
            expectWithin(error: (marginal.mean - data.mean).absoluteValue, bound: tiny, optimalReason, "mean")
            expectWithin(
                error: (marginal.variance - data.variance).absoluteValue, bound: tiny, optimalReason, "variance")
            for x0 in [-2.0, 0.0, 0.75, 3.5] {
                let x = BigFloat(x0)
                let elbo = try diffusion.elboTerms(x0: x, reverse: reverse).elbo
                let logP =
                    -(try BigFloat.log(BigFloat(2) * BigFloat.pi * data.variance)) / BigFloat(2)
                    - (x - data.mean).squared / (BigFloat(2) * data.variance)
                expectWithin(error: (elbo - logP).absoluteValue, bound: tiny, optimalReason, "x0 = \(x0)")
            }
        }
    }

    @Test("any other reverse process: ELBO < ln p_θ(x₀) (evidence by backward propagation)", arguments: 0..<8)
    func elboIsBelowEvidence(seed: Int) throws {
        var rng = SplitMix64(seed: 0xD1FF &+ UInt64(seed))
        let betas = Self.schedules[seed % Self.schedules.count]
        let diffusion = try Self.diffusion(betas, Double.self)
        let optimal = try GaussianReverseProcess.optimal(
            for: diffusion, data: try UnivariateGaussian(mean: Self.data.mean, variance: Self.data.variance))
        // Perturb every reverse step of the optimum by up to ±30%.
        func jitter(_ x: Double) -> Double { x * (1 + Double.random(in: -0.3...0.3, using: &rng)) }
        let steps = try optimal.steps.map {
            try LinearGaussianReverseStep(
                slope: jitter($0.slope), offset: $0.offset + Double.random(in: -0.5...0.5, using: &rng),
                variance: jitter($0.variance))
        }
        let reverse = try GaussianReverseProcess(prior: try UnivariateGaussian(mean: 0, variance: 1), steps: steps)
        let p = try reverse.dataMarginal()
        for x0 in [-1.5, 0.25, 2.0] {
            let elbo = try diffusion.elboTerms(x0: x0, reverse: reverse).elbo
            let logP =
                -0.5 * Foundation.log(2 * Double.pi * p.variance) - (x0 - p.mean) * (x0 - p.mean) / (2 * p.variance)
            // Double error of both sides ≲ 8T·u·(Σ|terms|) < 1e-12 here; the gap is ≫ that.
            #expect(elbo < logP - 1e-10, "x0 = \(x0): ELBO \(elbo), ln p \(logP)")
        }
    }

    @Test(
        "each denoising term equals KL at the mean plus w²(1 − ᾱ)/(2v) and GSL's quadrature over x_t",
        arguments: schedules.filter { $0.count >= 2 })
    func termsMatchKLClosedFormAndQuadrature(betas: [Double]) throws {
        let diffusion = try Self.diffusion(betas, Double.self)
        let reverse = try GaussianReverseProcess(
            prior: try UnivariateGaussian(mean: 0, variance: 1),
            steps: try betas.map { _ in try LinearGaussianReverseStep(slope: 0.9, offset: 0.1, variance: 0.3) })
        let x0 = 1.25
        let terms = try diffusion.elboTerms(x0: x0, reverse: reverse)
        for t in 2...betas.count {
            let c = try diffusion.posteriorCoefficients(t)
            let q = try diffusion.marginal(t, given: x0)
            let w = c.xt - 0.9
            // Route 1: the Divergences module's KL at x_t = E[x_t], plus the variance term.
            let atMean = try (try diffusion.posterior(t, xt: q.mean, x0: x0)).klDivergence(
                to: try UnivariateGaussian(mean: 0.9 * q.mean + 0.1, variance: 0.3))
            let route1 = atMean + w * w * q.variance / (2 * 0.3)
            // Route 2: ∫ KL(x_t) N(x_t) dx_t on the standardised z, mass integrated alongside.
            let sd = q.variance.squareRoot()
            let kl: (Double) -> Double = { z in
                let xt = q.mean + sd * z
                let d = c.x0 * x0 + c.xt * xt - (0.9 * xt + 0.1)
                return 0.5 * (c.variance / 0.3 + d * d / 0.3 - 1 + Foundation.log(0.3 / c.variance))
                    * Foundation.exp(-z * z / 2) / (2 * Double.pi).squareRoot()
            }
            let integral = try GSL.integrateQAGI(relativeTolerance: 1e-12, kl)
            let mass = try GSL.integrateQAGI(relativeTolerance: 1e-12) { z in
                Foundation.exp(-z * z / 2) / (2 * Double.pi).squareRoot()
            }
            expectBelow(
                error: abs(mass.value - 1), bound: 1e-12,
                "a normalized density integrates to 1 up to quadrature error")
            // Terms are O(1); both routes are a handful of float operations (≤ 1e-14) and the
            // quadrature error estimate is added.
            expectClose(
                terms.denoisingKL[t - 2], route1,
                within: .absolute(
                    1e-13 * max(1, abs(route1)),
                    "O(1) terms by two routes of a handful of float operations each, ≲ 1e-14: 10× that"))
            expectClose(
                terms.denoisingKL[t - 2], integral.value,
                within: .absolute(
                    1e-12 * max(1, abs(route1)) + integral.absoluteError,
                    "QAGI at relative 1e-12 with its reported error estimate added, on O(1) terms"))
        }
    }

    @Test("Monte Carlo: the denoising terms as sample means of KL(x_t), within a Chebyshev bound (P(fail) ≤ 1e-6)")
    func denoisingTermsMatchMonteCarlo() throws {
        let betas = Self.schedules[0]
        let diffusion = try Self.diffusion(betas, Double.self)
        let reverse = try GaussianReverseProcess(
            prior: try UnivariateGaussian(mean: 0, variance: 1),
            steps: try betas.map { _ in try LinearGaussianReverseStep(slope: 0.8, offset: -0.2, variance: 0.5) })
        let x0 = -0.5
        let terms = try diffusion.elboTerms(x0: x0, reverse: reverse)
        var rng = SplitMix64(seed: 0xD1FF_0C)
        let n = 100_000
        for t in 2...betas.count {
            let c = try diffusion.posteriorCoefficients(t)
            let q = try diffusion.marginal(t, given: x0)
            let u = c.x0 * x0 + 0.2, w = c.xt - 0.8
            var sum = 0.0
            for _ in 0..<n {
                // Box–Muller from two seeded uniforms.
                let u1 = Double.random(in: Double.ulpOfOne..<1, using: &rng), u2 = Double.random(in: 0..<1, using: &rng)
                let z = (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
                let d = u + w * (q.mean + q.variance.squareRoot() * z)
                sum += 0.5 * (c.variance / 0.5 + d * d / 0.5 - 1 + Foundation.log(0.5 / c.variance))
            }
            // KL(x_t) = const + d²/(2v) with d ~ N(M, V): Var = (2V² + 4M²V)/(4v²) exactly.
            // Chebyshev: P(|mean − E| ≥ 1000 σ/√n) ≤ 1e-6.
            let mMean = u + w * q.mean, vVar = w * w * q.variance
            let sigma = ((2 * vVar * vVar + 4 * mMean * mMean * vVar) / (4 * 0.25)).squareRoot()
            expectClose(
                sum / Double(n), terms.denoisingKL[t - 2],
                within: .absolute(
                    1000 * sigma / Double(n).squareRoot(),
                    "Chebyshev with the exact Var KL(x_t) = (2V² + 4M²V)/(4v²): P(|mean − E| ≥ 1000σ/√n) ≤ 1e-6"))
        }
    }

    @Test("bad input: β outside (0, 1), empty schedule, step index out of range, mismatched reverse process")
    func badInput() throws {
        for betas in [[0.0], [1.0], [0.5, 1.5], [-0.1], [Double.nan]] {
            #expect(throws: ModelInputError.self) { _ = try GaussianDiffusion(betas: betas) }
        }
        #expect(throws: ModelInputError.empty(what: "betas")) { _ = try GaussianDiffusion<Double>(betas: []) }
        let diffusion = try GaussianDiffusion(betas: [0.1, 0.2])
        #expect(throws: ModelInputError.self) { _ = try diffusion.posteriorCoefficients(1) }
        #expect(throws: ModelInputError.self) { _ = try diffusion.marginal(3, given: 0) }
        let one = try GaussianReverseProcess(
            prior: try UnivariateGaussian(mean: 0, variance: 1),
            steps: [try LinearGaussianReverseStep(slope: 1, offset: 0, variance: 1)])
        #expect(throws: ModelInputError.self) { _ = try diffusion.elboTerms(x0: 0, reverse: one) }
        #expect(throws: ModelInputError.self) { _ = try LinearGaussianReverseStep(slope: 1, offset: 0, variance: 0.0) }
    }
}
