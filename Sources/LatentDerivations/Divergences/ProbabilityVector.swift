import OracleArithmetic

/// The tolerance on |Σₖ qₖ − 1| for inexact scalars (`Double`, `BigFloat`): 1e-12.
///
/// Why this value: a probability vector computed in float64 (a softmax, a normalised count) has
/// |Σ qₖ − 1| ≲ (n + 2)·u with u = 2⁻⁵³ ≈ 1.1e-16, i.e. < 1e-12 for n up to ~9 000 categories;
/// anything further off is a bug (an unnormalised vector), not rounding. Exact scalars
/// (`Rational`) must sum to exactly 1.
public let probabilitySumTolerance: Double = 1e-12

extension Validate {
    /// Throws unless `p` is a probability vector: non-empty, finite, every entry ≥ 0, and
    /// Σ pₖ = 1 exactly (exact scalars) or within `probabilitySumTolerance` (inexact scalars).
    static func probabilityVector<S: FieldScalar>(_ p: [S], _ what: String) throws(ModelInputError) {
        guard !p.isEmpty else { throw .empty(what: what) }
        try finite(p, what)
        for (k, pk) in p.enumerated() where pk < .zero {
            throw .outOfDomain(what: "\(what)[\(k)]", value: pk.description, requirement: "≥ 0")
        }
        var total = S.zero
        for pk in p { total += pk }
        let deviation = (total - .one).absoluteValue
        let ok = S.isExact ? deviation.isZero : deviation.doubleValue <= sumTolerance(S.self, count: p.count)
        guard ok else {
            throw .outOfDomain(
                what: "Σ \(what)", value: total.description,
                requirement: S.isExact ? "= 1 exactly" : "= 1 within \(sumTolerance(S.self, count: p.count))")
        }
    }

    /// `probabilitySumTolerance`, or for a scalar with fewer than 30 significant bits (`Float`)
    /// (K + 2)·2⁻²³: K entries each rounded to float32 (relative 2⁻²⁴) and summed in float32
    /// (K roundings of ≤ 2⁻²⁴ each), doubled.
    static func sumTolerance<S: FieldScalar>(_: S.Type, count: Int) -> Double {
        S.one + S.one / S(1 << 30) == S.one ? Double(count + 2) * 0x1p-23 : probabilitySumTolerance
    }
}
