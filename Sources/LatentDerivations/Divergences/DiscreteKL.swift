import OracleArithmetic
import OracleLinearAlgebra

/// A divergence value in [0, +∞]: finite, or +∞ when p puts mass where q has none. +∞ is a
/// value, not an error (KL-15); `doubleValue` spells it `Double.infinity`.
public enum DivergenceValue<Scalar: FieldScalar>: Hashable, Sendable {
    case finite(Scalar)
    case infinite

    /// The correctly rounded `Double` of a finite value, `+∞` for `.infinite`.
    public var doubleValue: Double {
        switch self {
        case .finite(let x): return x.doubleValue
        case .infinite: return .infinity
        }
    }
}

/// KL(p ‖ q) = Σₖ pₖ ln(pₖ/qₖ) between categorical distributions on {0, …, K−1}, and the
/// Bernoulli case K = 2 (`Proofs/02-gaussian-kl.md`, KL-14, KL-15).
public enum CategoricalKL {
    /// Σₖ pₖ ln(pₖ/qₖ) with 0·ln(0/q) = 0, and +∞ when some pₖ > 0 has qₖ = 0.
    ///
    /// Each term is pₖ(ln pₖ − ln qₖ), summed with compensation.
    ///
    /// **Accuracy (`Double`):** absolute error ≲ 4u·Σₖ pₖ(|ln pₖ| + |ln qₖ|). Near p = q the
    /// terms cancel (Σ pₖ ln(pₖ/qₖ) ≈ ½χ²); relative accuracy is then only ≈ u·Σ|terms|/KL.
    ///
    /// **Edge Cases:** KL(p ‖ p) = 0 exactly (every term is pₖ·0).
    ///
    /// - Throws: `ModelInputError` when p or q is not a probability vector on the same K states
    ///   (entries ≥ 0, Σ = 1 exactly for exact scalars or within `probabilitySumTolerance`).
    public static func divergence<S: RealScalar>(_ p: [S], _ q: [S]) throws -> DivergenceValue<S> {
        try Validate.probabilityVector(p, "p")
        try Validate.count(q, p.count, "q")
        try Validate.probabilityVector(q, "q")
        var sum = NeumaierSum<S>()
        for (pk, qk) in zip(p, q) where !pk.isZero {
            guard !qk.isZero else { return .infinite }
            sum.add(pk * ((try S.log(pk)) - (try S.log(qk))))
        }
        return .finite(sum.value)
    }

    /// KL(Bernoulli(p) ‖ Bernoulli(q)) = p ln(p/q) + (1 − p) ln((1 − p)/(1 − q)); p, q ∈ [0, 1] are
    /// the probabilities of 1.
    /// - Throws: `ModelInputError.outOfDomain` for p or q outside [0, 1] or NaN.
    public static func bernoulli<S: RealScalar>(_ p: S, _ q: S) throws -> DivergenceValue<S> {
        for (name, x) in [("p", p), ("q", q)] where !(x >= .zero && x <= .one) {
            throw ModelInputError.outOfDomain(what: name, value: x.description, requirement: "0 ≤ \(name) ≤ 1")
        }
        // 1 − p is exact in Double for p ∈ [½, 1] (Sterbenz) and rounds once otherwise.
        return try divergence([p, .one - p], [q, .one - q])
    }
}
