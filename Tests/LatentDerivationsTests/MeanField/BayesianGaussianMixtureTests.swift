import Foundation
import Testing
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport

/// CAVI for a Bayesian Gaussian mixture (Proofs/10-mean-field.md, MF-14, MF-15): the ELBO rises at
/// every update (200 bits, and Double within its bound), the fixed point is stationary, and the
/// ELBO stays below ln p(X) computed by exact enumeration of all K^N assignments.
@Suite("Mean field: Bayesian Gaussian mixture")
struct BayesianGaussianMixtureTests {
    static let data: [Double] = [-1.5, -0.75, -1.25, 2.0, 2.5, 1.75]

    static func model<S: RealScalar>(_: S.Type) throws -> BayesianGaussianMixture<S> {
        try BayesianGaussianMixture(
            data: data.map { S($0) }, componentCount: 2, componentVariance: S(0.5), concentration: S(1.5),
            priorMean: S(0), priorVariance: S(4))
    }

    static func start<S: RealScalar>(_: S.Type) -> BayesianGMMFactors<S> {
        BayesianGMMFactors(
            responsibilities: data.map { _ in [S(0.5), S(0.5)] }, concentrations: [S(1), S(1)],
            means: [S(-0.5), S(0.5)], variances: [S(1), S(1)])
    }

    @Test("the ELBO never decreases: at 200 bits at every update, in Double within its bound")
    func elboRisesAtEveryUpdate() throws {
        try BigFloat.withPrecision(200) {
            let m = try Self.model(BigFloat.self)
            let trace = try CoordinateAscent.run(m, from: Self.start(BigFloat.self), sweeps: 6)
            let elbo = try CoordinateAscent.elboTrace(m, trace)
            let slack = BigFloat(mantissa: BigInt(1), exponent: -180)
            for k in 1..<elbo.count { #expect(elbo[k] - elbo[k - 1] >= -slack, "update \(k)") }
            #expect(elbo.last! - elbo[0] > BigFloat(1))
        }
        let m = try Self.model(Double.self)
        let elbo = try CoordinateAscent.elboTrace(
            m, try CoordinateAscent.run(m, from: Self.start(Double.self), sweeps: 6))
        // ~N·K·10 + 40 operations on terms ≤ 30: absolute error ≤ 200·30·u ≈ 7e-13 per ELBO.
        for k in 1..<elbo.count { #expect(elbo[k] - elbo[k - 1] >= -1.4e-12) }
    }

    @Test("after convergence every update is a fixed point (stationarity) and the ELBO < ln p(X) by enumeration")
    func fixedPointAndEvidenceBound() throws {
        let m = try Self.model(Double.self)
        let trace = try CoordinateAscent.run(m, from: Self.start(Double.self), sweeps: 200)
        let q = trace.last!.factors
        for j in 0..<3 {
            let next = try m.update(j, of: q)
            for (a, b) in zip(
                next.means + next.variances + next.concentrations, q.means + q.variances + q.concentrations)
            {
                expectClose(
                    a, b,
                    within: .absolute(
                        1e-12 * max(1, abs(b)),
                        "after 200 sweeps each update maps the optimum to itself up to rounding of ~N·K·10 "
                            + "operations; measured: reproduced exactly"))
            }
        }
        // ln p(X) = logsumexp over z ∈ {0,1}^N of ln p(z) + Σₖ ln N(x_{z=k}; m₀1, σ²I + s₀²11ᵀ).
        let n = Self.data.count, sigma2 = 0.5, s2 = 4.0, a0 = 1.5
        var terms: [Double] = []
        for mask in 0..<(1 << n) {
            var total = lgamma(2 * a0) - lgamma(Double(n) + 2 * a0)
            for k in 0..<2 {
                let group = (0..<n).filter { ((mask >> $0) & 1) == k }.map { Self.data[$0] }
                let c = Double(group.count)
                total += lgamma(c + a0) - lgamma(a0)
                guard !group.isEmpty else { continue }
                let sum = group.reduce(0, +), sumSq = group.reduce(0) { $0 + $1 * $1 }
                // |σ²I + s²11ᵀ| = σ^{2(c−1)}(σ² + c s²); quadratic form by Sherman–Morrison.
                let logDet = (c - 1) * Foundation.log(sigma2) + Foundation.log(sigma2 + c * s2)
                let quad = sumSq / sigma2 - s2 * sum * sum / (sigma2 * (sigma2 + c * s2))
                total += -0.5 * (c * Foundation.log(2 * Double.pi) + logDet + quad)
            }
            terms.append(total)
        }
        let logEvidence = try logSumExp(terms)
        let elbo = try m.elbo(q)
        // The posterior is symmetric under swapping the labels and a factorised q settles on one
        // mode, so the gap is about ln 2; require a strict gap far above the rounding (≲ 1e-12).
        #expect(elbo < logEvidence - 1e-6, "ELBO \(elbo), ln p(X) \(logEvidence)")
    }

    @Test("bad input: improper priors, empty data, no components")
    func badInput() throws {
        #expect(throws: ModelInputError.empty(what: "data")) {
            _ = try BayesianGaussianMixture<Double>(
                data: [], componentCount: 2, componentVariance: 1, concentration: 1, priorMean: 0, priorVariance: 1)
        }
        #expect(throws: ModelInputError.self) {
            _ = try BayesianGaussianMixture<Double>(
                data: [1], componentCount: 2, componentVariance: 1, concentration: 0, priorMean: 0, priorVariance: 1)
        }
        #expect(throws: ModelInputError.self) {
            _ = try BayesianGaussianMixture<Double>(
                data: [1], componentCount: 2, componentVariance: -1, concentration: 1, priorMean: 0, priorVariance: 1)
        }
        #expect(throws: ModelInputError.self) {
            _ = try BayesianGaussianMixture<Double>(
                data: [1], componentCount: 0, componentVariance: 1, concentration: 1, priorMean: 0, priorVariance: 1)
        }
    }
}
