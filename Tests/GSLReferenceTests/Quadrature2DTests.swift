#if canImport(Glibc)
    import Glibc
#endif
import GSLReference
import OracleTestSupport
import Testing

/// Nested 2-D quadrature against closed-form integrals, and inner failures surfacing as errors.
@Suite("GSL nested two-dimensional quadrature")
struct Quadrature2DTests {
    @Test("∫₀¹∫₀¹ x·y dy dx = 1/4 (polynomial: both rules exact)")
    func productOverUnitSquare() throws {
        let result = try GSL.integrate2D(x: (0, 1), y: { _ in (0, 1) }) { x, y in x * y }
        // Each 21-point Kronrod rule is exact for degree ≤ 31: only rounding in 21 × 21 weighted
        // terms remains, relative ≤ (21 + 21) ε.
        let tolerance = Tolerance.relative(42 * .ulpOfOne, "both rules exact for these degrees; rounding only")
        expectClose(result.value, 0.25, within: tolerance, "\(result)")
        // One outer rule of 21 points, each with one inner rule of 21 points.
        #expect(result.evaluations == 21 * 21)
        #expect(result.intervals == 1)
    }

    @Test("∫₀¹∫₀ˣ 1 dy dx = 1/2 (inner bounds depend on x)")
    func triangle() throws {
        let result = try GSL.integrate2D(x: (0, 1), y: { x in (0, x) }) { _, _ in 1 }
        let tolerance = Tolerance.relative(42 * .ulpOfOne, "both rules exact for these degrees; rounding only")
        expectClose(result.value, 0.5, within: tolerance, "\(result)")
    }

    @Test("the bivariate normal density (ρ = 0.6) has mass 1 over ℝ² (QAGI inside QAGI)")
    func bivariateNormalMass() throws {
        let rho = 0.6
        let norm = 1 / (2 * Double.pi * (1 - rho * rho).squareRoot())
        let result = try GSL.integrate2D(x: (-.infinity, .infinity), y: { _ in (-.infinity, .infinity) }) { x, y in
            norm * exp(-(x * x - 2 * rho * x * y + y * y) / (2 * (1 - rho * rho)))
        }
        // Requested relative 1e-10 (outer; inner 1e-11). The estimate includes the integrated
        // inner estimates and must cover the true error; the value must meet the request.
        let tolerance = Tolerance.relative(1e-10, "requested relativeTolerance 1e-10")
        expectClose(result.value, 1, within: tolerance, "\(result)")
        expectClose(
            result.value, 1,
            within: .absolute(
                result.absoluteError,
                "the reported estimate includes the integrated inner estimates and must cover the true error"),
            "\(result)")
    }

    @Test("∫₀^∞∫₀^∞ e^{−x−2y} dy dx = 1/2 (QAGIU inside QAGIU) and mixed finite/infinite ranges")
    func halfInfiniteRanges() throws {
        let tolerance = Tolerance.relative(1e-10, "requested relativeTolerance 1e-10")
        let quadrant = try GSL.integrate2D(x: (0, .infinity), y: { _ in (0, .infinity) }) { x, y in exp(-x - 2 * y) }
        expectClose(quadrant.value, 0.5, within: tolerance, "\(quadrant)")
        // ∫₀¹ ∫_{−∞}^{x} e^{y} dy dx = ∫₀¹ eˣ dx = e − 1.
        let mixed = try GSL.integrate2D(x: (0, 1), y: { x in (-.infinity, x) }) { _, y in exp(y) }
        expectClose(mixed.value, M_E - 1, within: tolerance, "\(mixed)")
    }

    @Test("an inner failure is thrown with the inner routine's name and the x where it failed")
    func innerFailureThrows() {
        // ∫₀¹ 1/y dy diverges for every x.
        let error = #expect(throws: GSLError.self) {
            try GSL.integrate2D(x: (0, 1), y: { _ in (0, 1) }) { _, y in 1 / y }
        }
        #expect(error?.routine == "gsl_integration_qags")
        #expect(error?.reason.contains("inner integral at x =") == true, "\(String(describing: error))")
    }

    @Test("a NaN inner bound is thrown as GSL_EINVAL")
    func nanInnerBound() {
        let error = #expect(throws: GSLError.self) {
            try GSL.integrate2D(x: (0, 1), y: { x in (0, x > 0.5 ? .nan : 1) }) { _, _ in 1 }
        }
        #expect(error?.status == GSL.Status.invalid)
    }

    @Test("an outer failure is thrown (NaN outer bound, negative tolerance)")
    func outerFailureThrows() {
        let nanBound = #expect(throws: GSLError.self) {
            try GSL.integrate2D(x: (.nan, 1), y: { _ in (0, 1) }) { _, _ in 1 }
        }
        #expect(nanBound?.status == GSL.Status.invalid)
        let badTolerance = #expect(throws: GSLError.self) {
            try GSL.integrate2D(x: (0, 1), y: { _ in (0, 1) }, relativeTolerance: -1) { _, _ in 1 }
        }
        #expect(badTolerance?.status == GSL.Status.badTolerance)
    }
}
