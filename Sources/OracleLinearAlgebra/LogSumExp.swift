import OracleArithmetic

/// log Σᵢ exp(xᵢ), without overflow or underflow.
///
/// Derivation: with m = maxᵢ xᵢ attained at index k, Σ exp(xᵢ) = eᵐ·(1 + Σ_{i≠k} exp(xᵢ − m)),
/// and every shifted exponent is ≤ 0, so no term overflows and the largest term is exactly 1.
/// Hence log Σ exp(xᵢ) = m + log1p(s) with s = Σ_{i≠k} exp(xᵢ − m) ∈ [0, n − 1], summed with
/// compensation. Using log1p keeps the small-s case (one dominant term) accurate: the unshifted
/// formula overflows for x = (1000, 1000) and returns −∞ for x = (−1000), where this gives
/// 1000 + ln 2 and −1000.
///
/// **Accuracy (`Double`):** |error| ≲ u·|result| + (n + 3)·u: the final addition rounds once,
/// log1p and each exp contribute ≲ 1 ulp relative, and the rounding of xᵢ − m (exact by Sterbenz
/// when xᵢ and m are within a factor 2) enters multiplied by exp(xᵢ − m)·|xᵢ − m| ≤ 1/e.
///
/// **Edge Cases (`Double`):**
/// - An empty input throws `emptyMatrix` (there is no −∞ for every scalar type, e.g. `BigFloat`).
/// - Any NaN throws `nonFinite(row: i, column: 0)` at the first NaN.
/// - If some xᵢ = +∞ the result is +∞; if all xᵢ = −∞ it is −∞ (the log of an empty mass).
@inlinable
public func logSumExp<S: RealScalar>(_ values: [S]) throws(LinearAlgebraError) -> S {
    guard !values.isEmpty else { throw .emptyMatrix }
    // x ≠ x only for NaN.
    if let i = values.firstIndex(where: { $0 != $0 }) { throw .nonFinite(row: i, column: 0) }
    var k = 0
    for i in 1..<values.count where values[k] < values[i] { k = i }
    let m = values[k]
    // m = +∞ (some term infinite) or m = −∞ (every term −∞): the IEEE limit is m itself.
    guard m.isFinite else { return m }
    var s = NeumaierSum<S>()
    for (i, x) in values.enumerated() where i != k { s.add(S.exp(x - m)) }
    do {
        return m + (try S.log1p(s.value))
    } catch {
        // s ≥ 0 > −1, so log1p cannot fail; a failure would mean a non-finite sum.
        throw .nonFinite(row: k, column: 0)
    }
}
