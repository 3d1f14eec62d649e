import OracleArithmetic
import OracleLinearAlgebra

/// The factors q(θ) = Πⱼ N(θⱼ; mⱼ, 1/λⱼ) of a fully factorised Gaussian: means and precisions.
public struct GaussianMeanFieldFactors<S: FieldScalar>: Sendable, Equatable {
    /// m.
    public var means: [S]
    /// λ (precision, not variance, of each factor).
    public var precisions: [S]

    public init(means: [S], precisions: [S]) {
        self.means = means
        self.precisions = precisions
    }
}

/// Mean-field approximation of a correlated Gaussian target p(θ) = N(θ; μ, Λ⁻¹) by
/// q(θ) = Πⱼ N(θⱼ; mⱼ, 1/λⱼ) (`Proofs/10-mean-field.md`, MF-4 … MF-6).
///
/// Generic over `FieldScalar`: the updates, the optimum, both marginal variances and the rational
/// part of KL(q ‖ p) are rational in the inputs, so over `Rational` they are exact.
///
/// **Edge Cases:** an empty mean, a shape mismatch, a non-finite entry or a precision Λ that is
/// not symmetric positive definite throws (`ModelInputError`, `LinearAlgebraError`).
public struct CorrelatedGaussianMeanField<S: FieldScalar>: Sendable {
    /// μ.
    public let mean: [S]
    /// Λ = Σ⁻¹, symmetric positive definite.
    public let precision: Matrix<S>
    let ldl: LDLFactorization<S>

    public init(mean: [S], precision: Matrix<S>) throws {
        guard !mean.isEmpty else { throw ModelInputError.empty(what: "mean") }
        try Validate.finite(mean, "mean")
        guard precision.rows == mean.count, precision.columns == mean.count else {
            throw ModelInputError.shapeMismatch(
                what: "precision", expected: [mean.count, mean.count], actual: [precision.rows, precision.columns])
        }
        // Λ is SPD iff every LDLᵀ pivot is > 0 (exact over ℚ).
        let ldl = try LDLFactorization(precision)
        if let pivot = ldl.d.firstIndex(where: { !($0 > .zero) }) {
            throw LinearAlgebraError.notPositiveDefinite(pivot: pivot)
        }
        self.mean = mean
        self.precision = precision
        self.ldl = ldl
    }

    /// d.
    public var dimension: Int { mean.count }

    /// Validates a set of factors against this target: d means, d precisions > 0.
    func validate(_ q: GaussianMeanFieldFactors<S>) throws {
        try Validate.count(q.means, dimension, "means")
        try Validate.count(q.precisions, dimension, "precisions")
        try Validate.finite(q.means, "means")
        try Validate.finite(q.precisions, "precisions")
        for (j, l) in q.precisions.enumerated() where !(l > .zero) {
            throw ModelInputError.notPositive(what: "precisions[\(j)]", value: "\(l)")
        }
    }

    /// The optimum q* (MF-5): mⱼ = μⱼ and λⱼ = Λⱼⱼ. The means are exact; the factor precisions
    /// are the diagonal of Λ, not 1/Σⱼⱼ.
    public var optimum: GaussianMeanFieldFactors<S> {
        GaussianMeanFieldFactors(means: mean, precisions: precision.diagonal)
    }

    /// The mean-field marginal variances 1/Λⱼⱼ (MF-6).
    public var meanFieldVariances: [S] { precision.diagonal.map { S.one / $0 } }

    /// The true marginal variances Σⱼⱼ = (Λ⁻¹)ⱼⱼ (MF-6), by solving Λx = eⱼ through LDLᵀ.
    public func trueMarginalVariances() throws -> [S] {
        try (0..<dimension).map { j in
            var e = [S](repeating: .zero, count: dimension)
            e[j] = .one
            return try ldl.solve(e)[j]
        }
    }

    /// |Λ| = Π dᵢ from LDLᵀ.
    public var precisionDeterminant: S { ldl.determinant }

    /// KL(q ‖ p) split as `rational + ½ ln(logArgument)` (MF-7):
    /// rational = ½[Σⱼ Λⱼⱼ/λⱼ + (m − μ)ᵀΛ(m − μ) − d], logArgument = Πⱼ λⱼ / |Λ|.
    public func klParts(_ q: GaussianMeanFieldFactors<S>) throws -> (rational: S, logArgument: S) {
        try validate(q)
        let r = try subtract(q.means, mean)
        let quadratic = try dot(r, try precision * r)
        var trace = S.zero
        var product = S.one
        for j in 0..<dimension {
            trace += precision[j, j] / q.precisions[j]
            product *= q.precisions[j]
        }
        let half = S.one / S(2)
        return (half * (trace + quadratic - S(dimension)), product / precisionDeterminant)
    }

    /// The gradient of the ELBO with respect to (m, λ) (MF-5's stationarity equations):
    /// ∂L/∂mⱼ = −[Λ(m − μ)]ⱼ and ∂L/∂λⱼ = ½(Λⱼⱼ/λⱼ² − 1/λⱼ). Both vanish exactly at
    /// q*.
    public func elboGradient(_ q: GaussianMeanFieldFactors<S>) throws -> (means: [S], precisions: [S]) {
        try validate(q)
        let g = try precision * (try subtract(q.means, mean))
        let half = S.one / S(2)
        let gl = (0..<dimension).map { j in
            half * (precision[j, j] / q.precisions[j].squared - S.one / q.precisions[j])
        }
        return (g.map { -$0 }, gl)
    }
}

extension CorrelatedGaussianMeanField: MeanFieldModel {
    public typealias Scalar = S
    public typealias Factors = GaussianMeanFieldFactors<S>

    /// J = d factors.
    public var factorCount: Int { dimension }

    /// The coordinate update (MF-4): ln qⱼ = E_{−j}[−½(θ − μ)ᵀΛ(θ − μ)] + const is quadratic in
    /// θⱼ with precision Λⱼⱼ and mean mⱼ = μⱼ − Λⱼⱼ⁻¹ Σ_{k≠j} Λⱼₖ(mₖ − μₖ).
    public func update(_ j: Int, of q: GaussianMeanFieldFactors<S>) throws -> GaussianMeanFieldFactors<S> {
        try validate(q)
        guard (0..<dimension).contains(j) else {
            throw ModelInputError.outOfDomain(what: "coordinate", value: "\(j)", requirement: "0 ≤ j < \(dimension)")
        }
        var s = S.zero
        for k in 0..<dimension where k != j { s += precision[j, k] * (q.means[k] - mean[k]) }
        var next = q
        next.precisions[j] = precision[j, j]
        next.means[j] = mean[j] - s / precision[j, j]
        return next
    }
}

extension CorrelatedGaussianMeanField: MeanFieldELBO where S: RealScalar {
    /// KL(q ‖ p) = rational + ½ ln(logArgument) (MF-7); at q* it is ½ ln(Πⱼ Λⱼⱼ / |Λ|) ≥ 0.
    public func klDivergence(_ q: GaussianMeanFieldFactors<S>) throws -> S {
        let parts = try klParts(q)
        return parts.rational + (try S.log(parts.logArgument)) / S(2)
    }

    /// L(q) = E_q[ln p] + H[q] = −KL(q ‖ p), since the target is normalised (MF-3, MF-7).
    public func elbo(_ q: GaussianMeanFieldFactors<S>) throws -> S {
        -(try klDivergence(q))
    }
}
