import CGSL

/// One-dimensional adaptive quadrature: QAGS, QAGP, QAGIU, QAGIL, QAGI and CQUAD.
///
/// > Warning: Adaptive quadrature samples the integrand at finitely many points. When the mass sits
/// > in a peak much narrower than the interval (or far out on an infinite range), GSL can miss it
/// > entirely and return a **wrong value with a small error estimate and a success status**. Never
/// > accept a value on its error estimate alone: standardise the variable first (centre and scale
/// > so the mass is near 0 with unit width), and integrate a known quantity alongside the unknown
/// > one — the density's own mass (which must come out 1), a known moment — as a sanity check.
///
/// **Accuracy:** GSL stops when `absoluteError ≤ max(absoluteTolerance, relativeTolerance·|value|)`;
/// the error estimate is heuristic (Gauss–Kronrod differences, Wynn ε-extrapolation for QAGS/QAGI*).
/// For smooth, standardised integrands the true error is typically far below the estimate.
///
/// **Errors:** a non-finite bound, a negative or non-finite tolerance (`GSL_EBADTOL`), `limit < 1`
/// (`GSL_EINVAL`), any GSL failure status (`GSL_EMAXITER`, `GSL_EROUND`, `GSL_ESING`,
/// `GSL_EDIVERGE`, `GSL_EBADTOL`, …), an integrand value that is NaN or ±∞ at a sampled point (QAG
/// family, `GSL_EDOM`), and a non-finite value or error estimate reported as a success
/// (`GSL_EDIVERGE`).
extension GSL {
    /// ∫ₐᵇ f(x) dx on a finite interval by `gsl_integration_qags` (21-point Gauss–Kronrod with
    /// bisection and Wynn ε-extrapolation, so it copes with integrable end-point singularities).
    ///
    /// - Parameters:
    ///   - a, b: finite bounds; `b < a` gives the signed integral, as GSL does.
    ///   - absoluteTolerance, relativeTolerance: GSL's `epsabs`, `epsrel`. With `epsabs = 0` GSL
    ///     needs `epsrel ≥ 50·DBL_EPSILON ≈ 1.1e-14`, otherwise it reports `GSL_EBADTOL`.
    ///   - limit: the maximum number of subintervals (the workspace size).
    /// - Warning: See the type-level warning: a narrow peak can be missed with a small error estimate.
    public static func integrateQAGS(
        from a: Double, to b: Double,
        absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-12, limit: Int = 1000,
        _ f: (Double) -> Double
    ) throws(GSLError) -> QuadratureResult {
        let routine = "gsl_integration_qags"
        try requireFinite(bounds: [a, b], routine)
        return try adaptive(routine, absoluteTolerance, relativeTolerance, limit, f) { fn, w, value, error in
            gsl_integration_qags(fn, a, b, absoluteTolerance, relativeTolerance, limit, w, value, error)
        }
    }

    /// ∫ₐᵇ f(x) dx by `gsl_integration_qagp`: QAGS on the subintervals between known break points
    /// (kinks, jumps, integrable singularities), which the rule then never samples.
    ///
    /// - Parameters:
    ///   - points: a = x₀ < x₁ < … < x_m = b, finite, at least the two bounds.
    ///   - absoluteTolerance, relativeTolerance, limit: as for `integrateQAGS`.
    /// - Throws: `GSLError` (status `GSL_EINVAL`) for fewer than two points, a non-finite point or
    ///   points that do not strictly increase; otherwise as `integrateQAGS`.
    public static func integrateQAGP(
        breakPoints points: [Double],
        absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-12, limit: Int = 1000,
        _ f: (Double) -> Double
    ) throws(GSLError) -> QuadratureResult {
        let routine = "gsl_integration_qagp"
        guard points.count >= 2 else {
            throw GSLError(
                routine: routine, status: Status.invalid,
                context: "needs the two bounds and any break points between them, got \(points.count) point(s)")
        }
        try requireFinite(bounds: points, routine)
        if let i = points.indices.dropFirst().first(where: { points[$0] <= points[$0 - 1] }) {
            throw GSLError(
                routine: routine, status: Status.invalid,
                context:
                    """
                    points must increase strictly, but point \(i) (\(points[i])) ≤ point \(i - 1) (\(points[i - 1]))
                    """)
        }
        // GSL reads the points through a non-const pointer but does not modify them.
        var pts = points
        return try adaptive(routine, absoluteTolerance, relativeTolerance, limit, f) { fn, w, value, error in
            pts.withUnsafeMutableBufferPointer { p in
                gsl_integration_qagp(
                    fn, p.baseAddress, p.count, absoluteTolerance, relativeTolerance, limit, w, value, error)
            }
        }
    }

    /// ∫ₐ^∞ f(x) dx by `gsl_integration_qagiu`: QAGS applied to x = a + (1 − t)/t on (0, 1]
    /// (15-point rule). `a` must be finite.
    /// - Warning: Standardise first; mass far from `a` or in a narrow peak can be missed.
    public static func integrateQAGIU(
        from a: Double,
        absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-12, limit: Int = 1000,
        _ f: (Double) -> Double
    ) throws(GSLError) -> QuadratureResult {
        try halfLine("gsl_integration_qagiu", gsl_integration_qagiu, a, absoluteTolerance, relativeTolerance, limit, f)
    }

    /// ∫_{−∞}^b f(x) dx by `gsl_integration_qagil`: QAGS applied to x = b − (1 − t)/t on (0, 1]
    /// (15-point rule). `b` must be finite.
    /// - Warning: Standardise first; mass far from `b` or in a narrow peak can be missed.
    public static func integrateQAGIL(
        to b: Double,
        absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-12, limit: Int = 1000,
        _ f: (Double) -> Double
    ) throws(GSLError) -> QuadratureResult {
        try halfLine("gsl_integration_qagil", gsl_integration_qagil, b, absoluteTolerance, relativeTolerance, limit, f)
    }

    /// ∫_{−∞}^{∞} f(x) dx by `gsl_integration_qagi`: QAGS applied to x = (1 − t)/t on (0, 1]
    /// after folding, i.e. of (f((1−t)/t) + f(−(1−t)/t))/t² (15-point rule).
    /// - Warning: The map puts half of the t-range on |x| ≤ 1: mass centred far from 0 or much
    ///   narrower or wider than 1 must be standardised first, or it can be missed.
    public static func integrateQAGI(
        absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-12, limit: Int = 1000,
        _ f: (Double) -> Double
    ) throws(GSLError) -> QuadratureResult {
        try adaptive("gsl_integration_qagi", absoluteTolerance, relativeTolerance, limit, f) { fn, w, value, error in
            gsl_integration_qagi(fn, absoluteTolerance, relativeTolerance, limit, w, value, error)
        }
    }

    /// ∫ₐᵇ f(x) dx on a finite interval by `gsl_integration_cquad` (doubly adaptive Clenshaw–Curtis,
    /// Gonnet 2010). It evaluates the end points and tolerates NaN or ±∞ there (and at isolated
    /// interior points), so it is the routine for integrands such as √x or log x at 0.
    ///
    /// - Parameters:
    ///   - limit: the number of intervals in the CQUAD workspace (at least 3).
    /// - Postconditions: `intervals` is `nil` (CQUAD's heap is not a subdivision count).
    /// - Warning: A divergent integral comes back from GSL 2.7 as NaN with a *success* status; this
    ///   wrapper turns that into `GSL_EDIVERGE`. Narrow peaks can still be missed, as above.
    public static func integrateCQUAD(
        from a: Double, to b: Double,
        absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-12, limit: Int = 1000,
        _ f: (Double) -> Double
    ) throws(GSLError) -> QuadratureResult {
        let routine = "gsl_integration_cquad"
        ensureErrorHandlerOff()
        try requireFinite(bounds: [a, b], routine)
        try requireTolerances(absoluteTolerance, relativeTolerance, routine)
        guard limit >= 3 else {
            throw GSLError(routine: routine, status: Status.invalid, context: "limit must be at least 3, got \(limit)")
        }
        let workspace = try allocated(gsl_integration_cquad_workspace_alloc(limit), routine)
        defer { gsl_integration_cquad_workspace_free(workspace) }
        var value = 0.0, error = 0.0, gslEvaluations = 0
        let (status, integrand) = withGSLFunction(f) { fn in
            gsl_integration_cquad(
                fn, a, b, absoluteTolerance, relativeTolerance, workspace, &value, &error, &gslEvaluations)
        }
        try check(status, routine)
        // CQUAD drops non-finite samples by design, so only the result itself is checked.
        try requireFiniteResult(value, error, routine, integrand)
        return QuadratureResult(value: value, absoluteError: error, evaluations: integrand.evaluations)
    }

    /// ∫ₐᵇ f(x) dx choosing the routine from the bounds: QAGS when both are finite, QAGIU for
    /// `b = +∞`, QAGIL for `a = −∞`, QAGI for `(−∞, +∞)`. `b < a` gives −∫_b^a; `a = b` (finite)
    /// gives 0 without evaluating `f` (`evaluations` 0).
    /// - Warning: See the type-level warning on narrow peaks.
    public static func integrate(
        from a: Double, to b: Double,
        absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-12, limit: Int = 1000,
        _ f: (Double) -> Double
    ) throws(GSLError) -> QuadratureResult {
        ensureErrorHandlerOff()
        let routine = quadratureRoutine(from: a, to: b)
        guard !a.isNaN && !b.isNaN else {
            throw GSLError(
                routine: routine, status: Status.invalid, context: "integration bound is NaN (a = \(a), b = \(b))")
        }
        if a == b {
            guard a.isFinite else {
                throw GSLError(routine: routine, status: Status.invalid, context: "both bounds are \(a)")
            }
            return QuadratureResult(value: 0, absoluteError: 0, evaluations: 0, intervals: 0)
        }
        if b < a {
            var flipped = try integrate(
                from: b, to: a, absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance,
                limit: limit, f)
            flipped.value = -flipped.value
            return flipped
        }
        // Now a < b, so a ≠ +∞ and b ≠ −∞.
        switch (a.isFinite, b.isFinite) {
        case (true, true):
            return try integrateQAGS(
                from: a, to: b, absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance,
                limit: limit, f)
        case (true, false):
            return try integrateQAGIU(
                from: a, absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance, limit: limit, f)
        case (false, true):
            return try integrateQAGIL(
                to: b, absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance, limit: limit, f)
        case (false, false):
            return try integrateQAGI(
                absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance, limit: limit, f)
        }
    }

    // MARK: - Shared machinery

    /// The GSL routine ``integrate(from:to:absoluteTolerance:relativeTolerance:limit:_:)`` uses for
    /// these bounds (for naming it in errors).
    static func quadratureRoutine(from a: Double, to b: Double) -> String {
        switch (a.isInfinite || b.isInfinite, a == -.infinity || b == -.infinity, a == .infinity || b == .infinity) {
        case (false, _, _): return "gsl_integration_qags"
        case (true, true, true): return "gsl_integration_qagi"
        case (true, true, false): return "gsl_integration_qagil"
        case (true, false, _): return "gsl_integration_qagiu"
        }
    }

    /// Runs one routine of the QAG family with a fresh workspace of `limit` intervals, freed on
    /// every path, and checks its status and result.
    /// A half-line routine (QAGIU or QAGIL), which GSL declares with one signature: its finite end
    /// point `bound` is checked, then the routine runs in a workspace of `limit` intervals.
    private static func halfLine(
        _ routine: String,
        _ gslRoutine: (
            UnsafeMutablePointer<gsl_function>?, Double, Double, Double, Int,
            UnsafeMutablePointer<gsl_integration_workspace>?,
            UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?
        ) -> Int32,
        _ bound: Double, _ absoluteTolerance: Double, _ relativeTolerance: Double, _ limit: Int,
        _ f: (Double) -> Double
    ) throws(GSLError) -> QuadratureResult {
        try requireFinite(bounds: [bound], routine)
        return try adaptive(routine, absoluteTolerance, relativeTolerance, limit, f) { fn, w, value, error in
            gslRoutine(fn, bound, absoluteTolerance, relativeTolerance, limit, w, value, error)
        }
    }

    private static func adaptive(
        _ routine: String, _ absoluteTolerance: Double, _ relativeTolerance: Double, _ limit: Int,
        _ f: (Double) -> Double,
        _ call: (
            UnsafeMutablePointer<gsl_function>, UnsafeMutablePointer<gsl_integration_workspace>,
            UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>
        ) -> Int32
    ) throws(GSLError) -> QuadratureResult {
        ensureErrorHandlerOff()
        try requireTolerances(absoluteTolerance, relativeTolerance, routine)
        guard limit >= 1 else {
            throw GSLError(routine: routine, status: Status.invalid, context: "limit must be at least 1, got \(limit)")
        }
        let workspace = try allocated(gsl_integration_workspace_alloc(limit), routine)
        defer { gsl_integration_workspace_free(workspace) }
        var value = 0.0, error = 0.0
        let (status, integrand) = withGSLFunction(f) { fn in call(fn, workspace, &value, &error) }
        // A non-finite sample explains most failures, so report it first. The QAG rules never
        // evaluate the end points, so such a sample is a genuine defect of the integrand.
        if let bad = integrand.firstNonFinite {
            throw GSLError(
                routine: routine, status: Status.domain,
                context: "integrand returned \(bad.y) at x = \(bad.x) (GSL status \(status))")
        }
        try check(status, routine, "value \(value), error estimate \(error) after \(workspace.pointee.size) intervals")
        try requireFiniteResult(value, error, routine, integrand)
        return QuadratureResult(
            value: value, absoluteError: error, evaluations: integrand.evaluations,
            intervals: workspace.pointee.size)
    }

    static func requireFinite(bounds: [Double], _ routine: String) throws(GSLError) {
        for bound in bounds where !bound.isFinite {
            throw GSLError(
                routine: routine, status: Status.invalid,
                context:
                    "this routine needs finite bounds, got \(bound); use GSL.integrate(from:to:) for infinite ranges")
        }
    }

    static func requireTolerances(_ absolute: Double, _ relative: Double, _ routine: String) throws(GSLError) {
        guard absolute.isFinite, relative.isFinite, absolute >= 0, relative >= 0 else {
            throw GSLError(
                routine: routine, status: Status.badTolerance,
                context: "tolerances must be finite and non-negative (absolute \(absolute), relative \(relative))")
        }
    }

    static func requireFiniteResult(_ value: Double, _ error: Double, _ routine: String, _ integrand: IntegrandRecord)
        throws(GSLError)
    {
        guard value.isFinite && error.isFinite else {
            var context = "GSL reported success but the value is \(value) with error estimate \(error)"
            if let bad = integrand.firstNonFinite { context += "; integrand returned \(bad.y) at x = \(bad.x)" }
            throw GSLError(routine: routine, status: Status.divergent, context: context)
        }
    }
}
