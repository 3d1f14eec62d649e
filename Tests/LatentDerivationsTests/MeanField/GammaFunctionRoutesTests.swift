import Testing
import LatentDerivations
import OracleArithmetic
import OracleRandom
import OracleTestSupport

/// Two routes to ln Γ and ψ at `BigFloat`: the correctly rounded `BigFloat.logGamma`/`digamma`
/// (up to 160 Stirling terms from exact tangent-number Bernoulli numbers, shift and length chosen per
/// width, Ziv loop) against the generic `GammaFunctions` (17 terms, shift to y ≥ X(p)) run at twice
/// the precision. At 2p bits the generic route's error is a few 2p-bit ulps, far below the p-bit
/// ulp, so the p-bit value must lie within (½ + 2⁻²⁰) p-bit ulps of it.
struct GammaFunctionRoutesTests {
    /// Seeded x = m / 2¹⁶ with m uniform in [2¹⁰, 2²²): from 2⁻⁶ to 64, dyadic and exact at every precision.
    static func arguments(_ count: Int, seed: UInt64) -> [BigFloat] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            BigFloat(mantissa: BigInt(Int(generator.next() % (1 << 22 - 1 << 10)) + 1 << 10), exponent: -16)
        }
    }

    static func agree(_ fast: BigFloat, _ reference: BigFloat, bits p: Int) -> Bool {
        // |fast − reference| ≤ (½ + 2⁻²⁰) · 2^(topBit(fast) − p), compared exactly.
        let gap = BigFloat.withPrecision(8 * p + 64) { fast - reference }
        if gap.signum == 0 { return true }
        let bound = BigFloat.withPrecision(64) {
            BigFloat(mantissa: BigInt(1 << 19 + 1), exponent: fast.topBit - p - 20)
        }
        return (gap.isNegative ? -gap : gap) <= bound
    }

    static func check(count: Int, bits p: Int, seed: UInt64) throws {
        for x in arguments(count, seed: seed) {
            let (lg, psi) = try BigFloat.withPrecision(p) { (try BigFloat.logGamma(x), try BigFloat.digamma(x)) }
            let (lgReference, psiReference) = try BigFloat.withPrecision(2 * p) {
                (try GammaFunctions.logGamma(x), try GammaFunctions.digamma(x))
            }
            #expect(agree(lg, lgReference, bits: p), "ln Γ(\(x)) at \(p) bits: \(lg) vs \(lgReference)")
            #expect(agree(psi, psiReference, bits: p), "ψ(\(x)) at \(p) bits: \(psi) vs \(psiReference)")
        }
    }

    @Test(
        "ln Γ and ψ at 64 and 128 bits agree with the generic route at twice the precision (300 seeded x)",
        arguments: [64, 128])
    func correctlyRoundedAgainstGenericRoute(p: Int) throws {
        try Self.check(count: 300, bits: p, seed: 0x6A_4D4E + UInt64(p))
    }

    @Test(
        "long: 10⁵ seeded x at 64 bits and 10⁴ at 128 bits against the generic route",
        .enabled(if: LongTests.enabled))
    func correctlyRoundedAgainstGenericRouteLong() throws {
        try Self.check(count: 100_000, bits: 64, seed: 0x6A_4D4F)
        try Self.check(count: 10_000, bits: 128, seed: 0x6A_4D50)
    }
}
