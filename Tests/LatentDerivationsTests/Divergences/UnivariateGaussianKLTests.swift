import Foundation
import Testing
import LatentDerivations
import OracleArithmetic
import OracleTestSupport
import OracleRandom

/// KL(N(μ₁,σ₁²) ‖ N(μ₂,σ₂²)) (`Proofs/02-gaussian-kl.md`): zero on the diagonal, μ²/2 exactly for
/// a unit-variance shift, asymmetric, the `Double` closed form against the exact decomposition,
/// and the closed form against the defining integral.
@Suite("Univariate Gaussian KL")
struct UnivariateGaussianKLTests {
    typealias Exact = SmallFraction

    static func gaussian<F: FieldScalar>(_ mean: F, _ variance: F) throws -> UnivariateGaussian<F> {
        try UnivariateGaussian(mean: mean, variance: variance)
    }

    @Test("KL(p ‖ p) = 0: exactly over an exact field and exactly in Double")
    func klOfDistributionWithItselfIsZero() throws {
        let p = try Self.gaussian(Exact(3, 7), Exact(5, 2))
        let parts = p.klDivergenceDecomposition(to: p)
        #expect(parts.rationalPart == .zero)
        #expect(parts.logArgument == .one)
        var random = SplitMix64(seed: 0x4B4C)
        for _ in 0..<200 {
            let mean = Double.random(in: -1e3...1e3, using: &random)
            let variance = Double.random(in: 1e-6...1e6, using: &random)
            let q = try Self.gaussian(mean, variance)
            // r = σ²/σ² = 1 and (μ − μ)² = 0 are exact, and log(1) = 0 in IEEE arithmetic.
            #expect(try q.klDivergence(to: q) == 0)
        }
    }

    @Test("KL(N(0,1) ‖ N(μ,1)) = μ²/2 exactly, over an exact field at μ = k/10", arguments: -30...30)
    func unitShiftIsHalfMuSquaredExactly(k: Int) throws {
        let mu = Exact(k, 10)
        let parts = try Self.gaussian(Exact.zero, .one).klDivergenceDecomposition(to: Self.gaussian(mu, .one))
        #expect(parts.rationalPart == Exact(k * k, 200))
        #expect(parts.logArgument == .one)
    }

    @Test("KL(N(0,1) ‖ N(μ,1)) = μ²/2 bit for bit in Double at dyadic μ = k/8", arguments: -24...24)
    func unitShiftIsExactInDouble(k: Int) throws {
        // μ = k/8 is exact; r = 1 so r − 1 − ln r = 0; μ² = k²/64 and μ²/2 are exact: no rounding at all.
        let mu = Double(k) / 8
        let kl = try Self.gaussian(0.0, 1.0).klDivergence(to: Self.gaussian(mu, 1.0))
        #expect(kl == Double(k * k) / 128)
    }

    @Test("KL is asymmetric: KL(N(0,1) ‖ N(0,4)) ≠ KL(N(0,4) ‖ N(0,1))")
    func klIsAsymmetric() throws {
        let narrow = try Self.gaussian(Exact.zero, Exact(1))
        let wide = try Self.gaussian(Exact.zero, Exact(4))
        // By hand: ½[¼ − 1] = −3/8 with argument 4, and ½[4 − 1] = 3/2 with argument ¼.
        let forward = narrow.klDivergenceDecomposition(to: wide)
        let backward = wide.klDivergenceDecomposition(to: narrow)
        #expect(forward.rationalPart == Exact(-3, 8) && forward.logArgument == Exact(4))
        #expect(backward.rationalPart == Exact(3, 2) && backward.logArgument == Exact(1, 4))
        // In Double: −3/8 + ln 2 ≈ 0.318 and 3/2 − ln 2 ≈ 0.807.
        let ln2 = 0x1.62e42fefa39efp-1
        let forwardDouble = try Self.gaussian(0.0, 1.0).klDivergence(to: Self.gaussian(0.0, 4.0))
        let backwardDouble = try Self.gaussian(0.0, 4.0).klDivergence(to: Self.gaussian(0.0, 1.0))
        let tolerance = Tolerance.ulps(
            4, "r − 1 − ln r and the final halving: ≤ 4 roundings, each ≤ ½ ulp of an O(1) term")
        expectClose(forwardDouble, -0.375 + ln2, within: tolerance, "\(forwardDouble)")
        expectClose(backwardDouble, 1.5 - ln2, within: tolerance, "\(backwardDouble)")
        #expect(backwardDouble - forwardDouble > 0.4)
    }

    @Test("the Double closed form agrees with the exact decomposition on dyadic inputs")
    func doubleMatchesExactDecomposition() throws {
        var random = SplitMix64(seed: 0x0D0B1E)
        var worst = 0.0
        for _ in 0..<500 {
            // Dyadic inputs are exact in both types: means k/16 ∈ [−4, 4], variances j/16 ∈ (0, 8].
            let (m1, m2) = (Int.random(in: -64...64, using: &random), Int.random(in: -64...64, using: &random))
            let (v1, v2) = (Int.random(in: 1...128, using: &random), Int.random(in: 1...128, using: &random))
            let parts = try Self.gaussian(Exact(m1, 16), Exact(v1, 16))
                .klDivergenceDecomposition(to: Self.gaussian(Exact(m2, 16), Exact(v2, 16)))
            let p = try Self.gaussian(Double(m1) / 16, Double(v1) / 16)
            let q = try Self.gaussian(Double(m2) / 16, Double(v2) / 16)
            let observed = try p.klDivergence(to: q)
            // Reference: the exact rational part rounded once, plus ½·ln of the exactly rounded argument.
            let r = Double(v1) / Double(v2), m = Double((m2 - m1) * (m2 - m1)) / Double(16 * v2)
            let expected = parts.rationalPart.doubleValue + Foundation.log(parts.logArgument.doubleValue) / 2
            // Both routes make O(1) roundings of terms bounded by r + 1 + |ln r| + m; 8u of that
            // bound covers the documented 4u of each route.
            let scale = r + 1 + abs(Foundation.log(r)) + m
            let tolerance = Tolerance.absolute(8 * 0x1p-53 * scale, "4u·(r + 1 + |ln r| + m) per route, two routes")
            expectClose(
                observed, expected, within: tolerance,
                "KL(N(\(m1)/16,\(v1)/16) ‖ N(\(m2)/16,\(v2)/16)): \(observed) vs \(expected)")
            #expect(observed >= 0, "Gibbs: KL ≥ 0")
            worst = max(worst, abs(observed - expected) / (0x1p-53 * scale))
        }
        expectWithin(
            error: worst, bound: 8,
            "in units of u·(r + 1 + |ln r| + m): each route is documented within 4 of them, so they differ by ≤ 8")
    }

    @Test(
        "the closed form equals the defining integral ∫ p log(p/q) (Simpson on the standardised variable)",
        arguments: [
            (0.0, 1.0, 1.5, 1.0), (0.0, 1.0, 0.0, 4.0), (0.0, 4.0, 0.0, 1.0), (-2.0, 0.25, 3.0, 9.0),
            (1.0, 2.0, 1.2, 1.9),
        ])
    func closedFormMatchesIntegral(m1: Double, v1: Double, m2: Double, v2: Double) throws {
        let closed = try Self.gaussian(m1, v1).klDivergence(to: Self.gaussian(m2, v2))
        // x = μ₁ + σ₁t, t ∈ [−12, 12] (the tails beyond carry < e⁻⁷² of the mass):
        // KL = ∫ φ(t) [log p(x) − log q(x)] dx/σ₁·σ₁ = ∫ φ(t) [−t²/2 − ln σ₁ + (x −
        // μ₂)²/(2σ₂²) + ln σ₂] dt.
        let s1 = v1.squareRoot(), halfLogRatio = Foundation.log(v2 / v1) / 2
        func integrand(_ t: Double) -> Double {
            let x = m1 + s1 * t
            let phi = Foundation.exp(-t * t / 2) / (2 * Double.pi).squareRoot()
            return phi * (-t * t / 2 + (x - m2) * (x - m2) / (2 * v2) + halfLogRatio)
        }
        let n = 4_000, h = 24.0 / Double(n)
        var sum = integrand(-12) + integrand(12)
        for i in 1..<n { sum += (i % 2 == 1 ? 4 : 2) * integrand(-12 + Double(i) * h) }
        let integral = sum * h / 3
        let tolerance = Tolerance.absolute(
            1e-10,
            "Simpson error O(h⁴) < 1e-13 for this analytic integrand at h = 0.006, summation rounding ≤ "
                + "n·u·max|f| ≈ 1e-12, tails < e⁻⁷²"
        )
        expectClose(closed, integral, within: tolerance, "closed form \(closed), integral \(integral)")
    }

    @Test("bad parameters give typed errors")
    func badParametersThrow() throws {
        #expect(throws: UnivariateGaussianError.nonPositiveVariance("0.0")) { try Self.gaussian(0.0, 0.0) }
        #expect(throws: UnivariateGaussianError.nonPositiveVariance("-1.0")) { try Self.gaussian(0.0, -1.0) }
        #expect(throws: UnivariateGaussianError.self) { try Self.gaussian(0.0, Double.nan) }
        #expect(throws: UnivariateGaussianError.nonPositiveVariance("-1/2")) {
            try Self.gaussian(Exact.zero, Exact(-1, 2))
        }
        let p = try Self.gaussian(0.0, 1.0)
        #expect(throws: UnivariateGaussianError.nonFiniteParameter(name: "mean of q", value: "nan")) {
            try p.klDivergence(to: Self.gaussian(.nan, 1.0))
        }
        #expect(throws: UnivariateGaussianError.nonFiniteParameter(name: "variance of q", value: "inf")) {
            try p.klDivergence(to: Self.gaussian(0.0, .infinity))
        }
        #expect(!UnivariateGaussianError.nonPositiveVariance("0").description.isEmpty)
    }

    @Test("total() of the decomposition is the closed form")
    func decompositionTotalMatchesClosedForm() throws {
        let p = try Self.gaussian(0.5, 2.0), q = try Self.gaussian(-1.0, 3.0)
        let total = try p.klDivergenceDecomposition(to: q).total()
        let tolerance = Tolerance.ulps(8, "two evaluation orders of O(1) terms, each a few roundings")
        expectClose(total, try p.klDivergence(to: q), within: tolerance)
    }
}

/// A tiny exact field for these tests: reduced fractions p/q of `Int` with overflow checked.
/// (LatentOracle's `Rational` is the library's exact type; this stand-in keeps the test independent
/// of it and is plenty for the small dyadic and decimal inputs used here.)
struct SmallFraction: FieldScalar {
    /// Numerator and positive denominator, coprime.
    let p: Int, q: Int

    init(_ p: Int, _ q: Int) {
        precondition(q != 0, "SmallFraction: zero denominator")
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? abs(a) : gcd(b, a % b) }
        let g = max(gcd(p, q), 1) * (q < 0 ? -1 : 1)
        (self.p, self.q) = (p / g, q / g)
    }
    init(_ integer: Int) { self.init(integer, 1) }

    static var zero: SmallFraction { SmallFraction(0) }
    static var one: SmallFraction { SmallFraction(1) }
    var isFinite: Bool { true }
    static var isExact: Bool { true }

    /// a·b, trapping on overflow (a test bug, never silently wrong).
    private static func mul(_ a: Int, _ b: Int) -> Int {
        let (value, overflow) = a.multipliedReportingOverflow(by: b)
        precondition(!overflow, "SmallFraction overflow")
        return value
    }
    static func + (a: Self, b: Self) -> Self { Self(mul(a.p, b.q) + mul(b.p, a.q), mul(a.q, b.q)) }
    static func - (a: Self, b: Self) -> Self { a + (-b) }
    static func * (a: Self, b: Self) -> Self { Self(mul(a.p, b.p), mul(a.q, b.q)) }
    static func / (a: Self, b: Self) -> Self { Self(mul(a.p, b.q), mul(a.q, b.p)) }
    static prefix func - (a: Self) -> Self { Self(-a.p, a.q) }
    static func < (a: Self, b: Self) -> Bool { mul(a.p, b.q) < mul(b.p, a.q) }

    /// Correctly rounded: p and q are exact doubles (|p|, |q| ≤ 2⁵³) and IEEE division rounds once.
    var doubleValue: Double {
        precondition(p.magnitude <= 1 << 53 && q <= 1 << 53, "SmallFraction too large to round exactly")
        return Double(p) / Double(q)
    }
    var description: String { q == 1 ? "\(p)" : "\(p)/\(q)" }
}
