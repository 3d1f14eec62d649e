import OracleArithmetic
import OracleLinearAlgebra

/// The Gaussian mixture p(x; λ) = Σ_k π_k N(x; μ_k, Σ_k) with validated parameters
/// (`Proofs/06-gmm-em.md`, EM-1, EM-2). Each component is a `MultivariateGaussian` (its
/// Cholesky factor), and the log joints ℓ_k(x) = ln π_k + ln N(x; μ_k, Σ_k) are combined by
/// log-sum-exp, never by summing densities.
///
/// The Mahalanobis term m_k = ‖W_k(x − μ_k)‖² uses the whitening W_k = L_k⁻¹, formed once per
/// mixture, so that each point costs d independent dot products rather than a chain of d
/// divisions (the loop EM runs over every point at every iteration).
///
/// **Accuracy (`Double`):** each ℓ_k has absolute error ≲ (d + 2)·u·(|ln|Σ_k|| + d ln 2π) +
/// 2d·u·(κ(Σ_k) + √κ(Σ_k))·m_k + u·|ln π_k|: W_k's columns come from forward substitution with
/// relative error ≲ d·u·κ(L_k), and ‖W_k‖‖x − μ_k‖ ≤ κ(L_k)·‖W_k(x − μ_k)‖. `logLikelihood`
/// adds the log-sum-exp error (≲ u·|ℓ| + (K + 3)·u per point) and a compensated sum over points.
///
/// **Edge Cases:** weights off the simplex, a zero weight, a covariance that is not symmetric
/// positive definite or not of its declared type, and shape errors throw (EM-9).
public struct GaussianMixture<S: RealScalar>: Sendable {
    /// λ.
    public let parameters: MixtureParameters<S>
    /// The covariance structure the parameters were validated against.
    public let covarianceType: CovarianceType
    /// N(μ_k, Σ_k).
    public let components: [MultivariateGaussian<S>]
    // c_k = ln π_k − ½(d ln 2π + ln|Σ_k|), so that ℓ_k(x) = c_k − ½ (x − μ_k)ᵀΣ_k⁻¹(x − μ_k);
    // computed once per mixture instead of once per point (GD-1).
    @usableFromInline let logConstants: [S]
    // W_k = L_k⁻¹ (lower triangular) by columns, component k at k·d², entry (r, j) at k·d² + j·d + r:
    // ℓ_k needs ‖W_k(x − μ_k)‖².
    // Formed once per mixture, by forward substitution on the columns of I; each entry of W_k
    // has relative error ≲ d·κ(L_k)·u, so ℓ_k gains ≲ 2d·κ(Σ_k)·u·m_k, m_k the Mahalanobis term.
    @usableFromInline let whitenings: [S]

    /// Validates λ (EM-9). `iteration` only labels errors: a covariance that fails at
    /// iteration 0 is `notPositiveDefinite`; one produced by an M-step is `collapsedComponent`.
    public init(parameters: MixtureParameters<S>, covarianceType: CovarianceType, iteration: Int = 0) throws {
        let kCount = parameters.componentCount
        guard kCount > 0 else { throw ModelInputError.empty(what: "weights") }
        guard parameters.means.count == kCount, parameters.covariances.count == kCount else {
            throw ModelInputError.shapeMismatch(
                what: "means/covariances", expected: [kCount],
                actual: [parameters.means.count, parameters.covariances.count])
        }
        try Self.validateWeights(parameters.weights, iteration: iteration)
        let d = parameters.dimension
        let logTwoPi = try S.log(S(2) * S.pi)
        var components: [MultivariateGaussian<S>] = []
        var constants: [S] = []
        var whitenings: [S] = []
        for k in 0..<kCount {
            let sigma = parameters.covariances[k]
            guard parameters.means[k].count == d, d > 0, sigma.rows == d, sigma.columns == d else {
                throw ModelInputError.shapeMismatch(
                    what: "component \(k)", expected: [d, d], actual: [sigma.rows, sigma.columns])
            }
            guard Self.hasStructure(sigma, covarianceType) else {
                throw MixtureError.notPositiveDefinite(component: k, iteration: iteration)
            }
            let gaussian: MultivariateGaussian<S>
            do {
                gaussian = try MultivariateGaussian(mean: parameters.means[k], covariance: sigma)
            } catch let error as ModelInputError {
                if case .nonFinite = error {
                    throw MixtureError.nonFiniteData(point: k, coordinate: 0, iteration: iteration)
                }
                throw error
            } catch {
                throw iteration == 0
                    ? MixtureError.notPositiveDefinite(component: k, iteration: iteration)
                    : MixtureError.collapsedComponent(component: k, iteration: iteration)
            }
            components.append(gaussian)
            let inverse = try (0..<d).map { j in
                try TriangularSolve.forward(gaussian.cholesky.lower, (0..<d).map { $0 == j ? S.one : S.zero })
            }
            whitenings.append(contentsOf: inverse.joined())
            let half = S.one / S(2)
            constants.append(try S.log(parameters.weights[k]) - half * (S(d) * logTwoPi + gaussian.logDeterminant))
        }
        self.parameters = parameters
        self.covarianceType = covarianceType
        self.components = components
        self.logConstants = constants
        self.whitenings = whitenings
    }

    /// π ≥ 0 with Σπ = 1: exactly for exact scalars, within 4K·u otherwise (the sum of K
    /// weights that each carry ≤ 1 ulp of rounding), u the scalar's unit roundoff (`roundingUnit`:
    /// 2⁻²⁴ for `Float`, 2⁻⁵³ for `Double` and `BigFloat`). A zero weight gives component k no
    /// responsibility, so it is `vanishingResponsibilities` (EM-9).
    static func validateWeights(_ weights: [S], iteration: Int) throws {
        for (k, w) in weights.enumerated() {
            guard w - w == .zero else {
                throw MixtureError.weightsNotNormalized(component: k, sum: "NaN", iteration: iteration)
            }
            guard w >= .zero else {
                throw MixtureError.weightsNotNormalized(component: k, sum: "\(weights)", iteration: iteration)
            }
        }
        let sum: S = compensatedSum(weights)
        let slack = S.isExact ? S.zero : S(4 * Double(weights.count) * roundingUnit)
        guard (sum - S.one).absoluteValue <= slack else {
            throw MixtureError.weightsNotNormalized(component: weights.count - 1, sum: "\(sum)", iteration: iteration)
        }
        if let k = weights.firstIndex(where: { $0.isZero }) {
            throw MixtureError.vanishingResponsibilities(component: k, iteration: iteration)
        }
    }

    /// The unit roundoff the weight check allows for: 2⁻²⁴ for a scalar with fewer than 30
    /// significant bits (`Float`, whose weights rounded from binary64 sum to 1 only within a few
    /// 2⁻²⁴), else 2⁻⁵³ (`Double`; `BigFloat` weights come from binary64 inputs, so they are held
    /// to the binary64 check).
    static var roundingUnit: Double {
        S.one + S.one / S(1 << 30) == S.one ? 0x1p-24 : 0x1p-53
    }

    /// Whether Σ has the zero pattern of its type (diagonal: off-diagonal zeros; spherical:
    /// also equal diagonal entries).
    static func hasStructure(_ sigma: Matrix<S>, _ type: CovarianceType) -> Bool {
        guard type != .full else { return true }
        for i in 0..<sigma.rows {
            for j in 0..<sigma.columns where i != j && !sigma[i, j].isZero { return false }
        }
        return type == .diagonal || Set(sigma.diagonal).count == 1
    }

    /// K.
    public var componentCount: Int { components.count }

    /// ℓ_k(x) = ln π_k + ln N(x; μ_k, Σ_k) = ln p(x, z = k; λ) for k < K (EM-1). Throws
    /// `ModelInputError` for a point of the wrong dimension or with a non-finite coordinate.
    public func logJoint(_ x: [S]) throws -> [S] {
        try Validate.count(x, parameters.dimension, "x")
        try Validate.finite(x, "x")
        return try logJointTable(try Matrix(rows: 1, columns: x.count, entries: x)).entries
    }

    /// ℓ_nk for every point (validated data).
    @inlinable
    public func logJoints(_ data: [[S]], iteration: Int = 0) throws -> [[S]] {
        let d = try MixtureValidation.data(data, iteration: iteration)
        guard d == parameters.dimension else {
            throw ModelInputError.shapeMismatch(what: "data", expected: [parameters.dimension], actual: [d])
        }
        return try logJointTable(try Matrix(data)).rowArrays
    }

    /// ℓ_nk for the validated N × d point table X (row n is x_n, of this mixture's dimension):
    /// the N × K table of log joints, row n holding ℓ_n0 … ℓ_n,K−1 (EM-1), with no allocation per
    /// point: the loop EM runs twice per iteration.
    @inlinable
    func logJointTable(_ points: Matrix<S>) throws -> Matrix<S> {
        let n = points.rows, d = points.columns, kCount = components.count
        let half = S.one / S(2)
        let means = components.flatMap(\.mean)
        var table: [S] = []
        table.reserveCapacity(n * kCount)
        var work = [S](repeating: .zero, count: 2 * d)
        work.withUnsafeMutableBufferPointer { work in
            let c = UnsafeMutableBufferPointer(rebasing: work[0..<d]),
                y = UnsafeMutableBufferPointer(rebasing: work[d...])
            points.entries.withUnsafeBufferPointer { x in
                whitenings.withUnsafeBufferPointer { w in
                    for i in 0..<n {
                        for k in 0..<kCount {
                            // GD-3: (x − μ_k)ᵀΣ_k⁻¹(x − μ_k) = ‖W_k(x − μ_k)‖² with W_k = L_k⁻¹.
                            for j in 0..<d { c[j] = x[i * d + j] - means[k * d + j] }
                            // y = W_k c column by column: y_r = Σ_{j≤r} (W_k)_rj c_j, added in
                            // order of j; the inner loop runs over independent y_r.
                            let wk = k * d * d
                            for r in 0..<d { y[r] = w[wk + r] * c[0] }
                            for j in stride(from: 1, to: d, by: 1) {
                                let cj = c[j], column = wk + j * d
                                for r in j..<d { y[r] += w[column + r] * cj }
                            }
                            // The d squares are ≥ 0, so their plain sum has relative error ≤ (d − 1)·u.
                            var q = S.zero
                            for r in 0..<d { q += y[r] * y[r] }
                            table.append(logConstants[k] - half * q)
                        }
                    }
                }
            }
        }
        return try Matrix(rows: n, columns: kCount, entries: table)
    }

    /// ln p(x; λ) = logSumExp_k ℓ_k(x) (EM-2).
    @inlinable
    public func logDensity(_ x: [S]) throws -> S { try logSumExp(try logJoint(x)) }

    /// L(λ) = Σ_n ln p(x_n; λ) = Σ_n logSumExp_k ℓ_nk (EM-2), summed with compensation.
    @inlinable
    public func logLikelihood(_ data: [[S]]) throws -> S {
        let rows = try logJoints(data)
        return compensatedSum(try rows.map { try logSumExp($0) })
    }
}
