#if canImport(Glibc)
    import Glibc
#endif
import GSLReference
import Testing
import OracleTestSupport

/// Special functions checked by identities that relate values at different arguments or across
/// different GSL routines (a second route beside the reference values in `SpecialFunctionsTests`).
/// Every bound is GSL's own error estimates plus the rounding of the check's arithmetic.
@Suite("GSL special-function identities")
struct SpecialFunctionIdentityTests {
    static let arguments: [Double] = [0.3, 1.7, 4.2, 12.5, 77.25]

    @Test("recurrence log Γ(x + 1) = log Γ(x) + log x", arguments: arguments)
    func logGammaRecurrence(_ x: Double) throws {
        let next = try GSL.logGammaWithError(x + 1)
        let here = try GSL.logGammaWithError(x)
        let lhs = next.value - here.value
        let rhs = log(x)
        // GSL's two estimates, plus one rounding of the difference and of log x, plus the effect of
        // rounding x + 1 (|d log Γ/dx| · ulp(x + 1)/2 = |ψ(x + 1)| ulp/2).
        let psi = try GSL.digamma(x + 1)
        let bound = next.absoluteError + here.absoluteError + lhs.ulp + rhs.ulp + abs(psi) * (x + 1).ulp / 2
        expectClose(
            lhs, rhs,
            within: .absolute(
                bound,
                "GSL's two estimates, one rounding each for the difference and log x, and |ψ(x + 1)|·ulp(x + 1)/2 "
                    + "for rounding x + 1"),
            "x = \(x): \(lhs) vs \(rhs), bound \(bound)")
    }

    @Test("recurrence ψ(x + 1) = ψ(x) + 1/x", arguments: arguments)
    func digammaRecurrence(_ x: Double) throws {
        let next = try GSL.digammaWithError(x + 1)
        let here = try GSL.digammaWithError(x)
        let lhs = next.value - here.value
        let rhs = 1 / x
        // As above; ψ′(x + 1) ≤ 1/x + 1/x² bounds the effect of rounding x + 1.
        let bound =
            next.absoluteError + here.absoluteError + lhs.ulp + rhs.ulp + (1 / x + 1 / (x * x)) * (x + 1).ulp / 2
        expectClose(
            lhs, rhs,
            within: .absolute(
                bound,
                "GSL's two estimates, one rounding each for the difference and 1/x, and ψ′(x + 1)·ulp(x + 1)/2 ≤ "
                    + "(1/x + 1/x²)·ulp(x + 1)/2 for rounding x + 1"),
            "x = \(x): \(lhs) vs \(rhs), bound \(bound)")
    }

    @Test("Φ(x) = erfc(−x/√2)/2 across two GSL routines", arguments: [-8.0, -3, -1, -0.25, 0, 0.5, 2, 5])
    func normalCDFViaErfc(_ x: Double) throws {
        let t = -x / 2.0.squareRoot()
        let viaErfc = try GSL.erfcWithError(t)
        let phi = GSL.normalCDF(x)
        // erfc's estimate halved; the rounding of t (≤ 1.5 ulps relative: √2 and the division)
        // moves erfc(t)/2 by φ(x)·1.5ε|x|·√2·(1/√2); 2 ulps for Φ's own evaluation.
        let density = exp(-x * x / 2) / (2 * Double.pi).squareRoot()
        let bound = viaErfc.absoluteError / 2 + density * 1.5 * .ulpOfOne * abs(x) + 2 * phi.ulp
        expectClose(
            phi, viaErfc.value / 2,
            within: .absolute(
                bound,
                "erfc's estimate halved; rounding t = −x/√2 (≤ 1.5 ulps) moves erfc(t)/2 by ≤ φ(x)·1.5ε|x|; 2 ulps "
                    + "for Φ's own evaluation"),
            "x = \(x): Φ = \(phi), erfc/2 = \(viaErfc.value / 2)")
    }

    @Test("Φ(Φ⁻¹(p)) = p", arguments: [1e-300, 1e-12, 0.001, 0.1, 0.5, 0.9, 0.975, 0.999999])
    func quantileRoundTrip(_ p: Double) throws {
        let q = try GSL.normalQuantile(p)
        let back = GSL.normalCDF(q)
        // Φ⁻¹ within 2 ulps (AS 241), moving Φ by φ(q)·2 ulp(q); Φ itself within 2 ulps of p.
        let density = exp(-q * q / 2) / (2 * Double.pi).squareRoot()
        let bound = density * 2 * q.ulp + 2 * p.ulp
        expectClose(
            back, p,
            within: .absolute(
                bound, "Φ⁻¹ within 2 ulps (AS 241) moves Φ by φ(q)·2 ulp(q); Φ itself within 2 ulps of p"),
            "p = \(p): Φ⁻¹ = \(q), Φ(Φ⁻¹) = \(back), bound \(bound)")
    }

    @Test("erf is odd and erfc(−x) = 2 − erfc(x)", arguments: [0.1, 0.7, 1.5, 3])
    func symmetries(_ x: Double) throws {
        // Not bitwise: for |x| > 1 GSL forms erf(x) = 1 − erfc(x) and erf(−x) = erfc(x) − 1 by
        // different paths. So: the two estimates plus one rounding.
        let negative = try GSL.erfWithError(-x)
        let positive = try GSL.erfWithError(x)
        expectWithin(
            error: abs(negative.value + positive.value),
            bound: negative.absoluteError + positive.absoluteError + positive.value.ulp,
            "erf is odd, but for |x| > 1 GSL reaches erf(±x) by different paths: the two estimates plus one "
                + "rounding of the sum")
        let minus = try GSL.erfcWithError(-x)
        let plus = try GSL.erfcWithError(x)
        // Two estimates plus the rounding of 2 − erfc(x).
        expectClose(
            minus.value, (2 - plus.value),
            within: .absolute(
                minus.absoluteError + plus.absoluteError + minus.value.ulp,
                "erfc's two estimates plus the rounding of 2 − erfc(x)"))
    }
}
