import Testing
import OracleRandom
import OracleTestSupport

/// The word-to-double map (RNG-3): exact, in [0, 1), the top 53 bits of the word.
@Suite("Uniform doubles in [0, 1) (RNG-3)")
struct UniformDoubleTests {
    @Test("endpoints and the spacing 2⁻⁵³")
    func unitIntervalEndpoints() {
        #expect(SplitMix64.unitInterval(0) == 0)
        #expect(SplitMix64.unitInterval(UInt64.max) == 1 - 0x1p-53)
        #expect(SplitMix64.unitInterval(UInt64.max) < 1)
        #expect(SplitMix64.unitInterval(1 << 11) == 0x1p-53)
        // The low 11 bits are dropped: they never change the double.
        #expect(SplitMix64.unitInterval((1 << 11) - 1) == 0)
        #expect(SplitMix64.unitInterval(1 << 63) == 0.5)
    }

    @Test("the double is exactly ⌊word/2¹¹⌋·2⁻⁵³ for random words")
    func unitIntervalIsExactTopBits() {
        var words = SplitMix64(seed: 0x5eed)
        for _ in 0..<10_000 {
            let word = words.next()
            let u = SplitMix64.unitInterval(word)
            #expect(u >= 0 && u < 1)
            // Scaling back by 2⁵³ is exact, so the integer recovered must be the top 53 bits.
            #expect(UInt64(exactly: u * 0x1p53) == word >> 11)
        }
    }

    @Test("uniform() consumes one word and maps it", arguments: [0, 1, 0xffff_ffff_ffff_ffff] as [UInt64])
    func uniformConsumesOneWord(seed: UInt64) {
        var a = SplitMix64(seed: seed)
        var b = SplitMix64(seed: seed)
        for _ in 0..<16 {
            #expect(a.uniform() == SplitMix64.unitInterval(b.next()))
        }
        #expect(a.state == b.state)
    }

    @Test("seed 0's first uniforms match the independent reference")
    func referenceUniformsForSeedZero() {
        // 0xe220a8397b1dcdaf >> 11 = 0x1c4415072f63b9, so u₀ = 0x1c4415072f63b9 · 2⁻⁵³.
        let expected: [Double] = [0x1.c4415072f63b9p-1, 0x1.b9e279aa86e58p-2, 0x1.b1174620025p-6]
        var rng = SplitMix64(seed: 0)
        for e in expected {
            let u = rng.uniform()
            #expect(u.bitPattern == e.bitPattern, "uniform \(u) vs reference \(e)")
        }
    }
}
