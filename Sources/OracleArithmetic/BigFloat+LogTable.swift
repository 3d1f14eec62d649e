import Foundation

/// The cached logarithms ln(j/256), 179 ≤ j ≤ 364, that reduce ln y for y ∈ [1/√2, √2] to an
/// atanh series of an argument below 2⁻⁹ (the table method of mpmath's `log_taylor_cached`).
///
/// Each entry is computed on first use by the table-free Newton method (`logOnePlusNewton`) and
/// kept at the largest precision asked for so far; smaller requests are truncated. Used up to
/// `maximumPrecision` bits, which bounds the memory to 186 entries of ≈ 4 kbit.
final class LogTable: @unchecked Sendable {
    /// The largest working precision served by the table (beyond it `log` uses Newton's method).
    static let maximumPrecision = 4096

    static let shared = LogTable()

    // Guarded by `lock`: ln(j/256) · 2^bits with error < 2 units, per j.
    private var entries: [Int: (bits: Int, value: BigInt)] = [:]
    private let lock = NSLock()

    /// ≈ ln(j/256) · 2^F with error < 2 units.
    func logarithm(_ j: Int, bits F: Int) -> BigInt {
        lock.lock()
        if let entry = entries[j], entry.bits >= F {
            lock.unlock()
            return entry.value >> (entry.bits - F)
        }
        lock.unlock()
        // Compute outside the lock (the Newton path does not use the table); a concurrent
        // duplicate computation is harmless.
        let bits = F + 64
        let z = BigFloat(mantissa: BigInt(j - 256), exponent: -8)
        // Correctly rounded to bits + 4 bits (error < ulp), |ln(j/256)| < 0.36: error < 2⁻ᵇⁱᵗˢ⁻⁴ absolute,
        // so ⌊value · 2^bits⌋ is within 1 unit.
        let logarithm = BigFloat.logOnePlusNewton(z, twoPower: 0, precision: bits + 4)
        let value = FixedPoint.scaled(logarithm, bits: bits)
        lock.lock()
        if (entries[j]?.bits ?? 0) < bits { entries[j] = (bits, value) }
        lock.unlock()
        return value >> (bits - F)
    }
}
