import Foundation
import OracleRandom

/// The hostile-regime cases of `divergences/discrete-kl` (`Proofs/02-gaussian-kl.md`, regime
/// table): Bernoulli probabilities far below 1e-10 and within 2⁻⁵⁰ of 1, categorical q with entries
/// below 1e-12 and a subnormal entry, nearly one-hot pairs, K = 1 and K = 10⁴.
extension DivergencesExporter {
    func bernoulliRegimes() -> [CatalogueEntry] {
        func b(_ x: Double) -> [Double] { [1 - x, x] }
        return [
            discreteEntry(
                "tiny-p-and-q", p: b(1e-10), q: b(2e-10), bernoulli: true,
                flags: ["log-one-minus-p", "epsilon-in-log", "kl-direction", "softplus-linear-threshold"],
                comment: """
                    p = 1e-10, q = 2e-10: KL ≈ 3.1e-11 is made as much by (1 − p) ln((1 − p)/(1 − q)) ≈ \
                    q − p as by p ln(p/q), and the rounded 1 − q is off by 1e-6 of q
                    """),
            discreteEntry(
                "p-1e-20-q-1e-15", p: b(1e-20), q: b(1e-15), bernoulli: true,
                flags: ["log-one-minus-p", "epsilon-in-log", "clipped-log", "kl-direction"],
                comment: """
                    both probabilities below 1e-12: KL ≈ 1e-15 comes from ln(1 − q) ≈ −q, which the \
                    rounded 1 − q gets 5% wrong
                    """),
            discreteEntry(
                "within-2-minus-50-of-one", p: b(1 - 0x1p-50), q: b(1 - 0x1p-45), bernoulli: true,
                flags: ["epsilon-in-log", "clipped-log", "kl-direction"],
                comment: """
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
        let oneHot = (0..<10).map { $0 == 4 ? 1.0 : 0 }
        let quarterAtFour = [0.125, 0.125, 0.0625, 0.0625, 0.25, 0.0625, 0.0625, 0.125, 0.0625, 0.0625]
        // Dyadic, summing to 1 exactly: ½ − 4·2^-45 and ½ − 4·2^-60 need 44 and 59 bits.
        let smallP = [0.5 - 0x1p-43, 0.5] + Array(repeating: 0x1p-45, count: 4) + Array(repeating: 0, count: 4)
        let smallQ = [0.5 - 0x1p-58, 0.5] + Array(repeating: 0x1p-60, count: 4) + Array(repeating: 0, count: 4)
        return [
            discreteEntry(
                "q-below-1e-12", p: [0.25, 0.25, 0.5], q: [0.5, 0.5, 0x1p-70], bernoulli: false,
                flags: ["clipped-log", "epsilon-in-log", "kl-direction"],
                comment: """
                    q₃ = 2^-70 ≈ 8.5e-22 under p₃ = 1/2: KL = ½ ln(2^69) − ½ ln 2·… ≈ 23.6, of which \
                    the third term is ½ ln(2^69)
                    """),
            discreteEntry(
                "q-subnormal", p: [0.5, 0.5], q: [1, 0x1p-1074], bernoulli: false,
                flags: ["ratio-overflow", "clipped-log", "epsilon-in-log", "kl-direction"],
                comment: """
                    q₂ = 2^-1074, the least subnormal, under p₂ = 1/2: p₂/q₂ = 2^1073 overflows, \
                    while ½(ln ½ − ln 2^-1074) ≈ 371.9 is finite
                    """),
            discreteEntry(
                "nearly-one-hot", p: [1 - 0x1p-50, 0x1p-51, 0x1p-51], q: [1 - 0x1p-40, 0x1p-41, 0x1p-41],
                bernoulli: false, flags: ["clipped-log", "epsilon-in-log", "kl-direction"],
                comment: """
                    one-hot up to 2^-50 and 2^-40: KL ≈ 2^-40 + 2^-50·ln 2^-10, the small entries \
                    below 1e-12
                    """),
            discreteEntry(
                "one-hot-10-states", p: oneHot, q: quarterAtFour, bernoulli: false,
                flags: ["zero-times-log-zero", "epsilon-in-log", "kl-direction"],
                comment: """
                    p = e₅ on 10 states, q₅ = 1/4: KL = ln 4 from one term; the nine 0·ln(0/qₖ) \
                    terms are 0, and KL(q ‖ p) is +∞
                    """),
            discreteEntry(
                "one-hot-equal-10-states", p: oneHot, q: oneHot, bernoulli: false,
                flags: ["zero-times-log-zero"],
                comment: """
                    p = q = e₅ on 10 states: KL = 0 exactly, with nine 0·ln(0/0) terms that are 0
                    """),
            discreteEntry(
                "p-below-1e-12-10-states", p: smallP, q: smallQ, bernoulli: false,
                flags: ["clipped-log", "epsilon-in-log", "zero-times-log-zero", "kl-direction"],
                comment: """
                    pₖ = 2^-45 ≈ 2.8e-14 against qₖ = 2^-60 on four states, pₖ = qₖ = 0 on four \
                    more: KL ≈ 1.1e-12 is carried by 4·2^-45·ln 2^15, which clipping both to 1e-12 \
                    (or adding 1e-10) turns into 0
                    """),
            discreteEntry(
                "one-state", p: [1], q: [1], bernoulli: false, flags: [],
                comment: "K = 1: the only distribution on one state; KL = 0 exactly"),
            discreteEntry(
                "states-\(k)", p: p.map { $0 / sp }, q: q.map { $0 / sq }, bernoulli: false,
                flags: ["kl-direction"],
                comment: """
                    K = \(k) states with random weights in [1, 2): a long sum of small terms
                    """),
        ]
    }

    /// K of the large categorical case: the reference costs 2K BigFloat logarithms.
    static let largeCategoricalSize = 1000
}

extension DivergencesExporter {
    /// +∞ on 10 states: q is 0 where p has a mass as small as 2^-40.
    func infiniteRegimes() -> [CatalogueEntry] {
        let p = [0.5 - 0x1p-40] + Array(repeating: 0.0625, count: 8) + [0x1p-40]
        let q = [0.5] + Array(repeating: 0.0625, count: 8) + [0]
        return [
            discreteEntry(
                "q-zero-under-tiny-p-10-states", p: p, q: q, bernoulli: false,
                flags: ["infinite-support"],
                comment: """
                    p₁₀ = 2^-40 where q₁₀ = 0 on 10 states: KL(p ‖ q) = +∞ however small the mass
                    """)
        ]
    }
}
