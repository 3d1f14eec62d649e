import Foundation
import Testing
import LatentDerivations
import OracleArithmetic
import OracleTestSupport
import OracleRandom

/// ln p(x) = ELBO(q) + KL(q ‖ p(z|x)) for a discrete latent (`Proofs/05-elbo-identity.md`,
/// ELBO-1 … ELBO-4): Double against BigFloat at 200 bits, the identity on random q, the maximum
/// at the posterior, and bad input.
@Suite("Discrete-latent ELBO")
struct DiscreteLatentELBOTests {
    /// A random log-joint vector and a random q on the simplex (some entries exactly 0).
    static func randomCase(_ random: inout SplitMix64, states: Int) -> (logJoint: [Double], q: [Double]) {
        let logJoint = (0..<states).map { _ in Double.random(in: -30...5, using: &random) }
        var weights = (0..<states).map { _ in Double.random(in: 0...1, using: &random) }
        if states > 2 { weights[Int.random(in: 0..<states, using: &random)] = 0 }
        let total = weights.reduce(0, +)
        return (logJoint, weights.map { $0 / total })
    }

    @Test("evidence, ELBO and KL in Double agree with BigFloat at 200 bits on the same inputs")
    func doubleMatchesBigFloat() throws {
        var random = SplitMix64(seed: 0xE1B0)
        for _ in 0..<40 {
            let (logJoint, q) = Self.randomCase(&random, states: Int.random(in: 1...8, using: &random))
            let model = try DiscreteLatentELBO(logJoint: logJoint)
            // The reference sees the very same Double inputs (exactly representable in BigFloat);
            // its q is renormalised only within the simplex tolerance, as in Double.
            let (referenceEvidence, referenceELBO, referenceKL) = try BigFloat.withPrecision(200) {
                let big = try DiscreteLatentELBO(logJoint: logJoint.map { BigFloat($0) })
                let bigQ = q.map { BigFloat($0) }
                return (
                    try big.evidence().doubleValue, try big.elbo(bigQ).doubleValue,
                    try big.klToPosterior(bigQ).doubleValue
                )
            }
            let scale =
                zip(q, logJoint).reduce(0.0) { $0 + $1.0 * (abs($1.1) + abs(log(max($1.0, .leastNormalMagnitude)))) }
                + 1
            // Each of ≤ 8 products qₖ(ℓₖ − ln qₖ) has ≤ 4 roundings (sub, log ≤ 1 ulp, mul, sum).
            let bound = Tolerance.absolute(
                8 * 0x1p-52 * scale, "≤ 8u·Σ qₖ(|ℓₖ| + |ln qₖ|): 4 roundings per term, compensated sum")
            expectClose(try model.elbo(q), referenceELBO, within: bound)
            expectClose(try model.klToPosterior(q), referenceKL, within: bound)
            let lseBound = Tolerance.absolute(
                12 * 0x1p-53 * (abs(referenceEvidence) + 1), "logSumExp: u·|result| + (n + 3)u, n ≤ 8")
            expectClose(try model.evidence(), referenceEvidence, within: lseBound)
        }
    }

    @Test("ln p(x) = ELBO(q) + KL(q ‖ posterior) for random q, and ELBO(q) < ln p(x) when q ≠ posterior")
    func identityHoldsForRandomQ() throws {
        var random = SplitMix64(seed: 0x1D3)
        for _ in 0..<40 {
            let (logJoint, q) = Self.randomCase(&random, states: Int.random(in: 2...10, using: &random))
            try BigFloat.withPrecision(200) {
                let big = try DiscreteLatentELBO(logJoint: logJoint.map { BigFloat($0) })
                // The identity needs Σ qₖ = 1: ELBO + KL = ln p(x)·Σ qₖ. The Double q is off by ~1e-16,
                // so renormalise it at 200 bits (Σ qₖ = 1 within 2⁻¹⁹⁵).
                let raw = q.map { BigFloat($0) }
                let total = raw.reduce(BigFloat.zero, +)
                let bigQ = raw.map { $0 / total }
                let gap = try big.evidence() - (try big.elbo(bigQ) + big.klToPosterior(bigQ))
                // The identity holds to the working precision: ≲ 2⁻¹⁹⁰ relative to the terms (|ℓ| ≤ 30).
                expectWithin(
                    error: gap.absoluteValue, bound: BigFloat(0x1p-180),
                    "ELBO + KL = ln p(x) is exact for Σ qₖ = 1; at 200 bits with |ℓ| ≤ 30 the rounding is ≲ 2⁻¹⁹⁰")
                #expect(try big.klToPosterior(bigQ) > .zero)
                #expect(try big.elbo(bigQ) < big.evidence())
            }
        }
    }

    @Test("the ELBO is maximised at the posterior, where it equals ln p(x) and the KL is 0")
    func posteriorAttainsTheEvidence() throws {
        let logJoint = [-2.5, 0.75, -1.0, -40.0]
        let model = try DiscreteLatentELBO(logJoint: logJoint)
        let posterior = try model.posterior()
        let evidence = try model.evidence()
        // Independent route: ln(Σ exp ℓₖ) summed directly (no overflow at these magnitudes).
        let direct = log(logJoint.map(exp).reduce(0, +))
        expectClose(
            evidence, direct,
            within: Tolerance.ulps(
                4,
                "logSumExp vs direct sum: each ≲ 2 ulp at |ln p| ≈ 1"))
        let tolerance = Tolerance.absolute(
            16 * 0x1p-53 * 4, "4 terms, ≤ 4 roundings each, |ℓₖ − ln qₖ| ≲ 1 for the non-negligible terms")
        expectClose(try model.elbo(posterior), evidence, within: tolerance)
        expectClose(try model.klToPosterior(posterior), 0, within: tolerance)
        // Any other q is strictly worse.
        var random = SplitMix64(seed: 0xAA)
        for _ in 0..<50 {
            let (_, q) = Self.randomCase(&random, states: 4)
            #expect(try model.elbo(q) < evidence)
        }
    }

    @Test("q with 0 entries contributes 0·ln 0 = 0; a point mass gives ELBO = ℓₖ")
    func zeroProbabilityTermsVanish() throws {
        let model = try DiscreteLatentELBO(logJoint: [-1.5, 2.25, 0.5])
        #expect(try model.elbo([0, 1, 0]) == 2.25)
        let exact = try DiscreteLatentELBO(logJoint: [BigFloat(-1.5), BigFloat(2.25), BigFloat(0.5)])
        #expect(try exact.elbo([.zero, .one, .zero]) == BigFloat(2.25))
    }

    @Test("bad input throws typed errors: empty, non-finite ℓ, wrong length, negative q, q off the simplex")
    func badInputThrows() throws {
        #expect(throws: ModelInputError.empty(what: "log joint ℓ")) { try DiscreteLatentELBO<Double>(logJoint: []) }
        #expect(throws: ModelInputError.nonFinite(what: "log joint ℓ", index: 1)) {
            try DiscreteLatentELBO(logJoint: [0, .nan])
        }
        let model = try DiscreteLatentELBO(logJoint: [0.0, -1.0])
        #expect(throws: ModelInputError.self) { try model.elbo([1.0]) }
        #expect(throws: ModelInputError.self) { try model.elbo([1.5, -0.5]) }
        #expect(throws: ModelInputError.self) { try model.klToPosterior([0.5, 0.4]) }
        // Within the stated tolerance (1e-12) a rounded q is accepted.
        // ELBO = ½(0 + ln 2) + ½(−1 + ln 2) = ln 2 − ½; the 1e-14 excess moves it by ~1e-14.
        expectClose(
            try model.elbo([0.5 + 1e-14, 0.5]), log(2.0) - 0.5,
            within: Tolerance.absolute(1e-13, "q off the simplex by 1e-14, terms O(1)"))
    }
}
