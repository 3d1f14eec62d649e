import Foundation
import Testing
import GSLReference
import LatentDerivations
import OracleArithmetic
import OracleTestSupport
import OracleRandom

/// Exact expectations, gradients and estimator variances (`Proofs/08-gradient-estimators.md`):
/// the published quadratic formulas exactly over ℚ, and the closed forms of every (function,
/// estimator, parameter) against GSL quadrature of the estimator itself.
@Suite("Gradient estimators: exact variances")
struct GaussianEstimatorVarianceTests {
    static func q(_ n: Int, _ d: Int) -> Rational { Rational(n) / Rational(d) }

    @Test(
        "(x − k)²: the published and derived variances hold exactly over ℚ",
        arguments: [(1, 2, 1, 1, 0, 1), (-3, 4, 5, 2, 1, 3), (7, 3, 1, 5, -2, 1), (0, 1, 3, 7, 0, 1)])
    func quadraticVariancesExactly(mn: Int, md: Int, sn: Int, sd: Int, kn: Int, kd: Int) throws {
        let mu = Self.q(mn, md), sigma = Self.q(sn, sd), k = Self.q(kn, kd)
        let p = try GaussianGradientProblem(function: .squaredDistance(k: k), mean: mu, standardDeviation: sigma)
        let E = GaussianGradientProblem<Rational>.polynomialRule
        let a = mu - k, a2 = a * a, s2 = sigma * sigma
        // Mohamed et al. 2020 (Fig. 2): Var SF_μ = (a⁴ + 14a²σ² + 15σ⁴)/σ², Var PW_μ = 4σ², Var PW_σ =
        // 4a² + 8σ².
        #expect(
            try p.moments(.scoreFunction, .mean, E).variance
                == (a2 * a2 + Rational(14) * a2 * s2 + Rational(15) * s2 * s2) / s2)
        #expect(try p.moments(.pathwise, .mean, E).variance == Rational(4) * s2)
        #expect(try p.moments(.pathwise, .standardDeviation, E).variance == Rational(4) * a2 + Rational(8) * s2)
        // GE-5 (derived): gradients 2a and 2σ; Var SF_σ = 2a⁴/σ² + 60a² + 74σ²;
        // b*_μ = a² + 3σ², Var = 8a² + 6σ²; b*_σ = a² + 5σ², Var = 40a² + 24σ²;
        // with b = E f = a² + σ²: Var SF_μ = 8a² + 10σ², Var SF_σ = 40a² + 56σ².
        #expect(try p.gradient(.mean, E) == Rational(2) * a)
        #expect(try p.gradient(.standardDeviation, E) == Rational(2) * sigma)
        #expect(try p.gradient(.logStandardDeviation, E) == Rational(2) * s2)
        #expect(
            try p.moments(.scoreFunction, .standardDeviation, E).variance == Rational(2) * a2 * a2 / s2 + Rational(60)
                * a2 + Rational(74) * s2)
        #expect(try p.optimalBaseline(.mean, E) == a2 + Rational(3) * s2)
        #expect(try p.optimalBaseline(.standardDeviation, E) == a2 + Rational(5) * s2)
        #expect(
            try p.moments(.scoreFunctionWithOptimalBaseline, .mean, E).variance == Rational(8) * a2 + Rational(6) * s2)
        #expect(
            try p.moments(.scoreFunctionWithOptimalBaseline, .standardDeviation, E).variance == Rational(40) * a2
                + Rational(24) * s2)
        let mean = a2 + s2
        #expect(try p.objective(E) == mean)
        #expect(
            try p.moments(.scoreFunctionWithBaseline(mean), .mean, E).variance == Rational(8) * a2 + Rational(10) * s2)
        #expect(
            try p.moments(.scoreFunctionWithBaseline(mean), .standardDeviation, E).variance == Rational(40) * a2
                + Rational(56) * s2)
        // ρ = ln σ: every ρ-estimator is σ times the σ-estimator, so its variance is σ² times.
        #expect(
            try p.moments(.pathwise, .logStandardDeviation, E).variance == s2 * (Rational(4) * a2 + Rational(8) * s2))
    }

    /// ∫ g(ε) φ(ε) dε by GSL on the standardised variable ε, with the mass ∫ φ = 1 alongside.
    static func gaussianIntegral(_ g: (Double) -> Double) throws -> Double {
        let phi = { (e: Double) in Foundation.exp(-e * e / 2) / (2 * Double.pi).squareRoot() }
        let mass = try GSL.integrate(from: -.infinity, to: .infinity, relativeTolerance: 1e-13) { phi($0) }
        expectBelow(
            error: abs(mass.value - 1), bound: 1e-13,
            "a normalized density integrates to 1 up to quadrature error")
        return try GSL.integrate(from: -.infinity, to: .infinity, absoluteTolerance: 1e-12, relativeTolerance: 1e-11) {
            g($0) * phi($0)
        }.value
    }

    @Test("closed forms (BigFloat, 256 bits) match GSL quadrature of each estimator", arguments: EstimatorCase.all)
    func closedFormsMatchQuadrature(c: EstimatorCase) throws {
        let exact = try c.problem(BigFloat.self)
        let double = try c.problem(Double.self)
        try BigFloat.withPrecision(256) {
            let E = exact.closedFormRule
            let objective = try exact.objective(E).doubleValue
            let quadObjective = try Self.gaussianIntegral { e in
                recordingErrors { try double.function.valueAndDerivative(at: c.mean + c.sigma * e).value }
            }
            // Tolerance: GSL asked for 1e-11 relative or 1e-12 absolute; smooth integrands with Gaussian tails.
            expectClose(
                objective, quadObjective,
                within: .absolute(
                    1e-10 * max(1, abs(objective)),
                    "GSL QAGI asked for 1e-11 relative or 1e-12 absolute on a smooth integrand with Gaussian tails; "
                        + "the 256-bit closed form errs ≪ 1e-60; 10× the request"))
            for parameter in GaussianParameter.allCases {
                let b = try exact.optimalBaseline(parameter, E).doubleValue
                for estimator in EstimatorCase.estimators {
                    let m = try exact.moments(estimator.converted(BigFloat.self), parameter, E)
                    let sample = { (e: Double) in
                        recordingErrors { try double.estimate(estimator, parameter, epsilon: e, baseline: b) }
                    }
                    let qMean = try Self.gaussianIntegral(sample)
                    let qVar = try Self.gaussianIntegral { e in
                        let d = sample(e) - qMean
                        return d * d
                    }
                    // Relative 1e-9 of the estimator's scale √(E ĝ²): quadrature at 1e-11 / 1e-12 absolute, Double
                    // estimator evaluation (a few ulps, amplified by ≤ |x f′/f| ≤ 50 on this grid).
                    let scale = (m.variance + m.mean * m.mean).doubleValue.squareRoot()
                    expectClose(
                        m.mean.doubleValue, qMean,
                        within: .absolute(
                            1e-9 * max(1, scale),
                            "quadrature at 1e-11 relative / 1e-12 absolute of terms of size √(E ĝ²), plus Double "
                                + "estimator evaluation (a few ulps amplified by ≤ |x f′/f| ≤ 50 on this grid)"),
                        "\(estimator) \(parameter) mean")
                    expectClose(
                        m.variance.doubleValue, qVar,
                        within: .absolute(
                            1e-9 * max(1, scale * scale),
                            "the same quadrature and evaluation errors as the mean, on a second moment of size E ĝ²"),
                        "\(estimator) \(parameter) variance")
                    // Unbiasedness in closed form: every estimator's mean is the gradient.
                    let g = try exact.gradient(parameter, E)
                    expectWithin(
                        error: abs((m.mean - g).doubleValue), bound: 1e-60 * max(1, scale),
                        "unbiasedness: both are 256-bit closed forms of one expectation, so only rounding "
                            + "(≲ 2⁻²⁴⁰ ≈ 6e-73 relative to the scale) separates them",
                        "\(estimator) \(parameter) bias")
                }
            }
        }
    }

    @Test("PW beats SF for (x − k)² everywhere; SF + b* beats PW for cos(kx) when kσ is large")
    func varianceOrdering() throws {
        let E = GaussianGradientProblem<Rational>.polynomialRule
        // (x − k)²: Var SF_μ(b*) − Var PW_μ = 8a² + 2σ² > 0 and Var SF_μ − Var PW_μ = a⁴/σ² + 14a² +
        // 11σ² > 0.
        for (m, s) in [(0, 1), (3, 1), (-2, 5), (1, 7)] {
            let p = try GaussianGradientProblem(
                function: .squaredDistance(k: Rational(0)), mean: Rational(m), standardDeviation: Rational(s))
            let pw = try p.moments(.pathwise, .mean, E).variance
            #expect(try p.moments(.scoreFunctionWithOptimalBaseline, .mean, E).variance > pw)
            #expect(try p.moments(.scoreFunction, .mean, E).variance > pw)
        }
        // cos(kx) at μ = 0.25, σ = 1, k = 3: PW_μ = −k sin(kx) has variance ≈ k²/2, SF_μ = f ε/σ has ≈
        // 1/(2σ²).
        let p = try GaussianGradientProblem(function: .cosine(k: 3.0), mean: 0.25, standardDeviation: 1.0)
        let R = p.closedFormRule
        let pw = try p.moments(.pathwise, .mean, R).variance
        let sfOpt = try p.moments(.scoreFunctionWithOptimalBaseline, .mean, R).variance
        #expect(sfOpt < pw / 4)
        // … and at small kσ the order flips back.
        let q = try GaussianGradientProblem(function: .cosine(k: 0.25), mean: 0.25, standardDeviation: 1.0)
        #expect(
            try q.moments(.pathwise, .mean, q.closedFormRule).variance
                < q.moments(.scoreFunctionWithOptimalBaseline, .mean, q.closedFormRule).variance)
    }

    @Test("bad input: σ ≤ 0, NaN parameters, bump rate ≤ 0, log-likelihood noise ≤ 0 throw typed errors")
    func badInputThrows() throws {
        #expect(throws: ModelInputError.self) {
            try GaussianGradientProblem(function: .squaredDistance(k: 0.0), mean: 0, standardDeviation: 0)
        }
        #expect(throws: ModelInputError.self) {
            try GaussianGradientProblem(function: .squaredDistance(k: 0.0), mean: 0, standardDeviation: -1)
        }
        #expect(throws: ModelInputError.self) {
            try GaussianGradientProblem(function: .squaredDistance(k: 0.0), mean: .nan, standardDeviation: 1)
        }
        #expect(throws: ModelInputError.self) {
            try GaussianGradientProblem(function: .cosine(k: .infinity), mean: 0, standardDeviation: 1)
        }
        #expect(throws: ModelInputError.self) {
            try GaussianGradientProblem(function: .gaussianBump(k: 0.0), mean: 0, standardDeviation: 1)
        }
        #expect(throws: ModelInputError.self) {
            try EstimatorTestFunction<Double>.gaussianLogLikelihood(
                observation: 0, weight: 1, offset: 0, noiseVariance: 0)
        }
        #expect(throws: ModelInputError.self) {
            try GaussianGradientProblem(function: .gaussianBump(k: 1.0), mean: 0, standardDeviation: 1).moments(
                .pathwise, .mean, GaussianGradientProblem<Double>.polynomialRule)
        }
    }

    @Test("the cos/sin series agrees with libm in Double and with itself at 256 vs 512 bits")
    func trigonometricSeries() throws {
        var random = SplitMix64(seed: 0x7415)
        for _ in 0..<200 {
            let t = Double.random(in: -40...40, using: &random)
            let (c, s) = try TrigonometricSeries.cosineAndSine(t)
            // |r| ≤ π: largest term π³/6 ≈ 5.2, so ≲ 64 ulps of 1 absolute error in Double.
            let seriesReason =
                "the series' bound: ≲ 20·2⁻⁵³ from terms ≤ π³/6 ≈ 5.2 plus |n|·2π·2⁻⁵³ from the reduction, "
                + "|n| ≤ 7 for |t| ≤ 40: ≲ 64·2⁻⁵³ = 32 ulps of 1; 64 allows 2× that and libm's ≤ 1 ulp"
            expectBelow(error: abs(c - Foundation.cos(t)), bound: 64 * Double.ulpOfOne, seriesReason, "cos(\(t))")
            expectBelow(error: abs(s - Foundation.sin(t)), bound: 64 * Double.ulpOfOne, seriesReason, "sin(\(t))")
            let lo = try BigFloat.withPrecision(256) { try TrigonometricSeries.cosineAndSine(BigFloat(t)) }
            let hi = try BigFloat.withPrecision(512) { try TrigonometricSeries.cosineAndSine(BigFloat(t)) }
            let precisionReason =
                "the series' bound at 256 bits: (20 + |n|·2π)·2⁻²⁵⁶ ≲ 2⁻²⁵⁰ for |n| ≤ 7, truncation at "
                + "terms < 1e-100; the 512-bit value errs far less; 1e-70 ≈ 2⁻²³² leaves a 2¹⁷ margin"
            expectBelow(
                error: abs((lo.cosine - hi.cosine).doubleValue), bound: 1e-70, precisionReason, "cos(\(t))")
            expectBelow(error: abs((lo.sine - hi.sine).doubleValue), bound: 1e-70, precisionReason, "sin(\(t))")
            expectClose(
                lo.cosine.doubleValue, Foundation.cos(t),
                within: .absolute(
                    Foundation.cos(t).ulp,
                    "the 256-bit value rounds to within ½ ulp of cos t and libm's cos errs < 1 ulp, so the two "
                        + "Doubles are < 1.5 ulps apart, hence at most 1"))
        }
        #expect(throws: ModelInputError.self) { try TrigonometricSeries.cosineAndSine(1e300) }
    }
}
