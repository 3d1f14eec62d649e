// Division of magnitudes by Knuth's algorithm D (TAOCP vol. 2, 4.3.1), and the signed
// division operations built on it.

extension Limbs {
    /// (⌊u / v⌋, u mod v) for normalised u and non-zero normalised v.
    @usableFromInline
    static func divide(_ u: [UInt64], by v: [UInt64]) -> (quotient: [UInt64], remainder: [UInt64]) {
        knuthDivide(u, v, wantRemainder: true)
    }

    /// ⌊u / v⌋ for normalised u and non-zero normalised v (skips building the remainder).
    @usableFromInline
    static func quotient(_ u: [UInt64], _ v: [UInt64]) -> [UInt64] {
        knuthDivide(u, v, wantRemainder: false).quotient
    }

    private static func knuthDivide(_ u: [UInt64], _ v: [UInt64], wantRemainder: Bool) -> (
        quotient: [UInt64], remainder: [UInt64]
    ) {
        precondition(!v.isEmpty, "Limbs.divide by zero")
        if compare(u, v) < 0 { return ([], wantRemainder ? u : []) }
        if v.count == 1 {
            let (q, r) = divide(u, by: v[0])
            return (q, r == 0 ? [] : [r])
        }
        let n = v.count, m = u.count - v.count
        // D1: normalise so that the divisor's top limb has its high bit set; then the estimate
        // q̂ from the top two limbs of the remainder over the top limb of v is at most 2 too big.
        // The normalised operands live in one stack scratch buffer; only results are allocated.
        let s = v[n - 1].leadingZeroBitCount
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: u.count + 1 + n) { scratch in
            let un = scratch.baseAddress!, vn = un + (u.count + 1)
            u.withUnsafeBufferPointer { shiftLeft($0, by: s, into: un, extraLimb: true) }
            v.withUnsafeBufferPointer { shiftLeft($0, by: s, into: vn, extraLimb: false) }
            var q = [UInt64](unsafeUninitializedCapacity: m + 1) { buffer, count in
                knuthCore(un, m, vn, n, buffer.baseAddress!)
                count = m + 1
            }
            normalize(&q)
            guard wantRemainder else { return (q, []) }
            // D8: the remainder is u[0..<n] shifted back.
            var r = [UInt64](unsafeUninitializedCapacity: n) { buffer, count in
                for i in 0..<n {
                    buffer[i] = s == 0 ? un[i] : (un[i] >> UInt64(s)) | (i + 1 < n ? un[i + 1] << UInt64(64 - s) : 0)
                }
                count = n
            }
            normalize(&r)
            return (q, r)
        }
    }

    /// dst = src · 2ˢ (0 ≤ s < 64) in exactly src.count limbs (+1 when `extraLimb`).
    @inline(__always)
    static func shiftLeft(
        _ src: UnsafeBufferPointer<UInt64>, by s: Int, into dst: UnsafeMutablePointer<UInt64>, extraLimb: Bool
    ) {
        var carry: UInt64 = 0
        for i in 0..<src.count {
            dst[i] = s == 0 ? src[i] : (src[i] << UInt64(s)) | carry
            carry = s == 0 ? 0 : src[i] >> UInt64(64 - s)
        }
        if extraLimb { dst[src.count] = carry }
    }

    /// Knuth's algorithm D on raw limbs. `un` holds m + n + 1 limbs of the normalised dividend
    /// and ends holding the normalised remainder in its low n limbs; `vn` holds the n ≥ 2 limbs
    /// of the normalised divisor (top bit set); `q` receives the m + 1 quotient limbs.
    static func knuthCore(
        _ un: UnsafeMutablePointer<UInt64>, _ m: Int, _ vn: UnsafeMutablePointer<UInt64>, _ n: Int,
        _ q: UnsafeMutablePointer<UInt64>
    ) {
        let vTop = vn[n - 1], vNext = vn[n - 2]
        let reciprocal = LimbReciprocal(vTop)
        var j = m
        while j >= 0 {
            // D3: estimate q̂ = ⌊(u[j+n]·B + u[j+n−1]) / v[n−1]⌋, clamped to B − 1.
            let ujn = un[j + n], ujn1 = un[j + n - 1], ujn2 = un[j + n - 2]
            var qhat: UInt64, rhat: UInt64, rhatOverflow: Bool
            if ujn >= vTop {
                // The true estimate is ≥ B; clamp. r̂ = u[j+n]·B + u[j+n−1] − (B−1)·v[n−1]
                // = u[j+n−1] + v[n−1] since u[j+n] = v[n−1].
                qhat = .max
                (rhat, rhatOverflow) = ujn1.addingReportingOverflow(vTop)
            } else {
                (qhat, rhat) = reciprocal.divide(ujn, ujn1)
                rhatOverflow = false
            }
            // Refine with the second divisor limb while r̂ < B: q̂·v[n−2] > r̂·B + u[j+n−2].
            while !rhatOverflow {
                let (ph, pl) = qhat.multipliedFullWidth(by: vNext)
                guard ph > rhat || (ph == rhat && pl > ujn2) else { break }
                qhat -= 1
                (rhat, rhatOverflow) = rhat.addingReportingOverflow(vTop)
            }
            // D4: u[j...j+n] −= q̂ · v.
            // One carry word holds both the product's carry and the subtraction's borrow (GMP's
            // submul_1): t = q̂·vᵢ + carry < 2¹²⁸, and high(t) + borrow ≤ 2⁶⁴ − 1. The borrow is
            // taken from a 128-bit difference, whose high word is 0 or −1, so that no flag
            // becomes a branch (a mispredicted one per limb cost 6× the loop).
            var carry: UInt64 = 0
            for i in 0..<n {
                let t = UInt128(qhat) &* UInt128(vn[i]) &+ UInt128(carry)
                let s = UInt128(un[i + j]) &- UInt128(UInt64(truncatingIfNeeded: t))
                un[i + j] = UInt64(truncatingIfNeeded: s)
                carry = UInt64(truncatingIfNeeded: t >> 64) &- UInt64(truncatingIfNeeded: s >> 64)
            }
            let (top, negative) = un[j + n].subtractingReportingOverflow(carry)
            un[j + n] = top
            if negative {
                // D6: q̂ was one too large (probability ~2/B): add v back.
                qhat -= 1
                var c: UInt64 = 0
                for i in 0..<n {
                    let (s1, o1) = un[i + j].addingReportingOverflow(vn[i])
                    let (s2, o2) = s1.addingReportingOverflow(c)
                    un[i + j] = s2
                    c = (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
                }
                un[j + n] &+= c
            }
            q[j] = qhat
            j -= 1
        }
    }
}

extension BigInt {
    /// Truncated division, like `Int`: the quotient rounds toward zero and the remainder has the
    /// dividend's sign, with `self == quotient * d + remainder` and `|remainder| < |d|`.
    ///
    /// Throws `ArithmeticError.divisionByZero` when `d` is 0.
    public func quotientAndRemainder(dividingBy d: BigInt) throws(ArithmeticError) -> (
        quotient: BigInt, remainder: BigInt
    ) {
        guard !d.isZero else { throw .divisionByZero(operation: "BigInt.quotientAndRemainder(\(self), 0)") }
        return uncheckedQuotientAndRemainder(d)
    }

    @usableFromInline
    internal func uncheckedQuotientAndRemainder(_ d: BigInt) -> (quotient: BigInt, remainder: BigInt) {
        let (q, r) = Limbs.divide(storage, by: d.storage)
        return (
            BigInt(negative: negative != d.negative, normalizedLimbs: q), BigInt(negative: negative, normalizedLimbs: r)
        )
    }

    /// Truncated quotient. Precondition: `rhs` is not 0 (use `quotientAndRemainder(dividingBy:)`
    /// on user input).
    public static func / (lhs: BigInt, rhs: BigInt) -> BigInt {
        precondition(!rhs.isZero, "BigInt division by zero")
        return lhs.uncheckedQuotientAndRemainder(rhs).quotient
    }

    /// Truncated remainder (sign of `lhs`). Precondition: `rhs` is not 0.
    public static func % (lhs: BigInt, rhs: BigInt) -> BigInt {
        precondition(!rhs.isZero, "BigInt division by zero")
        return lhs.uncheckedQuotientAndRemainder(rhs).remainder
    }

    /// ⌊self / d⌋ (rounds toward −∞). Throws `ArithmeticError.divisionByZero` when `d` is 0.
    public func floorDivided(by d: BigInt) throws(ArithmeticError) -> BigInt {
        let (q, r) = try quotientAndRemainder(dividingBy: d)
        return !r.isZero && (r.negative != d.negative) ? q - BigInt.one : q
    }

    /// self − d·⌊self / d⌋: the remainder with the divisor's sign (Python's `%`).
    /// Throws `ArithmeticError.divisionByZero` when `d` is 0.
    public func modulo(_ d: BigInt) throws(ArithmeticError) -> BigInt {
        let r = try quotientAndRemainder(dividingBy: d).remainder
        return !r.isZero && (r.negative != d.negative) ? r + d : r
    }
}
