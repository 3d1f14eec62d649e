/// Kernels on magnitudes stored as little-endian `[UInt64]` limbs.
///
/// Inputs are normalised (no high zero limb) unless a function says otherwise; every result is
/// normalised. These are the O(n) building blocks of `BigInt`; multiplication and division live in
/// their own files.
@usableFromInline
internal enum Limbs {
    /// Drops high zero limbs.
    @inlinable
    static func normalize(_ x: inout [UInt64]) {
        while let last = x.last, last == 0 { x.removeLast() }
    }

    /// Bits of the magnitude; 0 for 0.
    @inlinable
    static func bitLength(_ x: [UInt64]) -> Int {
        guard let top = x.last else { return 0 }
        return x.count * 64 - top.leadingZeroBitCount
    }

    /// −1, 0, 1 as `a <, =, > b`.
    @inlinable
    static func compare(_ a: [UInt64], _ b: [UInt64]) -> Int {
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        var i = a.count - 1
        while i >= 0 {
            if a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
            i -= 1
        }
        return 0
    }

    /// a + b.
    @usableFromInline
    static func add(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        if a.count < b.count { return add(b, a) }
        if b.isEmpty { return a }
        return [UInt64](unsafeUninitializedCapacity: a.count + 1) { result, count in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    var carry: UInt64 = 0
                    for i in 0..<b.count {
                        let (s1, o1) = a[i].addingReportingOverflow(b[i])
                        let (s2, o2) = s1.addingReportingOverflow(carry)
                        result[i] = s2
                        carry = (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
                    }
                    for i in b.count..<a.count {
                        let (s, o) = a[i].addingReportingOverflow(carry)
                        result[i] = s
                        carry = o ? 1 : 0
                    }
                    result[a.count] = carry
                    count = carry == 0 ? a.count : a.count + 1
                }
            }
        }
    }

    /// a − b; precondition a ≥ b.
    @usableFromInline
    static func subtract(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        if b.isEmpty { return a }
        var result = [UInt64](unsafeUninitializedCapacity: a.count) { result, count in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    var borrow: UInt64 = 0
                    for i in 0..<b.count {
                        let (d1, o1) = a[i].subtractingReportingOverflow(b[i])
                        let (d2, o2) = d1.subtractingReportingOverflow(borrow)
                        result[i] = d2
                        borrow = (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
                    }
                    for i in b.count..<a.count {
                        let (d, o) = a[i].subtractingReportingOverflow(borrow)
                        result[i] = d
                        borrow = o ? 1 : 0
                    }
                    assert(borrow == 0, "Limbs.subtract requires a ≥ b")
                    count = a.count
                }
            }
        }
        normalize(&result)
        return result
    }

    /// a · m + addend for a single limb m and single-limb addend.
    @usableFromInline
    static func multiplyAdd(_ a: [UInt64], _ m: UInt64, _ addend: UInt64) -> [UInt64] {
        if m == 0 || a.isEmpty { return addend == 0 ? [] : [addend] }
        return [UInt64](unsafeUninitializedCapacity: a.count + 1) { result, count in
            a.withUnsafeBufferPointer { a in
                var carry = addend
                for i in 0..<a.count {
                    let (hi, lo) = a[i].multipliedFullWidth(by: m)
                    let (s, o) = lo.addingReportingOverflow(carry)
                    result[i] = s
                    carry = hi &+ (o ? 1 : 0)
                }
                result[a.count] = carry
                // a is normalised and m ≠ 0, so only the carry limb can be zero.
                count = carry == 0 ? a.count : a.count + 1
            }
        }
    }

    /// (⌊a / d⌋, a mod d) for a single non-zero limb d.
    @usableFromInline
    static func divide(_ a: [UInt64], by d: UInt64) -> (quotient: [UInt64], remainder: UInt64) {
        precondition(d != 0)
        if a.isEmpty { return ([], 0) }
        // Normalise d (top bit set) and shift a along, so that each step is a 2-by-1 division
        // by a precomputed reciprocal; the remainder is shifted back at the end.
        let s = d.leadingZeroBitCount
        let reciprocal = LimbReciprocal(d << UInt64(s))
        var remainder: UInt64 = 0
        var quotient = [UInt64](unsafeUninitializedCapacity: a.count) { q, count in
            a.withUnsafeBufferPointer { a in
                var i = a.count - 1
                // The top partial limb: the bits of a shifted out above a's top limb.
                remainder = s == 0 ? 0 : a[i] >> UInt64(64 - s)
                while i >= 0 {
                    let limb = s == 0 ? a[i] : (a[i] << UInt64(s)) | (i > 0 ? a[i - 1] >> UInt64(64 - s) : 0)
                    (q[i], remainder) = reciprocal.divide(remainder, limb)
                    i -= 1
                }
            }
            count = a.count
        }
        normalize(&quotient)
        return (quotient, remainder >> UInt64(s))
    }

    /// a mod d for a single non-zero limb d (no quotient allocated).
    @usableFromInline
    static func remainder(_ a: [UInt64], dividingBy d: UInt64) -> UInt64 {
        if a.isEmpty { return 0 }
        return a.withUnsafeBufferPointer { remainder($0.baseAddress!, a.count, dividingBy: d) }
    }

    /// a mod d for `count` limbs at `a` and a non-zero limb d.
    @usableFromInline
    static func remainder(_ a: UnsafePointer<UInt64>, _ count: Int, dividingBy d: UInt64) -> UInt64 {
        if count == 0 { return 0 }
        let s = d.leadingZeroBitCount
        let reciprocal = LimbReciprocal(d << UInt64(s))
        var i = count - 1
        var remainder = s == 0 ? 0 : a[i] >> UInt64(64 - s)
        while i >= 0 {
            let limb = s == 0 ? a[i] : (a[i] << UInt64(s)) | (i > 0 ? a[i - 1] >> UInt64(64 - s) : 0)
            remainder = reciprocal.divide(remainder, limb).remainder
            i -= 1
        }
        return remainder >> UInt64(s)
    }

    /// a · 2ⁿ for n ≥ 0.
    @usableFromInline
    static func shiftLeft(_ a: [UInt64], _ n: Int) -> [UInt64] {
        if a.isEmpty || n == 0 { return a }
        let limbShift = n / 64, bitShift = n % 64
        var result = [UInt64](repeating: 0, count: a.count + limbShift + 1)
        if bitShift == 0 {
            for i in 0..<a.count { result[i + limbShift] = a[i] }
        } else {
            var carry: UInt64 = 0
            for i in 0..<a.count {
                result[i + limbShift] = (a[i] << UInt64(bitShift)) | carry
                carry = a[i] >> UInt64(64 - bitShift)
            }
            result[a.count + limbShift] = carry
        }
        normalize(&result)
        return result
    }

    /// ⌊a / 2ⁿ⌋ for n ≥ 0.
    @usableFromInline
    static func shiftRight(_ a: [UInt64], _ n: Int) -> [UInt64] {
        let limbShift = n / 64, bitShift = n % 64
        if limbShift >= a.count { return [] }
        let count = a.count - limbShift
        var result = [UInt64](repeating: 0, count: count)
        if bitShift == 0 {
            for i in 0..<count { result[i] = a[i + limbShift] }
        } else {
            for i in 0..<count {
                let low = a[i + limbShift] >> UInt64(bitShift)
                let high = i + limbShift + 1 < a.count ? a[i + limbShift + 1] << UInt64(64 - bitShift) : 0
                result[i] = low | high
            }
        }
        normalize(&result)
        return result
    }

    /// `true` when some bit of `a` below position n (n ≥ 0) is set.
    @usableFromInline
    static func hasBitsBelow(_ a: [UInt64], _ n: Int) -> Bool {
        let limbShift = n / 64, bitShift = n % 64
        for i in 0..<min(limbShift, a.count) where a[i] != 0 { return true }
        if bitShift != 0, limbShift < a.count {
            return a[limbShift] & ((1 << UInt64(bitShift)) - 1) != 0
        }
        return false
    }

    /// Bit n of a (false beyond the top).
    @usableFromInline
    static func bit(_ a: [UInt64], _ n: Int) -> Bool {
        let limb = n / 64
        guard limb < a.count else { return false }
        return (a[limb] >> UInt64(n % 64)) & 1 == 1
    }
}
