import Foundation
import Testing
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport

/// Invariances of the EM trace (Proofs/06-gmm-em.md, EM-8), at 128 bits: permuting component
/// labels permutes the trace; an affine map x ↦ a x + b maps μ ↦ aμ + b, Σ ↦ a²Σ, keeps π, and
/// shifts L by −N d ln a.
@Suite("GMM invariances")
struct MixtureInvarianceTests {
    /// Expects |a − b| ≤ 2⁻⁹⁰·(|a| + 1).
    static func expectInvariant(
        _ a: BigFloat, _ b: BigFloat, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        expectWithin(
            error: (a - b).absoluteValue, bound: BigFloat(0x1p-90) * (a.absoluteValue + BigFloat.one),
            "the invariance is exact; 128-bit runs of 4 EM steps round to ≲ 2⁻¹¹⁰ relative, and a genuine "
                + "difference here is ≥ 2⁻⁵⁰", what, sourceLocation: sourceLocation)
    }

    /// A random problem of ≤ 14 points, K ≤ 3 and d ≤ 2 of covariance type `type`, converted to
    /// BigFloat and given to `body` at 128 bits.
    static func withRandomProblem(
        seed: UInt64, _ type: CovarianceType,
        _ body: ([[BigFloat]], MixtureParameters<BigFloat>) throws -> Void
    ) throws {
        let problem = MixtureProblem.random(seed: seed, maxPoints: 14, maxK: 3, maxD: 2, type: type)
        try BigFloat.withPrecision(128) {
            let (data, initial) = problem.converted(to: BigFloat.self)
            try body(data, initial)
        }
    }

    static func run(_ data: [[BigFloat]], _ initial: MixtureParameters<BigFloat>, _ type: CovarianceType) throws
        -> EMTrace<BigFloat>
    {
        try MixtureEM.run(
            data: data, initial: initial, covarianceType: type, covarianceRegularizer: .zero,
            stopping: EMStoppingRule(maximumIterations: 4, logLikelihoodTolerance: nil))
    }

    @Test(
        "Permuting the labels of λ⁰ permutes every λᵏ; L, F and H unchanged",
        arguments: CovarianceType.allCases)
    func labelPermutation(type: CovarianceType) throws {
        try Self.withRandomProblem(seed: 0x9e7_0001, type) { data, initial in
            let kCount = initial.componentCount
            let permutation = Array((0..<kCount).reversed())
            let a = try Self.run(data, initial, type)
            let b = try Self.run(data, initial.permuted(permutation), type)
            for (x, y) in zip(a.records, b.records) {
                Self.expectInvariant(x.logLikelihood, y.logLikelihood, "L")
                Self.expectInvariant(x.responsibilityEntropy, y.responsibilityEntropy, "H")
                let px = x.parameters.permuted(permutation), py = y.parameters
                for k in 0..<kCount {
                    Self.expectInvariant(px.weights[k], py.weights[k], "π\(k)")
                    for (u, v) in zip(px.means[k], py.means[k]) { Self.expectInvariant(u, v, "μ\(k)") }
                    for (u, v) in zip(px.covariances[k].entries, py.covariances[k].entries) {
                        Self.expectInvariant(u, v, "Σ\(k)")
                    }
                }
            }
        }
    }

    @Test(
        "x ↦ ax + b: μ ↦ aμ + b, Σ ↦ a²Σ, π kept, L shifted by −Nd ln a",
        arguments: CovarianceType.allCases)
    func affine(type: CovarianceType) throws {
        try Self.withRandomProblem(seed: 0xaff_0002, type) { data, initial in
            let a = BigFloat(3), b = BigFloat(-1.25)
            let d = initial.dimension
            let mapped = data.map { $0.map { a * $0 + b } }
            let mappedInitial = MixtureParameters(
                weights: initial.weights, means: initial.means.map { $0.map { a * $0 + b } },
                covariances: initial.covariances.map { $0.map { a * a * $0 } })
            let x = try Self.run(data, initial, type)
            let y = try Self.run(mapped, mappedInitial, type)
            let jacobian = BigFloat(data.count * d) * (try BigFloat.log(a))
            for (r, s) in zip(x.records, y.records) {
                Self.expectInvariant(r.logLikelihood - jacobian, s.logLikelihood, "L")
                for k in 0..<initial.componentCount {
                    Self.expectInvariant(r.parameters.weights[k], s.parameters.weights[k], "π\(k)")
                    for (u, v) in zip(r.parameters.means[k], s.parameters.means[k]) {
                        Self.expectInvariant(a * u + b, v, "μ\(k)")
                    }
                    for (u, v) in zip(r.parameters.covariances[k].entries, s.parameters.covariances[k].entries) {
                        Self.expectInvariant(a * a * u, v, "Σ\(k)")
                    }
                }
            }
        }
    }
}
