import Foundation
import Testing
import LatentDerivations
import OracleArithmetic
import OracleTestSupport
import OracleRandom

/// KL between Bernoulli and categorical distributions (`Proofs/02-gaussian-kl.md`, KL-12, KL-14,
/// KL-15): Double against BigFloat, Gibbs' inequality, +∞ as a value, and refused inputs.
@Suite("Categorical KL")
struct CategoricalKLTests {
    static func randomSimplex(_ k: Int, _ random: inout SplitMix64) -> [Double] {
        let w = (0..<k).map { _ in Double.random(in: 0.01...1, using: &random) }
        let total = w.reduce(0, +)
        return w.map { $0 / total }
    }

    @Test("Double against BigFloat at 200 bits; Gibbs: KL ≥ 0, and KL(p ‖ p) = 0 exactly")
    func doubleMatchesBigFloatAndGibbs() throws {
        var random = SplitMix64(seed: 0xCA7_0001)
        for _ in 0..<100 {
            let k = Int.random(in: 2...10, using: &random)
            let p = Self.randomSimplex(k, &random), q = Self.randomSimplex(k, &random)
            guard case .finite(let observed) = try CategoricalKL.divergence(p, q) else {
                Issue.record("infinite")
                continue
            }
            let reference = try BigFloat.withPrecision(200) { () throws -> Double in
                // Renormalise at 200 bits so Σ = 1 exactly enough (the Double inputs are off by ~u).
                let bp = p.map { BigFloat($0) }, bq = q.map { BigFloat($0) }
                let sp = bp.reduce(.zero, +), sq = bq.reduce(.zero, +)
                guard case .finite(let v) = try CategoricalKL.divergence(bp.map { $0 / sp }, bq.map { $0 / sq }) else {
                    return .nan
                }
                return v.doubleValue
            }
            let scale = zip(p, q).reduce(0.0) { $0 + $1.0 * (abs(Foundation.log($1.0)) + abs(Foundation.log($1.1))) }
            // Terms: 4 roundings each; renormalisation moves the reference by ≲ k·u·scale.
            expectClose(
                observed, reference,
                within: Tolerance.absolute(
                    8 * Double(k) * 0x1p-53 * scale, "K terms of ≤ 4 roundings plus the ~k·u simplex offset"
                ))
            #expect(observed >= -4 * Double(k) * 0x1p-53 * scale, "Gibbs")
            #expect(try CategoricalKL.divergence(p, p) == .finite(0))
        }
    }

    @Test("Bernoulli closed forms: KL(Bern(p) ‖ Bern(q)) by hand")
    func bernoulliByHand() throws {
        let kl = try CategoricalKL.bernoulli(0.25, 0.5)
        // ¼ ln ½ + ¾ ln(3/2) = ¾ ln 3 − ln 2.
        expectClose(
            kl.doubleValue, 0.75 * Foundation.log(3.0) - Foundation.log(2.0),
            within: Tolerance.ulps(4, "two O(1) terms and one addition"))
        #expect(try CategoricalKL.bernoulli(0.0, 0.125) == CategoricalKL.bernoulli(0.0, 0.125))
        let zeroP = try CategoricalKL.bernoulli(0.0, 0.125).doubleValue
        expectClose(zeroP, -Foundation.log(0.875), within: Tolerance.ulps(2, "one log"))
        #expect(try CategoricalKL.bernoulli(0.25, 0.5) != CategoricalKL.bernoulli(0.5, 0.25), "asymmetric")
    }

    @Test("support mismatch gives +∞ as a value, and the reverse direction is finite")
    func infiniteIsAValue() throws {
        #expect(try CategoricalKL.divergence([0.5, 0.25, 0.25], [0.5, 0.5, 0]) == .infinite)
        #expect(try CategoricalKL.divergence([0.5, 0.25, 0.25], [0.5, 0.5, 0]).doubleValue == .infinity)
        #expect(try CategoricalKL.bernoulli(0.5, 0.0) == .infinite)
        let reverse = try CategoricalKL.divergence([0.5, 0.5, 0], [0.5, 0.25, 0.25])
        expectClose(
            reverse.doubleValue, Foundation.log(2.0) / 2,
            within: Tolerance.ulps(
                2,
                "½ ln 2 from one log and a product")
        )
        let exact = try CategoricalKL.divergence(
            [BigFloat(0.5), BigFloat(0.5), .zero], [BigFloat(0.5), BigFloat(0.5), .zero])
        #expect(exact == .finite(.zero))
    }

    @Test("refused: off the simplex, negative entries, mismatched lengths, Bernoulli outside [0, 1]")
    func badInputThrows() throws {
        #expect(throws: ModelInputError.self) { try CategoricalKL.divergence([0.5, 0.25, 0.15], [0.5, 0.25, 0.25]) }
        #expect(throws: ModelInputError.self) { try CategoricalKL.divergence([1.25, -0.25], [0.5, 0.5]) }
        #expect(throws: ModelInputError.self) { try CategoricalKL.divergence([0.5, 0.5], [0.25, 0.25, 0.5]) }
        #expect(throws: ModelInputError.self) { try CategoricalKL.divergence([Double](), []) }
        #expect(throws: ModelInputError.self) { try CategoricalKL.bernoulli(1.5, 0.5) }
        #expect(throws: ModelInputError.self) { try CategoricalKL.bernoulli(0.5, .nan) }
    }
}
