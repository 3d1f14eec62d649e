import Testing
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// The certified EM route runs at `FixedPrecisionFloat<Precision128>` and `<Precision192>` for
/// speed; its values must be those of `BigFloat` at 128 and 192 bits, bit for bit, in every
/// record of the trace (λ, L, H and F), for every covariance type.
@Suite struct MixtureFixedPrecisionTests {
    /// Every number of a trace, exactly, as `BigFloat`s.
    static func numbers<S: RealScalar>(_ trace: EMTrace<S>, _ exact: (S) -> BigFloat) -> [BigFloat] {
        var values: [S] = []
        for r in trace.records {
            values.append(r.logLikelihood)
            values.append(r.responsibilityEntropy)
            if let bound = r.boundAfterMStep { values.append(bound) }
            values += r.parameters.weights
            for mean in r.parameters.means { values += mean }
            for covariance in r.parameters.covariances { values += covariance.entries }
        }
        return values.map(exact)
    }

    static func trace<S: RealScalar>(_ problem: MixtureProblem, _: S.Type) throws -> EMTrace<S> {
        let (data, initial) = problem.converted(to: S.self)
        return try MixtureEM.run(
            data: data, initial: initial, covarianceType: problem.type, covarianceRegularizer: S(0x1p-20),
            stopping: EMStoppingRule(maximumIterations: 4, logLikelihoodTolerance: nil))
    }

    func sameTraces<P: FloatPrecision>(_ problem: MixtureProblem, _: P.Type) throws {
        let (fixed, big) = try BigFloat.withPrecision(P.bits) {
            (
                Self.numbers(try Self.trace(problem, FixedPrecisionFloat<P>.self), \.bigFloat),
                Self.numbers(try Self.trace(problem, BigFloat.self)) { $0 }
            )
        }
        #expect(fixed == big)
    }

    @Test(arguments: [CovarianceType.full, .diagonal, .spherical])
    func traceEqualsBigFloatBitForBit(type: CovarianceType) throws {
        for seed in UInt64(1)...3 {
            let problem = MixtureProblem.random(seed: seed, maxPoints: 40, maxK: 3, maxD: 4, type: type)
            try sameTraces(problem, Precision128.self)
            try sameTraces(problem, Precision192.self)
        }
    }
}
