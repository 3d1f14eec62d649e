import OracleArithmetic
import OracleLinearAlgebra

/// When the EM driver stops (EM-7). Both parts are explicit; there is no hidden default.
public struct EMStoppingRule<S: FieldScalar>: Sendable {
    /// T: at most T M-steps, so the trace holds λ⁰ … λᵀ.
    public var maximumIterations: Int
    /// Stop after the first step with L(λᵏ⁺¹) − L(λᵏ) ≤ tolerance; `nil` always runs T steps
    /// (what golden traces use, so that every precision runs the same number of steps).
    public var logLikelihoodTolerance: S?

    public init(maximumIterations: Int, logLikelihoodTolerance: S?) {
        self.maximumIterations = maximumIterations
        self.logLikelihoodTolerance = logLikelihoodTolerance
    }
}

/// One iterate of EM (EM-7): λᵏ, L(λᵏ), H(qᵏ) and, unless it is the last, F(qᵏ, λᵏ⁺¹).
public struct EMIterationRecord<S: RealScalar>: Sendable {
    /// λᵏ.
    public let parameters: MixtureParameters<S>
    /// L(λᵏ) = F(qᵏ, λᵏ) (EM-6).
    public let logLikelihood: S
    /// H(qᵏ) = −Σ_n Σ_k qᵏ_nk ln qᵏ_nk, with qᵏ the posterior under λᵏ.
    public let responsibilityEntropy: S
    /// F(qᵏ, λᵏ⁺¹), the bound after the M-step; nil for the last record.
    public let boundAfterMStep: S?

    @usableFromInline
    init(parameters: MixtureParameters<S>, logLikelihood: S, responsibilityEntropy: S, boundAfterMStep: S?) {
        self.parameters = parameters
        self.logLikelihood = logLikelihood
        self.responsibilityEntropy = responsibilityEntropy
        self.boundAfterMStep = boundAfterMStep
    }
}

/// The whole run: records 0 … T and why it stopped.
public struct EMTrace<S: RealScalar>: Sendable {
    /// λ⁰ … λᵀ with their values.
    public let records: [EMIterationRecord<S>]
    /// true when the tolerance stopped it before `maximumIterations`.
    public let converged: Bool

    @usableFromInline
    init(records: [EMIterationRecord<S>], converged: Bool) {
        self.records = records
        self.converged = converged
    }
}

/// The EM driver for Gaussian mixtures (`Proofs/06-gmm-em.md`, EM-7, EM-8): from λ⁰, alternate
/// the E-step qᵏ = p(z | x; λᵏ) and the M-step λᵏ⁺¹ = argmax_λ F(qᵏ, λ), recording every iterate.
/// The monotonicity chain L(λᵏ) = F(qᵏ, λᵏ) ≤ F(qᵏ, λᵏ⁺¹) ≤ L(λᵏ⁺¹) holds at every k in exact
/// arithmetic; the tests check it at `BigFloat` and, within a derived bound, at `Double`.
///
/// Generic over the scalar: the same code is the `Double` implementation and the reference.
/// The log joints under λᵏ⁺¹ serve twice: for F(qᵏ, λᵏ⁺¹) and for the next E-step.
public enum MixtureEM {
    /// Runs EM. Throws `MixtureError` (naming component and iteration) for NaN data, K above
    /// the number of distinct points, weights off the simplex, a non-positive-definite λ⁰, a
    /// component whose responsibilities vanish, or one that collapses with ε = 0 (EM-9).
    @inlinable
    public static func run<S: RealScalar>(
        data: [[S]], initial: MixtureParameters<S>, covarianceType: CovarianceType,
        covarianceRegularizer epsilon: S, stopping: EMStoppingRule<S>
    ) throws -> EMTrace<S> {
        _ = try MixtureValidation.data(data, iteration: 0)
        guard stopping.maximumIterations >= 0 else {
            throw ModelInputError.outOfDomain(
                what: "maximumIterations", value: "\(stopping.maximumIterations)", requirement: "≥ 0")
        }
        let distinct = MixtureValidation.distinctPoints(data)
        if initial.componentCount > distinct {
            throw MixtureError.tooManyComponents(component: distinct, distinctPoints: distinct, iteration: 0)
        }
        // The points as one N × d table, and every per-point quantity as an N × K table: the
        // loops below allocate nothing per point.
        let points = try Matrix(data)
        var mixture = try GaussianMixture(parameters: initial, covarianceType: covarianceType, iteration: 0)
        var posterior = try MixtureEStep.posterior(logJointTable: try mixture.logJointTable(points))
        var records: [EMIterationRecord<S>] = []
        var converged = false
        for t in 0..<stopping.maximumIterations {
            let q = posterior.responsibilities
            // EM-4: λᵗ⁺¹ = argmax_λ F(qᵗ, λ).
            let next = try MixtureMStep.parameters(
                points: points, responsibilities: q, covarianceType: covarianceType, covarianceRegularizer: epsilon,
                iteration: t)
            let nextMixture = try GaussianMixture(parameters: next, covarianceType: covarianceType, iteration: t + 1)
            let logJoints = try nextMixture.logJointTable(points)
            // EM-6: F(qᵗ, λᵗ⁺¹) with the old q (and its logarithms) and the new log joints.
            let bound = MixtureBound.value(logJointTable: logJoints, q: q, logQ: posterior.logResponsibilities)
            records.append(
                EMIterationRecord(
                    parameters: mixture.parameters, logLikelihood: posterior.logLikelihood,
                    responsibilityEntropy: MixtureBound.entropy(table: q, logQ: posterior.logResponsibilities),
                    boundAfterMStep: bound))
            let previous = posterior.logLikelihood
            mixture = nextMixture
            // EM-3 at λᵗ⁺¹.
            posterior = try MixtureEStep.posterior(logJointTable: logJoints)
            if let tolerance = stopping.logLikelihoodTolerance, posterior.logLikelihood - previous <= tolerance {
                converged = true
                break
            }
        }
        records.append(
            EMIterationRecord(
                parameters: mixture.parameters, logLikelihood: posterior.logLikelihood,
                responsibilityEntropy: MixtureBound.entropy(
                    table: posterior.responsibilities, logQ: posterior.logResponsibilities),
                boundAfterMStep: nil))
        return EMTrace(records: records, converged: converged)
    }
}
