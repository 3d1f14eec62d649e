/// Bad input specific to the linear Gaussian family (`Proofs/04-linear-gaussian.md`). Shapes and
/// non-finite data use `ModelInputError`; these are the conditions only this family has.
public enum LinearGaussianError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The design A has rank `rank` < `parameters`: AᵀA is singular and θ̂ is not unique.
    /// For `Double` paths the rank is the numerical rank estimated by Householder QR.
    case rankDeficient(rank: Int, parameters: Int)
    /// n < p: fewer observations than parameters, so A cannot have full column rank.
    case tooFewObservations(observations: Int, parameters: Int)
    /// The prior covariance Σ₀ is not symmetric positive definite; `detail` says why
    /// (not symmetric, or the leading minor of order k is not positive).
    case priorNotPositiveDefinite(detail: String)
    /// A NIST StRD-style file could not be read: `line` and `column` (1-based) locate the
    /// offending text (or where something missing was expected), `problem` says what is wrong and
    /// `remedy` what to do.
    case malformedFile(line: Int, column: Int, problem: String, remedy: String)

    public var description: String {
        switch self {
        case let .rankDeficient(rank, parameters):
            return "the design matrix is rank-deficient: rank \(rank) < \(parameters) parameters, so AᵀA is singular "
                + "and the least-squares estimate is not unique"
        case let .tooFewObservations(observations, parameters):
            return "\(observations) observations are fewer than the \(parameters) parameters; need n ≥ p"
        case let .priorNotPositiveDefinite(detail):
            return "the prior covariance is not symmetric positive definite: \(detail)"
        case let .malformedFile(line, column, problem, remedy):
            return "malformed NIST StRD file at line \(line), column \(column): \(problem); \(remedy)"
        }
    }
}
