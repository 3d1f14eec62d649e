import Foundation
import OracleArithmetic
import OracleRandom
import OracleTestSupport
import Testing

/// `BigFloat.logGamma` and `BigFloat.digamma`, correctly rounded: exact zeros, closed forms at ½, 1
/// and 3/2 against constants from other routes (ln π, ln 2, a published γ), the recurrences
/// Γ(x + 1) = xΓ(x) and ψ(x + 1) = ψ(x) + 1/x, the first-order behaviour at the zeros of ln Γ, and
/// the refusals.
struct BigFloatGammaTests {
    static let precisions = [53, 64, 128, 256, 1024]

    /// Euler's γ to 120 digits (OEIS A001620), not computed here.
    static let eulerGamma = try! Rational(
        decimal: "0.57721566490153286060651209008240243104215933593992359880576723488486772677766467093694706329"
            + "1746749514631447249807082480")

    @Test("ln Γ(1) = ln Γ(2) = 0 exactly, at every precision")
    func exactZeros() throws {
        for p in Self.precisions {
            let values = try BigFloat.withPrecision(p) {
                [try BigFloat.logGamma(BigFloat(1)), try BigFloat.logGamma(BigFloat(2))]
            }
            #expect(values == [.zero, .zero], "at \(p) bits")
        }
    }

    @Test(
        "ln Γ(½) = ½ ln π, ln Γ(3/2) = ½ ln π − ln 2 (and ψ(1) = −γ, ψ(½) = −γ − 2 ln 2 to 256 bits): p-bit roundings",
        arguments: precisions)
    func closedForms(p: Int) throws {
        // The right-hand sides at p + 64 bits (ln, π within ½ ulp there), then rounded once to p:
        // the same p-bit value unless the exact one lies within 2⁻⁶⁰ ulp of a midpoint.
        let (halfLogPi, ln2, gamma) = try BigFloat.withPrecision(p + 64) {
            let logPi = try BigFloat.log(BigFloat.pi)
            return (
                BigFloat(mantissa: logPi.mantissa, exponent: logPi.exponent - 1), BigFloat.ln2,
                BigFloat(Self.eulerGamma)
            )
        }
        let twoLn2 = BigFloat(mantissa: ln2.mantissa, exponent: ln2.exponent + 1)
        let half = BigFloat(mantissa: BigInt(1), exponent: -1)
        let threeHalves = BigFloat(mantissa: BigInt(3), exponent: -1)
        func rounded(_ v: BigFloat) -> BigFloat { BigFloat(v.rationalValue, precision: p) }
        func exactDifference(_ a: BigFloat, _ b: BigFloat) -> BigFloat {
            BigFloat.withPrecision(4 * p + 256) { a - b }
        }
        let values = try BigFloat.withPrecision(p) {
            [
                try BigFloat.logGamma(half), try BigFloat.logGamma(threeHalves), try BigFloat.digamma(BigFloat(1)),
                try BigFloat.digamma(half),
            ]
        }
        #expect(values[0] == rounded(halfLogPi))
        #expect(values[1] == rounded(exactDifference(halfLogPi, ln2)))
        // γ's 120 digits are 398 bits: they decide the rounding up to p = 256 (p + 64 < 398) only.
        if p <= 256 {
            #expect(values[2] == rounded(-gamma))
            #expect(values[3] == rounded(exactDifference(-gamma, twoLn2)))
        }
    }

    @Test(
        "ln Γ(x + 1) = ln Γ(x) + ln x and ψ(x + 1) = ψ(x) + 1/x on 200 seeded x in (2⁻⁸, 64), at 64 and 256 bits",
        arguments: [64, 256])
    func recurrences(p: Int) throws {
        var generator = SplitMix64(seed: 0x6A_4D4D)
        for _ in 0..<200 {
            // x = m / 2²⁰ with m uniform in [2¹², 2²⁶): dyadic, so x + 1 is exact at p ≥ 64.
            let m = Int(generator.next() % (1 << 26 - 1 << 12)) + 1 << 12
            let x = BigFloat(mantissa: BigInt(m), exponent: -20)
            let xPlusOne = BigFloat(mantissa: BigInt(m + 1 << 20), exponent: -20)
            // Both sides at p bits: each correctly rounded term is within ½ ulp(p) of its value, the
            // sum adds ½ ulp of the larger: |lhs − rhs| ≤ 2 ulp of max(|ln Γ(x)|, |ln x|, |ln Γ(x + 1)|).
            let (gap, scale, psiGap, psiScale) = try BigFloat.withPrecision(p) {
                let lhs = try BigFloat.logGamma(xPlusOne)
                let rhs = try BigFloat.logGamma(x) + (try BigFloat.log(x))
                let scale = Swift.max(lhs.topBit, (try BigFloat.logGamma(x)).topBit, (try BigFloat.log(x)).topBit)
                let psiLhs = try BigFloat.digamma(xPlusOne)
                let psiRhs = try BigFloat.digamma(x) + BigFloat.one / x
                let psiScale = Swift.max(psiLhs.topBit, (try BigFloat.digamma(x)).topBit, (BigFloat.one / x).topBit)
                return (
                    BigFloat.withPrecision(4 * p) { lhs - rhs }, scale,
                    BigFloat.withPrecision(4 * p) { psiLhs - psiRhs },
                    psiScale
                )
            }
            #expect(gap.signum == 0 || gap.topBit <= scale + 2 - p, "ln Γ recurrence at x = \(x)")
            #expect(psiGap.signum == 0 || psiGap.topBit <= psiScale + 2 - p, "ψ recurrence at x = \(x)")
        }
    }

    @Test("near its zeros ln Γ keeps relative accuracy: ln Γ(1 + ε) = −γε + (π²/12)ε² + O(ε³) at ε = 2⁻²⁰⁰")
    func relativeAccuracyNearOne() throws {
        let p = 64
        let epsilon = BigFloat(mantissa: BigInt(1), exponent: -200)
        let series = BigFloat.withPrecision(p + 64) {
            // The ε³ term (ζ(3)/3 ε³ ≈ 2⁻⁶⁰⁰) is far below ε's p-bit ulp.
            let piSquaredOver12 = BigFloat.pi * BigFloat.pi / BigFloat(12)
            return -BigFloat(Self.eulerGamma) * epsilon + piSquaredOver12 * epsilon * epsilon
        }
        let onePlusEpsilon = BigFloat(mantissa: (BigInt(1) << 200) + BigInt(1), exponent: -200)
        let value = try BigFloat.withPrecision(p) { try BigFloat.logGamma(onePlusEpsilon) }
        #expect(value == BigFloat(series.rationalValue, precision: p))
    }

    @Test("x ≤ 0 is refused with ArithmeticDomainError naming the function")
    func refusals() {
        for x in [BigFloat.zero, BigFloat(-1), BigFloat(-0.5)] {
            #expect(throws: ArithmeticDomainError.self) { try BigFloat.logGamma(x) }
            #expect(throws: ArithmeticDomainError.self) { try BigFloat.digamma(x) }
        }
        do {
            _ = try BigFloat.logGamma(BigFloat(-2))
        } catch let error as ArithmeticDomainError {
            #expect(error.function == "logGamma")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
