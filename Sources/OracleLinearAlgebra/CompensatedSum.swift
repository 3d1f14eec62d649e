import OracleArithmetic

/// Compensated (Kahan–Babuška–Neumaier) summation.
///
/// Keeps a running sum s and a correction c that collects the rounding error of each addition
/// (Neumaier 1974): for t = s + x, the error of the addition is exactly (s − t) + x when |s| ≥ |x|
/// and (x − t) + s otherwise (Knuth/Dekker Fast2Sum on the larger operand first).
///
/// **Accuracy (`Double`):** |value − Σxᵢ| ≤ 2u·|Σxᵢ| + O(n u²)·Σ|xᵢ| (Higham, *Accuracy and
/// Stability of Numerical Algorithms*, 2nd ed., §4.3): the error no longer grows with n·u·Σ|xᵢ|
/// to first order, so cancelling sums like [1, 1e100, 1, −1e100] come out exactly (2).
///
/// **Edge Cases:**
/// - Exact types (`Scalar.isExact`) skip the correction: the running sum is already exact.
/// - Once the running sum is NaN or infinite the correction is dropped and the IEEE result of plain
///   summation is returned (∞ + (−∞) = NaN, ∞ + finite = ∞), never a spurious NaN from ∞ − ∞ in c.
public struct NeumaierSum<S: FieldScalar>: Sendable {
    @usableFromInline var sum: S
    @usableFromInline var correction: S

    /// An empty sum (value 0).
    @inlinable
    public init() {
        sum = .zero
        correction = .zero
    }

    /// Adds `x` to the sum.
    @inlinable
    public mutating func add(_ x: S) {
        let t = sum + x
        guard !S.isExact else {
            sum = t
            return
        }
        // No finiteness test here: while t is finite so is the correction term below (the error
        // of a finite addition is finite), and once t is infinite or NaN the sum stays so, and
        // `value` then returns it without the correction. So the loop carries no extra branch.
        // Fast2Sum: with |a| ≥ |b|, (a − (a + b)) + b is exactly the rounding error of a + b.
        if sum.absoluteValue >= x.absoluteValue {
            correction += (sum - t) + x
        } else {
            correction += (x - t) + sum
        }
        sum = t
    }

    /// The compensated sum s + c.
    @inlinable
    public var value: S {
        S.isExact || !sum.isFinite ? sum : sum + correction
    }
}

/// The compensated sum of `values` (see `NeumaierSum`); 0 for an empty sequence.
@inlinable
public func compensatedSum<S: FieldScalar, C: Sequence>(_ values: C) -> S where C.Element == S {
    var total = NeumaierSum<S>()
    for x in values { total.add(x) }
    return total.value
}
