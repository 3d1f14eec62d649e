/// Why a probability vector was refused by `SplitMix64.categorical(probabilities:)`.
public enum CategoricalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The vector has no entries.
    case empty
    /// Entry `index` is NaN or infinite.
    case nonFiniteProbability(index: Int, value: Double)
    /// Entry `index` is negative.
    case negativeProbability(index: Int, value: Double)
    /// The left-to-right sum differs from 1 by more than `SplitMix64.categoricalSumTolerance`.
    case sumNotOne(sum: Double)

    public var description: String {
        switch self {
        case .empty:
            return "categorical: the probability vector is empty"
        case .nonFiniteProbability(let index, let value):
            return "categorical: probability \(index) is \(value), not a finite number"
        case .negativeProbability(let index, let value):
            return "categorical: probability \(index) is \(value), which is negative"
        case .sumNotOne(let sum):
            return "categorical: the probabilities sum to \(sum), not 1 (within \(SplitMix64.categoricalSumTolerance))"
        }
    }
}

/// The specified categorical sampler (`Proofs/01-randomness.md`, RNG-5).
extension SplitMix64 {
    /// The largest accepted |Σ pᵢ − 1| (the sum taken left to right in `Double`): 1e−12 admits
    /// the rounding of probabilities written to 16 significant digits for k up to ~10⁴ categories
    /// and still refuses any vector that is not meant to be normalised.
    public static let categoricalSumTolerance: Double = 1e-12

    /// An index i drawn with probability `probabilities[i]`, consuming exactly one word:
    ///
    ///     u = uniform();  c = 0
    ///     for i = 0, 1, …, k − 1:  c = c + pᵢ  (rounded);  if u < c return i
    ///     return the last i with pᵢ > 0        (only reached when rounding leaves c ≤ u)
    ///
    /// Validation comes first and consumes nothing: the vector must be non-empty, every entry
    /// finite and ≥ 0, and the left-to-right sum within `categoricalSumTolerance` of 1.
    ///
    /// **Edge Cases:** a category with pᵢ = 0 is never returned (c does not grow past it, so
    /// `u < c` already failed at i − 1 or holds for an earlier index; the fallback skips it).
    ///
    /// - Throws: `CategoricalError`, in the order empty, then per entry (left to right)
    ///   non-finite or negative, then the sum.
    public mutating func categorical(probabilities: [Double]) throws(CategoricalError) -> Int {
        try Self.validateCategorical(probabilities)
        let u = uniform()
        var c = 0.0
        for (i, p) in probabilities.enumerated() {
            c += p
            if u < c { return i }
        }
        // Σ pᵢ rounded may fall below 1 by up to the tolerance, so u can exceed every c;
        // validation guarantees some pᵢ > 0 (the sum is within 1e−12 of 1).
        return probabilities.lastIndex(where: { $0 > 0 })!
    }

    /// Throws the first `CategoricalError` that `probabilities` violates.
    static func validateCategorical(_ probabilities: [Double]) throws(CategoricalError) {
        guard !probabilities.isEmpty else { throw .empty }
        var sum = 0.0
        for (i, p) in probabilities.enumerated() {
            guard p.isFinite else { throw .nonFiniteProbability(index: i, value: p) }
            guard p >= 0 else { throw .negativeProbability(index: i, value: p) }
            sum += p
        }
        guard abs(sum - 1.0) <= categoricalSumTolerance else { throw .sumNotOne(sum: sum) }
    }
}
