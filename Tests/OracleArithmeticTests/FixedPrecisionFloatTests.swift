import Testing
import OracleArithmetic
import OracleRandom

/// `FixedPrecisionFloat<P>` must return `BigFloat`'s values at working precision P.bits bit for
/// bit: both round the exact result correctly, and that rounding is unique.
@Suite struct FixedPrecisionFloatTests {
    /// A random p-bit operand: a random significand of 1 … p bits (so short and full ones, powers
    /// of two and all-ones patterns occur), a random sign and an exponent in −300 … 300.
    static func operand<P: FloatPrecision>(_ rng: inout SplitMix64, _: P.Type) -> BigFloat {
        let choice = rng.next() % 8
        let bits = choice == 0 ? 1 : choice == 1 ? P.bits : Int(rng.next() % UInt64(P.bits)) + 1
        var limbs = (0..<((bits + 63) / 64)).map { _ in choice == 2 ? UInt64.max : rng.next() }
        let excess = limbs.count * 64 - bits
        limbs[limbs.count - 1] &= UInt64.max >> UInt64(excess)
        limbs[limbs.count - 1] |= 1 << UInt64(63 - excess)
        let exponent = Int(rng.next() % 601) - 300
        return BigFloat(mantissa: BigInt(negative: rng.next() & 1 == 1, limbs: limbs), exponent: exponent)
    }

    /// b near a (a shifted by a few bits, ± an ulp-sized perturbation), for cancellation and the
    /// boundary cases of alignment (d = 0, p + 2, p + 3, …).
    static func partner<P: FloatPrecision>(_ a: BigFloat, _ rng: inout SplitMix64, _: P.Type) -> BigFloat {
        let shift = Int(rng.next() % UInt64(P.bits + 8))
        let scaled = BigFloat(mantissa: a.mantissa, exponent: a.exponent - (rng.next() & 1 == 0 ? 0 : shift))
        let nudge = BigFloat(mantissa: BigInt(Int(rng.next() % 5) - 2), exponent: scaled.topBit - P.bits - 2)
        let b = BigFloat.withPrecision(P.bits) { scaled + nudge }
        return rng.next() & 1 == 0 ? b : -b
    }

    func agree<P: FloatPrecision>(_: P.Type, seed: UInt64, count: Int) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<count {
            let a = Self.operand(&rng, P.self)
            let b = rng.next() % 3 == 0 ? Self.partner(a, &rng, P.self) : Self.operand(&rng, P.self)
            let (x, y) = (FixedPrecisionFloat<P>(a), FixedPrecisionFloat<P>(b))
            #expect(x.bigFloat == a && y.bigFloat == b)
            let expected = BigFloat.withPrecision(P.bits) { [a + b, a - b, a * b, b - a, b * b] }
            let actual = [x + y, x - y, x * y, y - x, y * y].map(\.bigFloat)
            #expect(actual == expected, "a = \(a), b = \(b)")
            #expect((x < y) == (a < b) && (x == y) == (a == b))
        }
    }

    @Test func arithmeticMatchesBigFloatAt128Bits() { agree(Precision128.self, seed: 128, count: 20_000) }

    @Test func arithmeticMatchesBigFloatAt192Bits() { agree(Precision192.self, seed: 192, count: 20_000) }

    @Test func conversionsAreExact() {
        typealias F = FixedPrecisionFloat<Precision128>
        let values: [Double] = [
            0, -0.0, 1, -1, 0.1, -3.75, .leastNonzeroMagnitude, -.leastNormalMagnitude, .greatestFiniteMagnitude,
        ]
        for value in values {
            #expect(F(value).bigFloat == BigFloat(value) && F(value).doubleValue == value)
        }
        for value in [0, 1, -1, Int.max, Int.min, 1 << 30] { #expect(F(value).bigFloat == BigFloat(value)) }
        #expect(F(1) - F(1) == F.zero && -F.zero == F.zero && F.zero.bigFloat == BigFloat.zero)
    }

    @Test func elementaryFunctionsAreBigFloatsAtThePrecision() throws {
        typealias F = FixedPrecisionFloat<Precision192>
        let x = F(0.7)
        let expected = try BigFloat.withPrecision(192) {
            [BigFloat.exp(BigFloat(0.7)), try BigFloat.log(BigFloat(0.7)), BigFloat(0.7) / BigFloat(3), BigFloat.pi]
        }
        #expect([F.exp(x), try F.log(x), x / F(3), F.pi].map(\.bigFloat) == expected)
    }
}
