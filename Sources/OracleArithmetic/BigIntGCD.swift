// Greatest common divisor: Lehmer's algorithm on limbs, finishing in 64-bit machine words
// with Stein's binary algorithm.

extension Limbs {
    /// gcd(a, b) of single limbs by Stein's binary algorithm; gcd(0, 0) = 0.
    @usableFromInline
    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        if a == 0 { return b }
        if b == 0 { return a }
        var x = a, y = b
        let shift = (x | y).trailingZeroBitCount
        x >>= UInt64(x.trailingZeroBitCount)
        repeat {
            // x is odd here; strip the factors of two from y (they are not common).
            y >>= UInt64(y.trailingZeroBitCount)
            if x > y { swap(&x, &y) }
            y -= x
        } while y != 0
        return x << UInt64(shift)
    }

    /// gcd(|a|, |b|) of normalised magnitudes, by Lehmer's algorithm: run Euclid on the leading
    /// bits of both operands while its quotients are provably those of the full numbers, then
    /// apply the accumulated matrix to the full numbers in one pass. While X has three limbs or
    /// more, the step is double-digit (`euclidMatrix`, Möller's hgcd2 on the leading 128 bits):
    /// about 62 bits of both operands per pass of four limb-by-word products. Otherwise, or
    /// when that step cannot certify one quotient, the single-digit step with Collins' condition
    /// (Jebelean, "Improving the multiprecision Euclidean algorithm", 1993; the scheme of Go's
    /// `math/big` lehmerGCD) on the leading 64 bits, about 30 bits per pass, and a full division
    /// step when the sizes differ a lot. All work happens in one stack scratch buffer; only the
    /// result is allocated.
    @usableFromInline
    static func gcd(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        let (x, y) = compare(a, b) < 0 ? (b, a) : (a, b)
        if y.isEmpty { return x }
        if y.count == 1 {
            let g = gcd(y[0], x.count == 1 ? x[0] % y[0] : remainder(x, dividingBy: y[0]))
            return [g]
        }
        let size = x.count + 1
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 4 * size) { scratch in
            // X ≥ Y are the current pair; T and Q are work space for the division steps.
            var xp = scratch.baseAddress!, yp = xp + size
            let tp = xp + 2 * size, qp = xp + 3 * size
            var xn = x.count, yn = y.count
            x.withUnsafeBufferPointer { xp.initialize(from: $0.baseAddress!, count: xn) }
            y.withUnsafeBufferPointer { yp.initialize(from: $0.baseAddress!, count: yn) }
            while yn > 1 {
                if xn >= 3 {
                    // The double-digit step: the Euclid matrix of the leading 128 bits of X and Y
                    // (at X's top bit), applied to the full numbers in one pass.
                    let top = (xn * 64 - xp[xn - 1].leadingZeroBitCount) - 128
                    if let m = euclidMatrix(window128(xp, xn, at: top), window128(yp, yn, at: top)) {
                        for i in yn..<xn { yp[i] = 0 }
                        (xn, yn) = applyInverse(m, xp, yp, xn)
                        if compare(xp, xn, yp, yn) < 0 {
                            swap(&xp, &yp)
                            swap(&xn, &yn)
                        }
                        continue
                    }
                }
                // a₁, a₂: the 64 bits of X and Y from position L − 64 up (a₁ has its top bit set).
                let shift = (xn * 64 - xp[xn - 1].leadingZeroBitCount) - 64
                var a1 = window(xp, xn, at: shift), a2 = window(yp, yn, at: shift)
                // Cosequences, as magnitudes; their signs alternate with the parity `even`:
                // even: u₀, v₁ ≥ 0 and u₁, v₀ ≤ 0; odd: the opposite. They stay below 2⁶⁴.
                var u0: UInt64 = 0, u1: UInt64 = 1, u2: UInt64 = 0
                var v0: UInt64 = 0, v1: UInt64 = 0, v2: UInt64 = 1
                var even = false
                // Collins' condition: the quotients so far are those of the full numbers.
                while a2 >= v2 && a1 - a2 >= v1 + v2 {
                    // Most quotients are small (P(q = 1) ≈ 0.42): subtract before dividing.
                    var q: UInt64 = 1, r = a1 - a2
                    if r >= a2 {
                        r -= a2
                        q = 2
                        if r >= a2 { (q, r) = a1.quotientAndRemainder(dividingBy: a2) }
                    }
                    (a1, a2) = (a2, r)
                    (u0, u1, u2) = (u1, u2, u1 + q * u2)
                    (v0, v1, v2) = (v1, v2, v1 + q * v2)
                    even.toggle()
                }
                if v0 == 0 {
                    // No quotient was certain (the sizes differ a lot): one full division step,
                    // (X, Y) ← (Y, X mod Y), by Knuth D with T as the dividend and the last
                    // limbs of Q holding the normalised divisor.
                    let s = yp[yn - 1].leadingZeroBitCount
                    let vn = qp + (xn - yn + 1)
                    shiftLeft(UnsafeBufferPointer(start: xp, count: xn), by: s, into: tp, extraLimb: true)
                    shiftLeft(UnsafeBufferPointer(start: yp, count: yn), by: s, into: vn, extraLimb: false)
                    knuthCore(tp, xn - yn, vn, yn, qp)
                    for i in 0..<yn {
                        xp[i] = s == 0 ? tp[i] : (tp[i] >> UInt64(s)) | (i + 1 < yn ? tp[i + 1] << UInt64(64 - s) : 0)
                    }
                    xn = yn
                    while xn > 0 && xp[xn - 1] == 0 { xn -= 1 }
                    swap(&xp, &yp)
                    swap(&xn, &yn)
                } else {
                    // even: X ← u₀X − v₀Y, Y ← v₁Y − u₁X;  odd: X ← v₀Y − u₀X, Y ← u₁X −
                    // v₁Y.
                    lehmerUpdate(xp, &xn, yp, &yn, u0, v0, u1, v1, even: even)
                    if compare(xp, xn, yp, yn) < 0 {
                        swap(&xp, &yp)
                        swap(&xn, &yn)
                    }
                }
            }
            if yn == 0 { return Array(UnsafeBufferPointer(start: xp, count: xn)) }
            // Y has one limb: one short division, then machine words.
            return [gcd(yp[0], remainder(xp, xn, dividingBy: yp[0]))]
        }
    }

    /// −1, 0, 1 as x <, =, > y for normalised raw limbs.
    @inline(__always)
    private static func compare(
        _ x: UnsafeMutablePointer<UInt64>, _ xn: Int, _ y: UnsafeMutablePointer<UInt64>, _ yn: Int
    ) -> Int {
        if xn != yn { return xn < yn ? -1 : 1 }
        var i = xn - 1
        while i >= 0 {
            if x[i] != y[i] { return x[i] < y[i] ? -1 : 1 }
            i -= 1
        }
        return 0
    }

    /// The 64 bits of x starting at bit `shift` (≥ 0), i.e. ⌊x / 2^shift⌋ mod 2⁶⁴.
    @inline(__always)
    private static func window(_ x: UnsafeMutablePointer<UInt64>, _ count: Int, at shift: Int) -> UInt64 {
        let limb = shift / 64, offset = UInt64(shift % 64)
        guard limb < count else { return 0 }
        var w = x[limb] >> offset
        if offset != 0 && limb + 1 < count { w |= x[limb + 1] << (64 - offset) }
        return w
    }

    /// The 128 bits of x starting at bit `shift` (≥ 0), i.e. ⌊x / 2^shift⌋ mod 2¹²⁸.
    @inline(__always)
    private static func window128(_ x: UnsafeMutablePointer<UInt64>, _ count: Int, at shift: Int) -> UInt128 {
        UInt128(window(x, count, at: shift + 64)) << 64 | UInt128(window(x, count, at: shift))
    }

    /// Applies the Lehmer cosequences in place, in one pass over the limbs:
    /// even: (x, y) ← (u₀x − v₀y, v₁y − u₁x); odd: (x, y) ← (v₀y − u₀x, u₁x − v₁y).
    /// Both results are remainders of Euclid's sequence from (x, y), hence ≤ y: they fit in
    /// y's limbs. Counts are renormalised.
    private static func lehmerUpdate(
        _ x: UnsafeMutablePointer<UInt64>, _ xn: inout Int, _ y: UnsafeMutablePointer<UInt64>, _ yn: inout Int,
        _ u0: UInt64, _ v0: UInt64, _ u1: UInt64, _ v1: UInt64, even: Bool
    ) {
        // Per output: a running carry of the positive product, of the negative product, and a borrow.
        var cxPlus: UInt64 = 0, cxMinus: UInt64 = 0, bx: UInt64 = 0
        var cyPlus: UInt64 = 0, cyMinus: UInt64 = 0, by: UInt64 = 0
        let n = xn, m = yn
        for i in 0..<n {
            let xi = x[i], yi = i < m ? y[i] : 0
            let newX =
                even
                ? multiplySubtractLimb(xi, u0, yi, v0, &cxPlus, &cxMinus, &bx)
                : multiplySubtractLimb(yi, v0, xi, u0, &cxPlus, &cxMinus, &bx)
            let newY =
                even
                ? multiplySubtractLimb(yi, v1, xi, u1, &cyPlus, &cyMinus, &by)
                : multiplySubtractLimb(xi, u1, yi, v1, &cyPlus, &cyMinus, &by)
            x[i] = newX
            if i < m { y[i] = newY } else { assert(newY == 0, "Lehmer update: y′ exceeds y") }
        }
        while xn > 0 && x[xn - 1] == 0 { xn -= 1 }
        while yn > 0 && y[yn - 1] == 0 { yn -= 1 }
    }
}

extension BigInt {
    /// The greatest common divisor of `a` and `b`, ≥ 0; gcd(0, 0) = 0 and gcd(a, 0) = |a|.
    public static func gcd(_ a: BigInt, _ b: BigInt) -> BigInt {
        BigInt(negative: false, normalizedLimbs: Limbs.gcd(a.storage, b.storage))
    }
}
