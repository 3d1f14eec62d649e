import Foundation
import GSLReference
import Testing
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport
import OracleRandom

/// The conjugate linear-Gaussian latent model (`Proofs/05-elbo-identity.md`, ELBO-6, ELBO-7):
/// the identity at 200 bits, Double against BigFloat, the maximum at the posterior, GSL
/// quadrature in one dimension, and the Gaussian-mixture ELBO built from log-densities.
@Suite("Linear-Gaussian and mixture ELBO")
struct LinearGaussianELBOTests {
    static let w: [[Double]] = [[1, 0.5], [-0.5, 1], [0.25, -0.75]]
    static let mu = [0.5, -0.25, 1.0]

    static func model<S: RealScalar>(_: S.Type) throws -> LinearGaussianELBO<S> {
        try LinearGaussianELBO(
            loading: try Matrix(w.map { $0.map { S($0) } }), mean: mu.map { S($0) }, noiseVariance: S(0.5))
    }

    @Test("ln p(x) = ELBO(q) + KL(q ‖ posterior) at 200 bits for random Gaussian q; ELBO < ln p(x)")
    func identityAtHighPrecision() throws {
        var random = SplitMix64(seed: 0x11E6_0001)
        try BigFloat.withPrecision(200) {
            let model = try Self.model(BigFloat.self)
            for _ in 0..<8 {
                let x = (0..<3).map { _ in BigFloat(Double.random(in: -2...2, using: &random)) }
                let a = Double.random(in: 0.1...2, using: &random), c = Double.random(in: 0.1...2, using: &random),
                    b = Double.random(in: -0.05...0.05, using: &random)
                let q = try MultivariateGaussian(
                    mean: [
                        BigFloat(Double.random(in: -1...1, using: &random)),
                        BigFloat(Double.random(in: -1...1, using: &random)),
                    ],
                    covariance: try Matrix([[BigFloat(a), BigFloat(b)], [BigFloat(b), BigFloat(c)]]))
                let gap = try model.evidence(x) - (try model.elbo(x, q: q) + model.klToPosterior(x, q: q))
                expectWithin(
                    error: gap.absoluteValue, bound: BigFloat(0x1p-180),
                    "ELBO + KL = ln p(x) is an identity; 2⁻¹⁸⁰ leaves 2²⁰ units of 200-bit rounding for the terms")
                #expect(try model.elbo(x, q: q) < model.evidence(x))
                // At the posterior the KL is 0 up to the working precision.
                let post = try model.posterior(x)
                expectWithin(
                    error: (try model.klToPosterior(x, q: post)).absoluteValue, bound: BigFloat(0x1p-180),
                    "KL(p(z|x) ‖ p(z|x)) = 0; 2⁻¹⁸⁰ leaves 2²⁰ units of 200-bit rounding for the terms")
            }
        }
    }

    @Test("ln p(x) by the determinant lemma equals ln N(x; μ, WWᵀ + σ²I) by the d × d Cholesky at 200 bits")
    func evidenceMatchesMarginalDensity() throws {
        var random = SplitMix64(seed: 0x11E6_0002)
        try BigFloat.withPrecision(200) {
            // d = 3, k = 2 (the fixed W) and d = 2, k = 3 (d < k, so (d − k) ln σ² is negative).
            let wide = try LinearGaussianELBO(
                loading: try Matrix([[1, -0.5, 0.25], [0.75, 1, -1]].map { $0.map { BigFloat($0) } }),
                mean: [BigFloat(0.25), BigFloat(-1)], noiseVariance: BigFloat(0.125))
            for model in [try Self.model(BigFloat.self), wide] {
                let (d, w) = (model.mean.count, model.loading)
                let marginal = Matrix(rows: d, columns: d) { i, j in
                    var s = i == j ? model.noiseVariance : .zero
                    for c in 0..<w.columns { s += w[i, c] * w[j, c] }
                    return s
                }
                let density = try MultivariateGaussian(mean: model.mean, covariance: marginal)
                for _ in 0..<4 {
                    let x = (0..<d).map { _ in BigFloat(Double.random(in: -3...3, using: &random)) }
                    expectWithin(
                        error: (try model.evidence(x) - density.logDensity(x)).absoluteValue,
                        bound: BigFloat(0x1p-180),
                        "the determinant lemma and the min-form quadratic are identities; 2⁻¹⁸⁰ leaves 2²⁰ units")
                }
            }
        }
    }

    @Test("Double against BigFloat: evidence, ELBO and KL within 64u·(|ln p| + |ELBO| + 10)")
    func doubleMatchesBigFloat() throws {
        let model = try Self.model(Double.self)
        let x = [1.0, 0.5, -1]
        let q = try MultivariateGaussian(
            mean: [0.5, -0.25], covariance: try Matrix([[0.0625, 0.015625], [0.015625, 0.125]]))
        let reference = try BigFloat.withPrecision(200) { () throws -> [Double] in
            let big = try Self.model(BigFloat.self)
            let bx = x.map { BigFloat($0) }
            let bq = try MultivariateGaussian(
                mean: [BigFloat(0.5), BigFloat(-0.25)],
                covariance: try Matrix([
                    [BigFloat(0.0625), BigFloat(0.015625)], [BigFloat(0.015625), BigFloat(0.125)],
                ]))
            return [
                try big.evidence(bx).doubleValue, try big.elbo(bx, q: bq).doubleValue,
                try big.klToPosterior(bx, q: bq).doubleValue,
            ]
        }
        let observed = [try model.evidence(x), try model.elbo(x, q: q), try model.klToPosterior(x, q: q)]
        let scale = abs(reference[0]) + abs(reference[1]) + 10
        for (o, r) in zip(observed, reference) {
            expectClose(
                o, r,
                within: Tolerance.absolute(
                    64 * 0x1p-53 * scale, "3×3 and 2×2 Cholesky of well-conditioned matrices, O(d·k) sums"
                ), "\(o) vs \(r)")
        }
    }

    @Test("one dimension: ln p(x), ELBO(q) and KL(q ‖ posterior) against GSL quadrature on the standardised variable")
    func oneDimensionMatchesQuadrature() throws {
        let (w, m, s2, x) = (1.5, 0.25, 0.5, 1.75)
        let model = try LinearGaussianELBO(loading: try Matrix([[w]]), mean: [m], noiseVariance: s2)
        let q = try MultivariateGaussian(mean: [0.3], covariance: try Matrix([[0.2]]))
        func phi(_ t: Double) -> Double { Foundation.exp(-t * t / 2) / (2 * Double.pi).squareRoot() }
        func logJoint(_ z: Double) -> Double {
            -z * z / 2 - 0.5 * Foundation.log(2 * Double.pi) - 0.5 * Foundation.log(2 * Double.pi * s2)
                - (x - w * z - m) * (x - w * z - m) / (2 * s2)
        }
        // Evidence: z is already standard under the prior.
        let evidence = try GSL.integrate(from: -.infinity, to: .infinity, relativeTolerance: 1e-12) { z in
            Foundation.exp(logJoint(z))
        }
        let mass = try GSL.integrate(from: -.infinity, to: .infinity, relativeTolerance: 1e-12, phi)
        expectBelow(
            error: abs(mass.value - 1), bound: 1e-12,
            "a normalized density integrates to 1 up to quadrature error")
        // ELBO and KL under q = N(0.3, 0.2): z = 0.3 + √0.2·t.
        let sq = 0.2.squareRoot()
        let logQ = { (t: Double) in -t * t / 2 - 0.5 * Foundation.log(2 * Double.pi) - Foundation.log(sq) }
        // [−40, 40]: tails < e⁻⁸⁰⁰, log terms finite.
        let elbo = try GSL.integrate(from: -40, to: 40, relativeTolerance: 1e-12) { t in
            phi(t) * (logJoint(0.3 + sq * t) - logQ(t))
        }
        let logP = Foundation.log(evidence.value)
        let kl = try GSL.integrate(from: -40, to: 40, relativeTolerance: 1e-12) { t in
            phi(t) * (logQ(t) - (logJoint(0.3 + sq * t) - logP))
        }
        let tolerance = Tolerance.absolute(
            1e-11, "QAGI at relative 1e-12 of O(1) integrands on the standardised variable")
        let closed = [try model.evidence([x]), try model.elbo([x], q: q), try model.klToPosterior([x], q: q)]
        for (c, n) in zip(closed, [logP, elbo.value, kl.value]) {
            expectClose(c, n, within: tolerance, "\(c) vs \(n)")
            MultivariateGaussianKLTests.record(abs(c - n), "1-D linear-Gaussian")
        }
    }

    @Test("Gaussian mixture: ℓₖ = ln πₖ + ln N(x; μₖ, Σₖ); responsibilities maximise the ELBO")
    func mixtureELBO() throws {
        let components = try [
            MultivariateGaussian(mean: [0.0, 0], covariance: try Matrix([[1.0, 0.25], [0.25, 0.5]])),
            MultivariateGaussian(mean: [2.0, 1], covariance: .identity(2)),
        ]
        let x = [1.0, 0.5]
        let model = try DiscreteLatentELBO.gaussianMixture(
            observation: x, weights: [0.75, 0.25], components: components)
        // Independent route: the mixture density summed directly.
        let direct = Foundation.log(
            0.75 * Foundation.exp(try components[0].logDensity(x)) + 0.25
                * Foundation.exp(try components[1].logDensity(x)))
        expectClose(try model.evidence(), direct, within: Tolerance.ulps(8, "two exp/log round trips at |ln p| ≈ 2"))
        let post = try model.posterior()
        expectClose(
            try model.elbo(post), try model.evidence(),
            within: Tolerance.absolute(1e-15, "ELBO at the rounded posterior: |Δq|·|ℓ − ln q| ~ u"))
        #expect(try model.elbo([0.5, 0.5]) < model.evidence())
        #expect(throws: ModelInputError.self) {
            try DiscreteLatentELBO.gaussianMixture(observation: x, weights: [0.75, 0.5], components: components)
        }
        #expect(throws: ModelInputError.self) {
            try DiscreteLatentELBO.gaussianMixture(observation: x, weights: [1, 0], components: components)
        }
        #expect(throws: ModelInputError.self) {
            try DiscreteLatentELBO.gaussianMixture(observation: x, weights: [1], components: components)
        }
    }

    @Test("bad input: σ² ≤ 0, shape mismatches, q of the wrong dimension")
    func badInputThrows() throws {
        #expect(throws: ModelInputError.self) {
            try LinearGaussianELBO(loading: try Matrix([[1.0]]), mean: [0], noiseVariance: 0)
        }
        #expect(throws: ModelInputError.self) {
            try LinearGaussianELBO(loading: try Matrix([[1.0]]), mean: [0, 1], noiseVariance: 1)
        }
        let model = try Self.model(Double.self)
        #expect(throws: ModelInputError.self) { try model.posterior([1.0]) }
        #expect(throws: ModelInputError.self) {
            try model.elbo([1.0, 0, 0], q: MultivariateGaussian(mean: [0.0], covariance: .identity(1)))
        }
    }
}
