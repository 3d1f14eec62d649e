/// Bad input to, or a breakdown of, EM for a Gaussian mixture. Every case names the component
/// and the EM iteration (0 is the initialisation and the first E-step; iteration k's M-step
/// produces λᵏ⁺¹), so a failure reads as a diagnosis (`Proofs/06-gmm-em.md`, EM-9).
public enum MixtureError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Σ_k from the M-step is singular (all of component k's mass sits on a point, or on a
    /// lower-dimensional set) and no regulariser was given.
    case collapsedComponent(component: Int, iteration: Int)
    /// N_k = Σ_n r_nk = 0: component k has no responsibility (a zero initial weight, or every
    /// r_nk underflowed), so μ_k and Σ_k are 0/0.
    case vanishingResponsibilities(component: Int, iteration: Int)
    /// K components for only `distinctPoints` distinct points: component `distinctPoints` onward
    /// can have no point of its own, and the likelihood is unbounded.
    case tooManyComponents(component: Int, distinctPoints: Int, iteration: Int)
    /// Σ_k is not symmetric positive definite (or does not have the structure of its covariance type).
    case notPositiveDefinite(component: Int, iteration: Int)
    /// The weights do not lie on the simplex: `component` is a negative weight, or the last
    /// component when the sum is not 1.
    case weightsNotNormalized(component: Int, sum: String, iteration: Int)
    /// Data point `point` has a NaN or infinite coordinate.
    case nonFiniteData(point: Int, coordinate: Int, iteration: Int)

    /// The kind a fixture's bad-input case names in `"expected": {"error": …}`.
    public var kind: String {
        switch self {
        case .collapsedComponent: return "collapsed-component"
        case .vanishingResponsibilities: return "vanishing-responsibilities"
        case .tooManyComponents: return "too-many-components"
        case .notPositiveDefinite: return "not-positive-definite"
        case .weightsNotNormalized: return "weights-not-normalised"
        case .nonFiniteData: return "non-finite-input"
        }
    }

    public var description: String {
        switch self {
        case .collapsedComponent(let k, let t):
            return
                """
                component \(k) collapsed at iteration \(t): its covariance is singular; pass a covariance regulariser \
                > 0 or another initialisation
                """
        case .vanishingResponsibilities(let k, let t):
            return "component \(k) has zero total responsibility N_k at iteration \(t); remove it or re-initialise it"
        case .tooManyComponents(let k, let m, let t):
            return "component \(k) at iteration \(t): K exceeds the \(m) distinct data points; use K ≤ \(m)"
        case .notPositiveDefinite(let k, let t):
            return
                """
                component \(k) at iteration \(t): the covariance is not symmetric positive definite of its declared type
                """
        case .weightsNotNormalized(let k, let s, let t):
            return
                """
                weights at iteration \(t) are not on the simplex (component \(k); sum \(s)); they must be ≥ 0 and \
                sum to 1
                """
        case .nonFiniteData(let n, let j, let t):
            return "data point \(n), coordinate \(j) is NaN or infinite (iteration \(t)); every input must be finite"
        }
    }
}
