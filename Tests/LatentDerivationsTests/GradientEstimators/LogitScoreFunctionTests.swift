import Testing
import LatentDerivations
import OracleArithmetic
import OracleTestSupport

/// Cat(softmax(η)) from logits (`Proofs/08-gradient-estimators.md`, GE-15, GE-16): the closed forms
/// of `CategoricalMoments` equal the enumeration of `CategoricalScoreFunction` exactly over ℚ, the
/// logit route at 256 bits matches the enumeration at 2048 bits on saturated logits, and the
/// stable forms survive logits of ±800.
@Suite("Gradient estimators: logits")
struct LogitScoreFunctionTests {
    static func q(_ n: Int, _ d: Int) -> Rational { Rational(n) / Rational(d) }

    static let problems: [([Rational], [Rational])] = [
        ([q(1, 2), q(1, 2)], [q(-3, 2), q(5, 4)]),
        ([q(1, 10), q(3, 10), q(3, 5)], [q(2, 1), q(-1, 3), q(7, 5)]),
        ([q(1, 4), q(1, 8), q(1, 8), q(1, 2)], [q(1, 1), q(0, 1), q(-4, 1), q(9, 7)]),
        ([q(1, 1 << 20), q(1, 1 << 30), q(1_048_575 * 1024 - 1, 1 << 30)], [q(11, 10), q(-7, 10), q(23, 10)]),
        ([q(1, 1)], [q(3, 2)]),
    ]

    @Test("GE-16's closed forms equal the enumeration exactly over ℚ", arguments: 0..<5)
    func closedFormsMatchEnumerationExactly(index: Int) throws {
        let (pi, f) = Self.problems[index]
        let enumeration = try CategoricalScoreFunction(probabilities: pi, values: f)
        let moments = try CategoricalMoments(
            probabilities: pi, complements: pi.map { Rational(1) - $0 }, values: f)
        #expect(moments.objective == enumeration.objective)
        #expect(moments.gradient == (try enumeration.gradientByEnumeration()))
        #expect(moments.optimalBaselines == enumeration.optimalBaselines)
        for b in [nil, [Rational](repeating: Self.q(1, 2), count: pi.count), pi.map { _ in Rational(0) }] {
            let expected = try enumeration.variances(baselines: b ?? enumeration.optimalBaselines)
            #expect(try moments.variances(baselines: b) == expected)
        }
    }

    /// The enumeration at `bits` bits from π and 1 − π of the logit route at that precision.
    static func enumerated(_ eta: [Double], _ f: [Double], bits: Int) throws -> [BigFloat] {
        try BigFloat.withPrecision(bits) {
            let c = try LogitCategorical(logits: eta.map(BigFloat.init), values: f.map(BigFloat.init))
            let e = try CategoricalScoreFunction(probabilities: c.probabilities, values: c.values)
            return try e.gradientByEnumeration() + e.optimalBaselines + e.variances(baselines: e.optimalBaselines)
                + e.variances(baselines: f.map { _ in BigFloat(0.5) })
        }
    }

    @Test("the logit route at 256 bits matches the enumeration at 2048 bits at logits ±30", arguments: 0..<2)
    func saturatedMatchesWideEnumeration(index: Int) throws {
        let (eta, f): ([Double], [Double]) =
            [([30, -30, 0, -10], [1.1, -0.7, 2.3, 0.3]), ([0, 30], [1.5, -0.75])][index]
        let wide = try Self.enumerated(eta, f, bits: 2048)
        let narrow = try BigFloat.withPrecision(256) {
            let m = try LogitCategorical(logits: eta.map(BigFloat.init), values: f.map(BigFloat.init)).moments()
            return try m.gradient + m.optimalBaselines + m.variances(baselines: nil)
                + m.variances(baselines: f.map { _ in BigFloat(0.5) })
        }
        #expect(wide.count == narrow.count)
        for (w, n) in zip(wide, narrow) {
            guard !n.isZero else {
                // A Bernoulli's optimal-baseline variance is 0 exactly; the enumeration leaves a residue
                // of its rounding at 2048 bits, far below the least Double.
                #expect(w.absoluteValue.doubleValue == 0, "\(w.doubleValue)")
                continue
            }
            let relative = ((w - n).absoluteValue / w.absoluteValue).doubleValue
            // 256 bits through a dozen roundings: ≲ 2⁻²⁵⁰; the enumeration at 2048 bits loses ≤ 2·87 bits.
            #expect(relative < 0x1p-240, "\(w.doubleValue) vs \(n.doubleValue)")
        }
    }

    @Test("at logits ±800 and 710 the stable forms stay finite: ln π exact, π a distribution")
    func extremeLogitsStayFinite() throws {
        let b = try LogitCategorical<Double>.bernoulli(logit: 800, f0: 1.5, f1: -0.75)
        #expect(try b.logProbabilities() == [-800, -0.0])
        #expect(b.probabilities == [0, 1])
        #expect(try b.moments().optimalBaselines[1] == 1.5)
        let low = try LogitCategorical<Double>(logits: [-800, -801.5, -799], values: [1, 2, 3])
        #expect(abs(low.probabilities.reduce(0, +) - 1) < 1e-15)
        let high = try LogitCategorical<Double>(logits: [710, -700, 709.5], values: [1, 2, 3])
        #expect(try high.logProbabilities().allSatisfy(\.isFinite))
        #expect(high.probabilities[1] == 0)
        // A Bernoulli logit t: π₁ = σ(t), ln π₀ = −softplus(t), 1 − π₁ from the other weight.
        let t = try LogitCategorical<Double>.bernoulli(logit: 30, f0: 1, f1: 2)
        let tail = Double.exp(-30)
        #expect(abs(t.complements[1] / (tail / (1 + tail)) - 1) < 4e-16)
        #expect(abs(try t.logProbabilities()[1] / -Double.log1p(tail) - 1) < 4e-16)
        #expect(abs(try t.logProbabilities()[0] / -(30 + Double.log1p(tail)) - 1) < 4e-16)
    }

    @Test("empty or non-finite logits and mismatched values are refused")
    func badInputThrows() {
        #expect(throws: ModelInputError.self) { try LogitCategorical<Double>(logits: [], values: []) }
        #expect(throws: ModelInputError.self) { try LogitCategorical<Double>(logits: [.nan, 0], values: [1, 2]) }
        #expect(throws: ModelInputError.self) { try LogitCategorical<Double>(logits: [0, .infinity], values: [1, 2]) }
        #expect(throws: ModelInputError.self) { try LogitCategorical<Double>(logits: [0, 1], values: [1]) }
    }
}
