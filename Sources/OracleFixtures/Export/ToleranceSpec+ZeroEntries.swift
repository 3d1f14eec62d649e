extension ToleranceSpec {
    /// This relative tolerance with an absolute floor when some expected real is 0, unchanged
    /// otherwise.
    ///
    /// The floor is `value` × the smallest nonzero |expected real|, so it changes the bound of
    /// no nonzero entry and acts only where a relative bound would demand a bit-exact 0. `why`
    /// must say why a float64 code gets the zero entries within that floor (they are structural
    /// zeros it writes exactly, or the cancellation it suffers there is far smaller).
    /// - Throws: `invalidValue` when the tolerance is not `relative`, or every expected real is 0.
    func flooredAtZeros(of expected: OrderedMap<FixtureValue>, _ why: String) throws(FixtureError) -> ToleranceSpec {
        let reals = expected.entries.flatMap(\.value.reals).map(\.value).filter(\.isFinite)
        guard reals.contains(0) else { return self }
        guard kind == .relative, let smallest = reals.filter({ $0 != 0 }).map(\.magnitude).min() else {
            throw FixtureError(
                .invalidValue, location: "ToleranceSpec",
                problem: "no relative bound or no nonzero expected real to size a floor on",
                remedy: "give the zero entries an explicit floor with withAbsoluteFloor")
        }
        let floor = value * smallest
        let sizing = "absolute floor \(floor) = \(value) × the smallest nonzero |expected| \(smallest)"
        let scope = " (so no nonzero entry's bound changes) for the entries that are 0: "
        return try withAbsoluteFloor(floor, sizing + scope + why)
    }
}
