import Foundation
import OracleRandom

/// The hostile-regime cases of `divergences/discrete-kl` (`Proofs/02-gaussian-kl.md`, regime
/// table): Bernoulli probabilities far below 1e-10 and within 2⁻⁵⁰ of 1, categorical q with entries
/// below 1e-12 and a subnormal entry, nearly one-hot pairs, K = 1 and K = 10⁴.
extension DivergencesExporter {
    func bernoulliRegimes() -> [CatalogueEntry] {
        func b(_ x: Double) -> [Double] { [1 - x, x] }
        return [
            discreteEntry("tiny-p-and-q", p: b(1e-10), q: b(2e-10), bernoulli: true,
                          flags: ["log-one-minus-p", "epsilon-in-log", "kl-direction"], comment: """
                              p = 1e-10, q = 2e-10: KL ≈ 3.1e-11 is made as much by (1 − p) ln((1 − p)/(1 − q)) ≈ \
                              q − p as by p ln(p/q), and the rounded 1 − q is off by 1e-6 of q
                              """),
            discreteEntry("p-1e-20-q-1e-15", p: b(1e-20), q: b(1e-15), bernoulli: true,
                          flags: ["log-one-minus-p", "epsilon-in-log", "clipped-log", "kl-direction"], comment: """
                              both probabilities below 1e-12: KL ≈ 1e-15 comes from ln(1 − q) ≈ −q, which the \
                              rounded 1 − q gets 5% wrong
                              """),
            discreteEntry("within-2-minus-50-of-one", p: b(1 - 0x1p-50), q: b(1 - 0x1p-45), bernoulli: true,
                          flags: ["epsilon-in-log", "clipped-log", "kl-direction"], comment: """
                              p = 1 − 2^-50, q = 1 − 2^-45: the complements 2^-50, 2^-45 are exact and below 1e-12
                              """),
        ]
    }

    func categoricalRegimes() -> [CatalogueEntry] {
        var g = SplitMix64(seed: 0x0E6A_1E06)
        let k = Self.largeCategoricalSize
        let w = (0..<(2 * k)).map { _ in Self.mantissa(&g) }
        // Each entry is w/Σw rounded once: the Doubles sum to 1 within K·2⁻⁵³, far inside 1e-12.
        let (p, q) = (Array(w[..<k]), Array(w[k...]))
        let (sp, sq) = (p.reduce(0, +), q.reduce(0, +))
        return [
            discreteEntry("q-below-1e-12", p: [0.25, 0.25, 0.5], q: [0.5, 0.5, 0x1p-70], bernoulli: false,
                          flags: ["clipped-log", "epsilon-in-log", "kl-direction"], comment: """
                              q₃ = 2^-70 ≈ 8.5e-22 under p₃ = 1/2: KL = ½ ln(2^69) − ½ ln 2·… ≈ 23.6, of which \
                              the third term is ½ ln(2^69)
                              """),
            discreteEntry("q-subnormal", p: [0.5, 0.5], q: [1, 0x1p-1074], bernoulli: false,
                          flags: ["ratio-overflow", "clipped-log", "epsilon-in-log", "kl-direction"], comment: """
                              q₂ = 2^-1074, the least subnormal, under p₂ = 1/2: p₂/q₂ = 2^1073 overflows, \
                              while ½(ln ½ − ln 2^-1074) ≈ 371.9 is finite
                              """),
            discreteEntry("nearly-one-hot", p: [1 - 0x1p-50, 0x1p-51, 0x1p-51], q: [1 - 0x1p-40, 0x1p-41, 0x1p-41],
                          bernoulli: false, flags: ["clipped-log", "epsilon-in-log", "kl-direction"], comment: """
                              one-hot up to 2^-50 and 2^-40: KL ≈ 2^-40 + 2^-50·ln 2^-10, the small entries \
                              below 1e-12
                              """),
            discreteEntry("one-state", p: [1], q: [1], bernoulli: false, flags: [],
                          comment: "K = 1: the only distribution on one state; KL = 0 exactly"),
            discreteEntry("states-\(k)", p: p.map { $0 / sp }, q: q.map { $0 / sq }, bernoulli: false,
                          flags: ["kl-direction"], comment: """
                              K = \(k) states with random weights in [1, 2): a long sum of small terms
                              """),
        ]
    }

    /// K of the large categorical case: the reference costs 2K BigFloat logarithms.
    static let largeCategoricalSize = 1000
}
