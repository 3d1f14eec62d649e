import OracleArithmetic

extension FixtureValue {
    /// The exact rational `r` as a fixture real: its nearest Double (ties to even) with the exact
    /// value spelled beside it; accuracy `exact` when that Double is `r`, else correctly rounded.
    static func rational(_ r: Rational) -> FixtureValue {
        let d = r.doubleValue
        let isExact = Rational(exactly: d) == r
        return .real(RealNumber(d, exact: r.description, accuracy: isExact ? .exact : .correctlyRounded))
    }
}
