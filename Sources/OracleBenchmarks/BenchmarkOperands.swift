import OracleArithmetic
import OracleRandom

extension BigInt {
    /// A positive operand of exactly `limbs` 64-bit limbs (its top bit set), the limbs drawn in
    /// order, least significant first, from `generator`: the operands the arithmetic kernels time.
    static func fullWidth(limbs: Int, from generator: inout SplitMix64) -> BigInt {
        var words = (0..<limbs).map { _ in generator.next() }
        words[limbs - 1] |= 1 << 63
        return BigInt(negative: false, limbs: words)
    }
}
