import Foundation
import Testing
import GSLReference
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport

/// Responsibilities and the mixture density (Proofs/06-gmm-em.md, EM-2, EM-3): direct Bayes at
/// 200 bits through Bareiss (no Cholesky, no log-sum-exp), rows summing to 1, and GSL quadrature
/// of the mass and moments in 1-D and 2-D.
@Suite("GMM responsibilities and density")
struct MixtureResponsibilityTests {
    /// r_nk = π_k N_k(x) / Σ_j π_j N_j(x) with N_k(x) = exp(−½ m) / √((2π)ᵈ |Σ_k|), m and |Σ_k| by
    /// Bareiss on the exact inputs, at 200 bits.
    static func directBayes(_ p: MixtureParameters<Double>, _ x: [Double]) throws -> [Double] {
        try BigFloat.withPrecision(200) {
            let d = x.count
            let densities = try (0..<p.componentCount).map { k -> BigFloat in
                let sigma = p.covariances[k].map { BigFloat($0) }
                let diff = zip(x, p.means[k]).map { BigFloat($0) - BigFloat($1) }
                let solved = try Bareiss.solve(sigma, diff)
                let m = zip(diff, solved).reduce(BigFloat.zero) { $0 + $1.0 * $1.1 }
                var twoPiD = BigFloat.one
                for _ in 0..<d { twoPiD = twoPiD * BigFloat(2) * BigFloat.pi }
                let norm = try BigFloat.sqrt(twoPiD * (try Bareiss.determinant(sigma)))
                return BigFloat(p.weights[k]) * BigFloat.exp(-m / BigFloat(2)) / norm
            }
            let total = densities.reduce(BigFloat.zero, +)
            return densities.map { ($0 / total).doubleValue }
        }
    }

    @Test("Double responsibilities match direct Bayes at 200 bits and rows sum to 1 within (2K + 5)u")
    func againstDirectBayes() throws {
        var compared = 0
        for i in 0..<30 {
            let problem = MixtureProblem.random(
                seed: 0x7e5_0000 + UInt64(i), maxPoints: 12, maxK: 5, maxD: 3, type: CovarianceType.allCases[i % 3])
            let mixture = try GaussianMixture(parameters: problem.initial, covarianceType: problem.type)
            let (r, _) = try MixtureEStep.responsibilities(mixture: mixture, data: problem.data)
            for (n, x) in problem.data.enumerated() {
                let expected = try Self.directBayes(problem.initial, x)
                let l = try mixture.logJoint(x)
                let evidence = try logSumExp(l)
                let kCount = Double(problem.componentCount), d = Double(problem.dimension)
                for k in 0..<problem.componentCount {
                    // EM-3 error: exp of (ℓ_nk − L_n), whose absolute error is ≲ 2δ_ℓ + (K + 3)u·(|L_n| + 1),
                    // δ_ℓ ≲ (d + 2)u(|ℓ| + d ln 2π + 2)·κ plus the whitening term 2d·u·(κ + √κ)·m
                    // (EM-1), for these well-conditioned covariances (κ ≤ 144: the factors 150, 156).
                    let m = try mixture.components[k].cholesky.mahalanobisSquared(
                        zip(x, problem.initial.means[k]).map { $0 - $1 })
                    let deltaL =
                        (d + 2) * 0x1p-53 * (abs(l[k]) + d * log(2 * .pi) + 2) * 150 + 2 * d * 0x1p-53 * 156 * m
                    let bound = (2 * deltaL + (kCount + 3) * 0x1p-53 * (abs(evidence) + 1)) * expected[k] + 0x1p-1074
                    expectClose(
                        r[n][k], expected[k],
                        within: .absolute(
                            bound,
                            "EM-3: r = exp(ℓ − L) with ℓ − L off by 2δ_ℓ + (K + 3)u(|L| + 1), δ_ℓ ≲ (d + 2)u(|ℓ| + "
                                + "d ln 2π + 2)κ + 2d·u(κ + √κ)m (EM-1, κ ≤ 144), relative to r; plus the least "
                                + "subnormal"),
                        "problem \(i) point \(n) component \(k)")
                    compared += 1
                }
                let sum = r[n].reduce(0, +)
                expectClose(
                    sum, 1,
                    within: .absolute(
                        (2 * kCount + 5) * 0x1p-53,
                        "MixtureEStep's bound: each rₖ rounds once in exp and once in the shift (the largest term's "
                            + "shift is exact), and the sum of K terms ≤ 1 adds K − 1 roundings: ≤ (2K + 5)u"),
                    "row \(n) sums to \(sum)")
            }
        }
        #expect(compared > 300)
    }

    static let oneD = MixtureParameters<Double>(
        weights: [0.25, 0.5, 0.25], means: [[-2], [0.5], [3]],
        covariances: [Matrix.diagonal([0.5]), Matrix.diagonal([1]), Matrix.diagonal([2])])

    @Test("1-D mixture: GSL QAGI mass 1, mean and variance equal Σπμ and Σπ(σ² + μ²) − m²")
    func quadrature1D() throws {
        let mixture = try GaussianMixture(parameters: Self.oneD, covarianceType: .full)
        let density = { (x: Double) in exp(recordingErrors { try mixture.logDensity([x]) }) }
        let mass = try GSL.integrate(from: -.infinity, to: .infinity) { density($0) }
        let mean = try GSL.integrate(from: -.infinity, to: .infinity) { $0 * density($0) }
        let second = try GSL.integrate(from: -.infinity, to: .infinity) { $0 * $0 * density($0) }
        // Quadrature at relative tolerance 1e-12 with its error estimate; the density is a
        // few ulps accurate, so 1e-10 is the quadrature's requested accuracy with margin.
        expectClose(mass.value, 1, within: .absolute(1e-10, Self.quadrature1DReason))
        let m = 0.25 * -2 + 0.5 * 0.5 + 0.25 * 3
        expectClose(mean.value, m, within: .absolute(1e-10, Self.quadrature1DReason))
        let s2 = 0.25 * (0.5 + 4) + 0.5 * (1 + 0.25) + 0.25 * (2 + 9)
        expectClose(
            second.value, s2,
            within: .absolute(
                1e-9, "GSL QAGI at the default relative 1e-12 with a few-ulp density, on E x² ≈ 3.9: 1e-9 is 250× that")
        )
    }

    static let quadrature2DReason =
        "GSL's 2-D quadrature at relative 1e-9 of moments of size ≲ 1 + |expected|, the tails beyond 12σ "
        + "carrying < 1e-30: 1e-8 is 10× the request"

    static let quadrature1DReason =
        "GSL QAGI at the default relative 1e-12 on integrands of size ≤ 1 with a few-ulp density: 1e-10 is 100× that"

    @Test("2-D mixture, GSL quadrature on ±12σ: mass 1, mean Σπ_kμ_k, second moments Σπ_k(Σ_k + μ_kμ_kᵀ)")
    func quadrature2D() throws {
        let p = MixtureParameters<Double>(
            weights: [0.375, 0.625], means: [[-1, 0.5], [1.5, -0.5]],
            covariances: [try Matrix([[1, 0.5], [0.5, 1]]), try Matrix([[0.5, -0.25], [-0.25, 0.75]])])
        let mixture = try GaussianMixture(parameters: p, covarianceType: .full)
        let density = { (x: Double, y: Double) in exp(recordingErrors { try mixture.logDensity([x, y]) }) }
        let box = (lower: -13.0, upper: 13.0)
        let mass = try GSL.integrate2D(x: box, y: { _ in box }, relativeTolerance: 1e-9) { density($0, $1) }
        // The tails beyond 12σ carry < 1e-30 of the mass.
        expectClose(mass.value, 1, within: .absolute(1e-8, Self.quadrature2DReason))
        // E x = Σ π_k μ_k and E x xᵀ = Σ π_k (Σ_k + μ_k μ_kᵀ), coordinate by coordinate.
        let coordinate = { (i: Int, x: Double, y: Double) in i == 0 ? x : y }
        for i in 0..<2 {
            let mean = try GSL.integrate2D(x: box, y: { _ in box }, relativeTolerance: 1e-9) {
                coordinate(i, $0, $1) * density($0, $1)
            }
            let expected = (0..<2).reduce(0) { $0 + p.weights[$1] * p.means[$1][i] }
            expectClose(
                mean.value, expected, within: .absolute(1e-8 * (1 + abs(expected)), Self.quadrature2DReason),
                "E x_\(i)")
            for j in i..<2 {
                let second = try GSL.integrate2D(x: box, y: { _ in box }, relativeTolerance: 1e-9) {
                    coordinate(i, $0, $1) * coordinate(j, $0, $1) * density($0, $1)
                }
                let expected = (0..<2).reduce(0) {
                    $0 + p.weights[$1] * (p.covariances[$1][i, j] + p.means[$1][i] * p.means[$1][j])
                }
                expectClose(
                    second.value, expected,
                    within: .absolute(1e-8 * (1 + abs(expected)), Self.quadrature2DReason), "E x_\(i) x_\(j)"
                )
            }
        }
    }
}
