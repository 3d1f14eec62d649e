import Testing
import OracleArithmetic
import OracleTestSupport
import OracleRandom

@Suite("BigInt division and gcd")
struct BigIntDivisionTests {
    /// Checks a = q·b + r, |r| < |b|, r has a's sign (or is 0), q truncates toward 0.
    func checkDivision(_ a: BigInt, _ b: BigInt, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (q, r) = try a.quotientAndRemainder(dividingBy: b)
        #expect(q * b + r == a, "a = q·b + r for a=\(a), b=\(b)", sourceLocation: sourceLocation)
        #expect(r.magnitude < b.magnitude, sourceLocation: sourceLocation)
        #expect(r.isZero || r.isNegative == a.isNegative, sourceLocation: sourceLocation)
        #expect(q.isZero || q.isNegative == (a.isNegative != b.isNegative), sourceLocation: sourceLocation)
    }

    @Test("division identity on random operands of 1 limb to 4000 bits")
    func randomDivision() throws {
        var rng = SplitMix64(seed: 0xD1D)
        let rounds = LongTests.enabled ? 5000 : 400
        for _ in 0..<rounds {
            let a = BigInt.random(bitsIn: 0...4000, using: &rng)
            // Divisors of 1, 2 and many limbs, and divisors longer than the dividend.
            let divisorBits: ClosedRange<Int> =
                switch rng.next() % 4 {
                case 0: 1...64
                case 1: 65...128
                case 2: 129...2000
                default: 1...4000
                }
            var b = BigInt.random(bitsIn: divisorBits, using: &rng)
            if b.isZero { b = .one }
            try checkDivision(a, b)
            // An exact multiple divides with remainder 0 and gives the factor back.
            let (q, r) = try (a * b).quotientAndRemainder(dividingBy: b)
            #expect(q == a && r.isZero)
        }
    }

    @Test("Knuth D q̂ correction cases: top limb 0x8000…, dividends of 0xFFFF…, add-back")
    func knuthEdgeCases() throws {
        let high: UInt64 = 1 << 63
        let ones = UInt64.max
        let divisors: [[UInt64]] = [
            [0, high], [ones, high], [1, high], [ones, ones], [0, 0, high], [ones, ones, high],
            [0, ones, ones - 1], [1, 0, high], [ones, 0, high], [ones - 1, ones],
            [0x0000_0000_0000_0003, 0x8000_0000_0000_0000, 0x7FFF_FFFF_FFFF_FFFF],
        ]
        let dividends: [[UInt64]] = [
            Array(repeating: ones, count: 4), Array(repeating: ones, count: 7),
            [0, 0, 0, high], [0, 0, 0, 0, ones - 1, high], [ones, 0, ones, 0, ones, high - 1],
            [0, 0, 0, 0, 0, high, high - 1], [1, 0, 0, 0, 0, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000],
        ]
        for d in divisors {
            for u in dividends {
                for sign in 0..<4 {
                    let a = BigInt(negative: sign & 1 == 1, limbs: u)
                    let b = BigInt(negative: sign & 2 == 2, limbs: d)
                    try checkDivision(a, b)
                    // Dividend just below and at a multiple of the divisor.
                    let m = b * BigInt(negative: false, limbs: [ones, ones - 1])
                    try checkDivision(m, b)
                    try checkDivision(m - .one, b)
                    try checkDivision(m + b - .one, b)
                }
            }
        }
        // The add-back step (D6) triggers on (B³ − ... ) style operands, e.g. Hacker's Delight's
        // test vector: u = 0x8000…0000_0000…0000_7FFF…FFFF, v = 0x8000…0000_0000…0001 (per 32-bit
        // digits there; here scaled to 64-bit limbs).
        let u = BigInt(negative: false, limbs: [0, ones, high - 1])
        let v = BigInt(negative: false, limbs: [1, high])
        try checkDivision(u, v)
    }

    @Test("one-limb divisors of every bit length (the reciprocal division path)")
    func singleLimbDivisors() throws {
        var rng = SplitMix64(seed: 0x1D1)
        for bits in 1...64 {
            for _ in 0..<4 {
                let d = BigInt.random(bits: bits, signed: false, using: &rng)
                let a = BigInt.random(bitsIn: 1...700, using: &rng)
                try checkDivision(a, d)
                // Limbs of all ones against divisors 1, 2⁶³ and 2⁶⁴ − 1 stress the correction steps.
                let ones = BigInt(negative: false, limbs: Array(repeating: .max, count: 1 + bits % 5))
                try checkDivision(ones, d)
            }
        }
        for d in [BigInt(1), BigInt(UInt64(1) << 63), BigInt(UInt64.max), BigInt(UInt64(10_000_000_000_000_000_000))] {
            let a = BigInt(negative: false, limbs: Array(repeating: .max, count: 9))
            try checkDivision(a, d)
            try checkDivision(a * d + d - .one, d)
        }
    }

    @Test("known quotients, truncation and floor semantics")
    func knownValues() throws {
        // (a, b, truncated q, truncated r, floor q, floor mod); the floor columns are Python's // and %.
        let cases: [(Int, Int, Int, Int, Int, Int)] = [
            (7, 2, 3, 1, 3, 1), (-7, 2, -3, -1, -4, 1), (7, -2, -3, 1, -4, -1), (-7, -2, 3, -1, 3, -1),
            (0, 5, 0, 0, 0, 0), (Int.max, 3, 3_074_457_345_618_258_602, 1, 3_074_457_345_618_258_602, 1),
            (Int.min + 1, 7, -1_317_624_576_693_539_401, 0, -1_317_624_576_693_539_401, 0),
        ]
        for (a, b, q, r, floorQ, floorR) in cases {
            let result = try BigInt(a).quotientAndRemainder(dividingBy: BigInt(b))
            #expect(result.quotient == BigInt(q) && result.remainder == BigInt(r), "\(a) / \(b)")
            #expect(try BigInt(a).floorDivided(by: BigInt(b)) == BigInt(floorQ), "\(a) // \(b)")
            #expect(try BigInt(a).modulo(BigInt(b)) == BigInt(floorR), "\(a) mod \(b)")
        }
        // Python: 10**40 // 123456789123456789, 10**40 % 123456789123456789
        let big = try BigInt(10).power(40)
        let (q, r) = try big.quotientAndRemainder(dividingBy: BigInt(123_456_789_123_456_789))
        #expect(q.description == "81000000656100006051510")
        #expect(r.description == "6788610006798610")
    }

    @Test("division by zero throws, never traps")
    func divisionByZero() {
        #expect(throws: ArithmeticError.self) { try BigInt(5).quotientAndRemainder(dividingBy: .zero) }
        #expect(throws: ArithmeticError.self) { try BigInt.zero.quotientAndRemainder(dividingBy: .zero) }
        #expect(throws: ArithmeticError.self) { try BigInt(5).floorDivided(by: .zero) }
        #expect(throws: ArithmeticError.self) { try BigInt(5).modulo(.zero) }
        do {
            _ = try BigInt(5).quotientAndRemainder(dividingBy: .zero)
        } catch {
            #expect(error.description.contains("division by zero"))
        }
    }

    @Test("gcd divides both operands and is maximal")
    func gcdProperties() throws {
        var rng = SplitMix64(seed: 0x6CD)
        let rounds = LongTests.enabled ? 2000 : 200
        for i in 0..<rounds {
            // A planted common factor makes the gcd non-trivial.
            let f = BigInt.random(bitsIn: 1...(i % 2 == 0 ? 100 : 1200), using: &rng)
            let a = f * BigInt.random(bitsIn: 0...1500, using: &rng)
            let b = f * BigInt.random(bitsIn: 0...1500, using: &rng)
            let g = BigInt.gcd(a, b)
            #expect(!g.isNegative)
            if g.isZero {
                #expect(a.isZero && b.isZero)
                continue
            }
            let (qa, ra) = try a.quotientAndRemainder(dividingBy: g)
            let (qb, rb) = try b.quotientAndRemainder(dividingBy: g)
            #expect(ra.isZero && rb.isZero)
            #expect(BigInt.gcd(qa, qb) == .one)
            #expect(try f.magnitude.isZero || g.modulo(f.magnitude).isZero)
        }
        #expect(BigInt.gcd(.zero, .zero) == .zero)
        #expect(BigInt.gcd(BigInt(-12), .zero) == BigInt(12))
        #expect(BigInt.gcd(BigInt(-12), BigInt(18)) == BigInt(6))
        // Python: math.gcd(2**200 - 1, 2**120 - 1) = 2**40 - 1
        let m200 = (BigInt.one << 200) - .one, m120 = (BigInt.one << 120) - .one
        #expect(BigInt.gcd(m200, m120) == (BigInt.one << 40) - .one)
        // Consecutive Fibonacci numbers are coprime (Euclid's worst case).
        var (x, y) = (BigInt.zero, BigInt.one)
        for _ in 0..<1000 { (x, y) = (y, x + y) }
        #expect(BigInt.gcd(x, y) == .one)
    }
}
