import OracleArithmetic

/// The score-function moments of z ~ Cat(π) in a form that never subtracts from 1
/// (`Proofs/08-gradient-estimators.md`, GE-16): from π, the complements c_j = 1 − π_j given as
/// Σ_{k≠j} π_k, the values f, and for each j the distribution ρ⁽ʲ⁾ of z given z ≠ j
/// (ρ⁽ʲ⁾_k = π_k/c_j for k ≠ j, ρ⁽ʲ⁾_j = 0).
///
/// With M_j = Σ_k ρ⁽ʲ⁾_k f_k and V_j = Σ_k ρ⁽ʲ⁾_k (f_k − M_j)²:
/// g_j = π_j Σ_{k≠j} π_k (f_j − f_k), b*_j = c_j f_j + π_j M_j and
/// Var[(f − b)s_j] = π_j c_j (b − b*_j)² + π_j² c_j V_j, a sum of non-negative terms. Over `Rational`
/// (with c = 1 − π) every value equals the enumeration of `CategoricalScoreFunction` exactly; in
/// floating point each is accurate to a few ulps relative even when c_j or π_j is far below the
/// unit roundoff, where the enumeration's deviations ĝ_j(z) − g_j cancel. ρ⁽ʲ⁾ is given apart so
/// that M_j survives a c_j that underflows (`LogitCategorical` forms it from the logits).
///
/// **Edge Cases:** a component with c_j = 0 exactly (K = 1) has gradient 0, b*_j = 0 and variance 0.
public struct CategoricalMoments<Scalar: FieldScalar>: Hashable, Sendable {
    /// π.
    public let probabilities: [Scalar]
    /// c_j = 1 − π_j, computed without the subtraction.
    public let complements: [Scalar]
    /// f(z) for z = 0 … K − 1.
    public let values: [Scalar]
    /// Row j: ρ⁽ʲ⁾, the distribution of z given z ≠ j.
    public let conditionals: [[Scalar]]

    /// The moments for π, its complements c and the values f, with ρ⁽ʲ⁾_k = π_k/c_j unless
    /// `conditionals` are given (no validation: callers give c = 1 − π).
    /// - Throws: `ModelInputError` when the lengths differ or K = 0.
    public init(
        probabilities: [Scalar], complements: [Scalar], values: [Scalar], conditionals: [[Scalar]]? = nil
    ) throws(ModelInputError) {
        guard !probabilities.isEmpty else { throw .empty(what: "probabilities") }
        let k = probabilities.count
        try Validate.count(complements, k, "complements")
        try Validate.count(values, k, "values")
        let rows =
            conditionals
            ?? (0..<k).map { j in
                (0..<k).map { i in i == j || complements[j].isZero ? .zero : probabilities[i] / complements[j] }
            }
        try Validate.count(rows, k, "conditionals")
        for row in rows { try Validate.count(row, k, "conditionals row") }
        self.probabilities = probabilities
        self.complements = complements
        self.values = values
        self.conditionals = rows
    }

    /// K.
    public var count: Int { probabilities.count }

    /// E f = Σ_z π_z f(z).
    public var objective: Scalar { zip(probabilities, values).reduce(Scalar.zero) { $0 + $1.0 * $1.1 } }

    /// M_j = E[f | z ≠ j] (0 for K = 1).
    func otherMean(_ j: Int) -> Scalar {
        zip(conditionals[j], values).reduce(Scalar.zero) { $0 + $1.0 * $1.1 }
    }

    /// V_j = Var[f | z ≠ j], centred about M_j.
    func otherVariance(_ j: Int) -> Scalar {
        let m = otherMean(j)
        var s = Scalar.zero
        for k in 0..<count where k != j { s += conditionals[j][k] * (values[k] - m) * (values[k] - m) }
        return s
    }

    /// ∂E f/∂η_j = π_j Σ_{k≠j} π_k (f_j − f_k) (GE-16: f_j − E f without rounding E f).
    public var gradient: [Scalar] {
        (0..<count).map { j in
            var s = Scalar.zero
            for k in 0..<count where k != j { s += probabilities[k] * (values[j] - values[k]) }
            return probabilities[j] * s
        }
    }

    /// b*_j = E[f s_j²]/E[s_j²] = c_j f_j + π_j M_j (0 for K = 1).
    public var optimalBaselines: [Scalar] {
        (0..<count).map { j in count == 1 ? .zero : complements[j] * values[j] + probabilities[j] * otherMean(j) }
    }

    /// Var[(f(z) − b_j) s_j(z)] per component: π_j c_j (b_j − b*_j)² + π_j² c_j V_j (GE-16); with
    /// `baselines` nil the optimal b*, whose variance π_j² c_j V_j is formed without the subtraction.
    public func variances(baselines: [Scalar]?) throws(ModelInputError) -> [Scalar] {
        if let baselines { try Validate.count(baselines, count, "baselines") }
        let optimal = optimalBaselines
        return (0..<count).map { j in
            let floor = probabilities[j] * probabilities[j] * complements[j] * otherVariance(j)
            guard let b = baselines?[j] else { return floor }
            let shift = b - optimal[j]
            return probabilities[j] * complements[j] * shift * shift + floor
        }
    }
}

/// Cat(softmax(η)) from its logits η (`Proofs/08-gradient-estimators.md`, GE-15): the log-softmax,
/// the probabilities and their complements without overflow, underflow to NaN or a subtraction
/// from 1, and the score-function moments (`CategoricalMoments`).
///
/// With m = max η (first index a), w_k = e^{η_k − m} ∈ (0, 1] and r = Σ_{k≠a} w_k:
/// ln π_k = (η_k − m) − ln(1 + r) (ln(1 + r) by log1p), π_k = w_k/(1 + r), and
/// c_j = 1 − π_j = (1 + r − w_j)/(1 + r) with 1 + r − w_j = r for j = a and 1 + (r − w_j) otherwise.
/// A Bernoulli with logit t is η = (0, t): π₁ = σ(t), ln π₀ = −softplus(t).
///
/// Accuracy (binary floating point, unit roundoff u): ln π_k to a few u relative (the shift is
/// exact or one rounding, log1p is accurate near 0); π_k and c_k to a few u relative unless they
/// underflow; the moments as in `CategoricalMoments`.
///
/// **Edge Cases:** an empty η, a non-finite logit or value, or mismatched lengths throw
/// `ModelInputError`.
public struct LogitCategorical<Scalar: RealScalar>: Hashable, Sendable {
    /// η.
    public let logits: [Scalar]
    /// f(z) for z = 0 … K − 1.
    public let values: [Scalar]

    /// The distribution Cat(softmax(η)) and the values f.
    public init(logits: [Scalar], values: [Scalar]) throws(ModelInputError) {
        guard !logits.isEmpty else { throw .empty(what: "logits") }
        try Validate.finite(logits, "logits")
        try Validate.finite(values, "values")
        try Validate.count(values, logits.count, "values")
        self.logits = logits
        self.values = values
    }

    /// Bernoulli with logit t (p = σ(t)) and f(0), f(1): η = (0, t).
    public static func bernoulli(logit t: Scalar, f0: Scalar, f1: Scalar) throws(ModelInputError) -> LogitCategorical {
        try LogitCategorical(logits: [.zero, t], values: [f0, f1])
    }

    /// (a, w, r): the first index of max η, the shifted weights e^{η_k − m} and r = Σ_{k≠a} w_k.
    var shifted: (argmax: Int, weights: [Scalar], rest: Scalar) {
        var a = 0
        for k in logits.indices where logits[k] > logits[a] { a = k }
        let m = logits[a]
        // η_a − m = 0 exactly, so w_a = 1; every other w_k ≤ 1 cannot overflow.
        let w = logits.indices.map { $0 == a ? Scalar.one : Scalar.exp(logits[$0] - m) }
        var r = Scalar.zero
        for k in w.indices where k != a { r += w[k] }
        return (a, w, r)
    }

    /// ln π_k = (η_k − m) − log1p(r): no exponential of a logit, and ln π_a = −log1p(r) keeps its
    /// relative accuracy when π_a is within u of 1.
    public func logProbabilities() throws -> [Scalar] {
        let (a, _, r) = shifted
        let l = try Scalar.log1p(r)
        return logits.map { $0 - logits[a] - l }
    }

    /// π_k = w_k/(1 + r).
    public var probabilities: [Scalar] {
        let (_, w, r) = shifted
        let total = Scalar.one + r
        return w.map { $0 / total }
    }

    /// c_j = 1 − π_j = (1 + r − w_j)/(1 + r), formed from the other weights (no subtraction from 1).
    public var complements: [Scalar] {
        let (a, w, r) = shifted
        let total = Scalar.one + r
        // For j ≠ a: r − w_j = Σ_{k≠a,j} w_k ≥ 0 is ≤ (K − 1)·u·r off, against 1 + (r − w_j) ≥ 1.
        return w.indices.map { j in (j == a ? r : .one + (r - w[j])) / total }
    }

    /// Row j: ρ⁽ʲ⁾ = softmax of η with category j left out (entry j is 0), shifted by the largest
    /// remaining logit, so that it stays a distribution when c_j underflows.
    public var conditionals: [[Scalar]] {
        logits.indices.map { j in
            var top: Int? = nil
            for k in logits.indices where k != j && (top.map { logits[k] > logits[$0] } ?? true) { top = k }
            guard let top else { return [Scalar](repeating: .zero, count: logits.count) }
            let w = logits.indices.map {
                $0 == j ? Scalar.zero : $0 == top ? .one : Scalar.exp(logits[$0] - logits[top])
            }
            let total = w.reduce(Scalar.zero, +)
            return w.map { $0 / total }
        }
    }

    /// The score-function moments of Cat(softmax(η)) with these values.
    public func moments() throws(ModelInputError) -> CategoricalMoments<Scalar> {
        try CategoricalMoments(
            probabilities: probabilities, complements: complements, values: values, conditionals: conditionals)
    }
}
