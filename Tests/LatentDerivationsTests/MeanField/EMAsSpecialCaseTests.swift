import Testing
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport

/// EM as mean field with q(θ) = δ(θ − θ₀) (Proofs/10-mean-field.md, MF-12, MF-13): the CAVI driver
/// on `DeltaMeanFieldGMM` reproduces the EM iterates (`MixtureEM.run`),
/// its ELBO after the q(Z) update is EM's L(λᵏ) and after the θ₀ update EM's F(qᵏ, λᵏ⁺¹).
@Suite("Mean field: EM as the delta special case")
struct EMAsSpecialCaseTests {
    static let points: [[Double]] = [
        [0, 0], [0.5, -0.25], [-0.75, 0.5], [0.25, 1], [-0.5, -0.75], [1, 0.25],
        [3, 3], [3.5, 2.75], [2.25, 3.5], [3.25, 4], [2.5, 2.5], [4, 3.25], [1.5, 1.75],
    ]

    static func initial<S: RealScalar>(_: S.Type) -> MixtureParameters<S> {
        MixtureParameters(
            weights: [S(0.5), S(0.5)], means: [[S(0.5), S(0.5)], [S(2.5), S(2)]],
            covariances: [Matrix.identity(2), Matrix.identity(2)])
    }

    static func run<S: RealScalar>(_: S.Type, sweeps: Int) throws -> (
        cavi: [CoordinateAscentStep<DeltaGMMFactors<S>>], elbo: [S], em: EMTrace<S>
    ) {
        let data = points.map { $0.map { S($0) } }
        let model = try DeltaMeanFieldGMM(data: data, covarianceType: .full)
        let start = DeltaGMMFactors(responsibilities: data.map { _ in [S.one, S.zero] }, parameters: initial(S.self))
        let trace = try CoordinateAscent.run(model, from: start, sweeps: sweeps)
        let em = try MixtureEM.run(
            data: data, initial: initial(S.self), covarianceType: .full, covarianceRegularizer: .zero,
            stopping: EMStoppingRule(maximumIterations: sweeps, logLikelihoodTolerance: nil))
        return (trace, try CoordinateAscent.elboTrace(model, trace), em)
    }

    /// Why CAVI and EM agree to 2⁻¹⁸⁰ at 200 bits.
    static let sameUpdatesReason =
        "MF-12, MF-13: with q(θ) = δ(θ − θ₀) the CAVI updates are EM's E and M steps, so the two agree in exact "
        + "arithmetic; 2⁻¹⁸⁰ leaves 2²⁰ units of 200-bit rounding for five sweeps"

    static func flatten<S: RealScalar>(_ p: MixtureParameters<S>) -> [S] {
        p.weights + p.means.flatMap { $0 } + p.covariances.flatMap(\.entries)
    }

    @Test(
        "at 200 bits: sweep k gives EM's λᵏ; ELBO = L(λᵏ) after E, F(qᵏ, λᵏ⁺¹) after M"
    )
    func deltaCAVIReproducesEMExactly() throws {
        try BigFloat.withPrecision(200) {
            let sweeps = 5
            let (cavi, elbo, em) = try Self.run(BigFloat.self, sweeps: sweeps)
            let tiny = BigFloat(mantissa: BigInt(1), exponent: -180)
            for k in 0...sweeps {
                // Trace index 2k: after sweep k's M-update (k = 0: the start) holds θ₀ = λᵏ.
                let mine = Self.flatten(cavi[2 * k].factors.parameters), theirs = Self.flatten(em.records[k].parameters)
                for (a, b) in zip(mine, theirs) {
                    expectWithin(error: (a - b).absoluteValue, bound: tiny, Self.sameUpdatesReason, "sweep \(k)")
                }
                if k < sweeps {
                    // After the E-update of sweep k + 1: L(λᵏ) (EM-6: F = L when q is the posterior).
                    expectWithin(
                        error: (elbo[2 * k + 1] - em.records[k].logLikelihood).absoluteValue, bound: tiny,
                        Self.sameUpdatesReason, "sweep \(k): ELBO after the E-update against L(λᵏ)")
                    // After the M-update: F(qᵏ, λᵏ⁺¹).
                    expectWithin(
                        error: (elbo[2 * k + 2] - em.records[k].boundAfterMStep!).absoluteValue, bound: tiny,
                        Self.sameUpdatesReason, "sweep \(k): ELBO after the M-update against F(qᵏ, λᵏ⁺¹)")
                }
            }
            // The ELBO never decreases after the first E-update (the start's one-hot q is arbitrary).
            for k in 2..<elbo.count { #expect(elbo[k] >= elbo[k - 1] - tiny) }
        }
    }

    @Test("in Double: the same iterates within the rounding of the two E-step routes (log1p vs log-sum-exp)")
    func deltaCAVIReproducesEMInDouble() throws {
        let (cavi, _, em) = try Self.run(Double.self, sweeps: 8)
        for k in 0...8 {
            // Entries are O(1)–O(10); each sweep is a few hundred operations and EM's map is a
            // contraction near this optimum, so the two routes agree to ≲ 1e-13 absolute.
            for (a, b) in zip(Self.flatten(cavi[2 * k].factors.parameters), Self.flatten(em.records[k].parameters)) {
                expectClose(
                    a, b,
                    within: .absolute(
                        1e-12,
                        "entries O(1)–O(10), a few hundred operations per sweep, and EM's map contracts near this "
                            + "optimum: the two E-step routes agree to ≲ 1e-13 absolute"), "sweep \(k)")
            }
        }
    }

    @Test("bad input: empty or ragged data")
    func badInput() throws {
        #expect(throws: ModelInputError.empty(what: "data")) {
            _ = try DeltaMeanFieldGMM<Double>(data: [], covarianceType: .full)
        }
        #expect(throws: ModelInputError.self) {
            _ = try DeltaMeanFieldGMM<Double>(data: [[0, 1], [2]], covarianceType: .full)
        }
    }
}
