import OracleArithmetic

/// Many compensated sums fed in blocks: within a block of at most `blockLength` terms per sum the
/// terms are added plainly into partial sums, and each partial sum is then added to its
/// `NeumaierSum`. For loops that feed hundreds of sums from every data point (the M-step's
/// scatter matrices), this moves the compensation out of the inner loop.
///
/// **Accuracy (`Double`):** each result has |error| ≤ (B − 1)·u·Σᵢ|xᵢ| from the plain partial sums
/// (B = `blockLength`, Higham §4.2) plus the `NeumaierSum` error over the N/B partial sums,
/// 2u·|Σxᵢ| + O((N/B)·u²)·Σ|xᵢ|: so ≲ (B + 1)·u·Σ|xᵢ| however many terms, against
/// (N − 1)·u·Σ|xᵢ| for one plain sum. Exact for exact types.
public struct BlockedCompensatedSums<S: FieldScalar>: Sendable {
    /// B: the most terms per sum that one block may add plainly.
    public static var blockLength: Int { 16 }

    @usableFromInline var totals: [NeumaierSum<S>]
    @usableFromInline var partials: [S]

    /// `count` sums, each 0.
    @inlinable
    public init(count: Int) {
        totals = [NeumaierSum<S>](repeating: NeumaierSum(), count: count)
        partials = [S](repeating: .zero, count: count)
    }

    /// Runs `body` on the partial sums, all 0, for it to add at most `blockLength` terms to each;
    /// then adds each partial sum to its total.
    @inlinable
    public mutating func addBlock(_ body: (UnsafeMutableBufferPointer<S>) throws -> Void) rethrows {
        try partials.withUnsafeMutableBufferPointer { partial in
            for i in partial.indices { partial[i] = .zero }
            try body(partial)
        }
        for i in partials.indices { totals[i].add(partials[i]) }
    }

    /// Runs `body(i, partials)` for i = 0 ..< `count`, where each call adds at most one term to
    /// each partial sum (term i of each sum), in blocks of `blockLength` calls.
    @inlinable
    public mutating func addTerms(count: Int, _ body: (Int, UnsafeMutableBufferPointer<S>) throws -> Void) rethrows {
        for start in stride(from: 0, to: count, by: Self.blockLength) {
            try addBlock { partial in
                for i in start..<Swift.min(count, start + Self.blockLength) { try body(i, partial) }
            }
        }
    }

    /// The compensated sums.
    @inlinable
    public var values: [S] { totals.map(\.value) }
}
