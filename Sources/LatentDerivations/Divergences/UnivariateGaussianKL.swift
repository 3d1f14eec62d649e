import OracleArithmetic

/// Why a univariate Gaussian could not be formed or compared.
public enum UnivariateGaussianError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The variance (σ², not σ) must be strictly positive.
    case nonPositiveVariance(String)
    /// A mean or variance is NaN or infinite (`Double` inputs only).
    case nonFiniteParameter(name: String, value: String)

    public var description: String {
        switch self {
        case .nonPositiveVariance(let value):
            return "a Gaussian's variance must be > 0, got \(value) (pass σ², not σ)"
        case .nonFiniteParameter(let name, let value):
            return "a Gaussian's \(name) must be finite, got \(value)"
        }
    }
}

/// The normal distribution N(mean, variance) on ℝ, parameterised by its **variance** σ²
/// (not its standard deviation σ), over any field: `Rational` for exact work, `BigFloat` or
/// `Double` for the log-dependent parts.
///
/// **Postconditions:** `variance > 0`.
public struct UnivariateGaussian<Scalar: FieldScalar>: Hashable, Sendable {
    /// μ.
    public let mean: Scalar
    /// σ² > 0.
    public let variance: Scalar

    /// N(mean, variance).
    /// - Throws: `UnivariateGaussianError.nonPositiveVariance` when `variance ≤ 0` (or NaN).
    public init(mean: Scalar, variance: Scalar) throws(UnivariateGaussianError) {
        // `!(variance > 0)` also refuses a NaN variance.
        guard variance > .zero else { throw .nonPositiveVariance(variance.description) }
        self.mean = mean
        self.variance = variance
    }
}

/// KL(p ‖ q) for univariate Gaussians split into its field part and its logarithm:
///
///     KL(p ‖ q) = rationalPart + ½ · ln(logArgument),
///     rationalPart = ½ [σ₁²/σ₂² − 1 + (μ₂ − μ₁)²/σ₂²],   logArgument = σ₂²/σ₁²,
///
/// both computed exactly when `Scalar` is exact (`Proofs/02-gaussian-kl.md`, KL-4).
public struct GaussianKLDecomposition<Scalar: FieldScalar>: Hashable, Sendable {
    /// ½ [σ₁²/σ₂² − 1 + (μ₂ − μ₁)²/σ₂²]: the trace and Mahalanobis terms.
    public let rationalPart: Scalar
    /// σ₂²/σ₁² > 0: the argument of the log-determinant term.
    public let logArgument: Scalar
}

extension GaussianKLDecomposition where Scalar: RealScalar {
    /// rationalPart + ½ · ln(logArgument) in `Scalar`: three rounded operations and one `log`.
    public func total() throws -> Scalar {
        rationalPart + (try Scalar.log(logArgument)) / Scalar(2)
    }
}

extension UnivariateGaussian {
    /// The exact split of KL(self ‖ q) into `rationalPart + ½·ln(logArgument)` (KL-4).
    ///
    /// Uses only field operations, so over `Rational` both parts are exact; the divisions are by
    /// variances, which `init` guarantees are non-zero.
    ///
    /// **Postconditions:** `logArgument > 0`; if self == q then `rationalPart == 0` and
    /// `logArgument == 1`; for σ₁² = σ₂² the log argument is exactly 1 and the rational part is
    /// (μ₂ − μ₁)²/(2σ₂²).
    public func klDivergenceDecomposition(to q: UnivariateGaussian) -> GaussianKLDecomposition<Scalar> {
        let half = Scalar.one / Scalar(2)
        // KL-3: the trace term σ₁²/σ₂² − 1 and the Mahalanobis term (μ₂ − μ₁)²/σ₂².
        let trace = variance / q.variance - .one
        let mahalanobis = (q.mean - mean).squared / q.variance
        // KL-2: the log-determinant term ln(σ₂²/σ₁²) is kept as its argument.
        return GaussianKLDecomposition(
            rationalPart: half * (trace + mahalanobis),
            logArgument: q.variance / variance)
    }
}

extension UnivariateGaussian where Scalar: RealScalar {
    /// KL(self ‖ q) = ½ [σ₁²/σ₂² − 1 + (μ₂ − μ₁)²/σ₂² + ln(σ₂²/σ₁²)] (M. Gales, 4F10,
    /// Cambridge 2018, "KL Divergence for Gaussians", specialised to one dimension;
    /// `Proofs/02-gaussian-kl.md`, KL-1 … KL-5).
    ///
    /// Evaluated as ½ [(r − 1 − ln r) + m] with r = σ₁²/σ₂² and m = (μ₂ − μ₁)²/σ₂²: the two
    /// non-negative pieces are summed last, so no cancellation happens between them (Gibbs:
    /// r − 1 − ln r ≥ 0 because ln r ≤ r − 1).
    ///
    /// **Accuracy (`Double`):** absolute error ≤ 4u·(r + 1 + |ln r| + m) with u = 2⁻⁵³, plus
    /// the `log` error (≤ 1 ulp of |ln r| for glibc). Relative accuracy is lost only where
    /// KL ≪ r + 1 (r ≈ 1 and m ≈ 0), where r − 1 − ln r cancels.
    ///
    /// **Edge Cases:** KL(p ‖ p) = 0 exactly (r = 1, m = 0, ln 1 = 0); equal variances give
    /// exactly the rounded (μ₂ − μ₁)²/(2σ²).
    ///
    /// - Throws: `UnivariateGaussianError.nonFiniteParameter` for a NaN or infinite mean or
    ///   variance (in `self` or `q`).
    public func klDivergence(to q: UnivariateGaussian) throws -> Scalar {
        for (name, value) in [
            ("mean of p", mean), ("variance of p", variance), ("mean of q", q.mean), ("variance of q", q.variance),
        ]
        where !value.isFinite {
            throw UnivariateGaussianError.nonFiniteParameter(name: name, value: value.description)
        }
        let r = variance / q.variance
        let m = (q.mean - mean).squared / q.variance
        // ln(σ₂²/σ₁²) = −ln r; r > 0 because both variances are > 0 (and finite, so r is not 0
        // unless it underflows, which log reports as a domain error).
        let gibbsGap = (r - .one) - (try Scalar.log(r))
        return (gibbsGap + m) / Scalar(2)
    }
}
