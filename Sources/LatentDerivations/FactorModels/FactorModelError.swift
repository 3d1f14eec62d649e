/// Bad input specific to factor models (PPCA, factor analysis, mixtures of PPCA). Shapes and
/// non-finite entries are reported with `ModelInputError`; these cases are the family's own.
public enum FactorModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The latent dimension q must satisfy 1 ≤ q < d (q = d leaves no discarded eigenvalue to
    /// estimate σ² from).
    case latentDimension(q: Int, d: Int)
    /// `count` data points were given where at least `required` are needed.
    case tooFewPoints(count: Int, required: Int)
    /// Data dimension `dimension` (0-based) has zero sample variance, so the factor-analysis noise
    /// Ψ_dimension is driven to 0 and the likelihood is unbounded.
    case zeroVariance(dimension: Int)
    /// The ML noise variance σ² (mean of the discarded eigenvalues, or the EM update) is not
    /// positive: the data lie in a q-dimensional affine subspace.
    case degenerateNoise
    /// Mixture component `component` received (numerically) no responsibility or its covariance
    /// collapsed.
    case collapsedComponent(component: Int)

    public var description: String {
        switch self {
        case let .latentDimension(q, d):
            return "latent dimension q = \(q) must satisfy 1 ≤ q < d = \(d)"
        case let .tooFewPoints(count, required):
            return "\(count) data points given; at least \(required) are needed"
        case let .zeroVariance(dimension):
            return
                """
                data dimension \(dimension) has zero variance: its noise variance Ψ_\(dimension) → 0 and the \
                factor-analysis likelihood is unbounded
                """
        case .degenerateNoise:
            return "the noise variance σ² is not positive: the data lie in a q-dimensional affine subspace"
        case let .collapsedComponent(component):
            return "mixture component \(component) collapsed (no responsibility or a non-positive noise variance)"
        }
    }
}
