import OracleArithmetic
import OracleLinearAlgebra

/// Deterministic starting points for the EM runs of PPCA, factor analysis and their mixtures.
public enum FactorModelStart {
    /// A fixed d×q loading matrix W⁽⁰⁾ with entries ±m, m ∈ {1/4, 1/2, 3/4, 1, 5/4}: entry k (row-major)
    /// has magnitude ((7k mod 5) + 1)/4 and is negative when k ≡ 1 (mod 3). Every entry is exact in
    /// binary64 and non-zero, so the start is reproducible bit for bit and never the zero fixed point.
    /// Throws `LinearAlgebraError.emptyMatrix` when d or q is not positive.
    public static func loadings(d: Int, q: Int) throws(LinearAlgebraError) -> Matrix<Double> {
        guard d > 0, q > 0 else { throw .emptyMatrix }
        var entries: [Double] = []
        entries.reserveCapacity(d * q)
        for k in 0..<(d * q) {
            let magnitude = Double((k * 7) % 5 + 1) / 4
            entries.append(k % 3 == 1 ? -magnitude : magnitude)
        }
        return try Matrix(rows: d, columns: q, entries: entries)
    }
}
