import Testing
import OracleArithmetic
import OracleTestSupport
import OracleRandom

@Suite("BigInt ring axioms")
struct BigIntRingTests {
    /// Bit-length ranges from one limb to 4000 bits.
    static let sizes: [ClosedRange<Int>] = [1...64, 60...130, 100...700, 700...2000, 2000...4000]

    @Test("commutativity, associativity, distributivity, identities, inverses", arguments: sizes)
    func ringAxioms(bits: ClosedRange<Int>) {
        var rng = SplitMix64(seed: 0xB16_1 &+ UInt64(bits.upperBound))
        let rounds = LongTests.enabled ? 400 : (bits.upperBound > 1000 ? 12 : 60)
        for _ in 0..<rounds {
            let a = BigInt.random(bitsIn: bits, using: &rng)
            let b = BigInt.random(bitsIn: bits, using: &rng)
            let c = BigInt.random(bitsIn: bits, using: &rng)
            #expect(a + b == b + a)
            #expect(a * b == b * a)
            #expect((a + b) + c == a + (b + c))
            #expect((a * b) * c == a * (b * c))
            #expect(a * (b + c) == a * b + a * c)
            #expect(a + .zero == a && a * .one == a && (a * .zero).isZero)
            #expect((a + -a).isZero && a - b == a + -b && -(-a) == a)
            #expect((a - b) + b == a)
            // Sign rules of the product and the bit length of a product of magnitudes.
            let p = a * b
            #expect(p.signum == a.signum * b.signum)
            let length = a.magnitude.bitLength + b.magnitude.bitLength
            #expect(p.isZero || p.bitLength == length || p.bitLength == length - 1)
        }
    }

    @Test("Karatsuba equals schoolbook across and far above the threshold")
    func karatsubaMatchesSchoolbook() {
        var rng = SplitMix64(seed: 0x4A7A)
        let threshold = BigInt.karatsubaThreshold
        // Limb counts straddling the threshold, unbalanced shapes, and up to 8000 bits (125 limbs).
        let shapes: [(Int, Int)] = [
            (threshold - 1, threshold - 1), (threshold, threshold), (threshold + 1, threshold),
            (2 * threshold + 3, threshold), (2 * threshold, 2 * threshold + 1), (5 * threshold, threshold + 2),
            (125, 125), (125, 61), (3, 125),
        ]
        for (la, lb) in shapes {
            for forced in [4, 5, 8, threshold] {
                let a = BigInt.random(bits: la * 64 - Int(rng.next() % 64), using: &rng)
                let b = BigInt.random(bits: lb * 64 - Int(rng.next() % 64), using: &rng)
                let schoolbook = BigInt._product(a, b, karatsubaThreshold: Int.max)
                #expect(
                    BigInt._product(a, b, karatsubaThreshold: forced) == schoolbook,
                    "limbs \(la)×\(lb), threshold \(forced)")
            }
        }
        // All-ones operands maximise the carries in the middle term: (B^n − 1)² = B^2n − 2B^n + 1.
        let n = 3 * threshold
        let ones = BigInt(negative: false, limbs: Array(repeating: .max, count: n))
        let square = ones * ones
        let expected = (BigInt.one << (128 * n)) - (BigInt.one << (64 * n + 1)) + .one
        #expect(square == expected)
    }

    @Test("large operands: products, exact and inexact division, gcd, decimal round trip")
    func largeOperands() throws {
        var rng = SplitMix64(seed: 0x1A2_6E)
        // 20 000 bits by default (several Karatsuba levels); 100 000 bits in the long mode.
        let sizes = LongTests.enabled ? [5_000, 20_000, 100_000] : [5_000, 20_000]
        for bits in sizes {
            let a = BigInt.random(bits: bits, using: &rng)
            let b = BigInt.random(bitsIn: (bits / 3)...bits, using: &rng)
            let c = BigInt.random(bitsIn: 1...bits, using: &rng)
            let p = a * b
            #expect(p == BigInt._product(a, b, karatsubaThreshold: Int.max), "\(bits) bits")
            #expect((a + b) * c == a * c + b * c)
            let (q, r) = try p.quotientAndRemainder(dividingBy: b)
            #expect(q == a && r.isZero)
            let (q2, r2) = try (p + c).quotientAndRemainder(dividingBy: b)
            #expect(q2 * b + r2 == p + c && r2.magnitude < b.magnitude)
            // c divides gcd(a·c, b·c), and the cofactors of the gcd are coprime.
            let g = BigInt.gcd(a * c, b * c)
            #expect(try g.modulo(c.magnitude).isZero)
            let (ga, _) = try (a * c).quotientAndRemainder(dividingBy: g)
            let (gb, _) = try (b * c).quotientAndRemainder(dividingBy: g)
            #expect(BigInt.gcd(ga, gb) == .one)
            #expect(try BigInt(decimal: p.description) == p)
        }
    }

    @Test("shifts are multiplication and floor division by powers of two")
    func shifts() throws {
        var rng = SplitMix64(seed: 0x5_41F7)
        for _ in 0..<200 {
            let a = BigInt.random(bitsIn: 1...600, using: &rng)
            let n = Int(rng.next() % 300)
            let twoToN = try BigInt(2).power(n)
            #expect(a << n == a * twoToN)
            #expect((a << n) >> n == a)
            #expect(a >> n == (try a.floorDivided(by: twoToN)))
            #expect(a << -n == a >> n)
        }
        #expect(BigInt(-1) >> 1 == BigInt(-1))
        #expect(BigInt(-5) >> 1 == BigInt(-3))
        #expect(BigInt(5) >> 1 == BigInt(2))
        #expect(BigInt(-4) >> 2 == BigInt(-1))
        #expect(BigInt(1) << 64 == BigInt(negative: false, limbs: [0, 1]))
    }

    @Test("powers: known values, laws and errors")
    func powers() throws {
        // Python: pow(3, 100)
        #expect(try BigInt(3).power(100).description == "515377520732011331036461129765621272702107522001")
        #expect(try BigInt(-2).power(63) == BigInt(Int.min))
        #expect(try BigInt(0).power(0) == .one)
        #expect(try BigInt(-1).power(1_000_001) == BigInt(-1))
        var rng = SplitMix64(seed: 0x90E)
        for _ in 0..<30 {
            let a = BigInt.random(bitsIn: 1...100, using: &rng)
            let m = Int(rng.next() % 12), n = Int(rng.next() % 12)
            #expect(try a.power(m + n) == a.power(m) * a.power(n))
            #expect(try a.power(m * n) == a.power(m).power(n))
        }
        #expect(throws: ArithmeticError.self) { try BigInt(2).power(-1) }
        #expect(throws: ArithmeticError.self) { try BigInt(3).power(Int.max) }
        #expect(throws: ArithmeticError.self) { try BigInt(10).power(1 << 40) }
    }

    @Test("ordering is total and consistent with subtraction; hashing agrees with equality")
    func orderingAndHashing() {
        var rng = SplitMix64(seed: 0x0D3)
        var seen: [BigInt: Int] = [:]
        for i in 0..<300 {
            let a = BigInt.random(bitsIn: 0...200, using: &rng)
            let b = BigInt.random(bitsIn: 0...200, using: &rng)
            #expect((a < b) == ((b - a).signum > 0))
            #expect((a == b) == (a - b).isZero)
            #expect([a < b, a == b, a > b].filter { $0 }.count == 1)
            // A value rebuilt from its limbs (with padding) hashes the same.
            let rebuilt = BigInt(negative: a.isNegative, limbs: a.limbs + [0, 0])
            #expect(rebuilt == a && rebuilt.hashValue == a.hashValue)
            seen[a] = i
            #expect(seen[rebuilt] == i)
        }
        #expect(BigInt(-3) < BigInt(-2) && BigInt(-2) < BigInt(0) && BigInt(0) < BigInt(1))
    }
}
