/// The value of a GSL quadrature together with GSL's own estimate of its absolute error.
///
/// `absoluteError` is an *estimate*, not a bound: see the warning on
/// ``GSL/integrateQAGS(from:to:absoluteTolerance:relativeTolerance:limit:_:)``.
public struct QuadratureResult: Sendable, Equatable {
    /// The approximation of the integral.
    public var value: Double
    /// GSL's estimate of `|value − integral|` (for
    /// ``GSL/integrate2D(x:y:absoluteTolerance:relativeTolerance:limit:_:)``, the outer estimate plus
    /// the integrated inner estimates).
    public var absoluteError: Double
    /// How many times the integrand was called (counted by the wrapper, so it is exact); `nil`
    /// only when a result was not computed by evaluating the integrand.
    public var evaluations: Int?
    /// The number of subintervals in GSL's adaptive workspace at the end (QAG family only).
    public var intervals: Int?

    public init(value: Double, absoluteError: Double, evaluations: Int? = nil, intervals: Int? = nil) {
        self.value = value
        self.absoluteError = absoluteError
        self.evaluations = evaluations
        self.intervals = intervals
    }
}
