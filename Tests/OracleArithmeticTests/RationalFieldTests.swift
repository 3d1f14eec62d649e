import Testing
import OracleArithmetic
import OracleTestSupport
import OracleRandom

extension Rational {
    /// A random fraction with numerator and denominator of up to `bits` bits before reduction.
    static func random(bits: ClosedRange<Int>, using rng: inout SplitMix64) throws -> Rational {
        let p = BigInt.random(bitsIn: bits, using: &rng)
        var q = BigInt.random(bitsIn: max(1, bits.lowerBound)...bits.upperBound, signed: false, using: &rng)
        if rng.next() % 4 == 0 { q = .one }
        // The reducing initializer is the reference here; q ≠ 0 by construction.
        return try Rational(numerator: p, denominator: q)
    }

    /// `true` when the representation is canonical: q > 0 and gcd(p, q) = 1 (0 is 0/1).
    var isNormalized: Bool {
        !denominator.isNegative && !denominator.isZero && BigInt.gcd(numerator, denominator) == .one
    }
}

@Suite("Rational field axioms")
struct RationalFieldTests {
    static let sizes: [ClosedRange<Int>] = [1...8, 1...64, 50...200, 200...1500]

    @Test("field axioms and canonical form", arguments: sizes)
    func fieldAxioms(bits: ClosedRange<Int>) throws {
        var rng = SplitMix64(seed: 0xF1E1D &+ UInt64(bits.upperBound))
        let rounds = LongTests.enabled ? 400 : (bits.upperBound > 1000 ? 15 : 60)
        for _ in 0..<rounds {
            let a = try Rational.random(bits: bits, using: &rng)
            let b = try Rational.random(bits: bits, using: &rng)
            let c = try Rational.random(bits: bits, using: &rng)
            #expect(a + b == b + a && a * b == b * a)
            #expect((a + b) + c == a + (b + c))
            #expect((a * b) * c == a * (b * c))
            #expect(a * (b + c) == a * b + a * c)
            #expect(a + .zero == a && a * .one == a && (a * .zero).isZero)
            #expect((a - a).isZero && a - b == a + -b)
            for r in [a + b, a - b, a * b, a * c - b] { #expect(r.isNormalized, "\(r)") }
            // Knuth's gcd-trick sum and product against the textbook formulas reduced by one gcd.
            let naiveSum = try Rational(
                numerator: a.numerator * b.denominator + b.numerator * a.denominator,
                denominator: a.denominator * b.denominator)
            #expect(a + b == naiveSum)
            let naiveProduct = try Rational(
                numerator: a.numerator * b.numerator, denominator: a.denominator * b.denominator)
            #expect(a * b == naiveProduct)
            if !b.isZero {
                let q = try a.divided(by: b)
                #expect(q * b == a && q.isNormalized)
                #expect(try b * b.reciprocal == .one)
                #expect(a / b == q)
            }
        }
    }

    @Test("construction reduces and fixes the sign")
    func construction() throws {
        let x = try Rational(numerator: BigInt(6), denominator: BigInt(-4))
        #expect(x.numerator == BigInt(-3) && x.denominator == BigInt(2))
        #expect(x.description == "-3/2")
        let zero = try Rational(numerator: .zero, denominator: BigInt(-7))
        #expect(zero == .zero && zero.denominator == .one && !zero.numerator.isNegative && zero.description == "0")
        #expect(Rational(BigInt(12)).description == "12" && Rational(12).isInteger)
        #expect(throws: ArithmeticError.self) { try Rational(numerator: .one, denominator: .zero) }
    }

    @Test("ordering agrees with subtraction and with Double ordering")
    func ordering() throws {
        var rng = SplitMix64(seed: 0x0DE2)
        for _ in 0..<500 {
            let a = try Rational.random(bits: 1...120, using: &rng)
            let b = try Rational.random(bits: 1...120, using: &rng)
            #expect((a < b) == ((b - a).signum > 0))
            #expect([a < b, a == b, a > b].filter { $0 }.count == 1)
            // doubleValue is monotone, so a strict Double order implies the exact order.
            if a.doubleValue < b.doubleValue { #expect(a < b) }
        }
        #expect(Rational(-1) < (try Rational(numerator: BigInt(-1), denominator: BigInt(2))))
        #expect(Rational(0) < (try Rational(numerator: BigInt(1), denominator: BigInt(1_000_000_007))))
    }

    @Test("floor, ceiling, isInteger")
    func floorCeiling() throws {
        let cases: [(Int, Int, Int, Int)] = [
            (7, 2, 3, 4), (-7, 2, -4, -3), (6, 3, 2, 2), (-6, 3, -2, -2), (0, 1, 0, 0), (-1, 3, -1, 0),
        ]
        for (p, q, f, c) in cases {
            let x = try Rational(numerator: BigInt(p), denominator: BigInt(q))
            #expect(x.floor == BigInt(f) && x.ceiling == BigInt(c), "\(p)/\(q)")
            #expect(x.isInteger == (p % q == 0))
        }
    }

    @Test("integer powers, negative exponents, and their errors")
    func powers() throws {
        let twoThirds = try Rational(numerator: BigInt(2), denominator: BigInt(3))
        #expect(try twoThirds.power(-3).description == "27/8")
        #expect(try twoThirds.power(5).description == "32/243")
        #expect(try twoThirds.power(0) == .one)
        #expect(try (-twoThirds).power(3).description == "-8/27")
        #expect(try Rational.zero.power(0) == .one)
        var rng = SplitMix64(seed: 0x9093)
        for _ in 0..<40 {
            let a = try Rational.random(bits: 1...40, using: &rng)
            if a.isZero { continue }
            let m = Int(rng.next() % 14) - 7, n = Int(rng.next() % 14) - 7
            #expect(try a.power(m) * a.power(n) == a.power(m + n))
            #expect(try a.power(-m) * a.power(m) == .one)
            #expect(try a.power(m).isNormalized)
        }
        #expect(throws: ArithmeticError.self) { try Rational.zero.power(-1) }
        #expect(throws: ArithmeticError.self) { try Rational.zero.reciprocal }
        #expect(throws: ArithmeticError.self) { try Rational(3).divided(by: .zero) }
        #expect(throws: ArithmeticError.self) { try Rational(3).power(Int.max) }
        #expect(throws: ArithmeticError.self) { try twoThirds.power(Int.min) }
    }
}
