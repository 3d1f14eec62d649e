import Foundation

/// The cached logarithms ln(j/256), 179 ≤ j ≤ 364, that reduce ln y for y ∈ [1/√2, √2] to an
/// atanh series of an argument below 2⁻⁹ (the table method of mpmath's `log_taylor_cached`).
///
/// Each entry is computed on first use by the table-free Newton method (`logOnePlusNewton`) and
/// kept per precision bucket (`cacheBits`), so results never depend on earlier requests. Used up to
/// `maximumPrecision` bits: at most 186 entries per bucket of 128 … 8192 bits, ≈ 0.4 MB in all.
final class LogTable: @unchecked Sendable {
    /// The largest working precision served by the table (beyond it `log` uses Newton's method).
    static let maximumPrecision = 4096

    static let shared = LogTable()

    // Guarded by `lock`: ln(j/256) · 2^B with error < 1 unit, keyed by (B, j), B = cacheBits(F).
    private var entries: [Int: BigInt] = [:]
    private let lock = NSLock()

    /// ≈ ln(j/256) · 2^F with error < 2 units; a deterministic function of (j, F) (see `cacheBits`).
    func logarithm(_ j: Int, bits F: Int) -> BigInt {
        let B = cacheBits(for: F)
        let key = B << 12 | j
        lock.lock()
        let cached = entries[key]
        lock.unlock()
        if let cached { return cached >> (B - F) }
        // Compute outside the lock (the Newton path does not use the table); a concurrent
        // duplicate computes the same value, so it is harmless.
        let z = BigFloat(mantissa: BigInt(j - 256), exponent: -8)
        // Rounded to B + 4 bits within (½ + 2⁻¹²) ulp and |ln(j/256)| < 0.36: the error is below
        // 2^(−B−4) absolute, so ⌊value · 2^B⌋ is within 1 unit.
        let logarithm = BigFloat.logOnePlusNewton(z, twoPower: 0, precision: B + 4)
        let value = FixedPoint.scaled(logarithm, bits: B)
        lock.lock()
        entries[key] = value
        lock.unlock()
        return value >> (B - F)
    }
}
