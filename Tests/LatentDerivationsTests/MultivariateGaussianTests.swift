import Foundation
import Testing
import GSLReference
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport
import OracleRandom

/// The multivariate Gaussian log-density (Proofs/03-gaussian-density.md), checked by routes that
/// share none of its code: an exact rational Mahalanobis term and determinant (Bareiss) with the
/// logarithm at 200 bits, GSL quadrature of the density's mass and entropy, and the 1-D formula.
@Suite("Multivariate Gaussian density")
struct MultivariateGaussianTests {
    /// A seeded SPD matrix with small dyadic entries (exact in Double and in ℚ): AAᵀ + I.
    static func spdMatrix(_ d: Int, _ rng: inout SplitMix64) -> [[Double]] {
        let a = (0..<d).map { _ in (0..<d).map { _ in Double(Int.random(in: -8...8, using: &rng)) / 8 } }
        return (0..<d).map { i in
            (0..<d).map { j in (0..<d).reduce(i == j ? 1.0 : 0.0) { $0 + a[i][$1] * a[j][$1] } }
        }
    }

    /// The reference: −½[d ln 2π + ln det Σ + q] with det Σ and q = (x−μ)ᵀΣ⁻¹(x−μ) exact in ℚ
    /// (Bareiss, no Cholesky), and the logarithms at 200 bits.
    static func referenceLogDensity(_ sigma: [[Double]], _ mean: [Double], _ x: [Double]) throws -> Double {
        let exact = try Matrix(sigma.map { $0.map { Rational(exactly: $0)! } })
        let diff = zip(x, mean).map { Rational(exactly: $0)! - Rational(exactly: $1)! }
        let solved = try Bareiss.solve(exact, diff)
        let q = zip(diff, solved).reduce(Rational.zero) { $0 + $1.0 * $1.1 }
        let det = try Bareiss.determinant(exact)
        return try BigFloat.withPrecision(200) {
            let d = BigFloat(mean.count)
            let logTwoPi = try BigFloat.log(BigFloat(2) * BigFloat.pi)
            let total = d * logTwoPi + (try BigFloat.log(BigFloat(det))) + BigFloat(q)
            return (-total / BigFloat(2)).doubleValue
        }
    }

    @Test("Double log-density matches the exact-rational reference within its error bound", arguments: 1...6)
    func logDensityMatchesExactReference(dimension d: Int) throws {
        var rng = SplitMix64(seed: 0x6A55 &+ UInt64(d))
        for _ in 0..<20 {
            let sigma = Self.spdMatrix(d, &rng)
            let mean = (0..<d).map { _ in Double(Int.random(in: -16...16, using: &rng)) / 4 }
            let x = (0..<d).map { _ in Double(Int.random(in: -16...16, using: &rng)) / 4 }
            let g = try MultivariateGaussian(mean: mean, covariance: try Matrix(sigma))
            let observed = try g.logDensity(x)
            let expected = try Self.referenceLogDensity(sigma, mean, x)
            // Cholesky is backward stable: every term carries relative error ≲ c·d·u, and Σ = AAᵀ + I
            // has κ ≤ 1 + ‖A‖² ≤ 1 + d², so an absolute bound 64·d²·u·(|terms| summed) covers it.
            let scale = abs(expected) + Double(d) * 2
            let bound = 64 * Double(d * d) * Double.ulpOfOne * scale
            expectClose(
                observed, expected,
                within: .absolute(
                    bound,
                    "backward-stable Cholesky: each term ≲ c·d·u relative, and κ(Σ = AAᵀ + I) ≤ 1 + d², so "
                        + "64·d²·u·(|ln p| + 2d) covers it"), "d=\(d): \(observed) vs \(expected)")
        }
    }

    @Test("in one dimension it is the univariate normal log-density")
    func oneDimensionIsUnivariate() throws {
        for (mu, variance, x) in [(0.0, 1.0, 0.0), (1.5, 0.25, -2.0), (-3.0, 9.0, 4.5)] {
            let g = try MultivariateGaussian(mean: [mu], covariance: try Matrix([[variance]]))
            let expected = -0.5 * Foundation.log(2 * Double.pi * variance) - (x - mu) * (x - mu) / (2 * variance)
            // Two libm logs against one, plus a handful of roundings: ≤ 4 ulps of the larger term.
            expectClose(
                try g.logDensity([x]), expected,
                within: .absolute(
                    4 * abs(expected).ulp + 4 * Double.ulpOfOne,
                    "two libm logs against one, plus a handful of roundings: ≤ 4 ulps of the larger term"))
        }
    }

    static let boxQuadratureReason =
        "the standardised box [−10, 10]² drops mass ~e⁻⁵⁰ and GSL's 2-D estimate is ~1e-10 relative on an O(1) "
        + "integrand: 1e-9 is 10× that"

    @Test("the 2-D density has mass 1 and the stated entropy by GSL quadrature")
    func twoDimensionalMassAndEntropy() throws {
        let sigma = [[2.0, 0.6], [0.6, 0.5]]
        let mean = [0.5, -1.0]
        let g = try MultivariateGaussian(mean: mean, covariance: try Matrix(sigma))
        // Standardise: integrate over z = L⁻¹(x − μ) ∈ [−10, 10]², x = μ + Lz, dx = |L| dz, so the
        // integrand stays O(1) over the box (GSL's adaptive routines can miss a narrow peak).
        let l = g.cholesky.lower
        let jacobian = l[0, 0] * l[1, 1]
        func point(_ z1: Double, _ z2: Double) -> [Double] {
            [mean[0] + l[0, 0] * z1, mean[1] + l[1, 0] * z1 + l[1, 1] * z2]
        }
        let mass = try GSL.integrate2D(x: (-10, 10), y: { _ in (-10, 10) }) { z1, z2 in
            Foundation.exp(recordingErrors { try g.logDensity(point(z1, z2)) }) * jacobian
        }
        let entropy = try GSL.integrate2D(x: (-10, 10), y: { _ in (-10, 10) }) { z1, z2 in
            let logp = recordingErrors { try g.logDensity(point(z1, z2)) }
            return -Foundation.exp(logp) * logp * jacobian
        }
        // The box drops mass e^{-50}-small; the quadrature's own estimate is ~1e-10 relative.
        expectClose(mass.value, 1, within: .absolute(1e-9, Self.boxQuadratureReason))
        expectClose(entropy.value, (try g.entropy()), within: .absolute(1e-9, Self.boxQuadratureReason))
    }

    @Test("bad input throws a typed error")
    func badInputThrows() throws {
        #expect(throws: LinearAlgebraError.self) {
            try MultivariateGaussian(mean: [0.0, 0.0], covariance: try Matrix([[1.0, 2.0], [2.0, 1.0]]))
        }
        #expect(throws: ModelInputError.self) {
            try MultivariateGaussian(mean: [0.0], covariance: try Matrix([[1.0, 0.0], [0.0, 1.0]]))
        }
        #expect(throws: ModelInputError.self) {
            try MultivariateGaussian(mean: [Double.nan], covariance: try Matrix([[1.0]]))
        }
        let g = try MultivariateGaussian(mean: [0.0], covariance: try Matrix([[1.0]]))
        #expect(throws: ModelInputError.self) { try g.logDensity([1, 2]) }
        #expect(throws: ModelInputError.self) { try g.logDensity([.infinity]) }
    }
}
