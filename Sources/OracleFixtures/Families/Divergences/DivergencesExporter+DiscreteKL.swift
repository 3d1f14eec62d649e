import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleRandom

/// `Fixtures/divergences/discrete-kl.json`: Bernoulli and categorical KL, correctly rounded, +∞
/// where p has mass that q lacks, and refused inputs.
extension DivergencesExporter {
    func discreteFile() throws -> FixtureFile {
        func b(_ x: Double) -> [Double] { [1 - x, x] }
        let bernoulli = [
            discreteEntry(
                "quarter-vs-half", p: b(0.25), q: b(0.5), bernoulli: true, flags: ["kl-direction"],
                comment: "KL(Bern(1/4) ‖ Bern(1/2))"),
            discreteEntry(
                "half-vs-quarter", p: b(0.5), q: b(0.25), bernoulli: true, flags: ["kl-direction"],
                comment: "the other direction"),
            discreteEntry(
                "near-one", p: b(0.999755859375), q: b(0.875), bernoulli: true, flags: ["kl-direction"],
                comment: "p = 1 − 2^-12"),
            discreteEntry(
                "p-zero", p: b(0), q: b(0.125), bernoulli: true, flags: ["zero-times-log-zero", "kl-direction"],
                comment: "p = 0: the 0·ln 0 term is 0, KL = −ln(7/8)"),
            discreteEntry(
                "q-zero", p: b(0.5), q: b(0), bernoulli: true, flags: ["infinite-support"],
                comment: "q = 0 but p(1) = 1/2 > 0: KL = +∞"),
            discreteEntry(
                "identical", p: b(0.375), q: b(0.375), bernoulli: true, flags: [],
                comment: "KL(p ‖ p) = 0"),
        ]
        var g = SplitMix64(seed: 0xCA7E)
        func simplex(_ k: Int, zeros: Int = 0) -> [Double] {
            // Dyadic weights w/2^m that sum to exactly 1.
            var w = (0..<k).map { _ in Double(1 + Int(g.next() % 64)) }
            for i in 0..<zeros { w[i] = 0 }
            let total = w.reduce(0, +)
            var p = w.map { ($0 / total * 1024).rounded() / 1024 }
            let excess = p.reduce(0, +) - 1
            let j = p.indices.max { p[$0] < p[$1] }!
            p[j] -= excess
            return p
        }
        var categorical: [CatalogueEntry] = []
        for k in [3, 5, 10] {
            categorical.append(
                discreteEntry(
                    "random-\(k)", p: simplex(k), q: simplex(k), bernoulli: false, flags: ["kl-direction"],
                    comment: "random dyadic p, q on \(k) states"))
        }
        categorical.append(
            discreteEntry(
                "p-with-zeros", p: simplex(6, zeros: 2), q: simplex(6), bernoulli: false,
                flags: ["zero-times-log-zero", "kl-direction"], comment: "p has two zero entries: those terms are 0"))
        let base = [0.25, 0.25, 0.5]
        categorical.append(
            discreteEntry(
                "near-equal", p: [0.25 + 0x1p-30, 0.25 - 0x1p-30, 0.5], q: base, bernoulli: false,
                flags: [],
                comment:
                    "p − q = ±2^-30: KL ≈ 2^-60·4 ≈ 3.5e-18, with an absolute tolerance from the term sizes"))
        let infinite = [
            discreteEntry(
                "q-misses-support", p: [0.5, 0.25, 0.25], q: [0.5, 0.5, 0], bernoulli: false,
                flags: ["infinite-support"], comment: "q₂ = 0 < p₂: KL(p ‖ q) = +∞"),
            discreteEntry(
                "reverse-is-finite", p: [0.5, 0.5, 0], q: [0.5, 0.25, 0.25], bernoulli: false,
                flags: ["zero-times-log-zero", "kl-direction"],
                comment: "the reverse direction of the case above is finite: ln 2 − ½ ln 2 … = ½ ln 2"),
        ]
        let bad: [(String, OrderedMap<FixtureValue>, String)] = [
            (
                "p-sums-to-0.9",
                ["p": Self.vectorValue([0.5, 0.25, 0.15]), "q": Self.vectorValue([0.5, 0.25, 0.25])], "Σ p = 0.9 ≠ 1"
            ),
            (
                "negative-entry", ["p": Self.vectorValue([1.25, -0.25]), "q": Self.vectorValue([0.5, 0.5])],
                "p₁ = −0.25 < 0"
            ),
            (
                "length-mismatch", ["p": Self.vectorValue([0.5, 0.5]), "q": Self.vectorValue([0.25, 0.25, 0.5])],
                "2 states against 3"
            ),
            ("bernoulli-out-of-range", ["p": .exactReal(1.5), "q": .exactReal(0.5)], "p = 1.5 is not a probability"),
        ]
        let refusals = try Self.evaluator("divergences/discrete-kl/discrete-bad-input")
        let badCases = try bad.map { name, inputs, comment in
            try Self.refusedCase(
                refusals, name, comment: comment,
                flags: name == "length-mismatch" ? [] : ["probability-validation"], inputs: inputs,
                kind: name == "length-mismatch" ? "shape-mismatch" : "not-a-probability")
        }
        return file(
            "discrete-kl",
            description: """
                KL(p ‖ q) = Σ pₖ ln(pₖ/qₖ) for Bernoulli and categorical distributions, correctly rounded \
                from BigFloat (Ziv); +∞ when p has mass where q has none.
                """,
            proof: "Proofs/02-gaussian-kl.md", steps: ["KL-14", "KL-15"],
            conventions: [
                "kl-direction": "kl is KL(p ‖ q) = Σ pₖ ln(pₖ/qₖ): p is the first input",
                "bernoulli": "scalar p and q are the probabilities of the outcome 1",
                "zero-terms": "a term with pₖ = 0 is 0 (0·ln 0 = 0)",
                "infinity":
                    "kl is +∞ (spelled Infinity) when some pₖ > 0 has qₖ = 0; this is a value, not an error",
                "simplex":
                    """
                p and q must have entries ≥ 0 summing to 1 within 1e-12; otherwise refused with \
                not-a-probability; different lengths with shape-mismatch
                """,
                "units": "nats",
            ],
            notes: Self.notes(for: [
                "kl-direction", "zero-times-log-zero", "infinite-support", "clipped-log", "epsilon-in-log",
                "ratio-overflow", "log-one-minus-p", "probability-validation", "softplus-linear-threshold",
            ]),
            groups: [
                try Self.evaluator("divergences/discrete-kl/bernoulli").testGroup(
                    description: "Bernoulli pairs, including 0·ln 0 and +∞.", bernoulli + bernoulliRegimes()),
                try Self.evaluator("divergences/discrete-kl/categorical").testGroup(
                    description: "Categorical pairs on 1 to \(Self.largeCategoricalSize) states.",
                    categorical + categoricalRegimes()),
                try Self.evaluator("divergences/discrete-kl/categorical-infinite").testGroup(
                    description: "Support mismatch: +∞ in one direction, finite in the other.",
                    infinite + infiniteRegimes()),
                try refusals.testGroup(
                    description: "Not probability vectors: refused.", badCases),
            ])
    }
}
