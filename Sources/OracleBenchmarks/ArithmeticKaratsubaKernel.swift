import OracleArithmetic
import OracleRandom

/// `latent-oracle bench karatsuba-threshold`: schoolbook against one Karatsuba level per operand
/// size, the measurement behind `BigInt.karatsubaThreshold` (the smallest limb count at which one
/// Karatsuba level on top of schoolbook halves is faster).
///
/// Measurements, for each limb count L: `schoolbook_{L}_seconds`, `one_level_{L}_seconds`,
/// `default_{L}_seconds` (the library's `*`), per product, minimum over repetitions of a batch.
/// The kernel throws if the three products differ.
public struct ArithmeticKaratsubaKernel: RepeatedBenchmarkKernel {
    public let name = "karatsuba-threshold"
    public let summary = "BigInt schoolbook vs one Karatsuba level by operand size (chooses karatsubaThreshold)"
    public init() {}

    public static let limbCounts = [8, 16, 24, 32, 40, 48, 64, 96, 128, 256, 512]

    public func run(repetitions: Int) throws -> [(key: String, value: Double)] {
        var generator = SplitMix64(seed: 0xBE4C)
        var result: [(key: String, value: Double)] = []
        for limbs in Self.limbCounts {
            let a = BigInt.fullWidth(limbs: limbs, from: &generator)
            let b = BigInt.fullWidth(limbs: limbs, from: &generator)
            let batch = max(2, 200_000 / (limbs * limbs))
            var s = BigInt.zero, k = BigInt.zero, d = BigInt.zero
            let schoolbook = minimumSeconds(repetitions: repetitions) {
                for _ in 0..<batch { s = BigInt._product(a, b, karatsubaThreshold: Int.max) }
            }
            let oneLevel = minimumSeconds(repetitions: repetitions) {
                for _ in 0..<batch { k = BigInt._product(a, b, karatsubaThreshold: limbs) }
            }
            let library = minimumSeconds(repetitions: repetitions) { for _ in 0..<batch { d = a * b } }
            guard s == k, s == d else {
                throw ArithmeticBenchmarkError("Karatsuba and schoolbook products differ at \(limbs) limbs")
            }
            result.append(("schoolbook_\(limbs)_seconds", schoolbook / Double(batch)))
            result.append(("one_level_\(limbs)_seconds", oneLevel / Double(batch)))
            result.append(("default_\(limbs)_seconds", library / Double(batch)))
        }
        return result
    }
}
