import OracleFixtureFormat

/// An accuracy requirement that carries the reason for its size: the fixture format's
/// `ToleranceSpec` under its name in the tests, so that a test and a fixture case with the same
/// tolerance accept exactly the same values.
///
/// A tolerance is chosen from the conditioning of the problem and what a backward-stable
/// implementation achieves, and written down with that reason. It is never widened until a
/// case passes. `exact` demands the same bit pattern: −0 does not match +0, NaN matches NaN.
public typealias Tolerance = ToleranceSpec
