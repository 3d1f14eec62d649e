import Testing
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport
import OracleRandom

/// `BlockedCompensatedSums`: plain partial sums over blocks of B terms, compensated across blocks.
@Suite("Blocked compensated sums")
struct BlockedCompensatedSumsTests {
    static let b = BlockedCompensatedSums<Double>.blockLength

    /// Feeds `terms[s]` to sum s, B terms per block (the last block may be short).
    static func blockedSums<S: FieldScalar>(_ terms: [[S]]) -> [S] {
        var sums = BlockedCompensatedSums<S>(count: terms.count)
        let n = terms.map(\.count).max() ?? 0
        for start in stride(from: 0, to: n, by: BlockedCompensatedSums<S>.blockLength) {
            sums.addBlock { partial in
                for (s, column) in terms.enumerated() where start < column.count {
                    for i in start..<min(column.count, start + BlockedCompensatedSums<S>.blockLength) {
                        partial[s] += column[i]
                    }
                }
            }
        }
        return sums.values
    }

    @Test("Exact types: every sum equals the plain rational sum, for short and long inputs")
    func exactInRationals() {
        var rng = SplitMix64(seed: 0xb10c_0001)
        let terms = (0..<5).map { s in
            (0..<(s * 37 + 1)).map { _ in
                Rational(Int.random(in: -999...999, using: &rng)) / Rational(Int.random(in: 1...64, using: &rng))
            }
        }
        #expect(Self.blockedSums(terms) == terms.map { $0.reduce(Rational.zero, +) })
    }

    @Test("Double: |error| ≤ (B + 1)·u·Σ|xᵢ| + 2u·|Σxᵢ| against the exact sum, seeded mixed-sign terms")
    func errorBound() {
        var rng = SplitMix64(seed: 0xb10c_0002)
        for trial in 0..<20 {
            let n = 1 + trial * 523
            let terms = (0..<n).map { _ in
                Double.random(in: -1...1, using: &rng)
                    * Double(sign: .plus, exponent: Int.random(in: -30...30, using: &rng), significand: 1)
            }
            let value = Self.blockedSums([terms])[0]
            let exact = terms.reduce(Rational.zero) { $0 + Rational(exactly: $1)! }
            let sumAbs = terms.reduce(0) { $0 + abs($1) }
            // Plain sums of ≤ B terms: ≤ (B − 1)u·Σ|block|; Neumaier over the partial sums: 2u|S| plus
            // second-order terms, which the +2u·Σ|xᵢ| margin in (B + 1)u covers for these n.
            let bound = Double(Self.b + 1) * 0x1p-53 * sumAbs + 2 * 0x1p-53 * abs(exact.doubleValue)
            expectWithin(
                error: abs((Rational(exactly: value)! - exact).doubleValue), bound: bound,
                "plain sums of ≤ B terms err ≤ (B − 1)u·Σ|block|; Neumaier over the partial sums 2u|S| plus "
                    + "second-order terms, which the extra 2u·Σ|xᵢ| in (B + 1)u covers for these n",
                "trial \(trial), n = \(n)")
        }
    }

    @Test("1 then 10 000 terms of 2⁻⁵³: plain summation loses them all, the blocks only the first block's")
    func tinyTermsAfterALargeOne() {
        let terms = [1.0] + [Double](repeating: 0x1p-53, count: 10_000)
        // Each 1 + 2⁻⁵³ is a tie that rounds to 1.
        #expect(terms.reduce(0, +) == 1)
        // Block 1 is 1 and B − 1 tiny terms, summed plainly: 1 (its B − 1 roundings, which the
        // bound allows). Every later block sums exactly, and the compensation keeps them all, so
        // the result is 1 + (10 000 − B + 1)·2⁻⁵³, correctly rounded.
        let kept = Rational(exactly: 1.0)! + Rational(10_000 - Self.b + 1) * Rational(exactly: 0x1p-53)!
        var sums = BlockedCompensatedSums<Double>(count: 1)
        sums.addTerms(count: terms.count) { i, partial in partial[0] += terms[i] }
        let value = sums.values[0]
        #expect(value == kept.doubleValue)
        #expect(Self.blockedSums([terms])[0] == value)
        #expect(value - 1 > 4_900 * 0x1p-52)
    }
}
