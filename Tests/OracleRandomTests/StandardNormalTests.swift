import Foundation
import Testing
import OracleRandom
import OracleTestSupport

/// Marsaglia's polar sampler (RNG-4): bit-for-bit test vectors, the platform log on the
/// vectors' inputs, and the distribution by moment and probability bounds.
@Suite("Standard normal by the polar method (RNG-4)")
struct StandardNormalTests {
    @Test("seed 0's first 8 normals match the independent reference bit for bit")
    func referenceNormalsForSeedZero() {
        // From scripts/checks.d/10-randomness-reference (Python, log(s) correctly rounded via
        // 40-digit decimal ln and cross-checked with mpmath at 200 bits).
        let expected: [Double] = [
            0x1.f8140ae1026c7p-1, -0x1.6c93ef6b47edap-1, -0x1.3ea8af5f57791p-1, -0x1.1ec04905c7d51p-1,
            0x1.28ba797d629cbp+0, 0x1.dc426006fb558p+0, -0x1.10d84210d8d6bp-4, -0x1.a0bedfe5d582ap-2,
        ]
        var rng = SplitMix64(seed: 0)
        for (i, e) in expected.enumerated() {
            let z = rng.standardNormal()
            #expect(z.bitPattern == e.bitPattern, "normal \(i): \(z.hexString) vs reference \(e.hexString)")
        }
        // Two attempts were rejected on the way: 8 accepted pairs + 2 rejected pairs = 20 words.
        #expect(rng.state == 20 &* SplitMix64.increment)
    }

    @Test("the platform log is correctly rounded on the s values those vectors reach")
    func platformLogMatchesCorrectlyRoundedLog() {
        // (s, ln s rounded to nearest) with ln s from mpmath at 200 bits, for the 8 accepted s above.
        let pairs: [(s: Double, logS: Double)] = [
            (0x1.36823c2333736p-1, -0x1.000ec27ce82d0p-1), (0x1.7a6d945eb2491p-1, -0x1.358dc8b1da3bep-2),
            (0x1.70d81cb244982p-1, -0x1.4fd235c6e2e66p-2), (0x1.430072bf8167ap-2, -0x1.27605bbc3986dp+0),
            (0x1.da194160f2938p-7, -0x1.0f17387e87f34p+2), (0x1.65f99fe05389fp-3, -0x1.be80faafb528bp+0),
            (0x1.1fe1b459e3eaap-2, -0x1.44d817d526d6bp+0), (0x1.a52a93b3ddb30p-1, -0x1.8ff7c7504061fp-3),
        ]
        for (s, logS) in pairs {
            #expect(Foundation.log(s).bitPattern == logS.bitPattern, "log(\(s.hexString))")
        }
    }

    @Test("the partner value is discarded: every draw consumes an even number of words")
    func normalConsumesEvenWords() {
        var rng = SplitMix64(seed: 0x0123_4567_89ab_cdef)
        var previous = rng.state
        for _ in 0..<1_000 {
            let z = rng.standardNormal()
            #expect(z.isFinite && abs(z) <= 12.01)
            // words consumed = (state − previous)/γ, with γ invertible mod 2⁶⁴.
            let words = (rng.state &- previous) &* Self.gammaInverse
            #expect(words >= 2 && words % 2 == 0 && words < 100)
            previous = rng.state
        }
    }

    /// γ⁻¹ mod 2⁶⁴ (γ is odd), checked below.
    static let gammaInverse: UInt64 = {
        // Newton's iteration x ← x(2 − γx) doubles the correct low bits; x = γ is right to 3 bits.
        var x = SplitMix64.increment
        for _ in 0..<5 { x = x &* (2 &- SplitMix64.increment &* x) }
        return x
    }()

    @Test("γ⁻¹ is the inverse of γ modulo 2⁶⁴")
    func gammaInverseIsInverse() {
        #expect(SplitMix64.increment &* Self.gammaInverse == 1)
    }

    @Test("mean, second moment, sign and |z| ≤ 1 frequencies are within bounds (total false-failure ≤ 1e-6)")
    func normalDistributionWithinBounds() {
        let n = 200_000
        var rng = SplitMix64(seed: 0xC0FF_EE00_D15E_A5E5)
        var sum = 0.0, sumOfSquares = 0.0, negatives = 0, insideOne = 0
        for _ in 0..<n {
            let z = rng.standardNormal()
            sum += z
            sumOfSquares += z * z
            if z < 0 { negatives += 1 }
            if abs(z) <= 1 { insideOne += 1 }
        }
        let N = Double(n)
        // Four checks, each with false-failure probability ≤ 2.5e-7 (union bound: ≤ 1e-6).
        // 1. The mean of n standard normals is N(0, 1/n); P(|Z| > 5.2) = 2.0e-7.
        expectWithin(
            error: abs(sum / N), bound: 5.2 / N.squareRoot(),
            "the mean is N(0, 1/n): P(|mean| > 5.2/√n) = 2.0e-7", "mean \(sum / N)")
        // 2. Σz² ~ χ²ₙ. Laurent & Massart (2000, Lemma 1): P(χ²ₙ − n ≥ 2√(nx) + 2x) ≤ e⁻ˣ and
        //    P(n − χ²ₙ ≥ 2√(nx)) ≤ e⁻ˣ; x = ln(8·10⁶) puts ≤ 1.25e-7 in each tail.
        let x = Foundation.log(8e6)
        expectWithin(
            error: sumOfSquares - N, bound: 2 * (N * x).squareRoot() + 2 * x,
            "Laurent–Massart upper tail: P(χ²ₙ − n ≥ 2√(nx) + 2x) ≤ e⁻ˣ = 1.25e-7", "Σz² = \(sumOfSquares)")
        expectWithin(
            error: N - sumOfSquares, bound: 2 * (N * x).squareRoot(),
            "Laurent–Massart lower tail: P(n − χ²ₙ ≥ 2√(nx)) ≤ e⁻ˣ = 1.25e-7", "Σz² = \(sumOfSquares)")
        // 3, 4. Indicator frequencies: Hoeffding, P(|p̂ − p| ≥ t) ≤ 2·exp(−2nt²) = 2.5e-7.
        let t = (Foundation.log(2 / 2.5e-7) / (2 * N)).squareRoot()
        expectClose(
            Double(negatives) / N, 0.5, within: .absolute(t, "Hoeffding: P(|p̂ − p| ≥ t) ≤ 2.5e-7"),
            "P(z < 0)")
        // P(|Z| ≤ 1) = erf(1/√2).
        let pInsideOne = 0.682_689_492_137_085_9
        expectClose(
            Double(insideOne) / N, pInsideOne, within: .absolute(t, "Hoeffding: P(|p̂ − p| ≥ t) ≤ 2.5e-7"),
            "P(|z| ≤ 1) ≈ \(Double(insideOne) / N)")
    }
}

extension Double {
    /// C99 `%a`-style hexadecimal, for failure messages.
    var hexString: String { String(format: "%a", self) }
}
