import Foundation
import GSLReference
import Testing
import LatentDerivations
import OracleArithmetic
import OracleTestSupport

/// The non-conjugate logistic latent model (`Proofs/05-elbo-identity.md`, ELBO-8, ELBO-9): the
/// trapezoid rule against GSL adaptive quadrature (with the prior's and q's mass beside it), the
/// KL integrated directly (so the identity is checked between independent integrals), BigFloat
/// against Double, and p(x = 1) = ½ by symmetry.
@Suite("Logistic latent ELBO")
struct LogisticLatentELBOTests {
    static func phi(_ t: Double) -> Double { Foundation.exp(-t * t / 2) / (2 * Double.pi).squareRoot() }

    static func logPhi(_ t: Double) -> Double { -t * t / 2 - 0.5 * Foundation.log(2 * Double.pi) }

    static func logSigmoid(_ z: Double) -> Double {
        z >= 0 ? -Foundation.log1p(Foundation.exp(-z)) : z - Foundation.log1p(Foundation.exp(z))
    }

    @Test(
        "ln p(x), ELBO and KL(q ‖ p(z|x)) against GSL QAGI/QAGS on the standardised variable",
        arguments: [(1, 0, 0.0, 1.0), (3, 1, 0.5, 0.5), (7, 2, 1.0, 0.25), (0, 5, -1.5, 2.0)])
    func matchesGSLQuadrature(ones: Int, zeros: Int, m: Double, s2: Double) throws {
        let model = try LogisticLatentELBO<Double>(ones: ones, zeros: zeros)
        func loglik(_ z: Double) -> Double { Double(ones) * Self.logSigmoid(z) + Double(zeros) * Self.logSigmoid(-z) }
        let evidence = try GSL.integrate(from: -.infinity, to: .infinity, relativeTolerance: 1e-13) { z in
            Self.phi(z) * Foundation.exp(loglik(z))
        }
        let priorMass = try GSL.integrate(from: -.infinity, to: .infinity, relativeTolerance: 1e-13, Self.phi)
        expectBelow(
            error: abs(priorMass.value - 1), bound: 1e-13,
            "a normalized density integrates to 1 up to quadrature error")
        let logP = Foundation.log(evidence.value)
        let s = s2.squareRoot()
        // q(z) = φ(t)/s with z = m + s t; ln p(z | x) = ln φ(z) + ln p(x|z) − ln p(x).
        // [−40, 40] on the standardised variable: the tails carry < e⁻⁸⁰⁰ and the log terms stay finite.
        let elbo = try GSL.integrate(from: -40, to: 40, relativeTolerance: 1e-13) { t in
            let z = m + s * t
            return Self.phi(t) * (Self.logPhi(z) + loglik(z) - (Self.logPhi(t) - Foundation.log(s)))
        }
        let kl = try GSL.integrate(from: -40, to: 40, relativeTolerance: 1e-13) { t in
            let z = m + s * t
            return Self.phi(t) * ((Self.logPhi(t) - Foundation.log(s)) - (Self.logPhi(z) + loglik(z) - logP))
        }
        let tolerance = Tolerance.absolute(
            1e-11 * Double(ones + zeros + 1),
            "QAGI/QAGS at relative 1e-13 of integrands of size ≲ n(|m| + s + 1); the trapezoid error bound is < "
                + "1e-30")
        let closed = [
            try model.evidence(), try model.elbo(mean: m, variance: s2), try model.klToPosterior(mean: m, variance: s2),
        ]
        for (c, n) in zip(closed, [logP, elbo.value, kl.value]) {
            expectClose(c, n, within: tolerance, "\(c) vs \(n)")
            MultivariateGaussianKLTests.record(abs(c - n), "1-D logistic")
        }
        #expect(closed[2] > 0, "ELBO < ln p(x) for a non-posterior q")
        expectBelow(
            error: model.quadratureErrorBound(mean: m, variance: s2), bound: 1e-25,
            "the trapezoid rule's error (ELBO-9: strip bound plus truncated tails) must be negligible beside the "
                + "1e-11·(n + 1) comparison above, so that comparison measures GSL's error and rounding only")
    }

    @Test("one observation x = 1: p(x) = ∫φ(z)σ(z)dz = ½ exactly by symmetry (BigFloat, 200 bits)")
    func singleObservationIsHalf() throws {
        try BigFloat.withPrecision(200) {
            let model = try LogisticLatentELBO<BigFloat>(ones: 1, zeros: 0)
            let error = try model.evidence() + BigFloat.ln2
            // The trapezoid error bound (< 1e-60 for the evidence) dominates the rounding (≈ 2⁻¹⁹⁰).
            expectWithin(
                error: error.absoluteValue, bound: BigFloat(1e-55),
                "ELBO-9's trapezoid bound for the evidence is < 1e-60 and 200-bit rounding ≈ 2⁻¹⁹⁰; 1e-55 leaves "
                    + "a 10⁵ margin over both", "\(error)")
        }
    }

    @Test("Double trapezoid against BigFloat trapezoid: the same rule, rounding only")
    func doubleMatchesBigFloat() throws {
        let model = try LogisticLatentELBO<Double>(ones: 3, zeros: 1)
        let reference = try BigFloat.withPrecision(160) { () throws -> Double in
            try LogisticLatentELBO<BigFloat>(ones: 3, zeros: 1).elbo(mean: BigFloat(0.5), variance: BigFloat(0.5))
                .doubleValue
        }
        // 769 terms with compensated summation, each ≤ 4 roundings of size ≲ n(|m| + s|t| + 1)·φ(t)h.
        expectClose(
            try model.elbo(mean: 0.5, variance: 0.5), reference,
            within: Tolerance.absolute(1e-14, "compensated sum of 769 terms of total mass ≲ 4; ≤ 8u each"))
    }

    @Test("bad input: negative counts, q variance outside (0, 4], a step or width outside its range")
    func badInputThrows() throws {
        #expect(throws: ModelInputError.self) { try LogisticLatentELBO<Double>(ones: -1, zeros: 0) }
        #expect(throws: ModelInputError.self) { try LogisticLatentELBO<Double>(ones: 1, zeros: 0, step: 0.5) }
        #expect(throws: ModelInputError.self) { try LogisticLatentELBO<Double>(ones: 1, zeros: 0, halfWidth: 4) }
        let model = try LogisticLatentELBO<Double>(ones: 1, zeros: 1)
        #expect(throws: ModelInputError.self) { try model.elbo(mean: 0, variance: 0) }
        #expect(throws: ModelInputError.self) { try model.elbo(mean: 0, variance: 9) }
        #expect(throws: ModelInputError.self) { try model.elbo(mean: .nan, variance: 1) }
        // ln p(x | z = 0) = 2 ln ½ for one 1 and one 0.
        let atZero = try model.logLikelihood(0.0)
        expectClose(atZero, -2 * Foundation.log(2.0), within: Tolerance.ulps(2, "one log1p(1) and a product by 2"))
    }
}
