import OracleArithmetic
import OracleLinearAlgebra

/// `latent-oracle bench arithmetic-solve`: the exact solve of the 11×11 normal equations of a
/// degree-10 polynomial fit to 82 points with 15-digit decimal data (the size and digit count of
/// NIST's Filip problem), for `scripts/bench solve` and `linear-gaussian`, which run FLINT and `fractions` on the same
/// system in the same run.
///
/// Measurements:
/// - `solve_seconds`: `Bareiss.solve` (the library's exact solver: multi-modular with an exact
///   check, AR-5), the number compared with Python's Gaussian elimination over `Fraction`.
/// - `elimination_seconds`: the same solve by integer Bareiss elimination (AR-4), for reference.
/// - `rational_gauss_seconds`: the textbook loop Python runs (Gaussian elimination over `Rational`),
///   the like-for-like comparison of the scalar types.
/// - `build_seconds`: parsing the decimals and forming XᵀX, Xᵀy over `Rational`.
/// - `x{i}_mod_q`: xᵢ mod q = 2³¹ − 1 (numerator · denominator⁻¹), and `x{i}_double`: xᵢ correctly
///   rounded; the script checks both against Python's values, a check that the answers are equal.
/// - `solution_bits`, `matrix_bits`: the largest numerator or denominator bit length.
public struct ArithmeticSolveKernel: RepeatedBenchmarkKernel {
    public let name = "arithmetic-solve"
    public let summary = "exact 11×11 normal-equation solve (82 points, 15-digit decimals) vs Python fractions"
    public init() {}

    /// The number of data points and the polynomial degree.
    public static let count = 82, degree = 10

    /// The data as decimal strings, by integer formulas that `scripts/bench` repeats:
    /// Xₖ = 3·10¹⁴ + (73123457123·k² + 987654321·k) mod 6·10¹⁴ and xₖ = −Xₖ/10¹⁴ (15 significant
    /// digits in (−9, −3]); Yₖ = 8·10¹⁴ + (1234567891·k² + 12345·k) mod 1.5·10¹⁴, yₖ = Yₖ/10¹⁵.
    public static func decimalData() -> (x: [String], y: [String]) {
        func digits(_ v: Int, negative: Bool, leadingZero: Bool) -> String {
            let s = String(v)
            let body = leadingZero ? "0." + s : String(s.first!) + "." + s.dropFirst()
            return (negative ? "-" : "") + body
        }
        let xs = (0..<count).map { k in
            digits(
                300_000_000_000_000 + (73_123_457_123 * k * k + 987_654_321 * k) % 600_000_000_000_000,
                negative: true, leadingZero: false)
        }
        let ys = (0..<count).map { k in
            digits(
                800_000_000_000_000 + (1_234_567_891 * k * k + 12_345 * k) % 150_000_000_000_000,
                negative: false, leadingZero: true)
        }
        return (xs, ys)
    }

    /// A = XᵀX and b = Xᵀy for the Vandermonde matrix X of the data, exactly.
    public static func normalEquations() throws -> (a: Matrix<Rational>, b: [Rational]) {
        let (xText, yText) = decimalData()
        let xs = try xText.map { try Rational(decimal: $0) }
        let ys = try yText.map { try Rational(decimal: $0) }
        let n = degree + 1
        let powers = try xs.map { x in try (0...(2 * degree)).map { try x.power($0) } }
        // A depends on i + j only: the 2·degree + 1 power sums Σₖ xₖ^m.
        let sums = (0...(2 * degree)).map { m in powers.reduce(Rational.zero) { $0 + $1[m] } }
        let a = Matrix<Rational>(rows: n, columns: n) { i, j in sums[i + j] }
        let b = (0..<n).map { i in (0..<count).reduce(Rational.zero) { $0 + powers[$1][i] * ys[$1] } }
        return (a, b)
    }

    /// Gaussian elimination over `Rational` with the first non-zero pivot: the loop the Python
    /// side runs over `Fraction`.
    public static func gaussianElimination(_ a: Matrix<Rational>, _ b: [Rational]) throws -> [Rational] {
        let n = b.count
        var m = (0..<n).map { i in (0..<n).map { a[i, $0] } + [b[i]] }
        for c in 0..<n {
            guard let p = (c..<n).first(where: { !m[$0][c].isZero }) else {
                throw LinearAlgebraError.singular(rank: c, size: n)
            }
            m.swapAt(c, p)
            for r in (c + 1)..<n {
                let f = try m[r][c].divided(by: m[c][c])
                if f.isZero { continue }
                for k in c...n { m[r][k] -= f * m[c][k] }
            }
        }
        var x = [Rational](repeating: .zero, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = m[i][n]
            for k in (i + 1)..<n { s -= m[i][k] * x[k] }
            x[i] = try s.divided(by: m[i][i])
        }
        return x
    }

    public func run(repetitions: Int) throws -> [(key: String, value: Double)] {
        var system = try Self.normalEquations()
        let build = try minimumSeconds(repetitions: repetitions) { system = try Self.normalEquations() }
        var x: [Rational] = []
        let solve = try minimumSeconds(repetitions: repetitions) { x = try Bareiss.solve(system.a, system.b) }
        var y: [Rational] = []
        let elimination = try minimumSeconds(repetitions: repetitions) {
            y = try Bareiss.solveByIntegerElimination(
                system.a, Matrix(rows: system.b.count, columns: 1, entries: system.b)
            ).entries
        }
        var z: [Rational] = []
        let gauss = try minimumSeconds(repetitions: repetitions) {
            z = try Self.gaussianElimination(system.a, system.b)
        }
        guard x == y, x == z, try system.a * x == system.b else {
            throw ArithmeticBenchmarkError("the three exact solvers disagree or A·x ≠ b")
        }
        var result: [(key: String, value: Double)] = [
            ("solve_seconds", solve), ("elimination_seconds", elimination),
            ("rational_gauss_seconds", gauss), ("build_seconds", build),
        ]
        let q = PrimeModulus(prime: 2_147_483_647)!
        for (i, xi) in x.enumerated() {
            let residue = q.multiply(q.residue(xi.numerator), q.inverse(q.residue(xi.denominator)) ?? 0)
            result.append(("x\(i)_mod_q", Double(residue)))
            result.append(("x\(i)_double", xi.doubleValue))
        }
        let bits = { (values: [Rational]) in
            values.map { max($0.numerator.bitLength, $0.denominator.bitLength) }.max() ?? 0
        }
        result.append(("solution_bits", Double(bits(x))))
        result.append(("matrix_bits", Double(bits(system.a.entries + system.b))))
        return result
    }
}
