import Foundation
import Testing
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport
import OracleRandom

/// The EM driver's table kernels against independent routes (Proofs/06-gmm-em.md, EM-1, EM-4,
/// EM-6, EM-7): the whitened log joints against ln π_k + ln N by forward substitution, the
/// driver's F and H(q) (ln q from the E-step) against the per-point ELBO of Proof 05 and ln of the
/// rounded q, and the blocked Double M-step against the exact M-step in ℚ, each within its
/// derived bound.
@Suite("GMM EM kernels against independent routes")
struct MixtureKernelRouteTests {
    /// |ℓ_k(x) − (ln π_k + ln N(x; μ_k, Σ_k))| for both routes at unit roundoff u: each has the
    /// log-density error (d + 2)·u·(|ln|Σ|| + m + d ln 2π) + κ·u·m (Proof 03) and u·|ln π|; the
    /// whitening adds 2d·u·(κ + √κ)·m (EM-1).
    static func routeBound(u: Double, d: Double, m: Double, logDet: Double, logWeight: Double, kappa: Double) -> Double
    {
        let density = (d + 2) * u * (abs(logDet) + m + d * log(2 * .pi)) + kappa * u * m + u * abs(logWeight)
        return 2 * density + 2 * d * u * (kappa + kappa.squareRoot()) * m
    }

    static let routeReason =
        "two routes, each with the log-density error (d + 2)u(|ln|Σ|| + m + d ln 2π) + κ·u·m (Proof 03) and "
        + "u·|ln π|, plus the whitening's 2d·u(κ + √κ)·m (EM-1)"

    @Test(
        "Whitened log joints equal ln π_k + ln N(x; μ_k, Σ_k): Double and 256-bit, each within its bound"
    )
    func whitenedLogJoints() throws {
        var compared = 0
        for i in 0..<24 {
            let problem = MixtureProblem.random(
                seed: 0x3417_0000 + UInt64(i), maxPoints: 10, maxK: 4, maxD: 5, type: CovarianceType.allCases[i % 3])
            let p = problem.initial
            let mixture = try GaussianMixture(parameters: p, covarianceType: problem.type)
            let (bigData, bigP) = problem.converted(to: BigFloat.self)
            let kappas = try p.covariances.map(conditionNumber)
            for (n, x) in problem.data.enumerated() {
                let l = try mixture.logJoint(x)
                let (lBig, referenceBig) = try BigFloat.withPrecision(256) {
                    let big = try GaussianMixture(parameters: bigP, covarianceType: problem.type)
                    let reference = try (0..<p.componentCount).map { k in
                        try BigFloat.log(bigP.weights[k]) + big.components[k].logDensity(bigData[n])
                    }
                    return (try big.logJoint(bigData[n]), reference)
                }
                for k in 0..<p.componentCount {
                    let component = mixture.components[k]
                    let m = try component.cholesky.mahalanobisSquared(zip(x, p.means[k]).map { $0 - $1 })
                    let reference = log(p.weights[k]) + (try component.logDensity(x))
                    let bound = { (u: Double) in
                        Self.routeBound(
                            u: u, d: Double(p.dimension), m: m, logDet: component.logDeterminant,
                            logWeight: log(p.weights[k]), kappa: kappas[k])
                    }
                    expectClose(
                        l[k], reference, within: .absolute(bound(0x1p-53), Self.routeReason + " at u = 2⁻⁵³"),
                        "problem \(i) point \(n) component \(k)")
                    expectWithin(
                        error: abs((lBig[k] - referenceBig[k]).doubleValue), bound: bound(0x1p-256),
                        Self.routeReason + " at u = 2⁻²⁵⁶", "problem \(i) point \(n) component \(k), 256 bits")
                    compared += 1
                }
            }
        }
        #expect(compared > 300)
    }

    static let boundRoutesReason =
        "both routes sum the same N·K terms q(ℓ − ln q) with 128-bit roundings and differ by ln q̂ − ln q, q̂ "
        + "carrying the E-step error (|ℓ − L| + 1)(K + 5)u (EM-3): ≤ 2(K + 10)·u·Σ q(2|ℓ| + |ln q| + |L| + 1)"

    @Test(
        "The driver's F(qᵗ, λᵗ⁺¹) and H(qᵗ) equal the per-point ELBO and −Σ q ln q (128 bits)")
    func boundAndEntropyRoutes() throws {
        var compared = 0
        for i in 0..<6 {
            let problem = MixtureProblem.random(
                seed: 0xf00d_0000 + UInt64(i), maxPoints: 8, maxK: 4, maxD: 3, type: CovarianceType.allCases[i % 3])
            let (data, initial) = problem.converted(to: BigFloat.self)
            try BigFloat.withPrecision(128) {
                let records = try MixtureEM.run(
                    data: data, initial: initial, covarianceType: problem.type,
                    covarianceRegularizer: BigFloat(0x1p-20),
                    stopping: EMStoppingRule(maximumIterations: 3, logLikelihoodTolerance: nil)
                ).records
                for t in 0..<(records.count - 1) {
                    let now = try GaussianMixture(parameters: records[t].parameters, covarianceType: problem.type)
                    let next = try GaussianMixture(parameters: records[t + 1].parameters, covarianceType: problem.type)
                    let q = try MixtureEStep.responsibilities(mixture: now, data: data).responsibilities
                    let lNext = try next.logJoints(data)
                    let f = try MixtureBound.value(logJoints: lNext, q: q)
                    let h = try MixtureBound.entropy(q)
                    // Both routes sum the same N·K terms q(ℓ − ln q) with 128-bit roundings; they differ
                    // by ln q̂ − ln q, where q̂ carries the E-step error (|ℓ − L_n| + 1)(K + 5)u (EM-3).
                    // Scale: Σ q (2|ℓ| + |ln q| + |L_n| + 1); bound 2(K + 10)·u·scale, u = 2⁻¹²⁸.
                    let lNow = try now.logJoints(data)
                    var scale = BigFloat.zero
                    for n in data.indices {
                        let evidence = try logSumExp(lNow[n]).absoluteValue
                        for k in 0..<q[n].count where !q[n][k].isZero {
                            let terms = BigFloat(2) * (lNext[n][k].absoluteValue + lNow[n][k].absoluteValue)
                            scale += q[n][k] * (terms + (try BigFloat.log(q[n][k])).absoluteValue + evidence + .one)
                        }
                    }
                    let bound = 2 * Double(problem.componentCount + 10) * 0x1p-128 * scale.doubleValue
                    let fDriver = try #require(records[t].boundAfterMStep)
                    expectWithin(
                        error: abs((fDriver - f).doubleValue), bound: bound, Self.boundRoutesReason,
                        "problem \(i) iteration \(t): F")
                    expectWithin(
                        error: abs((records[t].responsibilityEntropy - h).doubleValue), bound: bound,
                        Self.boundRoutesReason, "problem \(i) iteration \(t): H")
                    compared += 1
                }
            }
        }
        #expect(compared == 18)
    }

    /// N points in d = 3, K = 3, on the grid 2⁻⁸ in [−8, 8], with responsibilities w/16 (Σw = 16):
    /// exact in Double and in ℚ.
    static func dyadicProblem(seed: UInt64, points: Int) -> (data: [[Double]], r: [[Double]]) {
        var rng = SplitMix64(seed: seed)
        let data = (0..<points).map { _ in (0..<3).map { _ in Double(Int.random(in: -2048...2048, using: &rng)) / 256 }
        }
        let r = (0..<points).map { _ -> [Double] in
            let w0 = Int.random(in: 1...14, using: &rng), w1 = Int.random(in: 1...(15 - w0), using: &rng)
            return [w0, w1, 16 - w0 - w1].map { Double($0) / 16 }
        }
        return (data, r)
    }

    static let mStepReason =
        "B terms per plain block, (B + 1)u per compensated sum (BlockedCompensatedSums), one rounding per product "
        + "and subtraction, one division: (2B + 8)u on the scale Σₙ rₙₖ|term|/Nₖ (u more for π)"

    @Test(
        "Double M-step (blocked compensated sums) vs the exact M-step in ℚ, N = 1000: each entry within its bound",
        arguments: CovarianceType.allCases)
    func blockedMStepAgainstExact(type: CovarianceType) throws {
        let (data, r) = Self.dyadicProblem(seed: 0x6d5e_0000 + UInt64(type.hashValue & 0xff), points: 1000)
        let fast = try MixtureMStep.parameters(
            data: data, responsibilities: r, covarianceType: type, covarianceRegularizer: 0)
        let exact = try MixtureMStep.parameters(
            data: data.map { $0.map { Rational(exactly: $0)! } },
            responsibilities: r.map { $0.map { Rational(exactly: $0)! } },
            covarianceType: type, covarianceRegularizer: .zero)
        // B terms per plain block, (B + 1)u per compensated sum (BlockedCompensatedSums), one rounding
        // per product and per subtraction, one division: (2B + 8)u on the scale Σ_n r_nk|term| / N_k.
        let u = 0x1p-53, c = Double(2 * BlockedCompensatedSums<Double>.blockLength + 8) * u
        for k in 0..<3 {
            let nk = r.reduce(0) { $0 + $1[k] }
            expectClose(
                fast.weights[k], exact.weights[k].doubleValue,
                within: .absolute(c * exact.weights[k].doubleValue + u, Self.mStepReason),
                "π_\(k)")
            let mu = exact.means[k].map(\.doubleValue)
            var worstMean = 0.0
            for j in 0..<3 {
                let scale = data.indices.reduce(0) { $0 + r[$1][k] * abs(data[$1][j]) } / nk
                let error = abs(fast.means[k][j] - mu[j])
                expectWithin(error: error, bound: c * scale, Self.mStepReason, "μ_\(k)[\(j)]")
                worstMean = max(worstMean, c * scale)
            }
            for i in 0..<3 {
                for j in 0..<3 {
                    // Centring at μ̂ instead of μ adds exactly δᵢδⱼ (Σ_n r_nk (x_n − μ) = 0): second
                    // order.
                    let scale =
                        data.indices.reduce(0) { $0 + r[$1][k] * abs(data[$1][i] - mu[i]) * abs(data[$1][j] - mu[j]) }
                        / nk
                    let error = abs(fast.covariances[k][i, j] - exact.covariances[k][i, j].doubleValue)
                    expectWithin(
                        error: error,
                        bound: c * scale + worstMean * worstMean + u * abs(exact.covariances[k][i, j].doubleValue),
                        Self.mStepReason + "; centring at μ̂ adds δᵢδⱼ ≤ (worst mean bound)², the result one rounding",
                        "Σ_\(k)[\(i), \(j)], \(type)")
                }
            }
        }
    }
}
