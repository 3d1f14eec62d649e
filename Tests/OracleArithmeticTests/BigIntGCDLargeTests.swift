import Testing
import OracleArithmetic
import OracleTestSupport
import OracleRandom

/// `BigInt.gcd` on operands of thousands of bits, against Euclid's algorithm by remainders
/// (`quotientAndRemainder`, Knuth's division: no code shared with the Lehmer gcd). The operand
/// families steer the double-digit step (`euclidMatrix`) into each of its branches: long runs
/// of quotient 1 (Fibonacci), large quotients (the binary division and the full division step),
/// equal leading words, differences below 2⁶⁵ (no certain quotient), and limb patterns with
/// carries and borrows.
@Suite("BigInt gcd on large operands")
struct BigIntGCDLargeTests {
    /// gcd(|a|, |b|) by the Euclidean algorithm on remainders.
    func euclid(_ a: BigInt, _ b: BigInt) throws -> BigInt {
        var (x, y) = (a.magnitude, b.magnitude)
        while !y.isZero { (x, y) = (y, try x.quotientAndRemainder(dividingBy: y).remainder) }
        return x
    }

    /// g = gcd(a, b) equals Euclid's, divides both, and leaves coprime cofactors (by Euclid).
    func check(_ a: BigInt, _ b: BigInt, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let g = BigInt.gcd(a, b)
        #expect(g == BigInt.gcd(b, a), "symmetry: \(label)", sourceLocation: sourceLocation)
        #expect(g == (try euclid(a, b)), "against Euclid: \(label)", sourceLocation: sourceLocation)
        guard !g.isZero else { return }
        let (qa, ra) = try a.quotientAndRemainder(dividingBy: g)
        let (qb, rb) = try b.quotientAndRemainder(dividingBy: g)
        #expect(ra.isZero && rb.isZero, "divides both: \(label)", sourceLocation: sourceLocation)
        #expect(try euclid(qa, qb) == .one, "coprime cofactors: \(label)", sourceLocation: sourceLocation)
    }

    @Test("random operands with planted factors, 200 to 6 000 bits")
    func plantedFactors() throws {
        var rng = SplitMix64(seed: 0x6CD_2D16)
        let rounds = LongTests.enabled ? 400 : 40
        for i in 0..<rounds {
            let bits = 200 + Int(rng.next() % 5_800)
            let f = BigInt.random(bitsIn: 1...(i % 3 == 0 ? 64 : bits / 2), using: &rng)
            let a = f * BigInt.random(bitsIn: (bits / 2)...bits, using: &rng)
            let b = f * BigInt.random(bitsIn: (bits / 2)...bits, using: &rng)
            try check(a, b, "round \(i)")
        }
    }

    @Test("structured operands: Fibonacci, large quotients, near-equal, equal leading words")
    func structuredOperands() throws {
        var rng = SplitMix64(seed: 0x57_2C)
        // Consecutive Fibonacci numbers (every quotient 1), times a common factor.
        var (x, y) = (BigInt.zero, BigInt.one)
        for _ in 0..<4_000 { (x, y) = (y, x + y) }
        let f = BigInt.random(bits: 300, signed: false, using: &rng)
        try check(x, y, "Fibonacci")
        try check(f * x, f * y, "Fibonacci × f")
        for bits in [640, 2_000, 5_000] {
            let b = BigInt.random(bits: bits, signed: false, using: &rng)
            // a = q·b + r with quotients of 20, 45, 62, 63, 64 and 100 bits.
            for qBits in [20, 45, 62, 63, 64, 100] {
                let q = BigInt.random(bits: qBits, signed: false, using: &rng)
                let r = BigInt.random(bitsIn: 1...bits, signed: false, using: &rng)
                try check(q * b + r, b, "\(bits) bits, quotient of \(qBits) bits")
            }
            // Differences below 2⁶⁵ and just above: a − b tiny against a.
            for shift in [0, 30, 64, 65, 66, 130] {
                let d = BigInt.random(bits: 1 + shift, signed: false, using: &rng)
                try check(b + d, b, "\(bits) bits, difference of \(shift + 1) bits")
            }
            // Equal leading 64 and 128 bits, different below.
            for common in [64, 128, 192] {
                let high = (b >> (bits - common)) << (bits - common)
                let lowA = BigInt.random(bitsIn: 1...(bits - common), signed: false, using: &rng)
                let lowB = BigInt.random(bitsIn: 1...(bits - common), signed: false, using: &rng)
                try check(high + lowA, high + lowB, "\(bits) bits, \(common) equal leading bits")
            }
            // All-ones and powers of two: every carry and borrow.
            let ones = (BigInt.one << bits) - .one
            try check(ones, (BigInt.one << (bits - 1)) - .one, "\(bits) bits, all ones")
            try check(ones, BigInt.one << (bits / 2), "\(bits) bits, power of two")
            try check(ones * b, ones, "\(bits) bits, multiple")
        }
    }
}
