import OracleArithmetic

/// The per-iteration record of an EM run: `models[0]` is the initialisation and `models[t]` the
/// parameters after t EM iterations; `logLikelihoods[t]` is the log-likelihood of `models[t]`.
/// EM never decreases it (FM-8); `firstDecrease` reports a violation instead of hiding it.
public struct FactorModelTrace<Model: Sendable, S: RealScalar>: Sendable {
    /// θ⁽⁰⁾, θ⁽¹⁾, …
    public let models: [Model]
    /// L(θ⁽⁰⁾), L(θ⁽¹⁾), …
    public let logLikelihoods: [S]

    /// The number of EM iterations run.
    public var iterations: Int { models.count - 1 }

    /// The first t with L(θ⁽ᵗ⁾) < L(θ⁽ᵗ⁻¹⁾) − slack, or nil when the trace is monotone to `slack`.
    public func firstDecrease(slack: S) -> Int? {
        guard logLikelihoods.count > 1 else { return nil }
        for t in 1..<logLikelihoods.count where logLikelihoods[t] < logLikelihoods[t - 1] - slack { return t }
        return nil
    }

    /// Runs `step` up to `maximumIterations` times from `initial`, stopping early when
    /// L(θ⁽ᵗ⁾) − L(θ⁽ᵗ⁻¹⁾) ≤ `tolerance`·|L(θ⁽ᵗ⁾)| (pass zero to run every iteration).
    static func run(
        initial: Model, maximumIterations: Int, tolerance: S,
        logLikelihood: (Model) throws -> S, step: (Model) throws -> Model
    ) throws -> FactorModelTrace {
        guard maximumIterations >= 0 else {
            throw ModelInputError.outOfDomain(
                what: "maximumIterations", value: "\(maximumIterations)", requirement: "≥ 0")
        }
        var models = [initial]
        var values = [try logLikelihood(initial)]
        for _ in 0..<maximumIterations {
            let next = try step(models[models.count - 1])
            let value = try logLikelihood(next)
            let change = value - values[values.count - 1]
            models.append(next)
            values.append(value)
            if !tolerance.isZero, change.absoluteValue <= tolerance * value.absoluteValue { break }
        }
        return FactorModelTrace(models: models, logLikelihoods: values)
    }
}
