import Foundation
import Testing
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport

/// EM monotonicity (Proofs/06-gmm-em.md, EM-6, EM-7): L(λᵏ) ≤ F(qᵏ, λᵏ⁺¹) ≤ L(λᵏ⁺¹) at every
/// iteration of hundreds of seeded problems of every covariance type, K ≤ 6, d ≤ 5 — exactly
/// (strict comparisons of 128-bit values) in BigFloat, and within a derived rounding bound in Double.
@Suite("GMM EM monotonicity")
struct GMMMonotonicityTests {
    static let long = ProcessInfo.processInfo.environment["LATENT_ORACLE_LONG_TESTS"] == "1"
    static let doubleProblems = long ? 1500 : 200
    static let bigFloatProblems = long ? 300 : 24

    /// The rounding bound for one Double-computed L or F of λ (derived in EM-7):
    /// δ = (3d + K + 8)·u·Σ_n max_k (|ℓ_nk| + d ln 2π + |ln|Σ_k|| + (1 + κ(Σ_k))·m_nk + 1),
    /// where m_nk is the Mahalanobis term. Each ℓ_nk carries the log-density error
    /// (d + 2)·u·(|ln|Σ|| + m + d ln 2π) and the whitening error 2d·u·(κ + √κ)·m ≤ 3d·u·(1 + κ)·m
    /// (`GaussianMixture`); log-sum-exp, the q ln q terms and the exp in the E-step add
    /// ≲ (K + 5)·u per point, and the compensated sum over points adds ≲ 2u·|L|.
    static func roundingBound(_ parameters: MixtureParameters<Double>, _ type: CovarianceType, _ data: [[Double]]) throws -> Double {
        let mixture = try GaussianMixture(parameters: parameters, covarianceType: type)
        let d = Double(parameters.dimension)
        let kCount = parameters.componentCount
        let kappas = try parameters.covariances.map { sigma -> Double in
            let e = try SymmetricEigendecomposition(sigma, tolerance: 1e-14)
            return e.values.max()! / e.values.min()!
        }
        let logTwoPi = log(2 * Double.pi)
        var total = 0.0
        for x in data {
            let l = try mixture.logJoint(x)
            var worst = 0.0
            for k in 0..<kCount {
                let m = try mixture.components[k].cholesky.mahalanobisSquared(zip(x, parameters.means[k]).map { $0 - $1 })
                worst = max(worst, abs(l[k]) + d * logTwoPi + abs(mixture.components[k].logDeterminant) + (1 + kappas[k]) * m + 1)
            }
            total += worst
        }
        return (3 * d + Double(kCount) + 8) * 0x1p-53 * total
    }

    static func types(_ i: Int) -> CovarianceType { CovarianceType.allCases[i % 3] }

    @Test("Double: L(λᵏ) ≤ F(qᵏ, λᵏ⁺¹) ≤ L(λᵏ⁺¹) within the derived bound δ, every iteration")
    func doubleChain() throws {
        var checked = 0
        var worstSlackUsed = 0.0
        for i in 0..<Self.doubleProblems {
            let problem = MixtureProblem.random(seed: 0x6d6f_6e6f + UInt64(i), maxPoints: 30, maxK: 6, maxD: 5, type: Self.types(i))
            let trace = try GMMExpectationMaximisation.run(
                data: problem.data, initial: problem.initial, covarianceType: problem.type,
                covarianceRegulariser: 1e-6, stopping: EMStoppingRule(maximumIterations: 5, logLikelihoodTolerance: nil))
            let records = trace.records
            for t in 0..<(records.count - 1) {
                let f = try #require(records[t].boundAfterMStep)
                let deltaNow = try Self.roundingBound(records[t].parameters, problem.type, problem.data)
                let deltaNext = try Self.roundingBound(records[t + 1].parameters, problem.type, problem.data)
                // F(qᵗ, λᵗ⁺¹) is computed from the log joints under λᵗ⁺¹, so it carries δ(λᵗ⁺¹).
                #expect(records[t].logLikelihood <= f + deltaNow + deltaNext, "problem \(i) iteration \(t): L = \(records[t].logLikelihood) > F = \(f)")
                #expect(f <= records[t + 1].logLikelihood + 2 * deltaNext, "problem \(i) iteration \(t): F = \(f) > L' = \(records[t + 1].logLikelihood)")
                worstSlackUsed = max(worstSlackUsed, (records[t].logLikelihood - f) / (deltaNow + deltaNext), (f - records[t + 1].logLikelihood) / (2 * deltaNext))
                checked += 1
            }
        }
        #expect(checked >= Self.doubleProblems * 4)
        // No comparison needed more than the bound; record how much of it was used.
        #expect(worstSlackUsed <= 1)
        print("[worst] GMM Double monotonicity: \(checked) comparisons, worst violation / δ = \(worstSlackUsed)")
    }

    @Test("BigFloat-128: L(λᵏ) ≤ F(qᵏ, λᵏ⁺¹) ≤ L(λᵏ⁺¹) exactly as stated, every iteration")
    func bigFloatChain() throws {
        var checked = 0
        for i in 0..<Self.bigFloatProblems {
            let problem = MixtureProblem.random(seed: 0xb16f_0000 + UInt64(i), maxPoints: 10, maxK: 6, maxD: 5, type: Self.types(i))
            let (data, initial) = problem.converted(to: BigFloat.self)
            let trace = try BigFloat.withPrecision(128) {
                try GMMExpectationMaximisation.run(
                    data: data, initial: initial, covarianceType: problem.type,
                    covarianceRegulariser: BigFloat(0x1p-20), stopping: EMStoppingRule(maximumIterations: 3, logLikelihoodTolerance: nil))
            }
            let records = trace.records
            for t in 0..<(records.count - 1) {
                let f = try #require(records[t].boundAfterMStep)
                #expect(records[t].logLikelihood <= f, "problem \(i) iteration \(t)")
                #expect(f <= records[t + 1].logLikelihood, "problem \(i) iteration \(t)")
                checked += 1
            }
        }
        #expect(checked == Self.bigFloatProblems * 3)
    }
}
