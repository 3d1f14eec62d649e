import OracleArithmetic

/// Exact solution of a square integer system by elimination modulo many primes, Chinese
/// remaindering, and an exact check (Proofs/00-arithmetic.md, AR-5).
///
/// Given the integer augmented matrix [A | B] (A n×n), it finds an integer d ≠ 0 and an integer
/// matrix X̃ with A·X̃ = d·B, so X = X̃/d is the exact solution. For each prime p it solves the
/// system in 𝔽ₚ by Gaussian elimination and obtains d ≡ det A and X̃ ≡ det A · A⁻¹B = adj(A)·B
/// (mod p); the images are combined by Garner's incremental Chinese remaindering in the symmetric
/// range. When one more prime changes none of the values, the candidate is checked by computing
/// A·X̃ and d·B exactly: equality is a proof, whatever the number of primes used. The Hadamard
/// bound on d and the entries of adj(A)·B (each an n×n minor of [A | B], by Cramer's rule) caps
/// the number of primes: beyond it the images determine the values, so the loop terminates.
///
/// Work: per prime, the n(n + k) residues of the entries and O(n³ + n²k) operations in 𝔽ₚ; the
/// number of primes is about (bits of the solution)/62 + 1, against the Hadamard bound in the
/// worst case. No gcd is computed (the caller reduces X̃/d once per entry).
///
/// **Postconditions:** a non-`nil` result satisfies A·X̃ = d·B exactly with d ≠ 0, and A is
/// non-singular (det A ≢ 0 modulo a prime that was used). `nil` means that det A ≡ 0 modulo three
/// primes, so A is singular unless the primes are unlucky; the caller then decides exactly.
enum MultimodularSolve {
    /// The number of primes p with det A ≡ 0 (mod p) after which the solver gives up.
    static let unluckyPrimeLimit = 3

    /// (d, X̃) for the row-major integer matrix `m` = [A | B] with `n` rows and `n + k` columns.
    static func solve(_ m: [BigInt], n: Int, k: Int) -> (d: BigInt, x: [BigInt])? {
        guard let result = solveRecordingDeterminants(m, n: n, k: k) else { return nil }
        return (result.d, result.x)
    }

    /// As `solve`, and also the primes used with det A mod each (`detResidues[j]` ≡ det A mod
    /// `primes[j].p`, never 0): the determinant's images come free with every prime's elimination.
    static func solveRecordingDeterminants(
        _ m: [BigInt], n: Int, k: Int
    ) -> (d: BigInt, x: [BigInt], primes: [PrimeModulus], detResidues: [UInt64])? {
        let width = n + k
        let boundBits = hadamardBits(m, n: n, width: width)
        let maxLimbs = m.map { $0.limbs.count }.max() ?? 0
        // The values d, x̃₀, …: value v is kept as its mixed-radix digits cᵥ,ⱼ ∈ [0, pⱼ) with
        // v ≡ cᵥ,₀ + p₀(cᵥ,₁ + p₁(cᵥ,₂ + …)) (mod M = Πpⱼ) (Garner), all in machine words.
        let valueCount = 1 + n * k
        var digits: [UInt64] = []  // digit j of value v at j·valueCount + v
        var primes: [PrimeModulus] = []
        var weightsModP: [UInt64] = []
        var detResidues: [UInt64] = []
        var unlucky = 0
        var primeIndex = 0
        var residues = [UInt64](repeating: 0, count: n * width)
        var images = [UInt64](repeating: 0, count: valueCount)
        var vModP = [UInt64](repeating: 0, count: valueCount)
        var sums = [UInt64](repeating: 0, count: 3 * valueCount)  // three-word accumulators
        var modulusLimbs: [UInt64] = [1]  // M = Πpⱼ, little-endian
        var available = PrimeModulus.primes(count: 64)
        while true {
            // Beyond the cached primes, `primes(count:)` searches from the cache's end: doubling the
            // request keeps that search linear in the number of primes used.
            if primeIndex == available.count { available = PrimeModulus.primes(count: 2 * available.count) }
            let prime = available[primeIndex]
            primeIndex += 1
            let weights = prime.limbWeights(count: maxLimbs)
            for index in 0..<m.count { residues[index] = prime.residue(m[index], weights: weights) }
            guard let image = solveModulo(prime, &residues, n: n, k: k) else {
                unlucky += 1
                if unlucky >= unluckyPrimeLimit { return nil }
                continue
            }
            images[0] = image.d
            detResidues.append(image.d)
            for index in 0..<(n * k) { images[index + 1] = image.x[index] }
            // The new digit t ≡ (r − v)·M⁻¹ (mod p) with v evaluated mod p from its digits.
            // Once |v| < M/2, v's residue class mod M determines v, and the digit is 0 for v ≥ 0,
            // p − 1 for v < 0 (v − (v mod M) ∈ {0, −M}): a value with such a digit looks stable.
            // Every earlier prime is below 2⁶² < 2p (the primes exceed 2⁶¹), so one conditional
            // subtraction reduces it mod p.
            let p = prime.p
            // v mod p = Σⱼ cᵥ,ⱼ·Wⱼ with the weights Wⱼ = p₀⋯pⱼ₋₁ mod p (W₀ = 1), and M mod p =
            // W_J: one full product per digit, summed exactly in three words and reduced once per value (as
            // `PrimeModulus.residue(_:weights:)`), instead of a modular product per digit.
            weightsModP.removeAll(keepingCapacity: true)
            var mModP: UInt64 = 1 % p
            for earlier in primes {
                weightsModP.append(mModP)
                mModP = prime.multiply(mModP, earlier.p >= p ? earlier.p &- p : earlier.p)
            }
            guard let mInverse = prime.inverse(mModP) else { return nil }
            var stable = true
            digits.withUnsafeBufferPointer { digits in
                sums.withUnsafeMutableBufferPointer { sums in
                    for index in 0..<(3 * valueCount) { sums[index] = 0 }
                    for j in 0..<weightsModP.count {
                        let weight = weightsModP[j], row = j * valueCount
                        for v in 0..<valueCount {
                            // Digit < 2⁶², weight < 2⁶²: the product is < 2¹²⁴, and fewer than 2⁶²
                            // carries reach the top word.
                            // Summed as 128-bit values (add/adc, no flag becomes a branch).
                            let product = UInt128(digits[row + v]) &* UInt128(weight)
                            let low = UInt128(sums[3 * v]) &+ (product & UInt128(UInt64.max))
                            sums[3 * v] = UInt64(truncatingIfNeeded: low)
                            let high = UInt128(sums[3 * v + 1]) &+ (product >> 64) &+ (low >> 64)
                            sums[3 * v + 1] = UInt64(truncatingIfNeeded: high)
                            sums[3 * v + 2] &+= UInt64(truncatingIfNeeded: high >> 64)
                        }
                    }
                    vModP.withUnsafeMutableBufferPointer { acc in
                        for v in 0..<valueCount {
                            // The top word counts carries (< primes used < p), so `reduce` applies.
                            acc[v] = prime.reduce(prime.reduce(sums[3 * v + 2], sums[3 * v + 1]), sums[3 * v])
                        }
                    }
                }
            }
            for v in 0..<valueCount {
                let t = prime.multiply(prime.subtract(images[v], vModP[v]), mInverse)
                digits.append(t)
                if t != 0 && t != p - 1 { stable = false }
            }
            primes.append(prime)
            multiplyAdd(&modulusLimbs, prime.p, 0)
            let beyondBound = bitLength(modulusLimbs) > boundBits + 1
            if stable || beyondBound {
                let modulus = BigInt(negative: false, limbs: modulusLimbs)
                let values = (0..<valueCount).map { v in
                    value(stride(from: v, to: digits.count, by: valueCount).map { digits[$0] }, primes, modulus)
                }
                let d = values[0], x = Array(values.dropFirst())
                if !d.isZero, verify(m, n: n, k: k, d: d, x: x, modulusBits: bitLength(modulusLimbs)) {
                    return (d, x, primes, detResidues)
                }
            }
            // Past the bound the images determine d = det A and X̃ = adj(A)·B, which satisfy the
            // check; failing it there would be a bug, and the exact fallback takes over.
            if beyondBound { return nil }
        }
    }

    /// The integer v with |v| ≤ M/2 whose mixed-radix digits are `digits` (M odd, so the
    /// symmetric range (−M/2, M/2) holds exactly one value per class).
    static func value(_ digits: [UInt64], _ primes: [PrimeModulus], _ modulus: BigInt) -> BigInt {
        // u = c₀ + p₀(c₁ + p₁(c₂ + …)) ∈ [0, M) by Horner from the top digit, in place on limbs.
        var limbs: [UInt64] = [digits.last ?? 0]
        for j in stride(from: digits.count - 2, through: 0, by: -1) { multiplyAdd(&limbs, primes[j].p, digits[j]) }
        let u = BigInt(negative: false, limbs: limbs)
        return u << 1 > modulus ? u - modulus : u
    }

    /// a ← a·m + c in place on little-endian limbs.
    static func multiplyAdd(_ a: inout [UInt64], _ m: UInt64, _ c: UInt64) {
        var carry = c
        a.withUnsafeMutableBufferPointer { a in
            for i in a.indices {
                // a[i]·m + carry < 2¹²⁸, as one 128-bit value (no flag becomes a branch).
                let t = UInt128(a[i]) &* UInt128(m) &+ UInt128(carry)
                a[i] = UInt64(truncatingIfNeeded: t)
                carry = UInt64(truncatingIfNeeded: t >> 64)
            }
        }
        if carry != 0 { a.append(carry) }
    }

    /// ⌈log₂⌉ of the Hadamard bound Π‖rowᵢ‖₂ over the rows of [A | B]: a bound on |det| of every
    /// n×n matrix formed from n of its columns, hence on |d| and on every entry of adj(A)·B.
    static func hadamardBits(_ m: [BigInt], n: Int, width: Int) -> Int {
        // ‖row‖₂ ≤ √width · max|entry| < √width · 2^(max bit length).
        var bits = 0
        for i in 0..<n {
            bits += m[(i * width)..<((i + 1) * width)].map(\.bitLength).max() ?? 0
        }
        let halfLogWidth = (Double(width).squareRoot()).exponent + 1  // ≥ log₂ √width
        return bits + n * halfLogWidth
    }

    /// Solves A·Y = B in 𝔽ₚ (in place on the residues of [A | B]) and returns d ≡ det A and
    /// X̃ ≡ d·Y; `nil` when det A ≡ 0 (mod p).
    ///
    /// Crout's left-looking LU factorisation P·A = L·U (first non-zero pivot), carried along the
    /// columns of B, then back substitution. Every entry is finished by one dot product
    ///   uᵢⱼ = aᵢⱼ − Σ_{t<i} lᵢₜ·uₜⱼ  (row i of U),   lᵢc·u_cc = aᵢc − Σ_{t<c} lᵢₜ·uₜc  (column c of L),
    /// accumulated exactly (products < p² < 2¹²⁴ summed in 128 bits with a carry count) and
    /// reduced once: one word product and three additions per term, against three products for a
    /// right-looking update reduced at every term. U is mirrored column-wise (`ut`) so that both
    /// factors of every dot product are contiguous.
    ///
    /// Work: about n³/3 + n²k word products, n(n + k) reductions and n modular inverses.
    static func solveModulo(
        _ prime: PrimeModulus, _ residues: inout [UInt64], n: Int, k: Int
    ) -> (d: UInt64, x: [UInt64])? {
        let width = n + k
        var det: UInt64 = 1
        var pivotInverses = [UInt64](repeating: 0, count: n)
        var ut = [UInt64](repeating: 0, count: width * n)  // ut[j·n + t] = u_tj for t < min(j, n)
        // (Σ aₜ·bₜ) mod p over t in 0..<count, exactly: the 128-bit sum wraps at most count < p
        // times, counted in `carries`, so (carries, high, low) reduces in two steps.
        @inline(__always)
        func dot(_ a: UnsafeMutablePointer<UInt64>, _ b: UnsafeMutablePointer<UInt64>, _ count: Int) -> UInt64 {
            var sum: UInt128 = 0
            var carries: UInt64 = 0
            for t in 0..<count {
                let (s, o) = sum.addingReportingOverflow(UInt128(a[t]) &* UInt128(b[t]))
                sum = s
                carries &+= o ? 1 : 0
            }
            let high = UInt64(truncatingIfNeeded: sum >> 64), low = UInt64(truncatingIfNeeded: sum)
            return prime.reduce(prime.reduce(carries, high), low)
        }
        let singular = residues.withUnsafeMutableBufferPointer { buffer -> Bool in
            ut.withUnsafeMutableBufferPointer { utBuffer -> Bool in
                let a = buffer.baseAddress!, u = utBuffer.baseAddress!
                for c in 0..<n {
                    // Column c of the Schur complement, rows c…n−1: aᵢc − Σ_{t<c} lᵢₜ·uₜc.
                    var r = -1
                    for i in c..<n {
                        let v = prime.subtract(a[i * width + c], dot(a + i * width, u + c * n, c))
                        a[i * width + c] = v
                        if r < 0 && v != 0 { r = i }
                    }
                    if r < 0 { return true }
                    if r != c {
                        // Whole rows: the multipliers lᵣₜ travel with their row (P·A = L·U).
                        for j in 0..<width { swap(&a[r * width + j], &a[c * width + j]) }
                        det = prime.negate(det)
                    }
                    let pivot = a[c * width + c]
                    det = prime.multiply(det, pivot)
                    guard let inverse = prime.inverse(pivot) else { return true }  // pivot ≠ 0: never taken
                    pivotInverses[c] = inverse
                    // Row c of U right of the pivot: u_cj = a_cj − Σ_{t<c} l_ct·uₜⱼ.
                    u[c * n + c] = pivot
                    for j in (c + 1)..<width {
                        let v = prime.subtract(a[c * width + j], dot(a + c * width, u + j * n, c))
                        a[c * width + j] = v
                        u[j * n + c] = v
                    }
                    // The multipliers lᵢc = aᵢc / u_cc below the pivot (Shoup products).
                    let inverseShoup = prime.shoupFactor(inverse)
                    for i in (c + 1)..<n {
                        a[i * width + c] = prime.multiply(inverse, shoup: inverseShoup, a[i * width + c])
                    }
                }
                return false
            }
        }
        if singular { return nil }
        // Back substitution yᵢ = (b'ᵢ − Σ_{j>i} uᵢⱼ yⱼ)/uᵢᵢ per column of B (Y column-major in `y`,
        // so the sums are contiguous dot products too), then x̃ = d·y.
        var y = [UInt64](repeating: 0, count: n)
        var x = [UInt64](repeating: 0, count: n * k)
        residues.withUnsafeMutableBufferPointer { buffer in
            y.withUnsafeMutableBufferPointer { yBuffer in
                let a = buffer.baseAddress!, yp = yBuffer.baseAddress!
                for column in 0..<k {
                    for i in stride(from: n - 1, through: 0, by: -1) {
                        let s = prime.subtract(
                            a[i * width + n + column], dot(a + i * width + i + 1, yp + i + 1, n - 1 - i))
                        yp[i] = prime.multiply(s, pivotInverses[i])
                    }
                    for i in 0..<n { x[i * k + column] = prime.multiply(yp[i], det) }
                }
            }
        }
        return (det, x)
    }

    /// A candidate (D, X̃ = D·Y) for Y given modulo M by its residues `ys` in [0, M): the first
    /// entry's fraction N/D by rational reconstruction, then each entry's D·y mod M in the
    /// symmetric range, kept when it is short and otherwise reconstructed in turn (its denominator
    /// D′ joins D, and the earlier numerators are scaled by D′). Every candidate satisfies
    /// X̃ ≡ D·Y (mod M), so the exact check `verify` applies; `nil` when D outgrows 2^(h + 1 −
    /// `slack`), h = ⌊(bits(M) − 1)/2⌋ (with slack > 0 a garbage fraction, whose D is near 2^h, is
    /// dropped after one reconstruction, at the price of a true one that is near that bound).
    ///
    /// Work: usually one half extended Euclid on numbers of M's size and nk products mod M.
    static func commonDenominatorCandidate(
        _ ys: [BigInt], _ modulus: BigInt, slack: Int
    ) -> (d: BigInt, x: [BigInt])? {
        let halfBits = (modulus.bitLength - 1) / 2
        var d = BigInt.one
        var x: [BigInt] = []
        x.reserveCapacity(ys.count)
        for y in ys {
            var z = d * y % modulus
            if z << 1 > modulus { z -= modulus }
            if z.bitLength <= halfBits {
                x.append(z)
                continue
            }
            // N′ ≡ D′·(D·y) (mod M): the new entry is N′ over D·D′, the earlier ones scale by D′.
            guard let (numerator, denominator) = rationalReconstruction(z.isNegative ? z + modulus : z, modulus)
            else { return nil }
            d *= denominator
            if d.bitLength > halfBits + 1 - slack { return nil }
            for index in x.indices { x[index] *= denominator }
            x.append(numerator)
        }
        return (d, x)
    }

    /// N/D with N ≡ D·u (mod M), |N| < 2^h and 0 < D for h = ⌊(bits(M) − 1)/2⌋: the extended
    /// Euclidean algorithm on (M, u) stopped at the first remainder below 2^h (Wang's rational
    /// reconstruction; the invariant rᵢ ≡ tᵢ·u (mod M) gives N = rᵢ, D = tᵢ up to sign). The
    /// fraction is the unique one with |N|, D < √(M/2) when such exists; otherwise it is just a
    /// candidate, which the caller's exact check decides. `nil` when D would be 0.
    static func rationalReconstruction(_ u: BigInt, _ modulus: BigInt) -> (BigInt, BigInt)? {
        let halfBits = (modulus.bitLength - 1) / 2
        var (r0, r1) = (modulus, u)
        var (t0, t1) = (BigInt.zero, BigInt.one)
        while r1.bitLength > halfBits {
            guard let (q, r) = try? r0.quotientAndRemainder(dividingBy: r1) else { return nil }
            (r0, r1) = (r1, r)
            (t0, t1) = (t1, t0 - q * t1)
        }
        if t1.isZero { return nil }
        return t1.isNegative ? (-r1, -t1) : (r1, t1)
    }

    /// The bit length of the little-endian limbs `a` (normalised: no high zero limb).
    static func bitLength(_ a: [UInt64]) -> Int {
        a.isEmpty ? 0 : a.count * 64 - a[a.count - 1].leadingZeroBitCount
    }

    /// Whether A·X̃ = d·B exactly, given that A·X̃ ≡ d·B (mod M) for an odd M with `modulusBits`
    /// bits (the candidate reconstructs the images of every prime used, and each image satisfies
    /// the system mod its prime).
    ///
    /// Each entry e = Σⱼ aᵢⱼx̃ⱼ − d·bᵢ has |e| ≤ (n + 1)·2^(α + β) ≤ 2^R, R = α + β +
    /// bitlen(n), with α, β the largest bit lengths of the entries of [A | B] and of (d, X̃). If also e
    /// ≡ 0 (mod 2^(64L)), then, M being odd, M·2^(64L) divides e; and |e| < 2^R ≤ 2^(bits − 1 + 64L) ≤
    /// M·2^(64L) leaves e = 0. So e is computed modulo 2^(64L) only, with L the least limb count (≥ 1)
    /// that satisfies R ≤ bits − 1 + 64L: the terms are summed by sign into two L-limb accumulators P,
    /// N (truncated products), and the check is P = N. With `modulusBits` = 0 (M = 1, nothing known)
    /// this is the full exact comparison.
    static func verify(_ m: [BigInt], n: Int, k: Int, d: BigInt, x: [BigInt], modulusBits: Int) -> Bool {
        let width = n + k
        let alpha = m.map(\.bitLength).max() ?? 0
        let beta = (x + [d]).map(\.bitLength).max() ?? 0
        let R = alpha + beta + (Int.bitWidth - n.leadingZeroBitCount)
        let L = Swift.max(1, (R - (modulusBits - 1) + 63) / 64)
        var positive = [UInt64](repeating: 0, count: L), negative = positive
        for i in 0..<n {
            for column in 0..<k {
                for index in positive.indices {
                    positive[index] = 0
                    negative[index] = 0
                }
                func add(_ a: BigInt, _ b: BigInt, negated: Bool) {
                    if a.isZero || b.isZero { return }
                    if (a.isNegative != b.isNegative) != negated {
                        addProduct(&negative, a.limbs, b.limbs)
                    } else {
                        addProduct(&positive, a.limbs, b.limbs)
                    }
                }
                for j in 0..<n { add(m[i * width + j], x[j * k + column], negated: false) }
                add(d, m[i * width + n + column], negated: true)
                if positive != negative { return false }
            }
        }
        return true
    }

    /// acc ← (acc + a·b) mod 2^(64·acc.count) (schoolbook, products truncated to acc's length).
    static func addProduct(_ acc: inout [UInt64], _ a: [UInt64], _ b: [UInt64]) {
        acc.withUnsafeMutableBufferPointer { acc in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    let length = acc.count
                    for i in 0..<Swift.min(a.count, length) {
                        var carry: UInt64 = 0
                        let ai = a[i]
                        for j in 0..<Swift.min(b.count, length - i) {
                            // ai·bj + acc + carry ≤ 2¹²⁸ − 1, as one 128-bit value.
                            let t = UInt128(ai) &* UInt128(b[j]) &+ UInt128(acc[i + j]) &+ UInt128(carry)
                            acc[i + j] = UInt64(truncatingIfNeeded: t)
                            carry = UInt64(truncatingIfNeeded: t >> 64)
                        }
                        var position = i + b.count
                        while carry != 0 && position < length {
                            let (s, c) = acc[position].addingReportingOverflow(carry)
                            acc[position] = s
                            carry = c ? 1 : 0
                            position += 1
                        }
                    }
                }
            }
        }
    }
}
