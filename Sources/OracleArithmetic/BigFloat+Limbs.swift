/// Limb-level kernels of `BigFloat`: the field operations and the rounding step on raw limbs in
/// one stack scratch buffer, so that an operation allocates only its result's mantissa.
///
/// Every function computes the same exact integer (or integer plus sticky bit) as the `BigInt`
/// formulation it replaces (`BigFloat+Arithmetic`, `BigFloat+Rounding`), so results are bit for
/// bit those of the reference route; the random-argument tests compare the two.
extension BigFloat {
    /// A value whose mantissa is already odd (or zero with exponent 0): no normalisation.
    init(oddMantissa: BigInt, exponent: Int) {
        self.mantissa = oddMantissa
        self.exponent = exponent
    }

    /// |v| = X · 2^e (+ ε when `sticky`), X the `n` limbs at `x` (high limbs may be zero), rounded
    /// to nearest, ties to even, to `p` bits, with sign `negative`. `x` is clobbered.
    ///
    /// Precondition: when `sticky`, X has at least p + 2 bits (the dropped remainder lies below
    /// the round bit), or X has at most p bits (then the value rounds to X · 2^e itself, as in
    /// `rounded(negative:magnitude:exponent:toQuantum:tail:)` for a tail `.above`).
    ///
    /// **Postconditions:** the result is `rounded(negative:magnitude:exponent:precision:tail:)` of
    /// the same value (tail `.above` when `sticky`, else `.exact`).
    static func roundedLimbs(
        _ x: UnsafeMutablePointer<UInt64>, count n: Int, negative: Bool, exponent e: Int, precision p: Int,
        sticky: Bool
    ) -> BigFloat {
        var top = n
        while top > 0 && x[top - 1] == 0 { top -= 1 }
        if top == 0 { return BigFloat(oddMantissa: BigInt(negative: false, normalizedLimbs: []), exponent: 0) }
        let bits = top * 64 - x[top - 1].leadingZeroBitCount
        let shift = bits - p
        if shift <= 0 { return oddPart(x, count: top, negative: negative, exponent: e) }
        // Round bit = bit (shift − 1); sticky = the bits below it, or the tail.
        let roundBit = LimbArithmetic.bit(x, shift - 1)
        let inexact = sticky || LimbArithmetic.hasBitsBelow(x, shift - 1)
        let odd = LimbArithmetic.bit(x, shift)
        LimbArithmetic.shiftRight(x, count: top, by: shift)
        if roundBit && (inexact || odd) {
            // Q + 1 ≤ 2^p fits: X had ≥ p + 1 bits, so `top` limbs hold bit p.
            var i = 0
            while i < top {
                x[i] &+= 1
                if x[i] != 0 { break }
                i += 1
            }
        }
        return oddPart(x, count: top, negative: negative, exponent: e + shift)
    }

    /// ±X · 2^e for X ≠ 0 (the `count` limbs at `x`), with its trailing zero bits moved into the
    /// exponent: the one allocation of an operation.
    private static func oddPart(
        _ x: UnsafeMutablePointer<UInt64>, count n: Int, negative: Bool, exponent e: Int
    ) -> BigFloat {
        var low = 0
        while x[low] == 0 { low += 1 }
        let zeros = low * 64 + x[low].trailingZeroBitCount
        var top = n
        while x[top - 1] == 0 { top -= 1 }
        let bits = top * 64 - x[top - 1].leadingZeroBitCount - zeros
        let count = (bits + 63) / 64
        let s = UInt64(zeros & 63)
        let limbs = [UInt64](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count {
                let lowPart = x[low + i] >> s
                let highPart = s == 0 || low + i + 1 >= top ? 0 : x[low + i + 1] << (64 - s)
                buffer[i] = lowPart | highPart
            }
            initialized = count
        }
        return BigFloat(oddMantissa: BigInt(negative: negative, normalizedLimbs: limbs), exponent: e + zeros)
    }

    // MARK: - Field operations on limbs

    /// a + b correctly rounded to `p` bits, for a, b ≠ 0 (the limb form of `sum`).
    static func limbSum(_ a: BigFloat, _ b: BigFloat, precision p: Int) -> BigFloat {
        let (big, small) = a.topBit >= b.topBit ? (a, b) : (b, a)
        // As in `sum`: a small operand below 2^L is replaced by the stand-in ±2^(L−1).
        let L = Swift.min(big.exponent, big.topBit - p - 4)
        let standIn = small.topBit < L
        let smallExponent = standIn ? L - 1 : small.exponent
        let smallTop = standIn ? L : small.topBit
        let e = Swift.min(big.exponent, smallExponent)
        // Aligned magnitudes below 2^(max top − e), plus a carry bit.
        let n = (Swift.max(big.topBit, smallTop) - e) / 64 + 2
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * n) { scratch in
            let x = scratch.baseAddress!, y = x + n
            big.mantissa.limbs.withUnsafeBufferPointer {
                LimbArithmetic.placeShifted($0, by: big.exponent - e, into: x, count: n)
            }
            if standIn {
                for i in 0..<n { y[i] = 0 }
                let bit = smallExponent - e
                y[bit >> 6] = 1 << UInt64(bit & 63)
            } else {
                small.mantissa.limbs.withUnsafeBufferPointer {
                    LimbArithmetic.placeShifted($0, by: small.exponent - e, into: y, count: n)
                }
            }
            if big.isNegative == small.isNegative {
                LimbArithmetic.add(y, into: x, count: n)
                return roundedLimbs(x, count: n, negative: big.isNegative, exponent: e, precision: p, sticky: false)
            }
            let order = LimbArithmetic.compare(x, y, count: n)
            if order == 0 { return BigFloat(oddMantissa: BigInt(negative: false, normalizedLimbs: []), exponent: 0) }
            if order > 0 {
                LimbArithmetic.subtract(y, from: x, count: n)
                return roundedLimbs(x, count: n, negative: big.isNegative, exponent: e, precision: p, sticky: false)
            }
            LimbArithmetic.subtract(x, from: y, count: n)
            return roundedLimbs(y, count: n, negative: small.isNegative, exponent: e, precision: p, sticky: false)
        }
    }

    /// a × b correctly rounded to `p` bits (the limb form of `*`).
    static func limbProduct(_ a: BigFloat, _ b: BigFloat, precision p: Int) -> BigFloat {
        let u = a.mantissa.limbs, v = b.mantissa.limbs
        if u.isEmpty || v.isEmpty { return .zero }
        let n = u.count + v.count
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: n) { r in
            r.initialize(repeating: 0)
            u.withUnsafeBufferPointer { u in
                v.withUnsafeBufferPointer { v in
                    if Swift.min(u.count, v.count) < Limbs.karatsubaThreshold {
                        Limbs.schoolbook(u, v, into: r)
                    } else {
                        Limbs.karatsuba(u, v, into: r, threshold: Limbs.karatsubaThreshold)
                    }
                }
            }
            return roundedLimbs(
                r.baseAddress!, count: n, negative: a.isNegative != b.isNegative, exponent: a.exponent + b.exponent,
                precision: p, sticky: false)
        }
    }

    /// (a / b) · 2^e correctly rounded to `p` bits for b ≠ 0 (the limb form of `roundedQuotient`):
    /// the same (p + 2)-bit-or-longer integer quotient, its remainder as the sticky bit.
    static func limbQuotient(_ a: BigInt, _ b: BigInt, exponent e: Int, precision p: Int) -> BigFloat {
        let u = a.limbs, v = b.limbs
        if u.isEmpty { return .zero }
        let negative = a.isNegative != b.isNegative
        let aBits = Limbs.bitLength(u), bBits = Limbs.bitLength(v)
        // Scale so the integer quotient has at least p + 2 bits: A·2^k ≥ 2^(p+1)·B.
        let k = Swift.max(0, p + 2 + bBits - aBits)
        let nu = (aBits + k + 63) / 64, nv = v.count
        // Normalise: the divisor's top limb gets its high bit set (shift s), the dividend follows.
        let s = v[nv - 1].leadingZeroBitCount
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * nu + nv + 2) { scratch in
            let un = scratch.baseAddress!, vn = un + (nu + 1), q = vn + nv
            u.withUnsafeBufferPointer { LimbArithmetic.placeShifted($0, by: k + s, into: un, count: nu + 1) }
            v.withUnsafeBufferPointer { LimbArithmetic.placeShifted($0, by: s, into: vn, count: nv) }
            var inexact = false
            if nv == 1 {
                // One limb: 2-by-1 steps by the reciprocal; the remainder is (un mod d) >> s, zero iff
                // the normalised remainder is.
                let reciprocal = LimbReciprocal(vn[0])
                var remainder = un[nu]
                var i = nu - 1
                while i >= 0 {
                    (q[i], remainder) = reciprocal.divide(remainder, un[i])
                    i -= 1
                }
                inexact = remainder != 0
                return roundedLimbs(q, count: nu, negative: negative, exponent: e - k, precision: p, sticky: inexact)
            }
            // A·2^k ≥ B·2^(p+1) ≥ B, so nu ≥ nv and the quotient has m + 1 = nu − nv + 1 limbs.
            let m = nu - nv
            Limbs.knuthCore(un, m, vn, nv, q)
            for i in 0..<nv where un[i] != 0 {
                inexact = true
                break
            }
            return roundedLimbs(q, count: m + 1, negative: negative, exponent: e - k, precision: p, sticky: inexact)
        }
    }
}

/// In-place operations on little-endian limb vectors of a given length (high limbs may be zero),
/// for the `BigFloat` limb kernels.
enum LimbArithmetic {
    /// Bit k of X (k ≥ 0, inside the vector).
    @inline(__always)
    static func bit(_ x: UnsafeMutablePointer<UInt64>, _ k: Int) -> Bool {
        (x[k >> 6] >> UInt64(k & 63)) & 1 == 1
    }

    /// `true` when some bit of X below position k is set.
    @inline(__always)
    static func hasBitsBelow(_ x: UnsafeMutablePointer<UInt64>, _ k: Int) -> Bool {
        let limb = k >> 6, bits = k & 63
        for i in 0..<limb where x[i] != 0 { return true }
        return bits != 0 && x[limb] & ((1 << UInt64(bits)) - 1) != 0
    }

    /// X ← ⌊X / 2^s⌋ in place (s ≥ 0); limbs above the result are zeroed.
    @inline(__always)
    static func shiftRight(_ x: UnsafeMutablePointer<UInt64>, count n: Int, by s: Int) {
        let limbShift = s >> 6, bitShift = UInt64(s & 63)
        var i = 0
        while i + limbShift < n {
            let low = x[i + limbShift] >> bitShift
            let high = bitShift == 0 || i + limbShift + 1 >= n ? 0 : x[i + limbShift + 1] << (64 - bitShift)
            x[i] = low | high
            i += 1
        }
        while i < n {
            x[i] = 0
            i += 1
        }
    }

    /// dst (n limbs) ← ⌊src · 2^shift⌋ for any integer shift, truncated to n limbs (callers make
    /// it fit).
    @inline(__always)
    static func placeShifted(
        _ src: UnsafeBufferPointer<UInt64>, by shift: Int, into dst: UnsafeMutablePointer<UInt64>, count n: Int
    ) {
        if shift >= 0 {
            let limbShift = shift >> 6, bitShift = UInt64(shift & 63)
            for i in 0..<n {
                let j = i - limbShift
                let low = j >= 0 && j < src.count ? src[j] << bitShift : 0
                let high = bitShift == 0 || j - 1 < 0 || j - 1 >= src.count ? 0 : src[j - 1] >> (64 - bitShift)
                dst[i] = low | high
            }
        } else {
            let limbShift = (-shift) >> 6, bitShift = UInt64((-shift) & 63)
            for i in 0..<n {
                let j = i + limbShift
                let low = j < src.count ? src[j] >> bitShift : 0
                let high = bitShift == 0 || j + 1 >= src.count ? 0 : src[j + 1] << (64 - bitShift)
                dst[i] = low | high
            }
        }
    }

    /// y ← y + x (n limbs; the sum must fit).
    @inline(__always)
    static func add(_ x: UnsafeMutablePointer<UInt64>, into y: UnsafeMutablePointer<UInt64>, count n: Int) {
        var carry: UInt64 = 0
        for i in 0..<n {
            let t = UInt128(y[i]) &+ UInt128(x[i]) &+ UInt128(carry)
            y[i] = UInt64(truncatingIfNeeded: t)
            carry = UInt64(truncatingIfNeeded: t >> 64)
        }
    }

    /// y ← y − x (n limbs; requires y ≥ x).
    @inline(__always)
    static func subtract(_ x: UnsafeMutablePointer<UInt64>, from y: UnsafeMutablePointer<UInt64>, count n: Int) {
        var borrow: UInt64 = 0
        for i in 0..<n {
            let t = UInt128(y[i]) &- UInt128(x[i]) &- UInt128(borrow)
            y[i] = UInt64(truncatingIfNeeded: t)
            borrow = UInt64(truncatingIfNeeded: t >> 64) & 1
        }
    }

    /// −1, 0, 1 as X <, =, > Y (n limbs each).
    @inline(__always)
    static func compare(_ x: UnsafeMutablePointer<UInt64>, _ y: UnsafeMutablePointer<UInt64>, count n: Int) -> Int {
        var i = n - 1
        while i >= 0 {
            if x[i] != y[i] { return x[i] < y[i] ? -1 : 1 }
            i -= 1
        }
        return 0
    }
}

extension BigFloat {
    /// √x for x > 0 correctly rounded to `p` bits (the limb form of `squareRoot(ofNonNegative:)`):
    /// the same integer root S = ⌊√(M·2^k)⌋ and exactness test S² = M·2^k, on limbs
    /// (`LimbArithmetic.squareRoot`).
    static func limbSquareRoot(ofPositive x: BigFloat, precision p: Int) -> BigFloat {
        let M = x.mantissa.limbs
        let mBits = Limbs.bitLength(M)
        // As in `squareRoot(ofNonNegative:)`: N = M·2^k with at least 2p + 4 bits and e − k even,
        // so S has at least p + 2 bits and an inexact root is a pure sticky bit.
        var k = Swift.max(0, 2 * p + 4 - mBits)
        if (x.exponent - k) & 1 != 0 { k += 1 }
        let nN = (mBits + k + 63) / 64
        let nS = LimbArithmetic.rootLimbs(bits: mBits + k)
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: nN + nS) { scratch in
            let N = scratch.baseAddress!, S = N + nN
            M.withUnsafeBufferPointer { LimbArithmetic.placeShifted($0, by: k, into: N, count: nN) }
            let exact = LimbArithmetic.squareRoot(N, count: nN, into: S)
            return roundedLimbs(
                S, count: nS, negative: false, exponent: (x.exponent - k) / 2, precision: p, sticky: !exact)
        }
    }
}

extension LimbArithmetic {
    /// The limbs `squareRoot` writes for an N of `bits` bits: ⌊√N⌋ < 2^⌈bits/2⌉, with room for the
    /// Newton iterate ⌊√N⌋ + 2 and a spare limb.
    static func rootLimbs(bits: Int) -> Int { (bits + 1) / 2 / 64 + 2 }

    /// S ← ⌊√N⌋ (N of nN limbs, high limbs may be zero; S of `rootLimbs(bits(N))` limbs); returns
    /// `true` when N = S².
    ///
    /// Up to 124 bits: one Newton step from a `Double` over-estimate, then a correction. Beyond: with N′ =
    /// ⌊N / 2^(2s)⌋ of about half N's bits plus 40, S′ = ⌊√N′⌋ recursively and x₀ = (S′ + 1)·2^s:
    /// (S′ + 1)² ≥ N′ + 1 gives x₀ > √N, and x₀ − √N ≤ 2^s. One Newton step x₁ = ⌊(x₀ + ⌊N/x₀⌋)/2⌋
    /// is ≥ ⌊√N⌋ (the arithmetic–geometric mean inequality survives the floors) and exceeds √N by
    /// at most (x₀ − √N)²/(2x₀) + 1 < 2^(2s)/2^(bits/2) + 1 < 2 since 2s ≈ bits/2 − 40; then x₁ is
    /// decreased while x₁² > N, which ends exactly at ⌊√N⌋ whatever the estimate was.
    @discardableResult
    static func squareRoot(_ N: UnsafeMutablePointer<UInt64>, count nN: Int, into S: UnsafeMutablePointer<UInt64>)
        -> Bool
    {
        var top = nN
        while top > 0 && N[top - 1] == 0 { top -= 1 }
        let bits = top == 0 ? 0 : top * 64 - N[top - 1].leadingZeroBitCount
        let nS = rootLimbs(bits: bits)
        for i in 0..<nS { S[i] = 0 }
        if bits <= 124 {
            let high = top == 2 ? N[1] : 0, low = top == 0 ? 0 : N[0]
            let n = UInt128(high) << 64 | UInt128(low)
            if n == 0 { return true }
            // An over-estimate x > √n: the Double of n (two limbs converted and summed, relative
            // error < 2⁻⁵¹), its root inflated by 2⁻⁴⁵ and rounded up, plus 1; x < 2⁶³.
            let root = (Double(high) * 0x1p64 + Double(low)).squareRoot()
            let x = UInt64((root * (1 + 0x1p-45)).rounded(.up)) + 1
            // One Newton step y = ⌊(x + ⌊n/x⌋)/2⌋ ≥ ⌊√n⌋ (high < √n < x, so the 2-by-1 division fits),
            // above √n by < (2⁻⁴⁴√n)²/(2√n) + 1 < 2; then down while y² > n.
            var y = (UInt128(x) + UInt128(x.dividingFullWidth((high, low)).quotient)) >> 1
            while y * y > n { y -= 1 }
            S[0] = UInt64(truncatingIfNeeded: y)
            return y * y == n
        }
        let s = (bits - (bits / 2 + 40)) / 2
        let nX = nS, nSquare = 2 * nX
        let size = top + nX + (top + 2) + (top + 1) + nX + nSquare
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: size) { scratch in
            let reduced = scratch.baseAddress!, X = reduced + top, Q = X + nX, un = Q + (top + 2)
            let vn = un + (top + 1), square = vn + nX
            placeShifted(UnsafeBufferPointer(start: N, count: top), by: -2 * s, into: reduced, count: top)
            // X = (⌊√N′⌋ + 1)·2^s.
            squareRoot(reduced, count: top, into: S)
            var i = 0
            while true {
                S[i] &+= 1
                if S[i] != 0 { break }
                i += 1
            }
            placeShifted(UnsafeBufferPointer(start: S, count: nS), by: s, into: X, count: nX)
            // x₁ = (x₀ + ⌊N/x₀⌋) >> 1; ⌊N/x₀⌋ ≤ √N < x₀, so the sum fits nX limbs.
            var xCount = nX
            while X[xCount - 1] == 0 { xCount -= 1 }
            _ = divide(N, count: top, by: X, count: xCount, quotient: Q, un: un, vn: vn)
            let qCount = Swift.max(1, top - xCount + 1)
            for i in 0..<nX { S[i] = i < qCount ? Q[i] : 0 }
            add(X, into: S, count: nX)
            shiftRight(S, count: nX, by: 1)
            // Down to ⌊√N⌋: while S² > N, S −= 1.
            while true {
                for i in 0..<nSquare { square[i] = 0 }
                Limbs.schoolbook(
                    UnsafeBufferPointer(start: S, count: nX), UnsafeBufferPointer(start: S, count: nX),
                    into: UnsafeMutableBufferPointer(start: square, count: nSquare))
                var order = 0
                var j = Swift.max(nSquare, top) - 1
                while j >= 0 {
                    let a = j < nSquare ? square[j] : 0, b = j < top ? N[j] : 0
                    if a != b {
                        order = a < b ? -1 : 1
                        break
                    }
                    j -= 1
                }
                if order <= 0 { return order == 0 }
                var i = 0
                while true {
                    let (d, borrow) = S[i].subtractingReportingOverflow(1)
                    S[i] = d
                    if !borrow { break }
                    i += 1
                }
            }
        }
    }

    /// Q ← ⌊N / X⌋ (N of nN limbs, X of nX ≥ 1 limbs with a non-zero top limb, N ≥ X or not);
    /// returns `true` when the remainder is zero. Q receives nN − nX + 1 limbs (at least 1);
    /// `un` (nN + 1 limbs) and `vn` (nX limbs) are scratch.
    static func divide(
        _ N: UnsafeMutablePointer<UInt64>, count nN: Int, by X: UnsafeMutablePointer<UInt64>, count nX: Int,
        quotient Q: UnsafeMutablePointer<UInt64>, un: UnsafeMutablePointer<UInt64>, vn: UnsafeMutablePointer<UInt64>
    ) -> Bool {
        let s = X[nX - 1].leadingZeroBitCount
        placeShifted(UnsafeBufferPointer(start: N, count: nN), by: s, into: un, count: nN + 1)
        placeShifted(UnsafeBufferPointer(start: X, count: nX), by: s, into: vn, count: nX)
        if nX == 1 {
            let reciprocal = LimbReciprocal(vn[0])
            var remainder = un[nN]
            var i = nN - 1
            while i >= 0 {
                (Q[i], remainder) = reciprocal.divide(remainder, un[i])
                i -= 1
            }
            return remainder == 0
        }
        if nN < nX {
            Q[0] = 0
            for i in 0..<nN where N[i] != 0 { return false }
            return true
        }
        Limbs.knuthCore(un, nN - nX, vn, nX, Q)
        for i in 0..<nX where un[i] != 0 { return false }
        return true
    }
}
