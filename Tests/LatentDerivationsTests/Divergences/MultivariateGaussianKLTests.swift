import Foundation
import GSLReference
import Testing
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport
import OracleRandom

/// KL(N(μ₁,Σ₁) ‖ N(μ₂,Σ₂)) (`Proofs/02-gaussian-kl.md`, KL-8 … KL-13): exact ℚ split against
/// BigFloat Cholesky, Double against the exact split, GSL quadrature (1-D and nested 2-D),
/// seeded Monte Carlo, and the properties (zero on the diagonal, affine invariance, additivity,
/// asymmetry), and bad input.
@Suite("Multivariate Gaussian KL")
struct MultivariateGaussianKLTests {
    static let u = 0x1p-53

    /// A dyadic SPD matrix BBᵀ + cI (exact in Double and ℚ).
    static func covariance(_ k: Int, ridge: Double, _ random: inout SplitMix64) -> [[Double]] {
        let b = (0..<k).map { _ in (0..<k).map { _ in Double(Int.random(in: -3...3, using: &random)) / 4 } }
        return (0..<k).map { i in
            (0..<k).map { j in (0..<k).reduce(0.0) { $0 + b[i][$1] * b[j][$1] } + (i == j ? ridge : 0) }
        }
    }

    /// (μ₁, Σ₁, μ₂, Σ₂) drawn in that order: Σ₁ with ridge 0.25, Σ₂ with `secondRidge`.
    static func pair(_ k: Int, secondRidge: Double, _ random: inout SplitMix64) -> (
        [Double], [[Double]], [Double], [[Double]]
    ) {
        let m1 = mean(k, &random), s1 = covariance(k, ridge: 0.25, &random)
        let m2 = mean(k, &random), s2 = covariance(k, ridge: secondRidge, &random)
        return (m1, s1, m2, s2)
    }

    static func mean(_ k: Int, _ random: inout SplitMix64) -> [Double] {
        (0..<k).map { _ in Double(Int.random(in: -16...16, using: &random)) / 8 }
    }

    static func exactParts(_ m1: [Double], _ s1: [[Double]], _ m2: [Double], _ s2: [[Double]]) throws
        -> GaussianKLDecomposition<Rational>
    {
        func q(_ x: Double) -> Rational { Rational(exactly: x)! }
        return try MultivariateGaussianKL.decomposition(
            mean1: m1.map(q), covariance1: try Matrix(s1.map { $0.map(q) }),
            mean2: m2.map(q), covariance2: try Matrix(s2.map { $0.map(q) }))
    }

    @Test("exact ℚ split R + ½ ln A equals the BigFloat Cholesky evaluation at 200 bits (k = 1 … 6)")
    func exactSplitMatchesBigFloat() throws {
        var random = SplitMix64(seed: 0x5EED_0001)
        for k in 1...6 {
            let (m1, s1, m2, s2) = Self.pair(k, secondRidge: 0.5, &random)
            let parts = try Self.exactParts(m1, s1, m2, s2)
            try BigFloat.withPrecision(200) {
                let fromSplit =
                    BigFloat(parts.rationalPart) + (try BigFloat.log(BigFloat(parts.logArgument))) / BigFloat(2)
                let viaCholesky = try MultivariateGaussianKL.divergence(
                    mean1: m1.map { BigFloat($0) }, covariance1: try Matrix(s1.map { $0.map { BigFloat($0) } }),
                    mean2: m2.map { BigFloat($0) }, covariance2: try Matrix(s2.map { $0.map { BigFloat($0) } }))
                // Two routes at 200 bits: both errors ≲ k²·2⁻¹⁹⁵·κ·(KL + k) ≪ 2⁻¹⁵⁰.
                expectWithin(
                    error: (fromSplit - viaCholesky).absoluteValue, bound: BigFloat(0x1p-150),
                    "two 200-bit routes, each erring ≲ k²·2⁻¹⁹⁵·κ·(KL + k), far below 2⁻¹⁵⁰ for k ≤ 6", "k = \(k)")
            }
        }
    }

    @Test("Double Cholesky route against the exact split, relative error ≤ 16·k·u·κ·(term sizes/KL)")
    func doubleMatchesExactSplit() throws {
        var random = SplitMix64(seed: 0x5EED_0002)
        for _ in 0..<30 {
            let k = Int.random(in: 1...8, using: &random)
            let (m1, s1, m2, s2) = Self.pair(k, secondRidge: 0.25, &random)
            let parts = try Self.exactParts(m1, s1, m2, s2)
            let reference = try BigFloat.withPrecision(120) {
                (BigFloat(parts.rationalPart) + (try BigFloat.log(BigFloat(parts.logArgument))) / BigFloat(2))
                    .doubleValue
            }
            let observed = try MultivariateGaussianKL.divergence(
                mean1: m1, covariance1: try Matrix(s1), mean2: m2, covariance2: try Matrix(s2))
            let kappa = try [s1, s2].map { s -> Double in
                let e = try GSL.symmetricEigen(s).values
                return e.max()! / e.min()!
            }.max()!
            let scale =
                2 * abs(parts.rationalPart.doubleValue) + 2 * Double(k)
                + abs(Foundation.log(parts.logArgument.doubleValue))
            let tolerance = Tolerance.relative(
                16 * Double(k) * Self.u * kappa * max(1, scale / reference),
                "Cholesky (backward stable), one triangular solve, a sum of non-negative terms")
            expectClose(observed, reference, within: tolerance, "k = \(k): \(observed) vs \(reference)")
            #expect(observed >= 0)
        }
    }

    @Test("near-equal covariances: the Gibbs-grouped sum keeps relative accuracy ≲ 16·k·u·κ/ε")
    func nearEqualKeepsRelativeAccuracy() throws {
        var random = SplitMix64(seed: 0x5EED_0003)
        let k = 4, epsilon = 0x1p-22
        let s2 = Self.covariance(k, ridge: 1, &random)
        let e = Self.covariance(k, ridge: 0.25, &random)
        let s1 = (0..<k).map { i in (0..<k).map { j in s2[i][j] + epsilon * e[i][j] } }
        let m2 = Self.mean(k, &random)
        let m1 = m2.map { $0 + epsilon }
        let parts = try Self.exactParts(m1, s1, m2, s2)
        let reference = try BigFloat.withPrecision(160) {
            (BigFloat(parts.rationalPart) + (try BigFloat.log(BigFloat(parts.logArgument))) / BigFloat(2)).doubleValue
        }
        let observed = try MultivariateGaussianKL.divergence(
            mean1: m1, covariance1: try Matrix(s1), mean2: m2, covariance2: try Matrix(s2))
        let kappa = (try GSL.symmetricEigen(s2).values).max()! / (try GSL.symmetricEigen(s2).values).min()!
        #expect(reference < 1e-10, "the case is near-equal: KL = \(reference)")
        expectClose(
            observed, reference,
            within: Tolerance.relative(
                16 * Double(k) * Self.u * kappa / epsilon,
                "δ − log1p δ from Cholesky diagonals with error ~k·u·κ"
            ), "\(observed) vs \(reference)")
    }

    @Test("2-D KL against nested GSL quadrature on the standardised variable, with the mass of p beside it")
    func twoDimensionalMatchesNestedQuadrature() throws {
        let m1 = [0.5, -0.25], s1 = [[1.0, 0.375], [0.375, 0.5]]
        let m2 = [-0.5, 0.75], s2 = [[2.0, -0.5], [-0.5, 1.5]]
        let p = try MultivariateGaussian(mean: m1, covariance: try Matrix(s1))
        let q = try MultivariateGaussian(mean: m2, covariance: try Matrix(s2))
        let l = p.cholesky.lower
        // x = μ₁ + L₁t: p(x)dx = φ(t₁)φ(t₂)dt, so KL = ∫∫ φ(t₁)φ(t₂)[ln p(x) − ln q(x)] dt.
        func phi(_ t: Double) -> Double { Foundation.exp(-t * t / 2) / (2 * Double.pi).squareRoot() }
        func point(_ a: Double, _ b: Double) -> [Double] { [m1[0] + l[0, 0] * a, m1[1] + l[1, 0] * a + l[1, 1] * b] }
        let kl = try GSL.integrate2D(x: (-10, 10), y: { _ in (-10, 10) }, relativeTolerance: 1e-10) { a, b in
            phi(a) * phi(b) * recordingErrors { try p.logDensity(point(a, b)) } - phi(a) * phi(b)
                * recordingErrors { try q.logDensity(point(a, b)) }
        }
        let mass = try GSL.integrate2D(x: (-10, 10), y: { _ in (-10, 10) }, relativeTolerance: 1e-10) { a, b in
            phi(a) * phi(b)
        }
        expectBelow(
            error: abs(mass.value - 1), bound: 1e-10,
            "a normalized density integrates to 1 up to quadrature "
                + "error", "mass of p on the standardised square: \(mass.value)")
        let closed = try p.klDivergence(to: q)
        let tolerance = Tolerance.absolute(
            1e-8,
            "nested adaptive quadrature at relative 1e-10 of an O(1) integrand; tails beyond |t| = 10 carry < "
                + "e⁻⁵⁰")
        expectClose(closed, kl.value, within: tolerance, "closed \(closed) vs quadrature \(kl.value)")
        MultivariateGaussianKLTests.record(abs(closed - kl.value), "2-D nested")
    }

    @Test(
        "1-D KLs against GSL QAGI on the standardised variable, with ∫p = 1 beside it",
        arguments: [
            (0.0, 1.0, 1.5, 1.0), (0.0, 1.0, 0.0, 4.0), (-2.0, 0.25, 3.0, 9.0), (1.0, 1e-6, 1.0, 1.0),
            (0.0, 100.0, 5.0, 0.01),
        ])
    func univariateMatchesGSLQuadrature(m1: Double, v1: Double, m2: Double, v2: Double) throws {
        let closed = try UnivariateGaussian(mean: m1, variance: v1).klDivergence(
            to: UnivariateGaussian(mean: m2, variance: v2))
        let s1 = v1.squareRoot(), halfLogRatio = Foundation.log(v2 / v1) / 2
        func phi(_ t: Double) -> Double { Foundation.exp(-t * t / 2) / (2 * Double.pi).squareRoot() }
        let integral = try GSL.integrate(from: -.infinity, to: .infinity, relativeTolerance: 1e-12) { t in
            let x = m1 + s1 * t
            return phi(t) * (-t * t / 2 + (x - m2) * (x - m2) / (2 * v2) + halfLogRatio)
        }
        let mass = try GSL.integrate(from: -.infinity, to: .infinity, relativeTolerance: 1e-12, phi)
        expectBelow(
            error: abs(mass.value - 1), bound: 1e-12,
            "a normalized density integrates to 1 up to quadrature error")
        let tolerance = Tolerance.absolute(
            1e-11 * max(1, closed), "QAGI at relative 1e-12 of an integrand with terms of size ≤ KL + 1")
        expectClose(closed, integral.value, within: tolerance, "\(closed) vs \(integral.value)")
        Self.record(abs(closed - integral.value) / max(1, closed), "1-D")
    }

    @Test(
        "seeded Monte Carlo: the mean log-ratio under p is within a Chebyshev bound of the closed form"
    )
    func monteCarloAgrees() throws {
        let m1 = [0.25, -0.5, 1], s1 = [[1.0, 0.25, 0], [0.25, 0.75, 0.125], [0, 0.125, 0.5]]
        let m2 = [0.0, 0, 0.5], s2 = [[1.5, 0, 0.25], [0, 1, 0], [0.25, 0, 2]]
        let p = try MultivariateGaussian(mean: m1, covariance: try Matrix(s1))
        let q = try MultivariateGaussian(mean: m2, covariance: try Matrix(s2))
        // With x = μ₁ + L₁t: ln p − ln q = c + gᵀt + tᵀBt, B = ½(MᵀM − I), M = L₂⁻¹L₁, g =
        // Mᵀd,
        // d = L₂⁻¹(μ₁ − μ₂), so Var = ‖g‖² + 2·tr(B²) exactly (odd moments of t vanish).
        let l1 = p.cholesky.lower, l2 = q.cholesky.lower
        let mCols = try (0..<3).map { try TriangularSolve.forward(l2, l1.column($0)) }  // column j of M
        let d = try TriangularSolve.forward(l2, zip(m1, m2).map { $0 - $1 })
        let g = (0..<3).map { j in zip(mCols[j], d).reduce(0) { $0 + $1.0 * $1.1 } }
        var trB2 = 0.0
        for i in 0..<3 {
            for j in 0..<3 {
                let mtm = zip(mCols[i], mCols[j]).reduce(0) { $0 + $1.0 * $1.1 }
                let b = 0.5 * (mtm - (i == j ? 1 : 0))
                trB2 += b * b
            }
        }
        let variance = g.reduce(0) { $0 + $1 * $1 } + 2 * trB2
        var random = SplitMix64(seed: 0x3C_0001)
        let n = 40_000
        var sum = 0.0
        for _ in 0..<n {
            let t = (0..<3).map { _ in Self.standardNormal(&random) }
            let x = (0..<3).map { i in m1[i] + (0...i).reduce(0.0) { $0 + l1[i, $1] * t[$1] } }
            sum += try p.logDensity(x) - q.logDensity(x)
        }
        let estimate = sum / Double(n)
        // Chebyshev: P(|mean − KL| ≥ 1000·σ/√n) ≤ 1e-6.
        let bound = 1000 * (variance / Double(n)).squareRoot()
        let closed = try p.klDivergence(to: q)
        expectClose(
            estimate, closed,
            within: .absolute(
                bound, "Chebyshev with the exact variance of ln p − ln q: P(|mean − KL| ≥ 1000σ/√n) ≤ 1e-6"),
            "MC \(estimate) vs \(closed), bound \(bound)")
    }

    static func standardNormal(_ random: inout SplitMix64) -> Double {
        // Box–Muller on (0, 1] uniforms.
        let u1 = Double(random.next() >> 11 + 1) * 0x1p-53, u2 = Double(random.next() >> 11) * 0x1p-53
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }

    @Test("properties over ℚ: KL(p‖p) = 0 exactly, affine invariance and block additivity exactly, asymmetry")
    func exactProperties() throws {
        var random = SplitMix64(seed: 0x5EED_0004)
        func q(_ x: Double) -> Rational { Rational(exactly: x)! }
        for _ in 0..<10 {
            let k = Int.random(in: 1...4, using: &random)
            let (m1, s1, m2, s2) = Self.pair(k, secondRidge: 0.5, &random)
            let parts = try Self.exactParts(m1, s1, m2, s2)
            let same = try Self.exactParts(m1, s1, m1, s1)
            #expect(same.rationalPart == .zero && same.logArgument == .one)
            #expect(
                try MultivariateGaussianKL.divergence(
                    mean1: m1, covariance1: try Matrix(s1), mean2: m1, covariance2: try Matrix(s1)) == 0)
            // Affine map x ↦ Ax + b, A invertible (unit upper triangular plus 2 on the diagonal): μ ↦ Aμ + b, Σ
            // ↦ AΣAᵀ.
            let a = Matrix<Rational>(rows: k, columns: k) { i, j in
                i == j ? Rational(2) : (j > i ? Rational(Int.random(in: -2...2, using: &random)) : .zero)
            }
            let shift = (0..<k).map { _ in Rational(Int.random(in: -3...3, using: &random)) }
            func mapMean(_ m: [Double]) throws -> [Rational] { try add(try a * m.map(q), shift) }
            func mapCov(_ s: [[Double]]) throws -> Matrix<Rational> {
                try a * Matrix(s.map { $0.map(q) }) * a.transposed
            }
            let mapped = try MultivariateGaussianKL.decomposition(
                mean1: try mapMean(m1), covariance1: try mapCov(s1), mean2: try mapMean(m2), covariance2: try mapCov(s2)
            )
            #expect(mapped == parts, "affine invariance, k = \(k)")
            // Additivity: the block-diagonal pair of (p, q) and (p′, q′) = (q, p).
            let block1 = Self.blockDiagonal(s1, s2), block2 = Self.blockDiagonal(s2, s1)
            let joint = try Self.exactParts(m1 + m2, block1, m2 + m1, block2)
            let reverse = try Self.exactParts(m2, s2, m1, s1)
            #expect(joint.rationalPart == parts.rationalPart + reverse.rationalPart)
            #expect(joint.logArgument == parts.logArgument * reverse.logArgument)
            // Asymmetry: KL(p‖q) ≠ KL(q‖p) in general (the parts differ).
            #expect(reverse != parts)
        }
    }

    static func blockDiagonal(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
        let n = a.count, m = b.count
        return (0..<(n + m)).map { i in
            (0..<(n + m)).map { j in
                i < n && j < n ? a[i][j] : (i >= n && j >= n ? b[i - n][j - n] : 0)
            }
        }
    }

    @Test("diagonal covariances: the sum of univariate KLs equals the full-covariance route")
    func diagonalMatchesFull() throws {
        let m1 = [0.5, -1, 2], v1 = [0.25, 2, 1.5], m2 = [0, 0.5, 1], v2 = [1, 0.5, 3]
        let diagonal = try DiagonalGaussianKL.divergence(mean1: m1, variance1: v1, mean2: m2, variance2: v2)
        let full = try MultivariateGaussianKL.divergence(
            mean1: m1, covariance1: .diagonal(v1), mean2: m2, covariance2: .diagonal(v2))
        expectClose(
            diagonal, full, within: Tolerance.ulps(16, "3 terms of O(1), ≤ 5 roundings each, two summation orders"))
        let exact = try DiagonalGaussianKL.decomposition(
            mean1: m1.map { Rational(exactly: $0)! }, variance1: v1.map { Rational(exactly: $0)! },
            mean2: m2.map { Rational(exactly: $0)! }, variance2: v2.map { Rational(exactly: $0)! })
        let exactFull = try Self.exactParts(
            m1, v1.indices.map { i in v1.indices.map { j in i == j ? v1[i] : 0 } }, m2,
            v2.indices.map { i in v2.indices.map { j in i == j ? v2[i] : 0 } })
        #expect(exact == exactFull)
    }

    @Test("bad input: singular, indefinite, asymmetric, mismatched dimensions, non-positive variance")
    func badInputThrows() throws {
        let i2 = Matrix<Double>.identity(2)
        #expect(throws: LinearAlgebraError.self) {
            try MultivariateGaussianKL.divergence(
                mean1: [0, 0], covariance1: i2, mean2: [0, 0], covariance2: try Matrix([[1, 1], [1, 1]]))
        }
        #expect(throws: LinearAlgebraError.self) {
            try MultivariateGaussianKL.divergence(
                mean1: [0, 0], covariance1: try Matrix([[1, 2], [2, 1]]), mean2: [0, 0], covariance2: i2)
        }
        let r2 = Matrix<Rational>.identity(2)
        #expect(throws: LinearAlgebraError.self) {
            try MultivariateGaussianKL.decomposition(
                mean1: [Rational.zero, .zero], covariance1: r2, mean2: [.zero, .zero],
                covariance2: try Matrix([[Rational(1), Rational(1)], [Rational(1), Rational(1)]]))
        }
        #expect(throws: LinearAlgebraError.self) {
            try MultivariateGaussianKL.decomposition(
                mean1: [Rational.zero, .zero],
                covariance1: try Matrix([[Rational(1), Rational(1)], [Rational(0), Rational(1)]]),
                mean2: [.zero, .zero], covariance2: r2)
        }
        #expect(throws: ModelInputError.self) {
            try MultivariateGaussianKL.divergence(
                mean1: [0, 0], covariance1: i2, mean2: [0, 0, 0], covariance2: .identity(3))
        }
        #expect(throws: ModelInputError.self) {
            try MultivariateGaussianKL.divergence(
                mean1: [0, 0], covariance1: .identity(3), mean2: [0, 0], covariance2: i2)
        }
        #expect(throws: ModelInputError.self) {
            try MultivariateGaussianKL.divergence(mean1: [Double](), covariance1: i2, mean2: [], covariance2: i2)
        }
        #expect(throws: UnivariateGaussianError.self) {
            try DiagonalGaussianKL.divergence(mean1: [0.0], variance1: [0], mean2: [0], variance2: [1])
        }
        #expect(throws: ModelInputError.self) {
            try DiagonalGaussianKL.divergence(mean1: [0.0], variance1: [1, 1], mean2: [0], variance2: [1])
        }
        let p = try MultivariateGaussian(mean: [0.0, 0], covariance: i2)
        #expect(throws: ModelInputError.self) {
            try p.klDivergence(to: MultivariateGaussian(mean: [0.0], covariance: .identity(1)))
        }
    }

    /// Worst quadrature-versus-closed-form discrepancies seen, printed for the closing note.
    static func record(_ discrepancy: Double, _ label: String) {
        print("quadrature-vs-closed-form [\(label)]: \(discrepancy)")
    }
}
