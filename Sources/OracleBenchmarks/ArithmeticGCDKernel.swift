import OracleArithmetic
import OracleRandom

/// `latent-oracle bench bigint-gcd`: `BigInt.gcd` of two random operands of L bits with a common
/// factor of L/8 bits (as in the final reductions of an exact solve), per size L; the gcd is what
/// every reduced rational pays for. `scripts/bench gcd` compares it with Python's
/// `math.gcd` on operands built by the same formula.
///
/// Operands: from SplitMix64(seed: 7), limbs in order g (L/512 limbs), a, b (L/64 − L/512 limbs
/// each), top bits set; the operands are g·a and g·b. Measurements: `gcd_{L}_seconds`, and
/// `gcd_{L}_bits` (the bit length of the result, checked by the script).
public struct ArithmeticGCDKernel: RepeatedBenchmarkKernel {
    public let name = "bigint-gcd"
    public let summary = "BigInt.gcd at 1000–20000 bits vs Python math.gcd"
    public init() {}

    public static let sizes = [1024, 4096, 8192, 16384]

    public func run(repetitions: Int) throws -> [(key: String, value: Double)] {
        var generator = SplitMix64(seed: 7)
        var result: [(key: String, value: Double)] = []
        for bits in Self.sizes {
            let g = BigInt.fullWidth(limbs: bits / 512, from: &generator)
            let a = BigInt.fullWidth(limbs: bits / 64 - bits / 512, from: &generator)
            let b = BigInt.fullWidth(limbs: bits / 64 - bits / 512, from: &generator)
            let x = g * a, y = g * b
            var r = BigInt.zero
            let batch = max(1, 2_000_000 / (bits * bits / 4096))
            let seconds = minimumSeconds(repetitions: repetitions) { for _ in 0..<batch { r = BigInt.gcd(x, y) } }
            result.append(("gcd_\(bits)_seconds", seconds / Double(batch)))
            result.append(("gcd_\(bits)_bits", Double(r.bitLength)))
        }
        return result
    }
}
