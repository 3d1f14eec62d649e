import Testing
import OracleArithmetic
import OracleTestSupport
import OracleRandom

/// `PrimeModulus`: the primality test, modular products and inverses, and residues of `BigInt`s,
/// each against an independent computation (`BigInt` long division, full-width division).
@Suite("Arithmetic modulo 62-bit primes")
struct PrimeModulusTests {
    @Test("primality: primes, Carmichael numbers and strong pseudoprimes")
    func primality() {
        // 2⁶¹ − 1 is a Mersenne prime; 2⁶² − 57 the largest prime below 2⁶² (sympy.prevprime).
        for p: UInt64 in [2, 3, 5, 97, 7919, (1 << 61) - 1, (1 << 62) - 57, 18_446_744_073_709_551_557] {
            #expect(PrimeModulus.isPrime(p), "\(p)")
        }
        // Carmichael numbers, strong pseudoprimes to bases 2 (3215031751 to 2, 3, 5, 7) and the
        // smallest strong pseudoprime to the bases 2…37's first nine (3825123056546413051).
        for c: UInt64 in [0, 1, 4, 561, 1105, 2047, 3_215_031_751, 3_825_123_056_546_413_051, (1 << 62) - 55, 2809] {
            #expect(!PrimeModulus.isPrime(c), "\(c)")
        }
        #expect(PrimeModulus(prime: 561) == nil)
        #expect(PrimeModulus(prime: 1 << 62 + 1) == nil)
        #expect(PrimeModulus.primes(count: 300).map(\.p) == PrimeModulus.primes(count: 300).map(\.p).sorted(by: >))
    }

    @Test("products, sums and inverses against full-width division")
    func fieldOperations() throws {
        var g = SplitMix64(seed: 0x5EED)
        for prime in PrimeModulus.primes(count: 4) + [try #require(PrimeModulus(prime: 97))] {
            let p = prime.p
            for _ in 0..<200 {
                let a = g.next() % p, b = g.next() % p
                #expect(prime.multiply(a, b) == p.dividingFullWidth(a.multipliedFullWidth(by: b)).remainder)
                // Shoup's product with the precomputed ⌊a·2⁶⁴/p⌋, also at the extremes b = p − 1.
                let aShoup = prime.shoupFactor(a)
                #expect(aShoup == p.dividingFullWidth((a, 0)).quotient)
                #expect(
                    prime.multiply(a, shoup: aShoup, b) == p.dividingFullWidth(a.multipliedFullWidth(by: b)).remainder)
                #expect(
                    prime.multiply(a, shoup: aShoup, p - 1)
                        == p.dividingFullWidth(a.multipliedFullWidth(by: p - 1)).remainder)
                #expect(prime.add(a, b) == (a + b) % p)
                #expect(prime.add(prime.subtract(a, b), b) == a)
                if a != 0 {
                    let inverse = try #require(prime.inverse(a))
                    #expect(p.dividingFullWidth(a.multipliedFullWidth(by: inverse)).remainder == 1)
                }
            }
            #expect(prime.inverse(0) == nil)
        }
    }

    @Test("residues of BigInts (both methods) against BigInt.modulo", arguments: [0, 1, 63, 64, 65, 500, 4000])
    func residues(bits: Int) throws {
        var g = SplitMix64(seed: UInt64(bits))
        for prime in PrimeModulus.primes(count: 3) {
            let weights = prime.limbWeights(count: 70)
            for _ in 0..<20 {
                let limbs = (0..<((bits + 63) / 64)).map { _ in g.next() }
                let magnitude = BigInt(negative: false, limbs: limbs) >> ((bits + 63) / 64 * 64 - bits)
                for x in [magnitude, -magnitude] {
                    let expected = try x.modulo(BigInt(prime.p))  // floor remainder, in [0, p)
                    #expect(BigInt(prime.residue(x)) == expected)
                    #expect(BigInt(prime.residue(x, weights: weights)) == expected)
                }
            }
        }
    }
}
