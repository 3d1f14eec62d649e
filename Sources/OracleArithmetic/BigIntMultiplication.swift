// Multiplication of magnitudes: schoolbook below a threshold, Karatsuba above it.
//
// Karatsuba (1962): with x = x₁Bᵐ + x₀ and y = y₁Bᵐ + y₀,
//   x·y = z₂B²ᵐ + z₁Bᵐ + z₀,  z₀ = x₀y₀,  z₂ = x₁y₁,  z₁ = (x₀ + x₁)(y₀ + y₁) −
//   z₀ − z₂,
// three half-size products instead of four, O(n^1.585).

extension Limbs {
    /// At and above this many limbs in the shorter operand, Karatsuba splits; below, schoolbook.
    ///
    /// Measured (release build, x86-64, Swift 6.3.1, shared 2-core machine) with
    /// `BigIntKaratsubaBenchmarkTests` (LATENT_ORACLE_LONG_TESTS=1 swift test -c release): time of
    /// one Karatsuba level over schoolbook halves ÷ time of plain schoolbook, for n×n limbs,
    /// in the two quietest of three runs:
    ///
    ///     n      8     12    16    20    24    28    32    40    48    64    128   256
    ///     run 1  2.25  1.71  1.30  1.20  1.10  1.09  0.91  0.90  0.84  0.88  0.88  0.50
    ///     run 2  2.33  1.72  1.25  1.24  1.14  1.08  0.90  0.85  0.89  0.84  0.90  0.51
    ///
    /// One level starts to pay between 28 and 32 limbs (≈ 1800–2000 bits), hence 32.
    @usableFromInline static let karatsubaThreshold = 32

    /// a · b (normalised inputs and result).
    @usableFromInline
    static func multiply(_ a: [UInt64], _ b: [UInt64], karatsubaThreshold: Int = karatsubaThreshold) -> [UInt64] {
        if a.isEmpty || b.isEmpty { return [] }
        if a.count == 1 { return multiplyAdd(b, a[0], 0) }
        if b.count == 1 { return multiplyAdd(a, b[0], 0) }
        var result = [UInt64](repeating: 0, count: a.count + b.count)
        result.withUnsafeMutableBufferPointer { r in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    karatsuba(a, b, into: r, threshold: max(karatsubaThreshold, 4))
                }
            }
        }
        normalize(&result)
        return result
    }

    /// r = a · b by the schoolbook method; r is zero on entry and has a.count + b.count limbs.
    /// Inputs may have high zero limbs.
    @usableFromInline
    static func schoolbook(
        _ a: UnsafeBufferPointer<UInt64>, _ b: UnsafeBufferPointer<UInt64>,
        into r: UnsafeMutableBufferPointer<UInt64>
    ) {
        for i in 0..<a.count {
            let ai = a[i]
            if ai == 0 { continue }
            var carry: UInt64 = 0
            for j in 0..<b.count {
                // ai·bj + r[i+j] + carry ≤ (B−1)² + 2(B−1) = B² − 1: fits in two limbs. Summed
                // as a 128-bit value (add/adc): the carry flags never become branches.
                let t = UInt128(ai) &* UInt128(b[j]) &+ UInt128(r[i + j]) &+ UInt128(carry)
                r[i + j] = UInt64(truncatingIfNeeded: t)
                carry = UInt64(truncatingIfNeeded: t >> 64)
            }
            r[i + b.count] = carry
        }
    }

    /// r = a · b by Karatsuba recursion; r is zero on entry and has a.count + b.count limbs.
    /// Inputs may have high zero limbs. `threshold` ≥ 4, so the half-size sums (⌈n/2⌉ + 1 limbs)
    /// are shorter than n and the recursion terminates.
    @usableFromInline
    static func karatsuba(
        _ a: UnsafeBufferPointer<UInt64>, _ b: UnsafeBufferPointer<UInt64>,
        into r: UnsafeMutableBufferPointer<UInt64>, threshold: Int
    ) {
        if a.count < b.count { return karatsuba(b, a, into: r, threshold: threshold) }
        if b.count < threshold { return schoolbook(a, b, into: r) }
        if b.count <= a.count / 2 {
            // Unbalanced: cut a into pieces of b.count limbs and accumulate the piece products.
            var piece = [UInt64](repeating: 0, count: 2 * b.count)
            var start = 0
            while start < a.count {
                let end = min(start + b.count, a.count)
                piece.withUnsafeMutableBufferPointer { p in
                    p.update(repeating: 0)
                    let slice = UnsafeBufferPointer(rebasing: a[start..<end])
                    let product = UnsafeMutableBufferPointer(rebasing: p[0..<(slice.count + b.count)])
                    karatsuba(slice, b, into: product, threshold: threshold)
                    addInPlace(UnsafeMutableBufferPointer(rebasing: r[start...]), UnsafeBufferPointer(product))
                }
                start = end
            }
            return
        }
        let m = a.count / 2
        let a0 = UnsafeBufferPointer(rebasing: a[..<m]), a1 = UnsafeBufferPointer(rebasing: a[m...])
        let b0 = UnsafeBufferPointer(rebasing: b[..<m]), b1 = UnsafeBufferPointer(rebasing: b[m...])
        // z₀ into r[0..<2m], z₂ into r[2m...]; the two ranges tile r exactly.
        let z0 = UnsafeMutableBufferPointer(rebasing: r[..<(2 * m)])
        let z2 = UnsafeMutableBufferPointer(rebasing: r[(2 * m)...])
        karatsuba(a0, b0, into: z0, threshold: threshold)
        karatsuba(a1, b1, into: z2, threshold: threshold)
        // z₁ = (a₀ + a₁)(b₀ + b₁) − z₀ − z₂ ≥ 0.
        let sa = sumPadded(a0, a1), sb = sumPadded(b0, b1)
        var z1 = [UInt64](repeating: 0, count: sa.count + sb.count)
        z1.withUnsafeMutableBufferPointer { z1 in
            sa.withUnsafeBufferPointer { sa in
                sb.withUnsafeBufferPointer { sb in
                    karatsuba(sa, sb, into: z1, threshold: threshold)
                }
            }
            subtractInPlace(z1, UnsafeBufferPointer(z0))
            subtractInPlace(z1, UnsafeBufferPointer(z2))
            addInPlace(UnsafeMutableBufferPointer(rebasing: r[m...]), UnsafeBufferPointer(trimmed(z1)))
        }
    }

    /// x + y as a buffer of max(x.count, y.count) + 1 limbs.
    private static func sumPadded(_ x: UnsafeBufferPointer<UInt64>, _ y: UnsafeBufferPointer<UInt64>) -> [UInt64] {
        let n = max(x.count, y.count)
        var s = [UInt64](repeating: 0, count: n + 1)
        var carry: UInt64 = 0
        for i in 0..<n {
            let xi = i < x.count ? x[i] : 0, yi = i < y.count ? y[i] : 0
            let (s1, o1) = xi.addingReportingOverflow(yi)
            let (s2, o2) = s1.addingReportingOverflow(carry)
            s[i] = s2
            carry = (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
        }
        if carry == 0 { s.removeLast() } else { s[n] = carry }
        return s
    }

    /// x without its high zero limbs.
    private static func trimmed(_ x: UnsafeMutableBufferPointer<UInt64>) -> UnsafeMutableBufferPointer<UInt64> {
        var n = x.count
        while n > 0 && x[n - 1] == 0 { n -= 1 }
        return UnsafeMutableBufferPointer(rebasing: x[..<n])
    }

    /// x += y, where the sum fits in x.count limbs (carry must die out inside x).
    @usableFromInline
    static func addInPlace(_ x: UnsafeMutableBufferPointer<UInt64>, _ y: UnsafeBufferPointer<UInt64>) {
        var carry: UInt64 = 0
        var i = 0
        while i < y.count {
            let (s1, o1) = x[i].addingReportingOverflow(y[i])
            let (s2, o2) = s1.addingReportingOverflow(carry)
            x[i] = s2
            carry = (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
            i += 1
        }
        while carry != 0 {
            precondition(i < x.count, "Limbs.addInPlace overflowed its destination")
            let (s, o) = x[i].addingReportingOverflow(carry)
            x[i] = s
            carry = o ? 1 : 0
            i += 1
        }
    }

    /// x −= y, where x ≥ y (y may be longer than x only by high zero limbs).
    @usableFromInline
    static func subtractInPlace(_ x: UnsafeMutableBufferPointer<UInt64>, _ y: UnsafeBufferPointer<UInt64>) {
        var borrow: UInt64 = 0
        var i = 0
        while i < y.count {
            if i >= x.count {
                precondition(y[i] == 0, "Limbs.subtractInPlace requires x ≥ y")
                i += 1
                continue
            }
            let (d1, o1) = x[i].subtractingReportingOverflow(y[i])
            let (d2, o2) = d1.subtractingReportingOverflow(borrow)
            x[i] = d2
            borrow = (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
            i += 1
        }
        while borrow != 0 {
            precondition(i < x.count, "Limbs.subtractInPlace requires x ≥ y")
            let (d, o) = x[i].subtractingReportingOverflow(borrow)
            x[i] = d
            borrow = o ? 1 : 0
            i += 1
        }
    }
}
