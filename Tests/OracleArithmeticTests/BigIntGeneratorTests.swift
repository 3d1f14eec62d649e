import Testing
import OracleArithmetic
import OracleTestSupport
import OracleRandom

/// Seeded random `BigInt`s for the property tests, biased toward hard limb patterns.
extension BigInt {
    /// A random integer of exactly `bits` bits (0 for `bits == 0`), negative with probability
    /// ½ when `signed`. With probability ¼ each limb is drawn from the edge patterns 0, 1,
    /// 0x8000…, 0xFFFF… instead of uniformly, to exercise carries, borrows and q̂ corrections.
    static func random(bits: Int, signed: Bool = true, using rng: inout SplitMix64) -> BigInt {
        if bits == 0 { return .zero }
        let count = (bits + 63) / 64
        let edgy = rng.next() % 4 == 0
        var limbs = (0..<count).map { _ -> UInt64 in
            if edgy {
                switch rng.next() % 4 {
                case 0: return 0
                case 1: return 1
                case 2: return 1 << 63
                default: return .max
                }
            }
            return rng.next()
        }
        // Keep exactly `bits` bits: clear above, set the top one.
        let topBits = bits - (count - 1) * 64
        if topBits < 64 { limbs[count - 1] &= (1 << UInt64(topBits)) - 1 }
        limbs[count - 1] |= 1 << UInt64(topBits - 1)
        return BigInt(negative: signed && rng.next() & 1 == 1, limbs: limbs)
    }

    /// A random integer with a random bit length in `bitRange`.
    static func random(bitsIn bitRange: ClosedRange<Int>, signed: Bool = true, using rng: inout SplitMix64) -> BigInt {
        let span = UInt64(bitRange.upperBound - bitRange.lowerBound + 1)
        return random(bits: bitRange.lowerBound + Int(rng.next() % span), signed: signed, using: &rng)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("BigInt test generator")
struct BigIntGeneratorTests {
    @Test("random(bits:) has exactly the requested bit length", arguments: [1, 2, 63, 64, 65, 127, 128, 129, 4000])
    func exactBitLength(bits: Int) {
        var rng = SplitMix64(seed: UInt64(bits))
        for _ in 0..<50 {
            let x = BigInt.random(bits: bits, using: &rng)
            #expect(x.bitLength == bits)
            #expect(x.limbs.count == (bits + 63) / 64)
        }
    }

    @Test("normalisation drops high zero limbs and −0")
    func normalization() {
        let x = BigInt(negative: true, limbs: [0, 0, 0])
        #expect(x.isZero && !x.isNegative && x.limbs.isEmpty && x.signum == 0)
        let y = BigInt(negative: false, limbs: [5, 0, 0])
        #expect(y.limbs == [5] && y == BigInt(5))
        #expect(BigInt(-7).signum == -1 && BigInt(7).signum == 1)
        #expect(BigInt(Int.min).limbs == [1 << 63] && BigInt(Int.min).isNegative)
        #expect(BigInt(UInt64.max).limbs == [.max])
    }
}
