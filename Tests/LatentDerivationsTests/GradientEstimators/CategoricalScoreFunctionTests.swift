import Testing
import LatentDerivations
import OracleArithmetic
import OracleRandom
import OracleTestSupport

/// The score-function estimator for Bernoulli and categorical latents
/// (`Proofs/08-gradient-estimators.md`, GE-11, GE-12): exact enumeration against the softmax
/// derivative over ℚ, the optimal baseline's minimality, and seeded Monte Carlo.
@Suite("Gradient estimators: discrete latents")
struct CategoricalScoreFunctionTests {
    static func q(_ n: Int, _ d: Int) -> Rational { Rational(n) / Rational(d) }

    static let problems: [([Rational], [Rational])] = [
        ([q(1, 2), q(1, 2)], [q(-3, 2), q(5, 4)]),
        ([q(1, 10), q(3, 10), q(3, 5)], [q(2, 1), q(-1, 3), q(7, 5)]),
        ([q(1, 4), q(1, 8), q(1, 8), q(1, 2)], [q(1, 1), q(0, 1), q(-4, 1), q(9, 7)]),
    ]

    @Test(
        "enumerated E[f (e_z − π)] equals the softmax derivative π_j (f_j − E f) over ℚ", arguments: 0..<3)
    func enumerationMatchesSoftmaxDerivative(index: Int) throws {
        let (pi, f) = Self.problems[index]
        let c = try CategoricalScoreFunction(probabilities: pi, values: f)
        #expect(try c.gradientByEnumeration() == c.gradient)
        // A finite-difference-free third route: the derivative of Σ softmax(η)_z f_z is linear in f,
        // so for f = e_k it is π_k([k = j] − π_j); check the combination by hand for K = 2.
        if pi.count == 2 {
            let p = pi[1]
            #expect(c.gradient[1] == p * (Rational(1) - p) * (f[1] - f[0]))
        }
    }

    @Test("the optimal baseline minimises the exact variance, and baselines leave the mean unchanged", arguments: 0..<3)
    func optimalBaselineIsMinimal(index: Int) throws {
        let (pi, f) = Self.problems[index]
        let c = try CategoricalScoreFunction(probabilities: pi, values: f)
        let best = try c.variances(baselines: c.optimalBaselines)
        for shift in [Self.q(-1, 3), Self.q(1, 7), Self.q(5, 1)] {
            let other = try c.variances(baselines: c.optimalBaselines.map { $0 + shift })
            for j in 0..<pi.count { #expect(best[j] < other[j]) }
            // Unbiased for any constant baseline: Σ_z π_z (f_z − b)(e_z − π) = gradient.
            var mean = [Rational](repeating: 0, count: pi.count)
            for z in 0..<pi.count {
                let e = try c.estimate(z, baselines: [Rational](repeating: shift, count: pi.count))
                for j in 0..<pi.count { mean[j] += pi[z] * e[j] }
            }
            #expect(mean == c.gradient)
        }
        // Variance with baseline b is quadratic in b: V(b) − V(b*) = (b − b*)² E[s²] (GE-12).
        let plain = try c.variances()
        for j in 0..<pi.count {
            let b = c.optimalBaselines[j]
            let s2 = pi[j] * (Rational(1) - pi[j])
            #expect(plain[j] - best[j] == b * b * s2)
        }
    }

    @Test("seeded Monte Carlo: median of 128 block means within 2√(Var/n) of the exact gradient (p ≤ 1.1e-7)")
    func monteCarloUnbiased() throws {
        let pi = [0.125, 0.375, 0.5], f = [2.0, -0.75, 1.25]
        let c = try CategoricalScoreFunction(probabilities: pi, values: f)
        let g = c.gradient, v = try c.variances()
        var rng = SplitMix64(seed: 0xCA7E)
        let n = 96, blocks = 128
        var blockMeans = [[Double]](repeating: [], count: pi.count)
        for _ in 0..<blocks {
            var sum = [Double](repeating: 0, count: pi.count)
            for _ in 0..<n {
                let e = try c.estimate(try rng.categorical(probabilities: pi))
                for j in 0..<pi.count { sum[j] += e[j] }
            }
            for j in 0..<pi.count { blockMeans[j].append(sum[j] / Double(n)) }
        }
        for j in 0..<pi.count {
            let sorted = blockMeans[j].sorted()
            let median = (sorted[blocks / 2 - 1] + sorted[blocks / 2]) / 2
            expectClose(
                median, g[j],
                within: .absolute(
                    2 * (v[j] / Double(n)).squareRoot(), GaussianEstimatorMonteCarloTests.medianOfMeansReason))
        }
    }

    @Test("bad input: empty, non-positive, unnormalised, NaN, wrong lengths throw typed errors")
    func badInputThrows() throws {
        #expect(throws: ModelInputError.self) { try CategoricalScoreFunction<Rational>(probabilities: [], values: []) }
        #expect(throws: ModelInputError.self) {
            try CategoricalScoreFunction(probabilities: [Self.q(3, 2), Self.q(-1, 2)], values: [1, 2])
        }
        #expect(throws: ModelInputError.self) {
            try CategoricalScoreFunction(probabilities: [Self.q(1, 2), Self.q(1, 3)], values: [1, 2])
        }
        #expect(throws: ModelInputError.self) {
            try CategoricalScoreFunction(probabilities: [0.5, .nan], values: [1, 2])
        }
        #expect(throws: ModelInputError.self) { try CategoricalScoreFunction(probabilities: [0.5, 0.5], values: [1]) }
        #expect(throws: ModelInputError.self) { try CategoricalScoreFunction.bernoulli(p: 0.0, f0: 1, f1: 2) }
        let c = try CategoricalScoreFunction.bernoulli(p: 0.25, f0: 1, f1: 2)
        #expect(throws: ModelInputError.self) { try c.score(2) }
    }
}
