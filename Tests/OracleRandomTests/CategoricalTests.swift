import Foundation
import Testing
import OracleRandom
import OracleTestSupport

/// The categorical sampler (RNG-5): frequencies, zero-probability categories, the rounding
/// fallback, and typed errors for bad input.
@Suite("Categorical sampler (RNG-5)")
struct CategoricalTests {
    @Test("frequencies are within a Hoeffding bound (false-failure ≤ 1e-6)")
    func categoricalFrequenciesWithinBound() throws {
        let p = [0.5, 0.25, 0.125, 0.125]
        let n = 100_000
        var rng = SplitMix64(seed: 0x0123_4567_89ab_cdef)
        var counts = [Int](repeating: 0, count: p.count)
        for _ in 0..<n { counts[try rng.categorical(probabilities: p)] += 1 }
        // Each count is Binomial(n, pᵢ). Hoeffding: P(|count/n − pᵢ| ≥ t) ≤ 2·exp(−2nt²); with a
        // union over the k = 4 categories, t = √(ln(8/δ)/(2n)) gives total probability ≤ δ = 1e-6.
        let t = (Foundation.log(8 / 1e-6) / (2 * Double(n))).squareRoot()
        for (i, pi) in p.enumerated() {
            let frequency = Double(counts[i]) / Double(n)
            expectClose(
                frequency, pi, within: .absolute(t, "Hoeffding with a union over 4 categories: false failure ≤ 1e-6"),
                "category \(i): frequency \(frequency), p = \(pi), bound \(t)")
        }
    }

    @Test(
        "a zero-probability category is never drawn",
        arguments: [[0.1, 0.0, 0.9], [0.0, 1.0], [1.0, 0.0], [0.0, 0.5, 0.0, 0.5, 0.0]])
    func zeroProbabilityNeverDrawn(p: [Double]) throws {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<20_000 {
            let i = try rng.categorical(probabilities: p)
            #expect(p[i] > 0, "drew category \(i) with probability 0 from \(p)")
        }
    }

    @Test("one draw consumes one word and is the first i with u < c")
    func categoricalWalksCumulativeSums() throws {
        let p = [0.1, 0.0, 0.9]
        var a = SplitMix64(seed: 0)
        var b = SplitMix64(seed: 0)
        for _ in 0..<64 {
            let i = try a.categorical(probabilities: p)
            let u = b.uniform()
            // With these p the cumulative sums are 0.1, 0.1, 0.1 + 0.9 = 1: so i = 0 iff u < 0.1.
            #expect(i == (u < 0.1 ? 0 : 2))
        }
        #expect(a.state == b.state)
    }

    @Test("when rounding leaves u ≥ every cumulative sum, the last positive category is returned")
    func roundingFallbackReturnsLastPositive() throws {
        // The seed whose first word is 2⁶⁴ − 1 (mix⁻¹(2⁶⁴ − 1) − γ, computed with Python's
        // modular inverses), so u = 1 − 2⁻⁵³, above the sum 1 − 5·10⁻¹³ of these probabilities.
        var rng = SplitMix64(seed: 0x3162_8af6_7b21_31ab)
        var probe = rng
        #expect(probe.next() == UInt64.max)
        let p = [0.5, 0.5 - 5e-13, 0.0]
        #expect(try rng.categorical(probabilities: p) == 1)
    }

    @Test("bad probability vectors throw typed errors and consume nothing")
    func categoricalRejectsBadInput() {
        let cases: [([Double], CategoricalError)] = [
            ([], .empty),
            ([.infinity], .nonFiniteProbability(index: 0, value: .infinity)),
            ([0.5, -.infinity, 0.5], .nonFiniteProbability(index: 1, value: -.infinity)),
            ([1.5, -0.5], .negativeProbability(index: 1, value: -0.5)),
            ([0.5, 0.4], .sumNotOne(sum: 0.9)),
            ([0.0, 0.0], .sumNotOne(sum: 0)),
            ([1.0, 2e-12], .sumNotOne(sum: 1.000000000002)),
        ]
        for (p, expected) in cases {
            var rng = SplitMix64(seed: 1)
            #expect(throws: expected, "\(p)") { _ = try rng.categorical(probabilities: p) }
            #expect(rng.state == 1, "validation must not consume words")
            #expect(!expected.description.isEmpty)
        }
        // NaN ≠ NaN, so the NaN case is matched by its shape.
        var rng = SplitMix64(seed: 1)
        let error = #expect(throws: CategoricalError.self) { _ = try rng.categorical(probabilities: [0.5, .nan, 0.5]) }
        guard case .nonFiniteProbability(index: 1, let value)? = error, value.isNaN else {
            Issue.record("NaN gave \(String(describing: error))")
            return
        }
    }

    @Test("a sum within 1e-12 of 1 is accepted")
    func categoricalAcceptsRoundedSums() throws {
        var rng = SplitMix64(seed: 3)
        let third = 1.0 / 3.0
        #expect((0...2).contains(try rng.categorical(probabilities: [third, third, third])))
        #expect(try rng.categorical(probabilities: [1.0 + 5e-13]) == 0)
    }
}
