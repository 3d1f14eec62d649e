import OracleArithmetic
import OracleFixtureFormat
import Testing

/// Reporting accuracy assertions for Swift Testing: in the spirit of swift-numerics'
/// `assertClose`, a failure records an `Issue` at the caller's source location whose message
/// gives both values in decimal and in hexadecimal (hex float and bit pattern), their distance
/// (absolute, relative and in ulps) and the tolerance with its reason. A raw
/// `#expect(tolerance.accepts(x, y))` reports only `false`.
///
/// Each function accepts exactly what `ToleranceSpec.accepts` accepts (the rule `latent-oracle
/// verify` applies to fixtures), or exactly `error <= bound`; none adds slack.

/// Expects `actual` within `tolerance` of `expected` (`tolerance.accepts(actual, expected)`);
/// otherwise records an issue naming both values, their distance and the tolerance's reason.
/// `comment` (evaluated only on failure) says which case failed. Returns whether it passed.
@discardableResult
public func expectClose(
    _ actual: Double, _ expected: Double, within tolerance: Tolerance,
    _ comment: @autoclosure () -> String = "", sourceLocation: SourceLocation = #_sourceLocation
) -> Bool {
    if tolerance.accepts(actual, expected) { return true }
    return CloseReport.fail(CloseReport.message(actual, expected, tolerance, comment()), at: sourceLocation)
}

/// Expects two arrays of the same length whose elements are pairwise within `tolerance`;
/// otherwise records one issue naming the worst element (largest distance in the tolerance's
/// measure) with its index, both values, the distance and the reason, and how many failed.
@discardableResult
public func expectClose(
    _ actual: [Double], _ expected: [Double], within tolerance: Tolerance,
    _ comment: @autoclosure () -> String = "", sourceLocation: SourceLocation = #_sourceLocation
) -> Bool {
    guard actual.count == expected.count else {
        let text = "lengths differ: actual has \(actual.count) elements, expected \(expected.count)"
        return CloseReport.fail(CloseReport.withComment(text, comment()), at: sourceLocation)
    }
    let failing = actual.indices.filter { !tolerance.accepts(actual[$0], expected[$0]) }
    guard let worst = CloseReport.worst(failing, actual, expected, tolerance) else { return true }
    let text =
        "\(failing.count) of \(actual.count) elements outside the tolerance; worst at index \(worst):\n"
        + CloseReport.message(actual[worst], expected[worst], tolerance, comment())
    return CloseReport.fail(text, at: sourceLocation)
}

/// Expects two matrices (arrays of rows) of the same shape whose entries are pairwise within
/// `tolerance`; otherwise records one issue naming the worst entry as (row, column).
@discardableResult
public func expectClose(
    _ actual: [[Double]], _ expected: [[Double]], within tolerance: Tolerance,
    _ comment: @autoclosure () -> String = "", sourceLocation: SourceLocation = #_sourceLocation
) -> Bool {
    let shape = { (rows: [[Double]]) in rows.map(\.count) }
    guard shape(actual) == shape(expected) else {
        let text = "shapes differ: actual rows have \(shape(actual)) entries, expected \(shape(expected))"
        return CloseReport.fail(CloseReport.withComment(text, comment()), at: sourceLocation)
    }
    let cells = actual.indices.flatMap { i in actual[i].indices.map { (i, $0) } }
    let failing = cells.filter { !tolerance.accepts(actual[$0.0][$0.1], expected[$0.0][$0.1]) }
    guard
        let (i, j) = failing.max(by: {
            CloseReport.rank(tolerance.distance(actual[$0.0][$0.1], expected[$0.0][$0.1]))
                < CloseReport.rank(tolerance.distance(actual[$1.0][$1.1], expected[$1.0][$1.1]))
        })
    else { return true }
    let text =
        "\(failing.count) of \(cells.count) entries outside the tolerance; worst at (\(i), \(j)):\n"
        + CloseReport.message(actual[i][j], expected[i][j], tolerance, comment())
    return CloseReport.fail(text, at: sourceLocation)
}

/// Expects `actual` within `tolerance` of `expected` for exact or multiple-precision values,
/// compared exactly in ℚ: `absolute` as |a − e| ≤ value, `relative` as |a − e| ≤ value·|e|
/// (with the absolute floor, if any, as a second chance), `exact` as equality. `ulps` has no
/// meaning beyond the Doubles, so it compares the correctly rounded Doubles of both values.
@discardableResult
public func expectClose(
    _ actual: Rational, _ expected: Rational, within tolerance: Tolerance,
    _ comment: @autoclosure () -> String = "", sourceLocation: SourceLocation = #_sourceLocation
) -> Bool {
    let difference = (actual - expected).absoluteValue
    let accepted: Bool
    switch tolerance.kind {
    case .exact: accepted = actual == expected
    case .ulps: accepted = tolerance.accepts(actual.doubleValue, expected.doubleValue)
    case .relative, .absolute:
        let bound = Rational(exactly: tolerance.value).map {
            tolerance.kind == .absolute ? $0 : $0 * expected.absoluteValue
        }
        let floor = tolerance.absoluteFloor.flatMap { Rational(exactly: $0) }
        accepted = bound.map { difference <= $0 } == true || floor.map { difference <= $0 } == true
    }
    if accepted { return true }
    let text =
        CloseReport.message(actual.doubleValue, expected.doubleValue, tolerance, comment())
        + "\n  exact:     actual \(actual), expected \(expected), |difference| ≈ \(difference.doubleValue)"
    return CloseReport.fail(text, at: sourceLocation)
}

/// The `BigFloat` form of the `Rational` comparison: both values are compared exactly.
@discardableResult
public func expectClose(
    _ actual: BigFloat, _ expected: BigFloat, within tolerance: Tolerance,
    _ comment: @autoclosure () -> String = "", sourceLocation: SourceLocation = #_sourceLocation
) -> Bool {
    expectClose(
        actual.rationalValue, expected.rationalValue, within: tolerance, comment(), sourceLocation: sourceLocation)
}

/// Expects `error <= bound`, the form of a check whose bound is derived in the test (a
/// forward-error bound from κ and unit roundoff, a Monte Carlo band); otherwise records an issue
/// giving the error and the bound in decimal and hexadecimal, their ratio, and `reason`, the
/// derivation of the bound. A NaN error fails.
@discardableResult
public func expectWithin(
    error: Double, bound: Double, _ reason: String, _ comment: @autoclosure () -> String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) -> Bool {
    if error <= bound { return true }
    let text = """
        error above its bound
          error:  \(CloseReport.describe(error))
          bound:  \(CloseReport.describe(bound))
          ratio:  error / bound = \(error / bound)
          reason: \(reason)
        """
    return CloseReport.fail(CloseReport.withComment(text, comment()), at: sourceLocation)
}

/// Expects `error < bound` (strictly), for a check whose bound is stated as a strict inequality;
/// otherwise records the same report as `expectWithin`. A NaN error fails.
@discardableResult
public func expectBelow(
    error: Double, bound: Double, _ reason: String, _ comment: @autoclosure () -> String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) -> Bool {
    if error < bound { return true }
    let text = """
        error not below its bound
          error:  \(CloseReport.describe(error))
          bound:  \(CloseReport.describe(bound)) (strict)
          ratio:  error / bound = \(error / bound)
          reason: \(reason)
        """
    return CloseReport.fail(CloseReport.withComment(text, comment()), at: sourceLocation)
}

/// Expects `error <= bound` for an exact or multiple-precision error (a `Rational` or a
/// `BigFloat`); otherwise records an issue with both values, exactly and as Doubles, and `reason`.
@discardableResult
public func expectWithin<Value: FieldScalar>(
    error: Value, bound: Value, _ reason: String, _ comment: @autoclosure () -> String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) -> Bool {
    if error <= bound { return true }
    let text = """
        error above its bound
          error:  \(error) ≈ \(CloseReport.describe(error.doubleValue))
          bound:  \(bound) ≈ \(CloseReport.describe(bound.doubleValue))
          reason: \(reason)
        """
    return CloseReport.fail(CloseReport.withComment(text, comment()), at: sourceLocation)
}

/// The C99 `%a` spelling of `x` that the reports use: "0x1.8p+1" for 3.
public func expectCloseHex(_ x: Double) -> String { CloseReport.hexFloat(x) }

/// The text of the reports.
enum CloseReport {
    /// Records an issue with `text` at the caller's `sourceLocation`; false, the failed check's result.
    static func fail(_ text: String, at sourceLocation: SourceLocation) -> Bool {
        Issue.record(Comment(rawValue: text), sourceLocation: sourceLocation)
        return false
    }

    /// The failure message for one pair of Doubles.
    static func message(_ actual: Double, _ expected: Double, _ tolerance: Tolerance, _ comment: String) -> String {
        let measured = tolerance.distance(actual, expected)
        let text = """
            values not within tolerance
              actual:    \(describe(actual))
              expected:  \(describe(expected))
              distance:  absolute \(FloatingPointDistance.absolute(actual, expected)), \
            relative \(FloatingPointDistance.relative(actual, expected)), \
            \(FloatingPointDistance.ulps(actual, expected)) ulps
              tolerance: \(tolerance.boundDescription); measured \(measured) \(tolerance.measureName)
              reason:    \(tolerance.reason)
            """
        return withComment(text, comment)
    }

    static func withComment(_ text: String, _ comment: String) -> String {
        comment.isEmpty ? text : text + "\n  context:   \(comment)"
    }

    /// The index among `failing` with the largest distance in the tolerance's measure.
    static func worst(_ failing: [Int], _ actual: [Double], _ expected: [Double], _ tolerance: Tolerance) -> Int? {
        failing.max {
            rank(tolerance.distance(actual[$0], expected[$0])) < rank(tolerance.distance(actual[$1], expected[$1]))
        }
    }

    /// A distance ordered so that NaN (a NaN distance is the worst) sorts last.
    static func rank(_ distance: Double) -> Double { distance.isNaN ? .infinity : distance }

    /// "0.1 (0x1.999999999999ap-4, bits 0x3FB999999999999A)".
    static func describe(_ x: Double) -> String {
        let bits = String(x.bitPattern, radix: 16, uppercase: true)
        let padded = String(repeating: "0", count: 16 - bits.count) + bits
        return "\(x) (\(hexFloat(x)), bits 0x\(padded))"
    }

    /// The C99 `%a` spelling of `x`: "0x1.8p+1" for 3, "0x0.0000000000001p-1022" for the least
    /// subnormal, "-0x0p+0" for −0; "nan", "inf" and "-inf" otherwise.
    static func hexFloat(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        let sign = x.sign == .minus ? "-" : ""
        if x.isInfinite { return sign + "inf" }
        if x == 0 { return sign + "0x0p+0" }
        var digits = String(x.significandBitPattern, radix: 16)
        digits = String(repeating: "0", count: 13 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        let fraction = digits.isEmpty ? "" : "." + digits
        let exponent = x.isSubnormal ? -1022 : Int(x.exponent)
        let lead = x.isSubnormal ? "0" : "1"
        return "\(sign)0x\(lead)\(fraction)p\(exponent < 0 ? "-" : "+")\(abs(exponent))"
    }
}
