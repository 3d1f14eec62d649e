/// Non-negative fixed-point values of one fixed width in a flat limb buffer, for the series loops
/// of `FixedPoint` (atanh): the same floored operations as on `BigInt` — so the same integers, bit
/// for bit — but in place, without allocating an array per term.
///
/// A buffer holds `count` values of `width` limbs each, little-endian, high limbs may be zero.
/// Every operation states the bound that keeps its result within `width` limbs; the callers choose
/// `width` = ⌊F/64⌋ + 2 for values below 2^(F+2).
struct SeriesLimbs {
    /// Limbs per value.
    let width: Int
    /// All values, value i at limbs [i·width, (i + 1)·width).
    private(set) var limbs: [UInt64]
    /// Scratch for a double-width product.
    private var product: [UInt64]

    /// `count` values, all zero.
    init(count: Int, width: Int) {
        self.width = width
        limbs = [UInt64](repeating: 0, count: count * width)
        product = [UInt64](repeating: 0, count: 2 * width)
    }

    /// Value i ← x. Precondition: 0 ≤ x < 2^(64·width).
    mutating func set(_ i: Int, to x: BigInt) {
        precondition(!x.isNegative && x.limbs.count <= width, "SeriesLimbs: value out of range")
        let base = i * width
        for k in 0..<width { limbs[base + k] = k < x.limbs.count ? x.limbs[k] : 0 }
    }

    /// Value i as a `BigInt`.
    func value(_ i: Int) -> BigInt {
        BigInt(negative: false, limbs: Array(limbs[(i * width)..<((i + 1) * width)]))
    }

    /// `true` when value i is 0.
    func isZero(_ i: Int) -> Bool {
        let base = i * width
        for k in 0..<width where limbs[base + k] != 0 { return false }
        return true
    }

    /// Value t ← ⌊value a / d⌋ for a limb d ≠ 0 (t may equal a).
    mutating func divide(_ a: Int, by d: UInt64, into t: Int) {
        precondition(d != 0)
        let w = width
        // As `Limbs.divide`: normalise d, shift a along on the fly, 2-by-1 steps by the reciprocal.
        let s = UInt64(d.leadingZeroBitCount)
        let reciprocal = LimbReciprocal(d << s)
        limbs.withUnsafeMutableBufferPointer { buffer in
            let x = buffer.baseAddress! + a * w, q = buffer.baseAddress! + t * w
            var top = w - 1
            while top >= 0 && x[top] == 0 {
                q[top] = 0
                top -= 1
            }
            if top < 0 { return }
            var remainder: UInt64 = s == 0 ? 0 : x[top] >> (64 - s)
            var i = top
            while i >= 0 {
                let limb = s == 0 ? x[i] : (x[i] << s) | (i > 0 ? x[i - 1] >> (64 - s) : 0)
                (q[i], remainder) = reciprocal.divide(remainder, limb)
                i -= 1
            }
        }
    }

    /// Value t ← value t + value a. Precondition: the sum is below 2^(64·width).
    mutating func add(_ a: Int, into t: Int) {
        let w = width
        limbs.withUnsafeMutableBufferPointer { buffer in
            let x = buffer.baseAddress! + a * w, y = buffer.baseAddress! + t * w
            var carry = false
            for k in 0..<w {
                let (s1, o1) = y[k].addingReportingOverflow(x[k])
                let (s2, o2) = s1.addingReportingOverflow(carry ? 1 : 0)
                y[k] = s2
                carry = o1 || o2
            }
            precondition(!carry, "SeriesLimbs: sum overflows the width")
        }
    }

    /// Value t ← ⌊value a · value b / 2^F⌋ (t may equal a or b). Precondition: the result is below
    /// 2^(64·width).
    mutating func multiplyShifted(_ a: Int, _ b: Int, bits F: Int, into t: Int) {
        let w = width
        limbs.withUnsafeMutableBufferPointer { buffer in
            product.withUnsafeMutableBufferPointer { r in
                let x = buffer.baseAddress! + a * w, y = buffer.baseAddress! + b * w
                var nx = w, ny = w
                while nx > 0 && x[nx - 1] == 0 { nx -= 1 }
                while ny > 0 && y[ny - 1] == 0 { ny -= 1 }
                for k in 0..<(nx + ny) { r[k] = 0 }
                Limbs.schoolbook(
                    UnsafeBufferPointer(start: x, count: nx), UnsafeBufferPointer(start: y, count: ny),
                    into: UnsafeMutableBufferPointer(rebasing: r[0..<(nx + ny)]))
                for k in (nx + ny)..<(2 * w) { r[k] = 0 }
                var top = nx + ny
                while top > 0 && r[top - 1] == 0 { top -= 1 }
                let productBits = top == 0 ? 0 : top * 64 - r[top - 1].leadingZeroBitCount
                precondition(productBits <= F + 64 * w, "SeriesLimbs: product overflows the width")
                // Shift the 2w-limb product right by F into value t.
                let limbShift = F / 64, bitShift = UInt64(F % 64)
                let q = buffer.baseAddress! + t * w
                for k in 0..<w {
                    let i = k + limbShift
                    let low = i < 2 * w ? r[i] : 0
                    let high = i + 1 < 2 * w ? r[i + 1] : 0
                    q[k] = bitShift == 0 ? low : (low >> bitShift) | (high << (64 - bitShift))
                }
            }
        }
    }
}
