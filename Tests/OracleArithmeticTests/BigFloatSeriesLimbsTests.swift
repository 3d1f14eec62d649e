import Testing
@testable import OracleArithmetic
import OracleTestSupport
import OracleRandom

/// The in-place limb kernels of the exp/log series (`SeriesLimbs`, `FixedPoint.taylorSums`) must
/// produce exactly the integers of the `BigInt` operations they replace: BigFloat results are
/// required to stay bit-identical.
@Suite("BigFloat series limb kernels")
struct BigFloatSeriesLimbsTests {
    /// A random non-negative integer below 2^bits.
    static func random(_ rng: inout SplitMix64, bits: Int) -> BigInt {
        let limbs = (0..<((bits + 63) / 64)).map { _ in rng.next() }
        return BigInt(negative: false, limbs: limbs) >> ((bits + 63) / 64 * 64 - bits)
    }

    @Test(
        "divide, add and multiplyShifted agree with BigInt's /, + and floored >>",
        arguments: [64, 129, 291, 320, 700])
    func operationsAgreeWithBigInt(F: Int) {
        var rng = SplitMix64(seed: 0x5E71E5 &+ UInt64(F))
        for _ in 0..<200 {
            // Operands below 2^F and 2^(F+1): the ranges the series use (width ⌊F/64⌋ + 2).
            let a = Self.random(&rng, bits: F), b = Self.random(&rng, bits: F + 1)
            let d = rng.next() % 3 == 0 ? rng.next() | 1 : rng.next() % 2000 + 1
            var x = SeriesLimbs(count: 4, width: F / 64 + 2)
            x.set(0, to: a)
            x.set(1, to: b)
            x.divide(0, by: d, into: 2)
            #expect(x.value(2) == a / BigInt(d))
            x.add(0, into: 1)
            #expect(x.value(1) == a + b)
            x.multiplyShifted(0, 1, bits: F, into: 3)
            #expect(x.value(3) == (a * (a + b)) >> F)
            x.divide(3, by: d, into: 3)  // in place
            #expect(x.value(3) == ((a * (a + b)) >> F) / BigInt(d))
        }
    }

    @Test("taylorSums (limbs) equals signedTaylorSums (BigInt) for t^J ≥ 0", arguments: [2, 3, 4])
    func taylorSumsAgree(J: Int) {
        var rng = SplitMix64(seed: 0x7A_7105 &+ UInt64(J))
        for F in [100, 291, 555, 1100] {
            for _ in 0..<10 {
                // t^J ≤ 2^(F−J): |t| ≤ ½ as in `FixedPoint.expm1`; also tiny values.
                let shift = Int(rng.next() % UInt64(F - J))
                let tJ = Self.random(&rng, bits: F - J) >> shift
                #expect(FixedPoint.taylorSums(tJ, J: J, bits: F) == FixedPoint.signedTaylorSums(tJ, J: J, bits: F))
            }
        }
    }
}
