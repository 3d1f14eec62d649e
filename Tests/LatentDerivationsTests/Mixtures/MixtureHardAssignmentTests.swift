import Testing
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// Variational EM with q restricted to hard assignments (Proofs/06-gmm-em.md, EM-10): from λ⁰
/// near the maximum-likelihood fit, one restricted step raises F(q, ·) but lowers L, while an
/// ordinary EM step from the same λ⁰ does not lower L. Values at 128 bits, where every
/// difference compared is far above rounding (≳ 10⁻³ against ≲ 10⁻³⁰).
@Suite("GMM hard-assignment counterexample")
struct MixtureHardAssignmentTests {
    static let data: [[Double]] = [-1.5, -1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5, 3].map
    { [$0] }

    @Test("Hard-assignment step: F(q, λ¹) > F(q, λ⁰) but L(λ¹) < L(λ⁰); a soft step keeps L non-decreasing")
    func hardAssignmentCounterexample() throws {
        let start = MixtureParameters<Double>(
            weights: [0.5, 0.5], means: [[-0.5], [2]], covariances: [Matrix.identity(1), Matrix.identity(1)])
        let fit = try MixtureEM.run(
            data: Self.data, initial: start, covarianceType: .full, covarianceRegularizer: 0,
            stopping: EMStoppingRule(maximumIterations: 60, logLikelihoodTolerance: nil)
        ).records.last!.parameters
        try BigFloat.withPrecision(128) {
            let x = Self.data.map { $0.map { BigFloat($0) } }
            let w0 = BigFloat(fit.weights[0])
            let p0 = MixtureParameters(
                weights: [w0, BigFloat.one - w0], means: fit.means.map { $0.map { BigFloat($0) } },
                covariances: fit.covariances.map { $0.map { BigFloat($0) } })
            let m0 = try GaussianMixture(parameters: p0, covarianceType: .full)
            let (q, p1) = try MixtureHardAssignmentEM.step(data: x, mixture: m0, covarianceRegularizer: .zero)
            let m1 = try GaussianMixture(parameters: p1, covarianceType: .full, iteration: 1)
            let l0 = try m0.logLikelihood(x), l1 = try m1.logLikelihood(x)
            let f0 = try MixtureBound.value(logJoints: try m0.logJoints(x), q: q)
            let f1 = try MixtureBound.value(logJoints: try m1.logJoints(x), q: q)
            #expect(f0 < l0, "a hard q is not the posterior, so F(q, λ⁰) < L(λ⁰)")
            #expect(f1 > f0, "the M-step raises F: \(f0.doubleValue) → \(f1.doubleValue)")
            #expect(l1 < l0, "the likelihood falls: \(l0.doubleValue) → \(l1.doubleValue)")
            // Every q row is one-hot.
            #expect(
                q.allSatisfy { row in
                    row.filter { $0 == .one }.count == 1 && row.filter { $0.isZero }.count == row.count - 1
                })
            // Control: the unrestricted step from the same λ⁰ does not lower L (EM-7).
            let soft = try MixtureEStep.responsibilities(mixture: m0, data: x).responsibilities
            let pSoft = try MixtureMStep.parameters(
                data: x, responsibilities: soft, covarianceType: .full, covarianceRegularizer: .zero)
            #expect(try GaussianMixture(parameters: pSoft, covarianceType: .full).logLikelihood(x) >= l0)
        }
    }
}
