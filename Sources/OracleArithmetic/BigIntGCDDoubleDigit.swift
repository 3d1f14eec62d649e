// The double-digit Lehmer step of `Limbs.gcd`: Euclid on the leading 128 bits of both operands,
// certified for the full numbers, then one pass over the limbs that removes about 62 bits of
// each (twice what a single-digit step removes for the same pass).

/// A 2×2 matrix M = (u₀₀ u₀₁; u₁₀ u₁₁) of non-negative words with det M = 1: a product of the
/// elementary matrices (1 q; 0 1) and (1 0; q 1) of Euclid's subtractions, so that (a; b) = M·(a′; b′)
/// for the operands (a, b) before and (a′, b′) after the reduction.
@usableFromInline
struct EuclidMatrix {
    var u00: UInt64, u01: UInt64, u10: UInt64, u11: UInt64
}

extension Limbs {
    /// The reduction matrix of the leading parts a, b < 2¹²⁸ of two operands aligned at the same
    /// bit position (the larger has its top bit at 127), or `nil` when not even one subtraction
    /// is certain (a or b below 2⁶⁵, or |a − b| below 2⁶⁵).
    ///
    /// This is Möller's `hgcd2` ("On Schönhage's algorithm and subquadratic integer gcd
    /// computation", Math. Comp. 77 (2008), §4, as in GMP's mpn/generic/hgcd2.c): Euclid's
    /// subtractions and divisions run on the 128-bit parts while both stay ≥ 2⁶⁵, then on their
    /// top 96 bits as 64-bit words while both stay ≥ 2³³; a quotient whose remainder would fall
    /// below the threshold is applied one short, so both reduced parts keep at least that size.
    /// Möller's lemma (the hgcd correctness criterion) then guarantees that the same M reduces
    /// the full operands: M⁻¹·(A; B) has non-negative entries, and every quotient is one of
    /// Euclid's on (A, B). Entries of M stay below 2⁶⁴ (u·a′ ≤ a < 2¹²⁸ with a′ ≥ 2⁶⁵ …):
    /// checked arithmetic still guards them.
    static func euclidMatrix(_ a0: UInt128, _ b0: UInt128) -> EuclidMatrix? {
        let low: UInt128 = 1 << 65
        var a = a0, b = b0
        guard a >= low, b >= low else { return nil }
        var m: EuclidMatrix
        if a > b {
            a -= b
            guard a >= low else { return nil }
            m = EuclidMatrix(u00: 1, u01: 1, u10: 0, u11: 1)
        } else {
            b -= a
            guard b >= low else { return nil }
            m = EuclidMatrix(u00: 1, u01: 0, u10: 1, u11: 1)
        }
        @inline(__always) func high(_ x: UInt128) -> UInt64 { UInt64(truncatingIfNeeded: x >> 64) }
        // Double-word phase. `reduceA`: the next step is a ← a − q·b (high words a ≥ b), which
        // multiplies M on the right by (1 q; 0 1); otherwise b ← b − q·a and (1 0; q 1). The two
        // directions are written out, as in GMP's hgcd2: one generic step function for both
        // (and both phases) measured 10 % slower on 4–16 kbit gcds.
        var reduceA = high(a) >= high(b)
        while true {
            // Equal high words: the next quotient is not certain.
            if high(a) == high(b) { return m }
            if reduceA {
                if high(a) < 1 << 32 { break }
                a -= b
                if a < low { return m }
                if high(a) <= high(b) {
                    m.u01 += m.u00
                    m.u11 += m.u10
                } else {
                    let (q, r) = divideSmallQuotient(a, b)
                    a = r
                    // Remainder below the threshold: apply q (one short of the full q + 1).
                    let applied = a < low ? q : q + 1
                    m.u01 += applied * m.u00
                    m.u11 += applied * m.u10
                    if a < low { return m }
                }
            } else {
                if high(b) < 1 << 32 { break }
                b -= a
                if b < low { return m }
                if high(b) <= high(a) {
                    m.u00 += m.u01
                    m.u10 += m.u11
                } else {
                    let (q, r) = divideSmallQuotient(b, a)
                    b = r
                    let applied = b < low ? q : q + 1
                    m.u00 += applied * m.u01
                    m.u10 += applied * m.u11
                    if b < low { return m }
                }
            }
            reduceA.toggle()
        }
        // Single-word phase on the top 96 bits (both parts are now below 2⁹⁶), threshold 2³³.
        // The order of the high words carries over: the side to reduce is strictly larger.
        var x = UInt64(truncatingIfNeeded: a >> 32), y = UInt64(truncatingIfNeeded: b >> 32)
        let small: UInt64 = 1 << 33
        while true {
            if reduceA {
                x -= y
                if x < small { return m }
                if x <= y {
                    m.u01 += m.u00
                    m.u11 += m.u10
                } else {
                    let (q, r) = x.quotientAndRemainder(dividingBy: y)
                    x = r
                    let applied = x < small ? q : q + 1
                    m.u01 += applied * m.u00
                    m.u11 += applied * m.u10
                    if x < small { return m }
                }
            } else {
                y -= x
                if y < small { return m }
                if y <= x {
                    m.u00 += m.u01
                    m.u10 += m.u11
                } else {
                    let (q, r) = y.quotientAndRemainder(dividingBy: x)
                    y = r
                    let applied = y < small ? q : q + 1
                    m.u00 += applied * m.u01
                    m.u10 += applied * m.u11
                    if y < small { return m }
                }
            }
            reduceA.toggle()
        }
    }

    /// (⌊n/d⌋, n mod d) for n ≥ d ≥ 2⁶⁵ by binary long division (one step per quotient bit,
    /// at most 63): Euclid's quotients are small, so this beats a full 128-bit division.
    @inline(__always)
    static func divideSmallQuotient(_ n: UInt128, _ d: UInt128) -> (quotient: UInt64, remainder: UInt128) {
        let shift = d.leadingZeroBitCount - n.leadingZeroBitCount
        var r = n, shifted = d << shift, q: UInt64 = 0
        for _ in 0...shift {
            // One quotient bit, without a branch (the bits are unpredictable): subtract, and add
            // back under the borrow's mask.
            let (t, borrow) = r.subtractingReportingOverflow(shifted)
            let keep = UInt128(borrow ? 1 : 0) &- 1  // all ones when r ≥ shifted
            r = t &+ (shifted & ~keep)
            q = q << 1 | UInt64(truncatingIfNeeded: keep & 1)
            shifted >>= 1
        }
        return (q, r)
    }

    /// (x, y) ← M⁻¹·(x; y) = (u₁₁x − u₀₁y, u₀₀y − u₁₀x) in place on n limbs each (y
    /// zero-padded to n), in one pass; returns the normalised limb counts. By `euclidMatrix`'s
    /// guarantee both results are non-negative and at most max(x, y), so they fit in n limbs.
    static func applyInverse(
        _ m: EuclidMatrix, _ x: UnsafeMutablePointer<UInt64>, _ y: UnsafeMutablePointer<UInt64>, _ n: Int
    ) -> (xn: Int, yn: Int) {
        var cxPlus: UInt64 = 0, cxMinus: UInt64 = 0, bx: UInt64 = 0
        var cyPlus: UInt64 = 0, cyMinus: UInt64 = 0, by: UInt64 = 0
        for i in 0..<n {
            let xi = x[i], yi = y[i]
            x[i] = multiplySubtractLimb(xi, m.u11, yi, m.u01, &cxPlus, &cxMinus, &bx)
            y[i] = multiplySubtractLimb(yi, m.u00, xi, m.u10, &cyPlus, &cyMinus, &by)
        }
        assert(cxPlus == cxMinus &+ bx && cyPlus == cyMinus &+ by, "Euclid matrix: negative or oversized result")
        var xn = n, yn = n
        while xn > 0 && x[xn - 1] == 0 { xn -= 1 }
        while yn > 0 && y[yn - 1] == 0 { yn -= 1 }
        return (xn, yn)
    }

    /// One limb of ma·a − mb·b in a pass over the limbs: (ma·a + c₊) − (mb·b + c₋) − borrow, with
    /// the running carries of the two products and the borrow of their difference updated.
    @inline(__always)
    static func multiplySubtractLimb(
        _ a: UInt64, _ ma: UInt64, _ b: UInt64, _ mb: UInt64,
        _ cPlus: inout UInt64, _ cMinus: inout UInt64, _ borrow: inout UInt64
    ) -> UInt64 {
        // 128-bit sums and difference (add/adc, sub/sbb): no carry flag becomes a branch. The
        // difference of the low words minus the borrow lies in (−2⁶⁴, 2⁶⁴): its high word is 0 or −1.
        let p = UInt128(ma) &* UInt128(a) &+ UInt128(cPlus)
        let q = UInt128(mb) &* UInt128(b) &+ UInt128(cMinus)
        cPlus = UInt64(truncatingIfNeeded: p >> 64)
        cMinus = UInt64(truncatingIfNeeded: q >> 64)
        let d = UInt128(UInt64(truncatingIfNeeded: p)) &- UInt128(UInt64(truncatingIfNeeded: q)) &- UInt128(borrow)
        borrow = 0 &- UInt64(truncatingIfNeeded: d >> 64)
        return UInt64(truncatingIfNeeded: d)
    }
}
