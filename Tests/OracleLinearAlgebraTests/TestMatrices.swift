import Foundation
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport
import Testing
import OracleRandom

// Seeded test matrices with chosen condition numbers, and the norms used by the error bounds.

/// The unit roundoff of `Double`, u = 2⁻⁵³.
let unitRoundoff = 0x1p-53

/// The condition numbers the comparisons sweep: well-conditioned to nearly singular in `Double`.
let conditionNumbers: [Double] = [1e1, 1e4, 1e8, 1e12]

/// The sizes the comparisons sweep.
let sizes = Array(1...12)

/// A uniform draw in [−1, 1).
func uniform(_ g: inout SplitMix64) -> Double {
    Double(g.next() >> 11) * 0x1p-52 - 1
}

/// A random n×n orthogonal matrix: the product of n Householder reflections I − 2vvᵀ/vᵀv with
/// random v (orthogonal to within a few ulps; exactly orthogonal matrices are not representable).
func randomOrthogonal(_ n: Int, _ g: inout SplitMix64) -> Matrix<Double> {
    var q = Matrix<Double>.identity(n)
    for _ in 0..<n {
        let v = (0..<n).map { _ in uniform(&g) }
        let vv = v.reduce(0) { $0 + $1 * $1 }
        guard vv > 0 else { continue }
        let h = Matrix<Double>(rows: n, columns: n) { i, j in (i == j ? 1 : 0) - 2 * v[i] * v[j] / vv }
        q = try! h * q
    }
    return q
}

/// Singular values σ₁ = 1 ≥ … ≥ σₙ = 1/κ, geometrically spaced (σ = [1] for n = 1).
func spectrum(_ n: Int, condition kappa: Double) -> [Double] {
    n == 1 ? [1] : (0..<n).map { Foundation.pow(kappa, -Double($0) / Double(n - 1)) }
}

/// Q·diag(σ)·Qᵀ, made exactly symmetric by copying the upper triangle (a perturbation of
/// relative size ~u, which changes κ by a factor 1 + O(u·κ) ≤ 1 + 1e-4 for κ ≤ 1e12).
func symmetricPositiveDefinite(_ n: Int, condition kappa: Double, seed: UInt64) -> Matrix<Double> {
    var g = SplitMix64(seed: seed)
    let q = randomOrthogonal(n, &g)
    let a = try! (q * Matrix.diagonal(spectrum(n, condition: kappa))) * q.transposed
    return Matrix(rows: n, columns: n) { i, j in i <= j ? a[i, j] : a[j, i] }
}

/// U·diag(σ)·Vᵀ with independent random orthogonal U, V: a general matrix with κ₂ ≈ κ.
func general(_ rows: Int, _ columns: Int, condition kappa: Double, seed: UInt64) -> Matrix<Double> {
    var g = SplitMix64(seed: seed)
    let u = randomOrthogonal(rows, &g)
    let v = randomOrthogonal(columns, &g)
    let k = min(rows, columns)
    let s = spectrum(k, condition: kappa)
    let sigma = Matrix<Double>(rows: rows, columns: columns) { i, j in i == j && i < k ? s[i] : 0 }
    return try! (u * sigma) * v.transposed
}

/// A random vector with entries in [−1, 1).
func randomVector(_ n: Int, seed: UInt64) -> [Double] {
    var g = SplitMix64(seed: seed)
    return (0..<n).map { _ in uniform(&g) }
}

/// ‖v‖₂ (plain, for error measurement).
func norm2(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

/// ‖u − v‖₂ / ‖v‖₂.
func relativeDistance(_ u: [Double], _ v: [Double]) -> Double {
    norm2(zip(u, v).map { $0 - $1 }) / norm2(v)
}

/// The Frobenius norm ‖A‖_F.
func frobenius(_ a: Matrix<Double>) -> Double { norm2(a.entries) }

/// ‖A − B‖_F / ‖B‖_F.
func relativeDistance(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Double {
    relativeDistance(a.entries, b.entries)
}

/// A `[[Double]]` row array, the form GSLReference takes.
func rowArrays(_ a: Matrix<Double>) -> [[Double]] { (0..<a.rows).map(a.row) }

/// The worst error seen over a sweep, and the worst ratio of error to its bound.
struct WorstError {
    let routine: String
    let condition: Double
    var observed = 0.0
    var ratio = 0.0

    init(_ routine: String, condition: Double) {
        self.routine = routine
        self.condition = condition
    }

    /// Records one observation and checks it against its bound.
    mutating func record(_ error: Double, bound: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        expectWithin(
            error: error, bound: bound, "forward-error bound of \(routine) at κ = \(condition)",
            sourceLocation: sourceLocation)
        observed = max(observed, error)
        ratio = max(ratio, error / bound)
    }

    /// Prints the worst error (lines start with `[worst]` so they can be collected from the log).
    func report() {
        print("[worst] \(routine) κ=\(condition): max error \(observed), max error/bound \(ratio)")
    }
}

// MARK: - Exact matrices

/// The Hilbert matrix Hᵢⱼ = 1/(i + j + 1) (0-based) over the rationals.
func hilbert(_ n: Int) -> Matrix<Rational> {
    Matrix(rows: n, columns: n) { i, j in Rational(1) / Rational(i + j + 1) }
}

/// n! as a BigInt, by repeated multiplication.
func factorial(_ n: Int) -> BigInt {
    (1...max(n, 1)).reduce(BigInt(1)) { $0 * BigInt($1) }
}

/// det Hₙ = cₙ⁴ / c₂ₙ with cₙ = ∏_{i=1}^{n−1} i! (Hilbert 1894; Choi 1983), from BigInt factorials.
func hilbertDeterminant(_ n: Int) throws -> Rational {
    func c(_ n: Int) -> BigInt { (1..<max(n, 1)).reduce(BigInt(1)) { $0 * factorial($1) } }
    let cn = c(n)
    return try Rational(numerator: cn * cn * cn * cn, denominator: c(2 * n))
}

/// A right-hand side with small distinct rationals, bᵢ = (i + 1)/(i + 2) · (−1)ⁱ.
func rationalVector(_ n: Int) -> [Rational] {
    (0..<n).map { i in Rational(i % 2 == 0 ? i + 1 : -(i + 1)) / Rational(i + 2) }
}
