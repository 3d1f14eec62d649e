import OracleArithmetic
import OracleLinearAlgebra

/// The sample mean x̄ = (1/N) Σₙ xₙ and the ML sample covariance S = (1/N) Σₙ (xₙ − x̄)(xₙ − x̄)ᵀ
/// of N points in ℝᵈ (FM-3). Convention: **1/N**, the maximum-likelihood normalisation of
/// Tipping & Bishop (1999); scikit-learn's PCA uses 1/(N − 1).
///
/// Generic over `FieldScalar`: over `Rational` both moments are exact.
///
/// **Edge Cases:** empty data, ragged rows and NaN or infinite entries throw `ModelInputError`.
public struct SampleMoments<S: FieldScalar>: Sendable {
    /// N.
    public let count: Int
    /// x̄.
    public let mean: [S]
    /// S (1/N).
    public let covariance: Matrix<S>

    /// The moments of `data` (one row per point).
    public init(data: [[S]]) throws {
        let (n, d) = try FactorData.validate(data)
        var mean = [S](repeating: .zero, count: d)
        for x in data { for j in 0..<d { mean[j] += x[j] } }
        mean = mean.map { $0 / S(n) }
        // S = (1/N) Σ (x − x̄)(x − x̄)ᵀ, centred first (never E[xxᵀ] − x̄x̄ᵀ, which cancels).
        var entries = [S](repeating: .zero, count: d * d)
        for x in data {
            let c = (0..<d).map { x[$0] - mean[$0] }
            for i in 0..<d { for j in i..<d { entries[i * d + j] += c[i] * c[j] } }
        }
        for i in 0..<d {
            for j in i..<d {
                entries[i * d + j] /= S(n)
                entries[j * d + i] = entries[i * d + j]
            }
        }
        self.count = n
        self.mean = mean
        self.covariance = try Matrix(rows: d, columns: d, entries: entries)
    }

    /// Moments computed elsewhere (the responsibility-weighted moments of a mixture component).
    init(count: Int, mean: [S], covariance: Matrix<S>) {
        self.count = count
        self.mean = mean
        self.covariance = covariance
    }

    /// d.
    public var dimension: Int { mean.count }
}

/// Input validation shared by the factor-model entry points.
enum FactorData {
    /// (N, d) of non-empty, rectangular, finite data.
    static func validate<S: FieldScalar>(_ data: [[S]]) throws -> (Int, Int) {
        guard let first = data.first, !first.isEmpty else { throw ModelInputError.empty(what: "data") }
        let d = first.count
        for (n, x) in data.enumerated() {
            guard x.count == d else {
                throw ModelInputError.shapeMismatch(what: "data[\(n)]", expected: [d], actual: [x.count])
            }
            try Validate.finite(x, "data[\(n)]")
        }
        return (data.count, d)
    }

    /// Throws unless 1 ≤ q < d.
    static func latentDimension(_ q: Int, _ d: Int) throws {
        guard q >= 1, q < d else { throw FactorModelError.latentDimension(q: q, d: d) }
    }
}

/// Σₙ ln N(xₙ; μ, C) = −(N/2) [d ln 2π + ln|C| + tr(C⁻¹ S_μ)], with
/// S_μ = S + (x̄ − μ)(x̄ − μ)ᵀ the scatter about μ (FM-2): one Cholesky factorisation, no inverse.
/// Throws `ModelInputError.shapeMismatch` for data whose dimension is not μ's.
func gaussianLogLikelihood<S: RealScalar>(mean: [S], covariance: Matrix<S>, moments: SampleMoments<S>) throws -> S {
    let d = moments.dimension
    guard d == mean.count else {
        throw ModelInputError.shapeMismatch(
            what: "data", expected: [moments.count, mean.count], actual: [moments.count, d])
    }
    let cholesky = try CholeskyFactorization(covariance)
    let shift = try subtract(moments.mean, mean)
    let scatter = Matrix(rows: d, columns: d) { i, j in moments.covariance[i, j] + shift[i] * shift[j] }
    let solved = try cholesky.solve(scatter)
    let logTwoPi = try S.log(S(2) * S.pi)
    let half = S.one / S(2)
    return -half * S(moments.count) * (S(d) * logTwoPi + cholesky.logDeterminant + (try solved.trace))
}
