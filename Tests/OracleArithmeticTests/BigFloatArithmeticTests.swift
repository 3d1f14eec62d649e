import Foundation
import Testing
import OracleArithmetic
import OracleTestSupport
import OracleRandom

/// Helpers shared by the BigFloat test files.
enum BigFloatTesting {
    /// `true` when LATENT_ORACLE_LONG_TESTS=1 asks for the exhaustive variants.
    static var long: Bool { LongTests.enabled }

    /// 2^k as an exact rational.
    static func powerOfTwo(_ k: Int) -> Rational {
        BigFloat(mantissa: BigInt(1), exponent: k).rationalValue
    }

    /// A random BigFloat with 1…maxBits significant bits, random sign and an exponent in `exponents`.
    static func random(_ rng: inout SplitMix64, maxBits: Int, exponents: ClosedRange<Int>) -> BigFloat {
        let bits = Int.random(in: 1...maxBits, using: &rng)
        var limbs = (0..<((bits + 63) / 64)).map { _ in rng.next() }
        let excess = limbs.count * 64 - bits
        limbs[limbs.count - 1] &= UInt64.max >> UInt64(excess)
        limbs[limbs.count - 1] |= 1 << UInt64(63 - excess)
        let mantissa = BigInt(negative: rng.next() & 1 == 1, limbs: limbs)
        return BigFloat(mantissa: mantissa, exponent: Int.random(in: exponents, using: &rng))
    }

    /// A random finite Double with exponent in `exponents` and a random sign.
    static func randomDouble(_ rng: inout SplitMix64, exponents: ClosedRange<Int>) -> Double {
        let significand = 1 + Double(rng.next() >> 12) * 0x1p-52
        return Double(
            sign: rng.next() & 1 == 1 ? .minus : .plus, exponent: Int.random(in: exponents, using: &rng),
            significand: significand)
    }

    /// The independent correct-rounding criterion: `true` when q is the p-bit number nearest to a
    /// real v (ties to even), using only exact rational comparisons. `signOfV` is the sign of v and
    /// `compare(t)` the sign of |v| − t for a rational t ≥ 0 (so v itself need not be rational).
    static func isNearest(_ q: BigFloat, precision p: Int, signOfV: Int, compare: (Rational) -> Int) -> Bool {
        if q.mantissa.isZero { return signOfV == 0 }
        guard q.signum == signOfV, q.mantissa.bitLength <= p else { return false }
        let magnitude = q.absoluteValue.rationalValue
        let spacingAbove = powerOfTwo(q.topBit - p)
        let spacingBelow = q.mantissa.magnitude == BigInt(1) ? powerOfTwo(q.topBit - 1 - p) : spacingAbove
        let half = powerOfTwo(-1)
        let lowMidpoint = magnitude - spacingBelow * half
        let highMidpoint = magnitude + spacingAbove * half
        // An odd p-bit mantissa is odd at precision p; fewer bits means a trailing zero (even).
        let even = q.mantissa.bitLength < p
        let low = compare(lowMidpoint)
        let high = compare(highMidpoint)
        return (low > 0 || (low == 0 && even)) && (high < 0 || (high == 0 && even))
    }

    /// The sign of r.
    static func sign(_ r: Rational) -> Int { r > .zero ? 1 : (r < .zero ? -1 : 0) }

    /// `isNearest` for a rational v.
    static func isNearest(_ q: BigFloat, precision p: Int, to v: Rational) -> Bool {
        isNearest(q, precision: p, signOfV: sign(v)) { t in sign(v.absoluteValue - t) }
    }
}

@Suite("BigFloat arithmetic is correctly rounded")
struct BigFloatArithmeticTests {
    static let precisions = [2, 3, 5, 24, 53, 64, 113, 200]

    @Test(
        "+ − × match the rounded exact rational result and pass the nearest-neighbour criterion",
        arguments: precisions
    )
    func ringOperations(p: Int) {
        var rng = SplitMix64(seed: 0xB16F_1000 + UInt64(p))
        let count = BigFloatTesting.long ? 3000 : 150
        for _ in 0..<count {
            let a = BigFloatTesting.random(&rng, maxBits: 3 * p, exponents: -40...40)
            // Mix close exponents (cancellation) with distant ones (sticky stand-in path).
            let b =
                rng.next() & 3 == 0
                ? BigFloatTesting.random(&rng, maxBits: 3 * p, exponents: -400...400)
                : BigFloatTesting.random(&rng, maxBits: 3 * p, exponents: -40...40)
            BigFloat.withPrecision(p) {
                let cases: [(String, BigFloat, Rational)] = [
                    ("+", a + b, a.rationalValue + b.rationalValue),
                    ("−", a - b, a.rationalValue - b.rationalValue),
                    ("×", a * b, a.rationalValue * b.rationalValue),
                ]
                for (op, q, exact) in cases {
                    #expect(q == BigFloat(exact, precision: p), "\(a) \(op) \(b) at \(p) bits")
                    #expect(BigFloatTesting.isNearest(q, precision: p, to: exact), "\(a) \(op) \(b) at \(p) bits")
                }
            }
        }
    }

    @Test("÷ is nearest by the exact residual criterion |a| vs t·|b|", arguments: precisions)
    func division(p: Int) throws {
        var rng = SplitMix64(seed: 0xB16F_2000 + UInt64(p))
        let count = BigFloatTesting.long ? 3000 : 150
        for _ in 0..<count {
            let a = BigFloatTesting.random(&rng, maxBits: 2 * p, exponents: -40...40)
            let b = BigFloatTesting.random(&rng, maxBits: 2 * p, exponents: -40...40)
            let q = try BigFloat.withPrecision(p) { try a.divided(by: b) }
            let (ra, rb) = (a.rationalValue, b.rationalValue)
            // |a/b| vs t  ⇔  |a| vs t·|b| (b ≠ 0): no rational division involved.
            let nearest = BigFloatTesting.isNearest(q, precision: p, signOfV: a.signum * b.signum) { t in
                BigFloatTesting.sign(ra.absoluteValue - t * rb.absoluteValue)
            }
            #expect(nearest, "\(a) / \(b) = \(q) at \(p) bits")
            #expect(q == BigFloat(ra / rb, precision: p), "\(a) / \(b) at \(p) bits")
        }
    }

    @Test("sqrt is nearest by the exact bracket (q ± ½ulp)² around x", arguments: precisions)
    func squareRoot(p: Int) throws {
        var rng = SplitMix64(seed: 0xB16F_3000 + UInt64(p))
        let count = BigFloatTesting.long ? 3000 : 150
        for i in 0..<count {
            var x = BigFloatTesting.random(&rng, maxBits: 2 * p + 3, exponents: -41...41).absoluteValue
            // Every fourth case is the exact square of a p-bit number r, whose root must be |r|.
            var root: BigFloat?
            if i % 4 == 0 {
                let r = BigFloatTesting.random(&rng, maxBits: p, exponents: -20...20)
                x = BigFloat(mantissa: r.mantissa * r.mantissa, exponent: 2 * r.exponent)
                root = r.absoluteValue
            }
            let q = try BigFloat.withPrecision(p) { try BigFloat.sqrt(x) }
            let rx = x.rationalValue
            // √x vs t  ⇔  x vs t² (t ≥ 0).
            let nearest = BigFloatTesting.isNearest(q, precision: p, signOfV: x.signum) { t in
                BigFloatTesting.sign(rx - t * t)
            }
            #expect(nearest, "sqrt(\(x)) = \(q) at \(p) bits")
            if let root { #expect(q == root, "exact square \(x)") }
        }
    }

    @Test("at 53 bits, + − × ÷ sqrt of Doubles equal IEEE 754 binary64 (itself correctly rounded)")
    func matchesIEEE() throws {
        var rng = SplitMix64(seed: 0xB16F_4000)
        let count = BigFloatTesting.long ? 100_000 : 2000
        for i in 0..<count {
            let a = BigFloatTesting.randomDouble(&rng, exponents: -300...300)
            // Alternate independent operands with near-equal ones (cancellation, ties in +).
            let b =
                i % 3 == 0
                ? a * (1 + Double(Int.random(in: -8...8, using: &rng)) * 0x1p-52)
                : BigFloatTesting.randomDouble(&rng, exponents: -300...300)
            let (A, B) = (BigFloat(a), BigFloat(b))
            try BigFloat.withPrecision(53) { () throws in
                #expect((A + B).doubleValue == a + b, "\(a) + \(b)")
                #expect((A - B).doubleValue == a - b, "\(a) - \(b)")
                #expect((A * B).doubleValue == a * b, "\(a) * \(b)")
                #expect(try A.divided(by: B).doubleValue == a / b, "\(a) / \(b)")
                #expect(try BigFloat.sqrt(A.absoluteValue).doubleValue == abs(a).squareRoot(), "sqrt \(a)")
            }
        }
    }

    @Test("ties go to even")
    func tiesToEven() {
        // At 4 bits, representable numbers near 16 are 14, 15, 16, 18, 20: 17 and 19 are midpoints.
        BigFloat.withPrecision(4) {
            #expect(BigFloat(16) + BigFloat(1) == BigFloat(16))  // 17 → 16 (1000·2¹, even)
            #expect(BigFloat(16) + BigFloat(3) == BigFloat(20))  // 19 → 20 (1010·2¹, even)
            #expect(BigFloat(15) * BigFloat(1) + BigFloat(mantissa: 1, exponent: -1) == BigFloat(16))  // 15.5 → 16
            #expect(BigFloat(13) + BigFloat(mantissa: 1, exponent: -1) == BigFloat(14))  // 13.5 → 14
            #expect(BigFloat(-16) - BigFloat(1) == BigFloat(-16))
            // A tie with a far tail is no longer a tie: 16 + 1 + 2⁻¹⁰⁰⁰ → 18.
            #expect(BigFloat(16) + BigFloat(mantissa: BigInt(1) + (BigInt(1) << 1000), exponent: -1000) == BigFloat(18))
            // 1 − 2⁻¹⁰⁰⁰ rounds to 1; 1 − 2⁻⁵ (midpoint below 1 at 4 bits) rounds to 1 (even).
            #expect(BigFloat(1) - BigFloat(mantissa: 1, exponent: -1000) == BigFloat(1))
            #expect(BigFloat(1) - BigFloat(mantissa: 1, exponent: -5) == BigFloat(1))
            #expect(BigFloat(1) - BigFloat(mantissa: 3, exponent: -6) == BigFloat(mantissa: 15, exponent: -4))
        }
        #expect(BigFloat(Rational(7), precision: 2) == BigFloat(8))  // 7 = 111 → tie 6/8 → 8 (10·2²)
        #expect(BigFloat(Rational(5), precision: 2) == BigFloat(4))  // 5 = 101 → tie 4/6 → 4
    }

    @Test("division by zero and sqrt of a negative number throw typed errors")
    func badInput() {
        #expect(throws: ArithmeticError.self) { try BigFloat(1).divided(by: .zero) }
        #expect(throws: ArithmeticDomainError.self) { try BigFloat.sqrt(BigFloat(-1)) }
        #expect(throws: ArithmeticDomainError.self) { try BigFloat.sqrt(BigFloat(mantissa: -1, exponent: -5000)) }
        #expect(BigFloat(exactly: .nan) == nil)
        #expect(BigFloat(exactly: -.infinity) == nil)
    }

    @Test("Double conversions: exact in, correctly rounded out (subnormals, overflow) against Rational.doubleValue")
    func doubleConversions() {
        var rng = SplitMix64(seed: 0xB16F_5000)
        for _ in 0..<2000 {
            let d = Double(bitPattern: rng.next())
            guard d.isFinite else { continue }
            let x = BigFloat(d)
            #expect(x.doubleValue.bitPattern == d.bitPattern || (d == 0 && x.doubleValue == 0), "round trip \(d)")
            #expect(x.rationalValue == Rational(exactly: d), "exact \(d)")
        }
        // Long mantissas around the subnormal, normal and overflow edges: Rational's independent
        // conversion (a different algorithm, by another author) is the reference.
        let count = BigFloatTesting.long ? 50_000 : 1500
        for i in 0..<count {
            let exponents: ClosedRange<Int> = [-1200 ... -1000, -60...60, 900...1000][i % 3]
            let x = BigFloatTesting.random(&rng, maxBits: 120, exponents: exponents)
            let expected = x.rationalValue.doubleValue
            #expect(x.doubleValue.bitPattern == expected.bitPattern, "\(x)")
        }
        // Edges: the largest finite, just above it (rounds to it or overflows), half the least subnormal.
        let maxFinite = BigFloat(Double.greatestFiniteMagnitude)
        #expect(maxFinite.doubleValue == .greatestFiniteMagnitude)
        // 2^1024 − 2^970: midpoint
        let overflowTie = BigFloat(mantissa: (BigInt(1) << 54) - BigInt(1), exponent: 1024 - 54)
        #expect(overflowTie.doubleValue == .infinity)
        let justBelowTie = BigFloat(mantissa: (BigInt(1) << 55) - BigInt(3), exponent: 1024 - 55)
        #expect(justBelowTie.doubleValue == .greatestFiniteMagnitude)
        #expect(BigFloat(mantissa: 1, exponent: -1075).doubleValue == 0)  // tie → even (0)
        #expect(BigFloat(mantissa: 3, exponent: -1076).doubleValue == 0x1p-1074)
        // 1.5 · 2⁻¹⁰⁷⁴ → 2 (even)
        #expect(BigFloat(mantissa: -3, exponent: -1075).doubleValue == -0x1p-1073)
    }

    @Test("integers, order and description")
    func integersOrderDescription() {
        BigFloat.withPrecision(8) {
            #expect(BigFloat(255) == BigFloat(mantissa: 255, exponent: 0))
            #expect(BigFloat(257) == BigFloat(256))  // 9 bits → rounded to 8
            #expect(BigFloat(BigInt(1) << 200) == BigFloat(mantissa: 1, exponent: 200))
        }
        #expect(BigFloat(-3) < BigFloat(-2))
        #expect(BigFloat(mantissa: 1, exponent: -100) < BigFloat(mantissa: 3, exponent: -101))
        #expect(!(BigFloat(2) < BigFloat(2)))
        #expect(BigFloat(mantissa: 6, exponent: 0) == BigFloat(3) + BigFloat(3))
        BigFloat.withPrecision(53) {
            #expect((BigFloat(1) / BigFloat(3)).description == "3.3333333333333331e-1")
            #expect(BigFloat(-1234).description == "-1.2340000000000000e+3")
            #expect(BigFloat.zero.description == "0")
        }
    }
}
