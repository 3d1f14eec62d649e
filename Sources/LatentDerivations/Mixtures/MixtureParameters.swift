import OracleArithmetic
import OracleLinearAlgebra

/// λ = (π_k, μ_k, Σ_k)_{k<K}: the parameters of a K-component Gaussian mixture on ℝᵈ
/// (`Proofs/06-gmm-em.md`, EM-1). A plain value over any field, so that the M-step's closed
/// form (EM-4) can be computed exactly in ℚ; `GaussianMixture` adds the transcendental part.
public struct MixtureParameters<S: FieldScalar>: Sendable, Equatable {
    /// π_k, on the simplex.
    public var weights: [S]
    /// μ_k ∈ ℝᵈ.
    public var means: [[S]]
    /// Σ_k, d × d.
    public var covariances: [Matrix<S>]

    /// Stores the parameters as given; `GaussianMixture.init` validates them.
    public init(weights: [S], means: [[S]], covariances: [Matrix<S>]) {
        self.weights = weights
        self.means = means
        self.covariances = covariances
    }

    /// K.
    public var componentCount: Int { weights.count }
    /// d.
    public var dimension: Int { means.first?.count ?? 0 }

    /// The same mixture with its components relabelled: component k of the result is
    /// component `permutation[k]` of `self` (EM-8, label invariance).
    public func permuted(_ permutation: [Int]) -> MixtureParameters {
        MixtureParameters(
            weights: permutation.map { weights[$0] }, means: permutation.map { means[$0] },
            covariances: permutation.map { covariances[$0] })
    }
}

/// Input checks shared by the E-step, the M-step and the driver (EM-9).
@usableFromInline
enum MixtureValidation {
    /// The data as N points of one dimension d ≥ 1, every coordinate finite.
    @inlinable
    static func data<S: FieldScalar>(_ data: [[S]], iteration: Int) throws -> Int {
        guard let first = data.first, !first.isEmpty else { throw ModelInputError.empty(what: "data") }
        for (n, x) in data.enumerated() {
            guard x.count == first.count else {
                throw ModelInputError.shapeMismatch(what: "data[\(n)]", expected: [first.count], actual: [x.count])
            }
            if !S.isExact, let j = x.firstIndex(where: { !$0.isFinite }) {
                throw MixtureError.nonFiniteData(point: n, coordinate: j, iteration: iteration)
            }
        }
        return first.count
    }

    /// Responsibilities as an N × K table.
    @inlinable
    static func responsibilities<S: FieldScalar>(_ r: [[S]], points: Int) throws -> Int {
        guard r.count == points, let k = r.first?.count, k > 0 else {
            throw ModelInputError.shapeMismatch(what: "responsibilities", expected: [points], actual: [r.count])
        }
        for (n, row) in r.enumerated() where row.count != k {
            throw ModelInputError.shapeMismatch(what: "responsibilities[\(n)]", expected: [k], actual: [row.count])
        }
        return k
    }

    /// The number of distinct points (exact equality of coordinates).
    @inlinable
    static func distinctPoints<S: FieldScalar>(_ data: [[S]]) -> Int { Set(data).count }
}
