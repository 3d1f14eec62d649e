import OracleArithmetic
import OracleLinearAlgebra
import OracleRandom

/// `latent-oracle bench arithmetic-solve-scaling`: the exact solve A·x = b and det A over ℚ at
/// n = 11, 20, 40 and 80, for `scripts/bench`, which times FLINT's `fmpq_mat` (python-flint) on the
/// same systems in the same run.
///
/// Designs (the peer builds the same ones; SplitMix64 is the specified generator of
/// `Fixtures/README.md`), for seed 1000 + n:
/// - `integer`: entries of A and b uniform integers in [−2²⁰, 2²⁰), next() mod 2²¹ − 2²⁰, row by
///   row, A first;
/// - `decimal`: the same draws divided by 10⁶ (six-decimal data, as read from a CSV);
/// - `polynomial`: the normal equations XᵀX, Xᵀy of the degree-(n − 1) Vandermonde matrix X at
///   2n points xₖ = (k + 1)/(2n), with yₖ = (k² mod 7)/8.
///
/// Measurements per design and n: `{design}_{n}_solve_seconds` (`Bareiss.solve`: multi-modular
/// with an exact check), `{design}_{n}_det_seconds` (`Bareiss.determinant`), and checksums
/// `{design}_{n}_x_mod_q` = Σᵢ (i + 1)·(xᵢ mod q) mod q and `{design}_{n}_det_mod_q` for
/// q = 2³¹ − 1, which the script compares with FLINT's answers.
public struct ArithmeticSolveScalingKernel: RepeatedBenchmarkKernel {
    public let name = "arithmetic-solve-scaling"
    public let summary = "exact solve and determinant at n = 11, 20, 40, 80 (integer, decimal, polynomial) vs FLINT"
    public init() {}

    public static let sizes = [11, 20, 40, 80]
    public static let designs = ["integer", "decimal", "polynomial"]

    static func system(_ design: String, n: Int) -> (a: Matrix<Rational>, b: [Rational]) {
        if design == "polynomial" {
            let points = 2 * n
            let xs = (0..<points).map { Rational($0 + 1) / Rational(points) }
            let ys = (0..<points).map { Rational(($0 * $0) % 7) / Rational(8) }
            let powers = xs.map { x in
                var row: [Rational] = [.one]
                for _ in 1..<(2 * n - 1) { row.append(row.last! * x) }
                return row
            }
            let sums = (0..<(2 * n - 1)).map { m in powers.reduce(Rational.zero) { $0 + $1[m] } }
            let a = Matrix<Rational>(rows: n, columns: n) { i, j in sums[i + j] }
            let b = (0..<n).map { i in (0..<points).reduce(Rational.zero) { $0 + powers[$1][i] * ys[$1] } }
            return (a, b)
        }
        var generator = SplitMix64(seed: UInt64(1000 + n))
        let scale = Rational(design == "decimal" ? 1_000_000 : 1)
        func draw() -> Rational {
            Rational(Int(generator.next() % (1 << 21)) - (1 << 20)) / scale
        }
        var entries: [Rational] = []
        for _ in 0..<(n * n) { entries.append(draw()) }
        let a = Matrix<Rational>(rows: n, columns: n) { i, j in entries[i * n + j] }
        let b = (0..<n).map { _ in draw() }
        return (a, b)
    }

    public func run(repetitions: Int) throws -> [(key: String, value: Double)] {
        let q = PrimeModulus(prime: 2_147_483_647)!
        func residue(_ r: Rational) -> UInt64 {
            q.multiply(q.residue(r.numerator), q.inverse(q.residue(r.denominator)) ?? 0)
        }
        var report: [(key: String, value: Double)] = []
        for design in Self.designs {
            for n in Self.sizes {
                let (a, b) = Self.system(design, n: n)
                var x: [Rational] = []
                let solve = try minimumSeconds(repetitions: repetitions) { x = try Bareiss.solve(a, b) }
                var det = Rational.zero
                let determinant = try minimumSeconds(repetitions: repetitions) { det = try Bareiss.determinant(a) }
                guard try a * x == b else { throw ArithmeticBenchmarkError("\(design) n = \(n): A·x ≠ b") }
                let checksum = x.enumerated().reduce(UInt64(0)) { sum, item in
                    (sum + UInt64(item.offset + 1) * residue(item.element)) % 2_147_483_647
                }
                report.append(("\(design)_\(n)_solve_seconds", solve))
                report.append(("\(design)_\(n)_det_seconds", determinant))
                report.append(("\(design)_\(n)_x_mod_q", Double(checksum)))
                report.append(("\(design)_\(n)_det_mod_q", Double(residue(det))))
            }
        }
        return report
    }
}
