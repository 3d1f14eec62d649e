/// Arithmetic modulo a fixed prime p < 2⁶², for multi-modular algorithms (see
/// `Bareiss.solve`'s modular path in OracleLinearAlgebra).
///
/// Residues are `UInt64` values in 0..<p. Products are reduced by a 2-by-1 division with a
/// precomputed reciprocal of the normalised modulus (Möller & Granlund 2011), so no operation
/// calls the slow 128-by-64-bit hardware/library division.
///
/// **Edge Cases:** `init?(prime:)` returns `nil` unless p is a prime in 3..<2⁶²; the primality test
/// is deterministic for every 64-bit integer.
public struct PrimeModulus: Sendable, Hashable {
    /// The prime p.
    public let p: UInt64
    /// The shift s with p·2ˢ normalised (top bit set); s ≥ 2 since p < 2⁶².
    @usableFromInline let shift: UInt64
    @usableFromInline let reciprocal: LimbReciprocal

    /// The modulus p, or `nil` if p is not a prime in 3..<2⁶².
    public init?(prime p: UInt64) {
        guard p >= 3, p < 1 << 62, PrimeModulus.isPrime(p) else { return nil }
        self.init(uncheckedPrime: p)
    }

    @usableFromInline
    init(uncheckedPrime p: UInt64) {
        self.p = p
        shift = UInt64(p.leadingZeroBitCount)
        reciprocal = LimbReciprocal(p << shift)
    }

    public static func == (lhs: PrimeModulus, rhs: PrimeModulus) -> Bool { lhs.p == rhs.p }
    public func hash(into hasher: inout Hasher) { hasher.combine(p) }

    /// (u₁·2⁶⁴ + u₀) mod p for u₁ < p.
    @inlinable @inline(__always)
    public func reduce(_ u1: UInt64, _ u0: UInt64) -> UInt64 {
        // (u·2ˢ) mod (p·2ˢ) = (u mod p)·2ˢ; the high limb u₁·2ˢ + ⌊u₀/2⁶⁴⁻ˢ⌋ < p·2ˢ since u₁
        // < p. 2 ≤ s ≤ 63: masking shifts are exact (and skip the over-shift checks of `<<`).
        let high = (u1 &<< shift) | (u0 &>> (64 - shift))
        return reciprocal.divide(high, u0 &<< shift).remainder &>> shift
    }

    /// a·b mod p for residues a, b.
    @inlinable @inline(__always)
    public func multiply(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        return reduce(high, low)
    }

    /// ⌊w·2⁶⁴/p⌋ for a residue w: Shoup's precomputed quotient, for many products w·b with one w.
    @inlinable @inline(__always)
    public func shoupFactor(_ w: UInt64) -> UInt64 {
        // ⌊(w·2ˢ)·2⁶⁴ / (p·2ˢ)⌋ by the reciprocal; w·2ˢ < p·2ˢ, as `divide` needs.
        reciprocal.divide(w &<< shift, 0).quotient
    }

    /// w·b mod p for residues w, b, given w′ = `shoupFactor(w)` (V. Shoup, NTL's MulModPrecon).
    ///
    /// w′·b/2⁶⁴ ≤ wb/p < w′·b/2⁶⁴ + b/2⁶⁴ < w′·b/2⁶⁴ + 1, so q = ⌊w′b/2⁶⁴⌋ is
    /// ⌊wb/p⌋ or one less, and r = wb − qp ∈ [0, 2p) is exact in wrapping 64-bit arithmetic (2p < 2⁶³):
    /// one subtraction.
    @inlinable @inline(__always)
    public func multiply(_ w: UInt64, shoup wPrime: UInt64, _ b: UInt64) -> UInt64 {
        let q = wPrime.multipliedFullWidth(by: b).high
        let r = w &* b &- q &* p
        return wrapIntoRange(r &- p)
    }

    /// a + b mod p for residues a, b.
    @inlinable @inline(__always)
    public func add(_ a: UInt64, _ b: UInt64) -> UInt64 {
        wrapIntoRange(a &+ b &- p)  // a + b − p ∈ [−p, p)
    }

    /// a − b mod p for residues a, b.
    @inlinable @inline(__always)
    public func subtract(_ a: UInt64, _ b: UInt64) -> UInt64 {
        wrapIntoRange(a &- b)  // a − b ∈ (−p, p)
    }

    /// t mod p for t ∈ [−p, p) given as its 64-bit two's complement: t + p when t < 0, else t.
    /// Without a branch (a mask of the sign bit): in eliminations the sign is unpredictable, and
    /// a mispredicted branch costs more than the whole operation. Valid as p < 2⁶² < 2⁶³.
    @inlinable @inline(__always)
    func wrapIntoRange(_ t: UInt64) -> UInt64 {
        t &+ (p & UInt64(bitPattern: Int64(bitPattern: t) >> 63))
    }

    /// −a mod p for a residue a.
    @inlinable public func negate(_ a: UInt64) -> UInt64 { a == 0 ? 0 : p &- a }

    /// a⁻¹ mod p for a non-zero residue a (extended Euclid); `nil` for a = 0.
    public func inverse(_ a: UInt64) -> UInt64? {
        guard a != 0 else { return nil }
        // Invariant: r₀ ≡ t₀·a, r₁ ≡ t₁·a (mod p), with the tᵢ as signed values |tᵢ| ≤ p. The
        // remainders are divided unsigned (measured ~25% faster than signed division here).
        var (r0, r1) = (p, a)
        var (t0, t1) = (Int64(0), Int64(1))
        while r1 != 0 {
            let (q, r) = r0.quotientAndRemainder(dividingBy: r1)
            (r0, r1) = (r1, r)
            // |t₀ − q·t₁| ≤ p < 2⁶²: q·t₁ cannot overflow (Euclid's cofactor bound).
            (t0, t1) = (t1, t0 &- Int64(bitPattern: q) &* t1)
        }
        // r₀ = gcd(a, p) = 1 because p is prime and 0 < a < p.
        return t0 < 0 ? UInt64(t0 + Int64(p)) : UInt64(t0)
    }

    /// x mod p in 0..<p (the non-negative residue, also for negative x).
    public func residue(_ x: BigInt) -> UInt64 {
        let r = x.storage.withUnsafeBufferPointer { limbs -> UInt64 in
            var r: UInt64 = 0
            // Horner in base 2⁶⁴ from the top limb: r ← (r·2⁶⁴ + limb) mod p, r < p throughout.
            for limb in limbs.reversed() { r = reduce(r, limb) }
            return r
        }
        return x.negative ? negate(r) : r
    }

    /// The weights 2⁶⁴ʲ mod p for j in 0..<count, for `residue(_:weights:)`.
    public func limbWeights(count: Int) -> [UInt64] {
        var weights = [UInt64](repeating: 1 % p, count: max(count, 1))
        let base = reduce(1, 0)  // 2⁶⁴ mod p
        for j in weights.indices.dropFirst() { weights[j] = multiply(weights[j - 1], base) }
        return Array(weights.prefix(count))
    }

    /// x mod p in 0..<p, as Σⱼ limbⱼ·(2⁶⁴ʲ mod p) summed exactly in three words and reduced
    /// once: one full multiplication per limb instead of a division. Needs `weights` from
    /// `limbWeights(count:)` with count ≥ the limb count of x, and at most 2⁶³ limbs.
    public func residue(_ x: BigInt, weights: [UInt64]) -> UInt64 {
        // Two independent three-word accumulators (even and odd limbs) halve the carry chain.
        var (a2, a1, a0): (UInt64, UInt64, UInt64) = (0, 0, 0)
        var (b2, b1, b0): (UInt64, UInt64, UInt64) = (0, 0, 0)
        x.storage.withUnsafeBufferPointer { limbs in
            weights.withUnsafeBufferPointer { w in
                @inline(__always)
                func accumulate(_ j: Int, _ c2: inout UInt64, _ c1: inout UInt64, _ c0: inout UInt64) {
                    // Each product is < 2⁶⁴·p < 2¹²⁶, so the top word counts fewer than 2⁶² carries.
                    // As 128-bit sums (add/adc chains, no flag turned into a branch).
                    let product = UInt128(limbs[j]) &* UInt128(w[j])
                    let low = UInt128(c0) &+ (product & UInt128(UInt64.max))
                    c0 = UInt64(truncatingIfNeeded: low)
                    let high = UInt128(c1) &+ (product >> 64) &+ (low >> 64)
                    c1 = UInt64(truncatingIfNeeded: high)
                    c2 &+= UInt64(truncatingIfNeeded: high >> 64)
                }
                var j = 0
                while j + 1 < limbs.count {
                    accumulate(j, &a2, &a1, &a0)
                    accumulate(j + 1, &b2, &b1, &b0)
                    j += 2
                }
                if j < limbs.count { accumulate(j, &a2, &a1, &a0) }
            }
        }
        // a + b in three words (128-bit sums: add/adc).
        let low = UInt128(a0) &+ UInt128(b0)
        let middle = UInt128(a1) &+ UInt128(b1) &+ (low >> 64)
        let s0 = UInt64(truncatingIfNeeded: low), s1 = UInt64(truncatingIfNeeded: middle)
        let s2 = a2 &+ b2 &+ UInt64(truncatingIfNeeded: middle >> 64)
        // high + carry cannot wrap: high ≤ 2⁶² for products below 2¹²⁶. s₂ is at most the number
        // of limbs (< 2⁶¹ < p), so `reduce` applies.
        let r = reduce(reduce(s2, s1), s0)
        return x.negative ? negate(r) : r
    }

    /// The residue r in the symmetric range −p/2 < r ≤ p/2, as a signed integer.
    @inlinable public func symmetric(_ r: UInt64) -> Int64 {
        r > p / 2 ? -Int64(p &- r) : Int64(r)
    }

    /// Whether n is prime: trial division by the primes below 50, then the Miller–Rabin test to
    /// the first twelve prime bases, which has no 64-bit pseudoprime (Sorenson & Webster 2017:
    /// the bases 2…37 are exact below 3.3·10²⁴).
    public static func isPrime(_ n: UInt64) -> Bool {
        let bases: [UInt64] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37]
        if n < 2 { return false }
        for q in bases + [41, 43, 47] {
            if n == q { return true }
            if n % q == 0 { return false }
        }
        if n < 53 * 53 { return true }
        // n − 1 = d·2ʳ with d odd. Products are reduced by full-width division here (n may exceed
        // 2⁶², and primality tests are not on any hot path).
        let r = (n - 1).trailingZeroBitCount
        let d = (n - 1) >> UInt64(r)
        func mulmod(_ a: UInt64, _ b: UInt64) -> UInt64 {
            n.dividingFullWidth(a.multipliedFullWidth(by: b)).remainder
        }
        witness: for a in bases {
            var x: UInt64 = 1, base = a % n, e = d
            while e > 0 {
                if e & 1 == 1 { x = mulmod(x, base) }
                base = mulmod(base, base)
                e >>= 1
            }
            if x == 1 || x == n - 1 { continue }
            for _ in 1..<max(r, 1) {
                x = mulmod(x, x)
                if x == n - 1 { continue witness }
            }
            return false
        }
        return true
    }

    /// The primes below 2⁶² in decreasing order, starting with the largest; the first 256 are
    /// computed once and cached (enough for a product of 15 800 bits). All exceed 2⁶¹ for any
    /// count that fits in memory (the primes near 2⁶² are ~43 apart), so any residue of one is
    /// below twice any other.
    public static func primes(count: Int) -> [PrimeModulus] {
        if count <= cachedPrimes.count { return Array(cachedPrimes.prefix(count)) }
        var result = cachedPrimes
        var candidate = result.last!.p - 2
        while result.count < count {
            if isPrime(candidate) { result.append(PrimeModulus(uncheckedPrime: candidate)) }
            candidate -= 2
        }
        return result
    }

    /// `primes(count: index + 1)[index]`, without copying the cached list (beyond the cache it
    /// searches from the cache's end on every call: ask `primes(count:)` for many at once).
    public static func prime(at index: Int) -> PrimeModulus {
        index < cachedPrimes.count ? cachedPrimes[index] : primes(count: index + 1)[index]
    }

    private static let cachedPrimes: [PrimeModulus] = {
        var result: [PrimeModulus] = []
        var candidate: UInt64 = (1 << 62) - 1
        while result.count < 256 {
            if isPrime(candidate) { result.append(PrimeModulus(uncheckedPrime: candidate)) }
            candidate -= 2
        }
        return result
    }()
}
