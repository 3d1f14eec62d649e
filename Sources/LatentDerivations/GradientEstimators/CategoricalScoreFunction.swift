import OracleArithmetic

/// The score-function estimator for a discrete latent z ~ Cat(π), π = softmax(η), where the
/// reparameterization trick does not apply (`Proofs/08-gradient-estimators.md`, GE-11, GE-12).
///
/// The gradient is taken with respect to the logits η: ∂_{η_j} ln π_z = [z = j] − π_j. A
/// Bernoulli(p) latent is the two-category case with logits (0, η), p = π₁, and the gradient
/// component 1 (`CategoricalScoreFunction.bernoulli`).
///
/// Everything is a finite sum over the categories, so over `Rational` every gradient, variance and
/// optimal baseline is exact.
///
/// **Edge Cases:** an empty vector, a non-positive or non-finite probability, a sum that is not 1
/// (exactly for exact scalars, within 1e-12 for `Double`), or a value vector of the wrong length
/// throws `ModelInputError`.
public struct CategoricalScoreFunction<Scalar: FieldScalar>: Hashable, Sendable {
    /// π, every entry > 0.
    public let probabilities: [Scalar]
    /// f(z) for z = 0 … K − 1.
    public let values: [Scalar]

    /// The problem for Cat(π) and the function values f(0…K−1).
    public init(probabilities: [Scalar], values: [Scalar]) throws(ModelInputError) {
        guard !probabilities.isEmpty else { throw .empty(what: "probabilities") }
        try Validate.finite(probabilities, "probabilities")
        try Validate.finite(values, "values")
        try Validate.count(values, probabilities.count, "values")
        for p in probabilities where !(p > .zero) {
            throw .notPositive(what: "probability", value: p.description)
        }
        let total = probabilities.reduce(Scalar.zero, +)
        // Exact scalars must sum to 1 exactly; floating point within K·10⁻¹² (rounding of the sum).
        let tolerance = Scalar.isExact ? Scalar.zero : Scalar(probabilities.count) / Scalar(1_000_000_000_000)
        guard (total - .one).absoluteValue <= tolerance else {
            throw .outOfDomain(
                what: "sum of probabilities", value: total.description,
                requirement: Scalar.isExact ? "= 1 exactly" : "|Σπ − 1| ≤ K·1e-12")
        }
        self.probabilities = probabilities
        self.values = values
    }

    /// Bernoulli(p) with f(0), f(1): the categorical [1 − p, p]; its logit gradient is component 1.
    public static func bernoulli(p: Scalar, f0: Scalar, f1: Scalar) throws(ModelInputError) -> CategoricalScoreFunction
    {
        try CategoricalScoreFunction(probabilities: [.one - p, p], values: [f0, f1])
    }

    /// K.
    public var count: Int { probabilities.count }

    /// ∇_η ln π_z = e_z − π (GE-11): ∂_{η_j} ln softmax(η)_z = [z = j] − π_j.
    public func score(_ z: Int) throws(ModelInputError) -> [Scalar] {
        guard z >= 0, z < count else {
            throw .outOfDomain(what: "category z", value: "\(z)", requirement: "0 ≤ z < \(count)")
        }
        return probabilities.enumerated().map { j, p in (j == z ? .one : .zero) - p }
    }

    /// One estimate (f(z) − b_j)(∂_{η_j} ln π_z) for every j, with baselines b (zeros: plain SF).
    public func estimate(_ z: Int, baselines: [Scalar]? = nil) throws(ModelInputError) -> [Scalar] {
        let b = baselines ?? [Scalar](repeating: .zero, count: count)
        try Validate.count(b, count, "baselines")
        return try score(z).enumerated().map { j, s in (values[z] - b[j]) * s }
    }

    /// E f = Σ_z π_z f(z).
    public var objective: Scalar { zip(probabilities, values).reduce(Scalar.zero) { $0 + $1.0 * $1.1 } }

    /// ∇_η E f by enumeration of the score-function identity: Σ_z π_z f(z) (e_z − π) (GE-11).
    public func gradientByEnumeration() throws(ModelInputError) -> [Scalar] {
        var g = [Scalar](repeating: .zero, count: count)
        for z in 0..<count {
            let e = try estimate(z)
            for j in 0..<count { g[j] += probabilities[z] * e[j] }
        }
        return g
    }

    /// ∇_η E f in closed form, π_j (f(j) − E f) (GE-11, differentiating the softmax directly).
    public var gradient: [Scalar] {
        let mean = objective
        return zip(probabilities, values).map { p, f in p * (f - mean) }
    }

    /// b*_j = E[f s_j²]/E[s_j²] (GE-12); E[s_j²] = π_j(1 − π_j) > 0 when K ≥ 2 (0 for K = 1, where
    /// the gradient vanishes and b* is taken as 0).
    public var optimalBaselines: [Scalar] {
        (0..<count).map { j in
            var num = Scalar.zero, den = Scalar.zero
            for z in 0..<count {
                let s = (z == j ? .one : .zero) - probabilities[j]
                num += probabilities[z] * values[z] * s * s
                den += probabilities[z] * s * s
            }
            return den.isZero ? .zero : num / den
        }
    }

    /// Var of the estimator with the given baselines, per component, by enumeration (GE-12):
    /// Σ_z π_z (ĝ_j(z) − g_j)².
    public func variances(baselines: [Scalar]? = nil) throws(ModelInputError) -> [Scalar] {
        let g = gradient
        var v = [Scalar](repeating: .zero, count: count)
        for z in 0..<count {
            let e = try estimate(z, baselines: baselines)
            for j in 0..<count { v[j] += probabilities[z] * (e[j] - g[j]) * (e[j] - g[j]) }
        }
        return v
    }
}
