import Testing
import OracleArithmetic
import OracleTestSupport

/// Measures schoolbook against Karatsuba multiplication per operand size, to choose
/// `BigInt.karatsubaThreshold`. Opt-in (LATENT_ORACLE_LONG_TESTS=1) and meaningful only in a
/// release build: `LATENT_ORACLE_LONG_TESTS=1 swift test -c release --filter KaratsubaBenchmark`.
/// It prints the timings; it asserts only that both methods agree (a timing is not a test).
@Suite("BigInt Karatsuba threshold benchmark")
struct BigIntKaratsubaBenchmarkTests {
    @Test("schoolbook vs Karatsuba timings by limb count", .enabled(if: longTestsEnabled))
    func karatsubaBenchmark() {
        var rng = TestRandom(seed: 0xBE4C)
        let clock = ContinuousClock()
        for limbs in [8, 12, 16, 20, 24, 28, 32, 40, 48, 56, 64, 96, 128, 256, 512] {
            let a = BigInt.random(bits: limbs * 64, using: &rng), b = BigInt.random(bits: limbs * 64, using: &rng)
            let repetitions = max(5, 2_000_000 / (limbs * limbs))
            var schoolbook = BigInt.zero, karatsuba = BigInt.zero
            let ts = clock.measure { for _ in 0..<repetitions { schoolbook = BigInt._product(a, b, karatsubaThreshold: Int.max) } }
            // Threshold = limbs: exactly one Karatsuba level on top of schoolbook halves. The
            // crossover is the smallest size at which that one level pays.
            let tk = clock.measure { for _ in 0..<repetitions { karatsuba = BigInt._product(a, b, karatsubaThreshold: limbs) } }
            let tkDefault = clock.measure { for _ in 0..<repetitions { karatsuba = a * b } }
            #expect(schoolbook == karatsuba)
            func microseconds(_ d: Duration) -> Double {
                Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) * 1e-12
            }
            let s = microseconds(ts) / Double(repetitions), k = microseconds(tk) / Double(repetitions)
            let d = microseconds(tkDefault) / Double(repetitions)
            print("karatsuba-benchmark limbs=\(limbs) schoolbook=\(s)µs one-level=\(k)µs default=\(d)µs ratio=\(k / s)")
        }
    }
}
