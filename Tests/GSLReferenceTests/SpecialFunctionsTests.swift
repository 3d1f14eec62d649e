import GSLReference
import OracleTestSupport
import Testing

/// Special functions against correctly rounded reference values (mpmath at 40 digits, rounded to
/// `Double` by Python's `float`), and their domain errors.
@Suite("GSL special functions")
struct SpecialFunctionsTests {
    /// A function, its argument and the correctly rounded value f(x).
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var x: Double
        var expected: Double
        var function: @Sendable (Double) throws(GSLError) -> GSL.SpecialFunctionValue
        /// Where GSL's estimate is absolute (ε-sized) and so says nothing about a tiny value, the
        /// case states its own accuracy requirement instead.
        var tolerance: Tolerance? = nil
        var testDescription: String { "\(name)(\(x)) = \(expected)" }
    }

    static let cases: [Case] = [
        // log Γ(5) = log 24.
        Case(name: "logGamma", x: 5, expected: 3.1780538303479458, function: GSL.logGammaWithError),
        // log Γ(1/2) = log √π.
        Case(name: "logGamma", x: 0.5, expected: 0.5723649429247001, function: GSL.logGammaWithError),
        Case(name: "logGamma", x: 100, expected: 359.1342053695754, function: GSL.logGammaWithError),
        // Near the zero of log|Γ| at x ≈ −2.457: cancellation, so GSL's estimate is large in ulps.
        Case(name: "logGamma", x: -2.5, expected: -0.056243716497674054, function: GSL.logGammaWithError),
        Case(name: "logGamma", x: 1e-8, expected: 18.42068073818021, function: GSL.logGammaWithError),
        // ψ(1) = −γ (Euler–Mascheroni 0.57721566490153286…).
        Case(name: "digamma", x: 1, expected: -0.5772156649015329, function: GSL.digammaWithError),
        // ψ(1/2) = −γ − 2 log 2.
        Case(name: "digamma", x: 0.5, expected: -1.9635100260214235, function: GSL.digammaWithError),
        Case(name: "digamma", x: 10, expected: 2.251752589066721, function: GSL.digammaWithError),
        Case(name: "digamma", x: -0.5, expected: 0.03648997397857652, function: GSL.digammaWithError),
        Case(name: "erf", x: 1, expected: 0.8427007929497149, function: GSL.erfWithError),
        Case(name: "erf", x: 0.5, expected: 0.5204998778130465, function: GSL.erfWithError),
        Case(name: "erf", x: -2, expected: -0.9953222650189527, function: GSL.erfWithError),
        // erf(x) ≈ 2x/√π for tiny x.
        Case(
            name: "erf", x: 1e-10, expected: 1.1283791670955126e-10, function: GSL.erfWithError,
            tolerance: .ulps(
                2,
                "erf(x) = (2/√π)(x − x³/3 + …): for |x| ≪ 1 one rounded product, GSL's series ≤ 2 ulps")
        ),
        Case(name: "erfc", x: 1, expected: 0.15729920705028513, function: GSL.erfcWithError),
        Case(name: "erfc", x: 0.5, expected: 0.4795001221869535, function: GSL.erfcWithError),
        Case(name: "erfc", x: -1, expected: 1.8427007929497148, function: GSL.erfcWithError),
        // Deep tail: no cancellation against 1.
        Case(name: "erfc", x: 10, expected: 2.088487583762545e-45, function: GSL.erfcWithError),
    ]

    @Test("value within GSL's own error estimate of the correctly rounded value", arguments: cases)
    func valueWithinGSLEstimate(_ c: Case) throws {
        let result = try c.function(c.x)
        // Tolerance: GSL's `_e` error estimate (the routine's own claim) plus half an ulp for
        // rounding the exact value to the reference `Double`. The estimate must also be honest in
        // size: at most 1000 ε |f(x)| (the worst measured is ≈ 564 ε |f| near the zero of log|Γ|),
        // so that a huge estimate cannot make the test vacuous; a case whose GSL estimate is
        // absolute rather than relative states its own tolerance instead.
        let bound = result.absoluteError + c.expected.ulp / 2
        expectClose(
            result.value, c.expected,
            within: .absolute(
                bound, "GSL's own error estimate for this argument, plus ½ ulp for the reference's rounding to Double"),
            "\(c.testDescription): got \(result.value), estimate \(result.absoluteError)")
        if let tolerance = c.tolerance {
            expectClose(
                result.value, c.expected, within: tolerance, "\(c.testDescription): got \(result.value), \(tolerance)")
        } else {
            expectWithin(
                error: result.absoluteError, bound: 1000 * Double.ulpOfOne * abs(c.expected),
                "GSL's special functions aim at a few ε relative; an estimate above 1000 ε relative would mean "
                    + "a degraded evaluation that the estimate-based check above would then accept")
        }
    }

    @Test("the plain wrappers give the closed-form values")
    func plainWrappers() throws {
        // Tolerances: GSL's own error estimate for each (measured through the …WithError variant
        // on the same argument) plus half an ulp of the reference.
        func expectWithinEstimate(
            _ observed: Double, _ expected: Double, _ estimate: GSL.SpecialFunctionValue, _ name: String,
            sourceLocation: SourceLocation = #_sourceLocation
        ) {
            expectClose(
                observed, expected,
                within: .absolute(
                    estimate.absoluteError + expected.ulp / 2,
                    "GSL's own error estimate for this argument, plus ½ ulp for the reference's rounding to Double"),
                name, sourceLocation: sourceLocation)
        }
        // log Γ(5) = log 24.
        expectWithinEstimate(try GSL.logGamma(5), 3.1780538303479458, try GSL.logGammaWithError(5), "ln Γ(5)")
        // ψ(1) = −γ, Euler–Mascheroni γ = 0.57721566490153286…
        expectWithinEstimate(try GSL.digamma(1), -0.57721566490153286, try GSL.digammaWithError(1), "ψ(1)")
        expectWithinEstimate(try GSL.erf(1), 0.8427007929497149, try GSL.erfWithError(1), "erf(1)")
        // erfc(1) = 1 − erf(1) = 0.15729920705028513…
        expectWithinEstimate(try GSL.erfc(1), 0.15729920705028513, try GSL.erfcWithError(1), "erfc(1)")
    }

    @Test("erf(x) + erfc(x) = 1: two GSL routines, one identity", arguments: [0.1, 0.5, 1, 3.25])
    func erfPlusErfc(_ x: Double) throws {
        // Each is within a few ulps (≤ 6 ε relative by GSL's estimates on these arguments), and the
        // sum is ≤ 1, so the identity holds to 8 ε.
        expectClose(
            try GSL.erf(x) + GSL.erfc(x), 1,
            within: .absolute(
                8 * Double.ulpOfOne,
                "GSL's estimates put erf and erfc each within 6 ε relative here; both are ≤ 1 and the sum is 1, "
                    + "so their errors and the addition's ½ ulp stay below 8 ε"))
    }

    @Test("limits at infinity are exact")
    func limitsAtInfinity() throws {
        #expect(try GSL.erf(.infinity) == 1)
        #expect(try GSL.erf(-.infinity) == -1)
        #expect(try GSL.erfc(.infinity) == 0)
        #expect(try GSL.erfc(-.infinity) == 2)
        #expect(try GSL.logGamma(.infinity) == .infinity)
        #expect(try GSL.digamma(.infinity) == .infinity)
        #expect(GSL.normalCDF(-.infinity) == 0)
        #expect(GSL.normalCDF(.infinity) == 1)
        #expect(GSL.normalCDF(.nan).isNaN)
    }

    /// (x, Φ(x) correctly rounded).
    static let normalCDFCases: [(Double, Double)] = [
        (1.959963984540054, 0.975),
        (0, 0.5),
        (1, 0.8413447460685429),
        (-3, 0.0013498980316300946),
        // Lower tail: Φ must not be computed as 1 − Q here.
        (-10, 7.619853024160525e-24),
    ]

    @Test("normalCDF against correctly rounded Φ(x)", arguments: normalCDFCases)
    func normalCDF(_ x: Double, _ expected: Double) {
        // Tolerance 2 ulps: gsl_cdf_ugaussian_P evaluates Cody's rational erfc approximations
        // (relative error below 1e-16 ≈ 0.5 ulp) and a few roundings; the propagated error
        // from rounding x is φ(x)·ulp(x)/2 < 0.1 ulp of Φ(x) at these points.
        let tolerance = Tolerance.ulps(2, "Cody approximation ~0.5 ulp plus final roundings")
        expectClose(
            GSL.normalCDF(x), expected, within: tolerance, "Φ(\(x)) = \(GSL.normalCDF(x)), expected \(expected)")
    }

    /// (p, Φ⁻¹(p) correctly rounded).
    static let normalQuantileCases: [(Double, Double)] = [
        (0.975, 1.9599639845400538),
        (0.5, 0),
        (0.1, -1.2815515655446004),
        (1e-10, -6.361340902404057),
    ]

    @Test("normalQuantile against correctly rounded Φ⁻¹(p)", arguments: normalQuantileCases)
    func normalQuantile(_ p: Double, _ expected: Double) throws {
        // Tolerance 2 ulps: gsl_cdf_ugaussian_Pinv is Wichura's AS 241 (PPND16), accurate to about
        // 1e-16 relative (< 1 ulp), plus the final rounding.
        let tolerance = Tolerance.ulps(2, "AS 241 PPND16 relative accuracy ~1e-16 plus rounding")
        let observed = try GSL.normalQuantile(p)
        expectClose(observed, expected, within: tolerance, "Φ⁻¹(\(p)) = \(observed), expected \(expected)")
    }

    /// A call that must throw `GSL_EDOM` rather than return a value or abort.
    struct DomainCase: CustomTestStringConvertible, Sendable {
        var name: String
        var routine: String
        var call: @Sendable () throws(GSLError) -> Double
        var testDescription: String { name }
    }

    static let domainCases: [DomainCase] = [
        DomainCase(name: "logGamma(0)", routine: "gsl_sf_lngamma_e") { () throws(GSLError) in try GSL.logGamma(0) },
        DomainCase(name: "logGamma(−2)", routine: "gsl_sf_lngamma_e") { () throws(GSLError) in try GSL.logGamma(-2) },
        DomainCase(name: "logGamma(−∞)", routine: "gsl_sf_lngamma_e") { () throws(GSLError) in
            try GSL.logGamma(-.infinity)
        },
        DomainCase(name: "logGamma(NaN)", routine: "gsl_sf_lngamma_e") { () throws(GSLError) in try GSL.logGamma(.nan)
        },
        DomainCase(name: "digamma(0)", routine: "gsl_sf_psi_e") { () throws(GSLError) in try GSL.digamma(0) },
        // GSL 2.7 itself returns −8.55e15 with GSL_SUCCESS here.
        DomainCase(name: "digamma(−3)", routine: "gsl_sf_psi_e") { () throws(GSLError) in try GSL.digamma(-3) },
        DomainCase(name: "digamma(−1e20)", routine: "gsl_sf_psi_e") { () throws(GSLError) in try GSL.digamma(-1e20) },
        DomainCase(name: "digamma(−∞)", routine: "gsl_sf_psi_e") { () throws(GSLError) in
            try GSL.digamma(-.infinity)
        },
        DomainCase(name: "digamma(NaN)", routine: "gsl_sf_psi_e") { () throws(GSLError) in try GSL.digamma(.nan) },
        DomainCase(name: "erf(NaN)", routine: "gsl_sf_erf_e") { () throws(GSLError) in try GSL.erf(.nan) },
        DomainCase(name: "erfc(NaN)", routine: "gsl_sf_erfc_e") { () throws(GSLError) in try GSL.erfc(.nan) },
        DomainCase(name: "normalQuantile(0)", routine: "gsl_cdf_ugaussian_Pinv") { () throws(GSLError) in
            try GSL.normalQuantile(0)
        },
        DomainCase(name: "normalQuantile(1)", routine: "gsl_cdf_ugaussian_Pinv") { () throws(GSLError) in
            try GSL.normalQuantile(1)
        },
        DomainCase(name: "normalQuantile(1.5)", routine: "gsl_cdf_ugaussian_Pinv") { () throws(GSLError) in
            try GSL.normalQuantile(1.5)
        },
        DomainCase(name: "normalQuantile(−0.1)", routine: "gsl_cdf_ugaussian_Pinv") { () throws(GSLError) in
            try GSL.normalQuantile(-0.1)
        },
        DomainCase(name: "normalQuantile(NaN)", routine: "gsl_cdf_ugaussian_Pinv") { () throws(GSLError) in
            try GSL.normalQuantile(.nan)
        },
    ]

    @Test("domain errors are thrown as GSL_EDOM, never fatal", arguments: domainCases)
    func domainErrorThrows(_ c: DomainCase) {
        let error = #expect(throws: GSLError.self) { try c.call() }
        #expect(error?.status == GSL.Status.domain)
        #expect(error?.routine == c.routine)
        #expect(error?.reason.isEmpty == false)
    }
}
