import OracleArithmetic

/// Exact solution of a square integer system A·x = b by p-adic lifting (Dixon 1982) with
/// rational reconstruction and an exact check (Proofs/00-arithmetic.md, AR-5).
///
/// One prime p (62 bits): factor P·A = L·U over 𝔽ₚ once. Then, from r₀ = b,
///   zᵢ = A⁻¹·rᵢ mod p  (two triangular solves),   rᵢ₊₁ = (rᵢ − A·zᵢ)/p  (an exact division),
/// so that A·(z₀ + z₁p + … + z_{K−1}p^{K−1}) = b − p^K·r_K: the p-adic digits of y ≡ A⁻¹b
/// (mod p^K). The residuals stay short (|rᵢ₊₁| ≤ |rᵢ|/p + n·max|aᵢⱼ|), so a step costs about
/// n² word products for the triangular solves and n² products of A's entries by one word. The
/// solution x = N/D is read off y by rational reconstruction (`MultimodularSolve
/// .commonDenominatorCandidate`) once p^K > 2·|N|·D, and checked exactly (A·Ñ = D·b,
/// `MultimodularSolve.verify`), which proves it. Reconstruction is tried at K = 8, 16, 32, …
/// and, at the latest, at the K where Hadamard's bound guarantees it: |D| ≤ |det A| and
/// each |Nⱼ| (a minor of [A | b], Cramer) are below 2^h, h = `hadamardBits`, and p^K ≥ 2^(2h + 3).
///
/// Against per-prime elimination and Chinese remaindering (`MultimodularSolve.solve`), a lifting
/// step costs O(n²) instead of O(n³), and the number of steps follows the solution's size, not
/// the determinant's (normal equations of a least-squares fit: 420-bit fractions against a
/// 6 700-bit determinant at n = 40).
///
/// **Postconditions:** a non-`nil` (d, x̃) satisfies A·x̃ = d·b exactly with d ≠ 0. `nil` when A
/// is singular modulo three primes (or, which would be a bug, the check fails at the bound): the
/// caller then takes the multi-modular route.
enum DixonSolve {
    /// (d, x̃) for the row-major integer matrix `m` = [A | b] with n rows and n + 1 columns.
    static func solve(_ m: [BigInt], n: Int) -> (d: BigInt, x: [BigInt])? {
        let width = n + 1
        // The prime and L·U over 𝔽ₚ (Crout, first non-zero pivot: `factor`).
        var chosen: (PrimeModulus, [UInt64], [Int], [UInt64])?
        for index in 0..<MultimodularSolve.unluckyPrimeLimit {
            let prime = PrimeModulus.prime(at: index)
            let weights = prime.limbWeights(count: m.map { $0.limbs.count }.max() ?? 0)
            var lu = [UInt64](repeating: 0, count: n * n)
            for i in 0..<n { for j in 0..<n { lu[i * n + j] = prime.residue(m[i * width + j], weights: weights) } }
            if let (order, inverses) = factor(prime, &lu, n: n) {
                chosen = (prime, lu, order, inverses)
                break
            }
        }
        guard let (prime, lu, order, pivotInverses) = chosen else { return nil }
        let p = prime.p
        // A's entries as magnitudes of `la` limbs (zero-padded) with signs; the residual as
        // `w`-limb two's complement numbers: |r| < max(|b|, 2·n·max|aᵢⱼ|) fits with two spare limbs.
        let la = Swift.max(1, (0..<n).flatMap { i in (0..<n).map { m[i * width + $0].limbs.count } }.max() ?? 1)
        let lb = (0..<n).map { m[$0 * width + n].limbs.count }.max() ?? 0
        let w = Swift.max(la, lb) + 2
        var magnitudes = [UInt64](repeating: 0, count: n * n * la)
        var negative = [Bool](repeating: false, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                let entry = m[i * width + j]
                negative[i * n + j] = entry.isNegative
                for (l, limb) in entry.limbs.enumerated() { magnitudes[(i * n + j) * la + l] = limb }
            }
        }
        var residual = [UInt64](repeating: 0, count: n * w)
        for i in 0..<n {
            let entry = m[i * width + n]
            for (l, limb) in entry.limbs.enumerated() { residual[i * w + l] = limb }
            if entry.isNegative { negateInPlace(&residual, i * w, w) }
        }
        // p⁻¹ mod 2⁶⁴ by Newton's iteration (each step doubles the correct low bits; p·p ≡ 1
        // mod 8 gives 3 bits to start), and 2^(64w) mod p for the residues of negative residuals.
        var pInverse = p
        for _ in 0..<5 { pInverse = pInverse &* (2 &- p &* pInverse) }
        var wrap: UInt64 = 1
        for _ in 0..<w { wrap = prime.reduce(wrap, 0) }
        let hadamard = MultimodularSolve.hadamardBits(m, n: n, width: width)
        let guaranteed = (2 * hadamard + 3 + 60) / 61 + 1  // p > 2⁶¹: K steps give > 61·K bits
        var digits: [UInt64] = []  // digit i of entry j at i·n + j
        var nextAttempt = 8
        var r = [UInt64](repeating: 0, count: n)
        var z = [UInt64](repeating: 0, count: n)
        var positive = [UInt64](repeating: 0, count: la + 2), negativeSum = positive
        var steps = 0
        while true {
            // rᵢ mod p, permuted as the rows of L·U: Horner over the limbs, minus 2^(64w) when negative.
            for c in 0..<n {
                let row = order[c]
                var value: UInt64 = 0
                for l in stride(from: w - 1, through: 0, by: -1) { value = prime.reduce(value, residual[row * w + l]) }
                if residual[row * w + w - 1] >> 63 == 1 { value = prime.subtract(value, wrap) }
                r[c] = value
            }
            solveFactored(prime, lu, pivotInverses, &r, &z, n: n)
            digits.append(contentsOf: z)
            steps += 1
            // r ← (r − A·z)/p, row by row: Σⱼ |aᵢⱼ|·zⱼ summed by sign in (la + 2)-limb accumulators
            // (n·2^(64·la)·2⁶² < 2^(64(la + 2)) for n < 2⁶⁴), then subtracted and divided exactly.
            magnitudes.withUnsafeBufferPointer { magnitudes in
                positive.withUnsafeMutableBufferPointer { positive in
                    negativeSum.withUnsafeMutableBufferPointer { negativeSum in
                        for i in 0..<n {
                            for l in 0..<(la + 2) {
                                positive[l] = 0
                                negativeSum[l] = 0
                            }
                            for j in 0..<n where z[j] != 0 {
                                let base = magnitudes.baseAddress! + (i * n + j) * la
                                let acc = negative[i * n + j] ? negativeSum.baseAddress! : positive.baseAddress!
                                addScaled(acc, la + 2, base, la, z[j])
                            }
                            combineAndDivide(&residual, i * w, w, positive, negativeSum, p: p, pInverse: pInverse)
                        }
                    }
                }
            }
            // Early attempts at K = 8, 16, 32, … below ¾ of the guaranteed K, then the guaranteed
            // one. A failed attempt costs a half extended Euclid on K·62 bits, about as much as the K
            // steps: the attempts stay sparse, and an early candidate is dropped once its denominator
            // comes within 16 bits of √M (a garbage fraction's does at once).
            let early = steps == nextAttempt && 4 * steps < 3 * guaranteed
            if steps == nextAttempt { nextAttempt *= 2 }
            if early || steps == guaranteed {
                var modulus = BigInt.one
                let pBig = BigInt(p)
                for _ in 0..<steps { modulus *= pBig }
                let ys = (0..<n).map { j in
                    // y = Σᵢ zᵢ pⁱ by Horner from the top digit, in place on limbs.
                    var limbs: [UInt64] = [digits[(steps - 1) * n + j]]
                    for i in stride(from: steps - 2, through: 0, by: -1) {
                        MultimodularSolve.multiplyAdd(&limbs, p, digits[i * n + j])
                    }
                    while limbs.last == 0 { limbs.removeLast() }
                    return BigInt(negative: false, limbs: limbs)
                }
                if let (d, x) = MultimodularSolve.commonDenominatorCandidate(
                    ys, modulus, slack: early ? 16 : 0),
                    MultimodularSolve.verify(m, n: n, k: 1, d: d, x: x, modulusBits: modulus.bitLength)
                {
                    return (d, x)
                }
                if steps >= guaranteed { return nil }
            }
        }
    }

    /// acc += |a|·z for the `la`-limb magnitude at `a` and one word z (acc has `count` limbs).
    @inline(__always)
    static func addScaled(
        _ acc: UnsafeMutablePointer<UInt64>, _ count: Int, _ a: UnsafePointer<UInt64>, _ la: Int, _ z: UInt64
    ) {
        var carry: UInt64 = 0
        for l in 0..<la {
            // acc + a·z + carry < 2¹²⁸, one 128-bit value.
            let t = UInt128(a[l]) &* UInt128(z) &+ UInt128(acc[l]) &+ UInt128(carry)
            acc[l] = UInt64(truncatingIfNeeded: t)
            carry = UInt64(truncatingIfNeeded: t >> 64)
        }
        var l = la
        while carry != 0 && l < count {
            let (s, o) = acc[l].addingReportingOverflow(carry)
            acc[l] = s
            carry = o ? 1 : 0
            l += 1
        }
    }

    /// r ← (r − P + N)/p for the `w`-limb two's complement r at `residual[offset...]`, where
    /// r − P + N ≡ 0 (mod p): Hensel's exact division from the low limb (q = s·p⁻¹ mod 2⁶⁴ per limb,
    /// the borrow ⌊q·p/2⁶⁴⌋), which yields the unique q with q·p ≡ r − P + N (mod 2^(64w)), the
    /// true quotient since it fits in w limbs.
    static func combineAndDivide(
        _ residual: inout [UInt64], _ offset: Int, _ w: Int,
        _ positive: UnsafeMutableBufferPointer<UInt64>, _ negativeSum: UnsafeMutableBufferPointer<UInt64>,
        p: UInt64, pInverse: UInt64
    ) {
        var borrow: UInt64 = 0, carry: UInt64 = 0
        for l in 0..<w {
            // t = r − P + N limb by limb, with a borrow and a carry chain.
            let pl = l < positive.count ? positive[l] : 0, nl = l < negativeSum.count ? negativeSum[l] : 0
            let (a1, o1) = residual[offset + l].subtractingReportingOverflow(pl)
            let (a2, o2) = a1.subtractingReportingOverflow(borrow)
            borrow = (o1 ? 1 : 0) + (o2 ? 1 : 0)
            let (a3, o3) = a2.addingReportingOverflow(nl)
            let (a4, o4) = a3.addingReportingOverflow(carry)
            carry = (o3 ? 1 : 0) + (o4 ? 1 : 0)
            residual[offset + l] = a4
        }
        var divisionBorrow: UInt64 = 0
        for l in 0..<w {
            let (s, o) = residual[offset + l].subtractingReportingOverflow(divisionBorrow)
            let q = s &* pInverse
            residual[offset + l] = q
            // q·p = s + 2⁶⁴·high: the next limb owes `high` (plus the borrow of s).
            divisionBorrow = q.multipliedFullWidth(by: p).high &+ (o ? 1 : 0)
        }
    }

    /// Two's complement negation of the `w` limbs at `a[offset...]`.
    static func negateInPlace(_ a: inout [UInt64], _ offset: Int, _ w: Int) {
        var carry: UInt64 = 1
        for l in 0..<w {
            let (s, o) = (~a[offset + l]).addingReportingOverflow(carry)
            a[offset + l] = s
            carry = o ? 1 : 0
        }
    }

    /// P·A = L·U over 𝔽ₚ in place (Crout, first non-zero pivot, as `MultimodularSolve.solveModulo`):
    /// the row order (position c holds original row `order[c]`) and the pivots' inverses, or `nil`
    /// when A is singular modulo p.
    static func factor(_ prime: PrimeModulus, _ a: inout [UInt64], n: Int) -> ([Int], [UInt64])? {
        var order = Array(0..<n)
        var inverses = [UInt64](repeating: 0, count: n)
        var ut = [UInt64](repeating: 0, count: n * n)  // ut[j·n + t] = u_tj
        let ok = a.withUnsafeMutableBufferPointer { buffer -> Bool in
            ut.withUnsafeMutableBufferPointer { utBuffer -> Bool in
                let a = buffer.baseAddress!, u = utBuffer.baseAddress!
                for c in 0..<n {
                    var r = -1
                    for i in c..<n {
                        let v = prime.subtract(a[i * n + c], dot(prime, a + i * n, u + c * n, c))
                        a[i * n + c] = v
                        if r < 0 && v != 0 { r = i }
                    }
                    if r < 0 { return false }
                    if r != c {
                        for j in 0..<n { swap(&a[r * n + j], &a[c * n + j]) }
                        order.swapAt(r, c)
                    }
                    let pivot = a[c * n + c]
                    guard let inverse = prime.inverse(pivot) else { return false }
                    inverses[c] = inverse
                    u[c * n + c] = pivot
                    for j in (c + 1)..<n {
                        let v = prime.subtract(a[c * n + j], dot(prime, a + c * n, u + j * n, c))
                        a[c * n + j] = v
                        u[j * n + c] = v
                    }
                    let inverseShoup = prime.shoupFactor(inverse)
                    for i in (c + 1)..<n { a[i * n + c] = prime.multiply(inverse, shoup: inverseShoup, a[i * n + c]) }
                }
                return true
            }
        }
        return ok ? (order, inverses) : nil
    }

    /// z = U⁻¹·L⁻¹·r over 𝔽ₚ (r already permuted; r is overwritten by L⁻¹·r).
    static func solveFactored(
        _ prime: PrimeModulus, _ lu: [UInt64], _ inverses: [UInt64], _ r: inout [UInt64], _ z: inout [UInt64], n: Int
    ) {
        lu.withUnsafeBufferPointer { luBuffer in
            r.withUnsafeMutableBufferPointer { rBuffer in
                z.withUnsafeMutableBufferPointer { zBuffer in
                    let a = UnsafeMutablePointer(mutating: luBuffer.baseAddress!)
                    let rp = rBuffer.baseAddress!, zp = zBuffer.baseAddress!
                    for c in 0..<n { rp[c] = prime.subtract(rp[c], dot(prime, a + c * n, rp, c)) }
                    for i in stride(from: n - 1, through: 0, by: -1) {
                        let s = prime.subtract(rp[i], dot(prime, a + i * n + i + 1, zp + i + 1, n - 1 - i))
                        zp[i] = prime.multiply(s, inverses[i])
                    }
                }
            }
        }
    }

    /// (Σ aₜ·bₜ) mod p over t in 0..<count, exactly: products < p² < 2¹²⁴ summed in 128 bits, the
    /// wraps (fewer than count < p) counted in a third word, and one reduction.
    @inline(__always)
    static func dot(
        _ prime: PrimeModulus, _ a: UnsafeMutablePointer<UInt64>, _ b: UnsafeMutablePointer<UInt64>, _ count: Int
    ) -> UInt64 {
        var sum: UInt128 = 0
        var carries: UInt64 = 0
        for t in 0..<count {
            let (s, o) = sum.addingReportingOverflow(UInt128(a[t]) &* UInt128(b[t]))
            sum = s
            carries &+= o ? 1 : 0
        }
        return prime.reduce(
            prime.reduce(carries, UInt64(truncatingIfNeeded: sum >> 64)), UInt64(truncatingIfNeeded: sum))
    }
}
