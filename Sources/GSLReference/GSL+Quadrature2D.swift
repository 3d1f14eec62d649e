/// Nested two-dimensional quadrature: an adaptive outer integral over x of adaptive inner
/// integrals over y.
extension GSL {
    /// ∫_{x = x.lower}^{x.upper} ∫_{y = y(x).lower}^{y(x).upper} f(x, y) dy dx.
    ///
    /// Each integral, outer and inner, goes through
    /// ``GSL/integrate(from:to:absoluteTolerance:relativeTolerance:limit:_:)``, so each bound may be
    /// ±∞: QAGS for finite ranges, QAGIU / QAGIL / QAGI otherwise. Reversed bounds give signed
    /// integrals.
    ///
    /// - Parameters:
    ///   - x: the outer bounds.
    ///   - y: the inner bounds as a function of x.
    ///   - absoluteTolerance, relativeTolerance: the outer tolerances. Every inner integral is asked
    ///     for a tenth of each, so that the inner errors (which the outer rule sees as noise) stay
    ///     below what the outer rule is asked to resolve. With `absoluteTolerance = 0` the relative
    ///     tolerance must therefore be at least 10 · 50 · DBL_EPSILON ≈ 1.1e-13, else the inner
    ///     calls report `GSL_EBADTOL`.
    ///   - limit: the subdivision limit of every (outer and inner) integral.
    /// - Returns: `value`; `absoluteError` = the outer error estimate plus ∫ ε_inner(x) dx, the inner
    ///   error estimates integrated by the trapezoid rule over the outer abscissae that were
    ///   sampled; `evaluations` = the total number of calls of `f`; `intervals` = the outer
    ///   subinterval count.
    /// - Throws: the first inner failure (naming the inner routine, with the x at which it failed),
    ///   else the outer failure. After an inner failure no further inner integral is attempted.
    /// - Warning: The narrow-peak warning applies twice over: standardise both variables, and
    ///   integrate a known quantity (e.g. the density's mass, 1) alongside the unknown one.
    ///   Cost is (outer evaluations) × (inner evaluations), so keep tolerances realistic.
    public static func integrate2D(
        x: (lower: Double, upper: Double),
        y: (Double) -> (lower: Double, upper: Double),
        absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-10, limit: Int = 1000,
        _ f: (Double, Double) -> Double
    ) throws(GSLError) -> QuadratureResult {
        ensureErrorHandlerOff()
        try requireTolerances(absoluteTolerance, relativeTolerance, quadratureRoutine(from: x.lower, to: x.upper))
        var innerFailure: GSLError?
        var innerEvaluations = 0
        // (x, inner error estimate) at every outer abscissa, for the propagated-error estimate.
        var innerErrors: [(x: Double, error: Double)] = []
        let outer: QuadratureResult
        do throws(GSLError) {
            outer = try integrate(
                from: x.lower, to: x.upper, absoluteTolerance: absoluteTolerance,
                relativeTolerance: relativeTolerance, limit: limit
            ) { xValue in
                // A C callback cannot throw: remember the first inner failure, and return NaN
                // (without further work) until the outer routine gives up.
                guard innerFailure == nil else { return .nan }
                let bounds = y(xValue)
                do throws(GSLError) {
                    let inner = try integrate(
                        from: bounds.lower, to: bounds.upper, absoluteTolerance: absoluteTolerance / 10,
                        relativeTolerance: relativeTolerance / 10, limit: limit
                    ) { yValue in f(xValue, yValue) }
                    innerEvaluations += inner.evaluations ?? 0
                    innerErrors.append((xValue, inner.absoluteError))
                    return inner.value
                } catch {
                    var located = error
                    located.reason += " (inner integral at x = \(xValue), y from \(bounds.lower) to \(bounds.upper))"
                    innerFailure = located
                    return .nan
                }
            }
        } catch {
            throw innerFailure ?? error
        }
        if let innerFailure { throw innerFailure }
        return QuadratureResult(
            value: outer.value,
            absoluteError: outer.absoluteError + trapezoid(innerErrors),
            evaluations: innerEvaluations,
            intervals: outer.intervals)
    }

    /// The trapezoid rule over samples at (unsorted, distinct) abscissae: an estimate of ∫ e(x) dx
    /// over the sampled range.
    private static func trapezoid(_ samples: [(x: Double, error: Double)]) -> Double {
        let sorted = samples.sorted { $0.x < $1.x }
        var total = 0.0
        for (left, right) in zip(sorted, sorted.dropFirst()) {
            total += 0.5 * (left.error + right.error) * (right.x - left.x)
        }
        return total
    }
}
