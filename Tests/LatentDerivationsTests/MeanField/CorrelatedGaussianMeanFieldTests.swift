import Foundation
import Testing
import GSLReference
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport
import OracleRandom

/// Mean field for a correlated Gaussian target (Proofs/10-mean-field.md, MF-3 … MF-7): exact
/// rational optimum and stationarity, exact variance underestimation, an exactly monotone ELBO
/// trace (rational iterates, 256-bit ELBO), the Double trace within a derived bound, and GSL's
/// inverse and log-determinant as an independent route to Σⱼⱼ and KL(q* ‖ p).
@Suite("Mean field: correlated Gaussian")
struct CorrelatedGaussianMeanFieldTests {
    /// A seeded SPD precision with dyadic entries: AAᵀ + I/2, exact in Double and ℚ.
    static func spd(_ d: Int, _ rng: inout SplitMix64) -> [[Double]] {
        let a = (0..<d).map { _ in (0..<d).map { _ in Double(Int.random(in: -8...8, using: &rng)) / 8 } }
        return (0..<d).map { i in (0..<d).map { j in (0..<d).reduce(i == j ? 0.5 : 0.0) { $0 + a[i][$1] * a[j][$1] } } }
    }

    static func vector(_ d: Int, _ rng: inout SplitMix64) -> [Double] {
        (0..<d).map { _ in Double(Int.random(in: -16...16, using: &rng)) / 4 }
    }

    static func rational(_ x: [[Double]]) throws -> Matrix<Rational> {
        try Matrix(x.map { $0.map { Rational(exactly: $0)! } })
    }

    @Test(
        "the closed-form optimum (mⱼ = μⱼ, λⱼ = Λⱼⱼ) is an exact stationary fixed point",
        arguments: 1...5)
    func optimumIsExactStationaryFixedPoint(d: Int) throws {
        var rng = SplitMix64(seed: 0x3F00 &+ UInt64(d))
        let target = try CorrelatedGaussianMeanField(
            mean: Self.vector(d, &rng).map { Rational(exactly: $0)! },
            precision: try Self.rational(Self.spd(d, &rng)))
        let star = target.optimum
        for j in 0..<d { #expect(try target.update(j, of: star) == star) }
        let g = try target.elboGradient(star)
        #expect(g.means.allSatisfy(\.isZero) && g.precisions.allSatisfy(\.isZero))
        // Away from the optimum the gradient is not zero (the check can fail).
        var off = star
        off.precisions[0] = off.precisions[0] * Rational(2)
        #expect(!(try target.elboGradient(off)).precisions[0].isZero)
    }

    @Test("mean-field variances 1/Λⱼⱼ ≤ Σⱼⱼ, equal iff row j of Λ is diagonal", arguments: 1...6)
    func meanFieldUnderestimatesVariances(d: Int) throws {
        var rng = SplitMix64(seed: 0x3F10 &+ UInt64(d))
        let lambda = Self.spd(d, &rng)
        let target = try CorrelatedGaussianMeanField(
            mean: [Rational](repeating: .zero, count: d), precision: try Self.rational(lambda))
        let mf = target.meanFieldVariances
        let exact = try target.trueMarginalVariances()
        for j in 0..<d {
            #expect(mf[j] <= exact[j])
            let diagonalRow = (0..<d).allSatisfy { $0 == j || lambda[j][$0] == 0 }
            #expect((mf[j] == exact[j]) == diagonalRow)
        }
        // Independent route: GSL's inverse of Λ in Double agrees with the exact Σⱼⱼ to
        // κ(Λ)·d·u-level relative error (these matrices have κ < 10⁴, so 1e-10 is loose).
        let inverse = try GSL.inverse(lambda)
        for j in 0..<d {
            expectBelow(
                error: relativeError(inverse[j][j], exact[j].doubleValue), bound: 1e-10,
                "GSL's LU inverse in Double: relative error ≲ κ(Λ)·d·u with κ < 10⁴, far below 1e-10")
        }
    }

    @Test("CAVI over ℚ: the ELBO (at 256 bits from the exact iterates) never decreases", arguments: 2...5)
    func exactTraceIsMonotone(d: Int) throws {
        var rng = SplitMix64(seed: 0x3F20 &+ UInt64(d))
        let mu = Self.vector(d, &rng), lambda = Self.spd(d, &rng), m0 = Self.vector(d, &rng)
        let target = try CorrelatedGaussianMeanField(
            mean: mu.map { Rational(exactly: $0)! }, precision: try Self.rational(lambda))
        let start = GaussianMeanFieldFactors(
            means: m0.map { Rational(exactly: $0)! }, precisions: [Rational](repeating: Rational(3), count: d))
        let trace = try CoordinateAscent.run(target, from: start, sweeps: 3)
        #expect(trace.count == 1 + 3 * d)
        let elbos: [BigFloat] = try BigFloat.withPrecision(256) {
            try trace.map { step in
                let parts = try target.klParts(step.factors)
                return -(BigFloat(parts.rational) + (try BigFloat.log(BigFloat(parts.logArgument))) / BigFloat(2))
            }
        }
        // Each ELBO is within 2⁻²⁴⁰ of the truth, so a computed increase below −2⁻²³⁸ would be a
        // true decrease; an exactly unchanged iterate must give exactly the same value.
        let slack = BigFloat(mantissa: BigInt(1), exponent: -238)
        for k in 1..<trace.count {
            if trace[k].factors == trace[k - 1].factors {
                #expect(elbos[k] == elbos[k - 1])
            } else {
                #expect(elbos[k] - elbos[k - 1] >= -slack, "update \(k) decreased the ELBO")
            }
        }
        // The Double trace is monotone within its rounding bound: each ELBO has
        // absolute error ≤ (4d + 8)·u·(|rational part| + |½ ln arg| + d) (sums of d² products,
        // one log), so an increment may read negative by at most twice that.
        let doubleTarget = try CorrelatedGaussianMeanField(mean: mu, precision: try Matrix(lambda))
        let doubleTrace = try CoordinateAscent.elboTrace(
            doubleTarget,
            try CoordinateAscent.run(
                doubleTarget, from: GaussianMeanFieldFactors(means: m0, precisions: [Double](repeating: 3, count: d)),
                sweeps: 3))
        for k in 1..<doubleTrace.count {
            let parts = try doubleTarget.klParts(trace[k].factors.map { $0.doubleValue })
            let bound =
                Double(4 * d + 8) * 0x1p-53 * (abs(parts.rational) + abs(Foundation.log(parts.logArgument)) + Double(d))
            #expect(doubleTrace[k] - doubleTrace[k - 1] >= -2 * bound)
        }
    }

    @Test("KL(q* ‖ p) = ½ ln(Π Λⱼⱼ / |Λ|) matches GSL's log-determinant and is ≥ 0", arguments: 1...6)
    func klAtOptimumMatchesGSL(d: Int) throws {
        var rng = SplitMix64(seed: 0x3F30 &+ UInt64(d))
        let lambda = Self.spd(d, &rng)
        let target = try CorrelatedGaussianMeanField(mean: Self.vector(d, &rng), precision: try Matrix(lambda))
        let kl = try target.klDivergence(target.optimum)
        let viaGSL =
            0.5
            * ((0..<d).reduce(0.0) { $0 + Foundation.log(lambda[$1][$1]) } - (try GSL.choleskyLogDeterminant(lambda)))
        // Both are differences of O(d·|ln Λⱼⱼ|) logs: absolute error ≲ 4d·u·Σ|ln Λⱼⱼ| + κ·u.
        expectClose(
            kl, viaGSL,
            within: .absolute(
                1e-12,
                "both are differences of O(d·|ln Λⱼⱼ|) logs: absolute error ≲ 4d·u·Σ|ln Λⱼⱼ| + κ·u, with 1e-12 "
                    + "≈ 4500u"))
        #expect(kl >= -1e-15)
    }

    @Test(
        "KL(q ‖ p) parts equal MultivariateGaussianKL.decomposition in ℚ (Σ = Λ⁻¹ by Bareiss)",
        arguments: 1...5
    )
    func klPartsMatchDivergencesModuleExactly(d: Int) throws {
        var rng = SplitMix64(seed: 0x3F40 &+ UInt64(d))
        let mu = Self.vector(d, &rng).map { Rational(exactly: $0)! }
        let lambda = try Self.rational(Self.spd(d, &rng))
        let target = try CorrelatedGaussianMeanField(mean: mu, precision: lambda)
        let q = GaussianMeanFieldFactors(
            means: Self.vector(d, &rng).map { Rational(exactly: $0)! },
            precisions: (0..<d).map { _ in Rational(Int.random(in: 1...9, using: &rng)) / Rational(4) })
        let mine = try target.klParts(q)
        // The independent route: Gaussian KL of N(m, diag(1/λ)) to N(μ, Λ⁻¹), through LDLᵀ of Σ.
        let theirs = try MultivariateGaussianKL.decomposition(
            mean1: q.means, covariance1: Matrix.diagonal(q.precisions.map { Rational(1) / $0 }),
            mean2: mu, covariance2: try Bareiss.inverse(lambda))
        #expect(mine.rational == theirs.rationalPart)
        #expect(mine.logArgument == theirs.logArgument)
    }

    @Test("bad input: non-PD or indefinite precision, empty mean, wrong shapes")
    func badInput() throws {
        #expect(throws: LinearAlgebraError.self) {
            _ = try CorrelatedGaussianMeanField(mean: [0.0, 0.0], precision: try Matrix([[1.0, 2.0], [2.0, 1.0]]))
        }
        #expect(throws: LinearAlgebraError.self) {
            _ = try CorrelatedGaussianMeanField(
                mean: [Rational(0), Rational(0)],
                precision: try Matrix([[Rational(1), Rational(1)], [Rational(1), Rational(1)]]))
        }
        #expect(throws: ModelInputError.empty(what: "mean")) {
            _ = try CorrelatedGaussianMeanField<Double>(mean: [], precision: try Matrix([[1.0]]))
        }
        let target = try CorrelatedGaussianMeanField(mean: [0.0], precision: try Matrix([[2.0]]))
        #expect(throws: ModelInputError.self) {
            _ = try target.update(0, of: GaussianMeanFieldFactors(means: [0], precisions: [0]))
        }
        #expect(throws: ModelInputError.self) { _ = try CoordinateAscent.run(target, from: target.optimum, sweeps: 0) }
    }
}

extension GaussianMeanFieldFactors {
    func map<T: FieldScalar>(_ f: (S) -> T) -> GaussianMeanFieldFactors<T> {
        GaussianMeanFieldFactors<T>(means: means.map(f), precisions: precisions.map(f))
    }
}
