import Foundation

/// Cached e^(j/2⁸) (|j| ≤ 128) and e^(k/2¹⁶) (|k| ≤ 128) that cut the argument of the exp series
/// from |r| ≤ ½ to |r″| ≤ 2⁻¹⁷ with two products, replacing ten squarings and a third of the
/// series terms.
///
/// Each entry is computed on first use by the table-free kernel (`FixedPoint.expm1`) and kept per
/// precision bucket (`cacheBits`), so results never depend on earlier requests. Used up to
/// `maximumPrecision` bits: at most 514 entries per bucket of 128 … 8192 bits, ≈ 1 MB in all.
final class ExpTable: @unchecked Sendable {
    /// The largest working precision served by the table (beyond it exp uses halvings only).
    static let maximumPrecision = 4096

    static let shared = ExpTable()

    // Guarded by `lock`: e^(index / 2^level) · 2^B with error < 1 unit, keyed by (B, level, index),
    // B = cacheBits(F).
    private var entries: [Int: BigInt] = [:]
    private let lock = NSLock()

    /// ≈ e^(index / 2^level) · 2^F with error < 2 units, for level 8 or 16 and |index| ≤ 128; a
    /// deterministic function of its arguments (see `cacheBits`).
    func exponential(_ index: Int, level: Int, bits F: Int) -> BigInt {
        let B = cacheBits(for: F)
        let key = B << 12 | (level == 8 ? 0 : 1 << 10) | (index + 512)
        lock.lock()
        let cached = entries[key]
        lock.unlock()
        if let cached { return cached >> (B - F) }
        // Compute outside the lock (the kernel does not use the table); a concurrent duplicate
        // computes the same value, so it is harmless. The kernel's error, < 2^(s + 5 + ⌈log₂ G⌉)
        // units at G bits (see `BigFloat.fixedPointBits`), is below ½ unit at B bits after the shift.
        let s = BigFloat.halvings(bits: B)
        let G = B + s + 8 + (Int.bitWidth - B.leadingZeroBitCount)
        let one = BigInt(1) << G
        let value = (one + FixedPoint.expm1(BigInt(index) << (G - level), bits: G, halvings: s)) >> (G - B)
        lock.lock()
        entries[key] = value
        lock.unlock()
        return value >> (B - F)
    }

    /// U ≈ expm1(R · 2⁻ᶠ) · 2^F for |R · 2⁻ᶠ| ≤ ½: R = (j/2⁸ + k/2¹⁶)·2^F + R″ with |R″ ·
    /// 2⁻ᶠ| ≤ 2⁻¹⁷, e^r = e^(j/2⁸) · e^(k/2¹⁶) · e^(r″).
    ///
    /// **Error:** two entries (< 2 units each, factors < 1.65), two floored products (< 1 unit
    /// each) and the kernel for r″ without halvings: < 8 + 1.65 · (3N + J² + 5) units, absolute.
    static func expm1(_ R: BigInt, bits F: Int) -> BigInt {
        let one = BigInt(1) << F
        // j = round(R / 2^(F−8)), then k = round(R′ / 2^(F−16)).
        let j = ((R + (one >> 9)) >> (F - 8)).intValue ?? 0
        let R1 = R - (BigInt(j) << (F - 8))
        let k = ((R1 + (one >> 17)) >> (F - 16)).intValue ?? 0
        let R2 = R1 - (BigInt(k) << (F - 16))
        var E = one + FixedPoint.expm1(R2, bits: F, halvings: 0)
        if j != 0 { E = (E * shared.exponential(j, level: 8, bits: F)) >> F }
        if k != 0 { E = (E * shared.exponential(k, level: 16, bits: F)) >> F }
        return E - one
    }
}
