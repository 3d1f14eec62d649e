import OracleArithmetic

/// The exact determinant of a square integer matrix from one multi-modular solve and its
/// determinant images, with a proof of the result (the divisor method, as in Abbott, Bronstein &
/// Mulders 1999, "Fast deterministic computation of determinants of dense matrices").
///
/// 1. Solve A·x = b for a fixed pseudo-random right-hand side b with small entries
///    (`DixonSolve` from `Bareiss.dixonMinimumSize` on, else or when it gives up
///    `MultimodularSolve`; both check A·X̃ = d·b exactly):
///    x = X̃/d is the exact solution.
/// 2. s = d / gcd(d, x̃₁, …, x̃ₙ) is the lcm of the reduced denominators of x. By Cramer's rule
///    x = adj(A)·b / det A with adj(A)·b integral, so every reduced denominator divides det A and
///    s | det A: det A = s·q for an integer q with |q| ≤ H/s, H the Hadamard bound of A.
/// 3. For a prime p ∤ s, det A mod p (one elimination of A over 𝔽ₚ, or an image the
///    multi-modular solve computed anyway) gives q ≡ (det A)·s⁻¹ (mod p). Chinese remaindering
///    over primes with product M > 2H/s determines q in the symmetric range. For a random b, s is
///    usually the largest invariant factor of A, det A itself or a small divisor of it, so |q| is
///    tiny and one or two primes suffice; a matrix with a large second invariant factor (normal
///    equations of a polynomial fit) needs about log₂(H/s)/62 of them.
///
/// Work: one solve with one right-hand side (see `DixonSolve`), n gcds on the numbers X̃
/// (stopping at 1), and per further prime the residues of A and an O(n³/3) elimination.
///
/// **Postconditions:** a non-`nil` result is det A exactly. `nil` when det A ≡ 0 modulo the
/// solver's first primes (A singular, or unlucky primes): the caller decides exactly.
enum MultimodularDeterminant {
    /// det A for the row-major n×n integer matrix `a`, or `nil` (see the type's contract).
    static func determinant(_ a: [BigInt], n: Int) -> BigInt? {
        // [A | b] with b from SplitMix64 (seed fixed: the result never depends on b, only the
        // work does), entries in [−2¹⁹, 2¹⁹): small, so the solve's size is set by A.
        let width = n + 1
        var m = [BigInt]()
        m.reserveCapacity(n * width)
        var state: UInt64 = 0x5DE7_E2A1_0000_0001
        for i in 0..<n {
            m.append(contentsOf: a[(i * n)..<((i + 1) * n)])
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            m.append(BigInt(Int(z >> 44) - (1 << 19)))
        }
        // The solve: p-adic lifting from `dixonMinimumSize` on, otherwise (or when it gives up)
        // per-prime elimination, whose determinant images then start the remaindering.
        var d: BigInt, x: [BigInt], primes: [PrimeModulus] = [], detResidues: [UInt64] = []
        if n >= Bareiss.dixonMinimumSize, let solved = DixonSolve.solve(m, n: n) {
            (d, x) = solved
        } else if let solved = MultimodularSolve.solveRecordingDeterminants(m, n: n, k: 1) {
            (d, x, primes, detResidues) = solved
        } else {
            return nil
        }
        // s = d / gcd(d, x̃ⱼ…): the gcd chain stops at 1 (then s = |d|).
        var g = d.magnitude
        for v in x where g != .one { g = BigInt.gcd(g, v) }
        let s = d.magnitude / g
        // |q| ≤ H/s < 2^(hadamardBits − (bitLength(s) − 1)); the symmetric range of M holds
        // it once M > 2^(that + 1).
        let qBits = MultimodularSolve.hadamardBits(a, n: n, width: n) - (s.bitLength - 1) + 1
        // Incremental Chinese remaindering of q over the solve's primes, then fresh ones:
        // q ← q + M·((r − q)·M⁻¹ mod p), M ← M·p (q ∈ [0, M) throughout).
        var q = BigInt.zero, modulus = BigInt.one
        var index = 0
        // The solves took their primes in order and skipped fewer than `unluckyPrimeLimit` of them.
        var fresh = primes.count + MultimodularSolve.unluckyPrimeLimit - 1
        var available = PrimeModulus.primes(count: 64)
        var residues = [UInt64](repeating: 0, count: n * n)
        let limbCount = a.map { $0.limbs.count }.max() ?? 0
        while modulus.bitLength <= qBits {
            let prime: PrimeModulus, detModP: UInt64
            if index < primes.count {
                (prime, detModP) = (primes[index], detResidues[index])
                index += 1
            } else {
                // Doubling the cached list keeps the prime search linear (as in the solve).
                if fresh >= available.count { available = PrimeModulus.primes(count: 2 * fresh) }
                prime = available[fresh]
                fresh += 1
                let weights = prime.limbWeights(count: limbCount)
                for j in 0..<(n * n) { residues[j] = prime.residue(a[j], weights: weights) }
                detModP = MultimodularSolve.solveModulo(prime, &residues, n: n, k: 0)?.d ?? 0
            }
            // p | s is possible only for a fresh prime dividing det A; such a prime is skipped.
            guard let sInverse = prime.inverse(prime.residue(s)) else { continue }
            let r = prime.multiply(detModP, sInverse)
            // M mod p ≠ 0: the primes are distinct (this guard would also skip a repeated one).
            guard let mInverse = prime.inverse(prime.residue(modulus)) else { continue }
            let t = prime.multiply(prime.subtract(r, prime.residue(q)), mInverse)
            q += modulus * BigInt(t)
            modulus *= BigInt(prime.p)
        }
        if q << 1 > modulus { q -= modulus }
        return s * q
    }
}
