import CGSL

/// Special functions through GSL's `_e` variants, which return a status and an error estimate.
///
/// GSL 2.7 is not consistent at the edges of the domains: `gsl_sf_psi_e(−3)` returns
/// −8.55e15 with `GSL_SUCCESS`, `gsl_sf_erf_e(+∞)` returns NaN with `GSL_SUCCESS`, and
/// `gsl_sf_lngamma_e(NaN)` reports `GSL_EROUND`. These wrappers therefore decide the edges
/// themselves: NaN input throws `GSL_EDOM`; poles throw `GSL_EDOM`; infinite arguments with a
/// mathematical limit return that limit; and any non-finite result GSL reports as a success
/// throws `GSL_EFAILED`.
///
/// **Accuracy:** GSL's own error estimates for these functions are a few ulps on the domains used
/// here (tested against correctly rounded reference values in `SpecialFunctionsTests`).
extension GSL {
    /// A special-function value with GSL's estimate of its absolute error (`gsl_sf_result`).
    public struct SpecialFunctionValue: Sendable, Equatable {
        public var value: Double
        /// GSL's estimate of |value − f(x)|; typically a few ε·|value|, more near zeros of f.
        public var absoluteError: Double

        public init(value: Double, absoluteError: Double) {
            self.value = value
            self.absoluteError = absoluteError
        }
    }

    /// log |Γ(x)| by `gsl_sf_lngamma_e`.
    ///
    /// **Edge Cases:**
    /// - x = 0 or a negative integer (a pole of Γ) throws `GSL_EDOM`.
    /// - x = +∞ returns +∞; x = −∞ and NaN throw `GSL_EDOM`.
    /// - For negative non-integers it is log |Γ(x)| (the sign of Γ is not returned).
    public static func logGamma(_ x: Double) throws(GSLError) -> Double {
        try logGammaWithError(x).value
    }

    /// log |Γ(x)| as ``logGamma(_:)`` computes it, with GSL's estimate of the absolute error (0 for the
    /// limits at ±∞, which are exact).
    public static func logGammaWithError(_ x: Double) throws(GSLError) -> SpecialFunctionValue {
        let routine = "gsl_sf_lngamma_e"
        try requireNotNaN(x, routine)
        if x == .infinity { return SpecialFunctionValue(value: .infinity, absoluteError: 0) }
        if x == -.infinity {
            throw GSLError(routine: routine, status: Status.domain, context: "log Γ has no limit at x = −∞")
        }
        return try evaluate(routine, x) { gsl_sf_lngamma_e(x, $0) }
    }

    /// ψ(x) = Γ′(x)/Γ(x) by `gsl_sf_psi_e`.
    ///
    /// **Edge Cases:**
    /// - x = 0 or a negative integer (a pole) throws `GSL_EDOM`; GSL itself only catches 0.
    /// - x = +∞ returns +∞; x = −∞ and NaN throw `GSL_EDOM`.
    public static func digamma(_ x: Double) throws(GSLError) -> Double {
        try digammaWithError(x).value
    }

    /// ψ(x) as ``digamma(_:)`` computes it, with GSL's estimate of the absolute error (0 for the
    /// limits at ±∞, which are exact).
    public static func digammaWithError(_ x: Double) throws(GSLError) -> SpecialFunctionValue {
        let routine = "gsl_sf_psi_e"
        try requireNotNaN(x, routine)
        if x == .infinity { return SpecialFunctionValue(value: .infinity, absoluteError: 0) }
        // Every Double ≤ −2⁵² is an integer, hence a pole, and so is −∞.
        if x <= 0 && x.rounded(.towardZero) == x {
            throw GSLError(routine: routine, status: Status.domain, context: "ψ has a pole at x = \(x)")
        }
        return try evaluate(routine, x) { gsl_sf_psi_e(x, $0) }
    }

    /// erf(x) = (2/√π) ∫₀ˣ e^{−t²} dt by `gsl_sf_erf_e`.
    ///
    /// **Edge Cases:** erf(±∞) = ±1 (GSL would return NaN); NaN throws `GSL_EDOM`.
    public static func erf(_ x: Double) throws(GSLError) -> Double {
        try erfWithError(x).value
    }

    /// erf(x) as ``erf(_:)`` computes it, with GSL's estimate of the absolute error (0 for the
    /// limits at ±∞, which are exact).
    public static func erfWithError(_ x: Double) throws(GSLError) -> SpecialFunctionValue {
        let routine = "gsl_sf_erf_e"
        try requireNotNaN(x, routine)
        if x.isInfinite { return SpecialFunctionValue(value: x > 0 ? 1 : -1, absoluteError: 0) }
        return try evaluate(routine, x) { gsl_sf_erf_e(x, $0) }
    }

    /// erfc(x) = 1 − erf(x), computed without cancellation, by `gsl_sf_erfc_e`.
    ///
    /// **Edge Cases:** erfc(+∞) = 0, erfc(−∞) = 2 (GSL would return NaN); NaN throws `GSL_EDOM`.
    /// For x ≳ 26.5 the value underflows to 0 (or a subnormal).
    public static func erfc(_ x: Double) throws(GSLError) -> Double {
        try erfcWithError(x).value
    }

    /// erfc(x) as ``erfc(_:)`` computes it, with GSL's estimate of the absolute error (0 for the
    /// limits at ±∞, which are exact).
    public static func erfcWithError(_ x: Double) throws(GSLError) -> SpecialFunctionValue {
        let routine = "gsl_sf_erfc_e"
        try requireNotNaN(x, routine)
        if x.isInfinite { return SpecialFunctionValue(value: x > 0 ? 0 : 2, absoluteError: 0) }
        return try evaluate(routine, x) { gsl_sf_erfc_e(x, $0) }
    }

    /// Φ(x), the standard normal CDF, by `gsl_cdf_ugaussian_P`.
    ///
    /// **Edge Cases:** Φ(−∞) = 0, Φ(+∞) = 1, Φ(NaN) = NaN (this function does not throw; GSL's CDFs
    /// have no status). Accurate in the lower tail (no 1 − Q cancellation).
    public static func normalCDF(_ x: Double) -> Double {
        ensureErrorHandlerOff()
        if x.isNaN { return .nan }
        return gsl_cdf_ugaussian_P(x)
    }

    /// Φ⁻¹(p), the standard normal quantile, by `gsl_cdf_ugaussian_Pinv`.
    ///
    /// **Edge Cases:** p must lie in the open interval (0, 1): p ≤ 0, p ≥ 1 and NaN throw
    /// `GSL_EDOM` (GSL itself returns ∓∞ or NaN there, without a status).
    public static func normalQuantile(_ p: Double) throws(GSLError) -> Double {
        let routine = "gsl_cdf_ugaussian_Pinv"
        ensureErrorHandlerOff()
        guard p > 0 && p < 1 else {
            throw GSLError(routine: routine, status: Status.domain, context: "p must lie in (0, 1), got \(p)")
        }
        let x = gsl_cdf_ugaussian_Pinv(p)
        try requireFiniteOutput(x, routine, "p = \(p)")
        return x
    }

    // MARK: - Shared machinery

    private static func requireNotNaN(_ x: Double, _ routine: String) throws(GSLError) {
        ensureErrorHandlerOff()
        if x.isNaN { throw GSLError(routine: routine, status: Status.domain, context: "argument is NaN") }
    }

    /// Calls a `gsl_sf_*_e` function, checks its status and the finiteness of its value.
    private static func evaluate(
        _ routine: String, _ x: Double, _ call: (UnsafeMutablePointer<gsl_sf_result>) -> Int32
    ) throws(GSLError) -> SpecialFunctionValue {
        var result = gsl_sf_result(val: .nan, err: .nan)
        try check(call(&result), routine, "x = \(x)")
        try requireFiniteOutput(result.val, routine, "x = \(x)")
        return SpecialFunctionValue(value: result.val, absoluteError: result.err)
    }

    static func requireFiniteOutput(_ value: Double, _ routine: String, _ context: String) throws(GSLError) {
        guard value.isFinite else {
            throw GSLError(
                routine: routine, status: Status.failed,
                context: "GSL reported success but returned \(value) (\(context))")
        }
    }
}
