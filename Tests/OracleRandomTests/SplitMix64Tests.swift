import Testing
import OracleRandom

/// SplitMix64's words against values computed by an independent implementation
/// (Python big integers, `scripts/checks.d/10-randomness-reference`), and its state transition.
@Suite("SplitMix64 words (RNG-1, RNG-2)")
struct SplitMix64Tests {
    @Test("seed 0 gives the published reference words")
    func referenceWordsForSeedZero() {
        // The first five SplitMix64 outputs for seed 0, as printed by Vigna's splitmix64.c
        // and reproduced by the Python reference.
        let expected: [UInt64] = [
            0xe220_a839_7b1d_cdaf, 0x6e78_9e6a_a1b9_65f4, 0x06c4_5d18_8009_454f,
            0xf88b_b8a8_724c_81ec, 0x1b39_896a_51a8_749b,
        ]
        var rng = SplitMix64(seed: 0)
        let observed = expected.map { _ in rng.next() }
        #expect(observed == expected)
    }

    @Test("seed 0x0123456789abcdef matches the independent reference")
    func referenceWordsForMixedSeed() {
        let expected: [UInt64] = [0x157a_3807_a48f_aa9d, 0xd573_529b_34a1_d093, 0x2f90_b72e_996d_ccbe]
        var rng = SplitMix64(seed: 0x0123_4567_89ab_cdef)
        #expect(expected.map { _ in rng.next() } == expected)
    }

    @Test(
        "the state after n words is seed + n·γ (mod 2⁶⁴)",
        arguments: [0, 1, 0x0123_4567_89ab_cdef, UInt64.max] as [UInt64])
    func stateIsWeylSequence(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        #expect(rng.state == seed)
        for n in 1...100 as ClosedRange<UInt64> {
            _ = rng.next()
            #expect(rng.state == seed &+ n &* 0x9E37_79B9_7F4A_7C15)
        }
    }

    @Test("each word is mix(state) of the state just entered")
    func outputIsMixOfState() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<100 {
            let word = rng.next()
            #expect(word == SplitMix64.mix(rng.state))
        }
        // Every step of mix maps 0 to 0; a non-trivial mix moves 1.
        #expect(SplitMix64.mix(0) == 0)
        #expect(SplitMix64.mix(1) != 1)
    }
}
