import Foundation
import Testing
import GSLReference
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport

/// The same generic algorithms instantiated at `Double`, `BigFloat` and `Rational`, each checked
/// against an exact rational reference or a higher-precision one.
@Suite("Generic algorithms per scalar type")
struct ScalarInstantiationTests {
    /// The working precision of the `BigFloat` instantiations, and of their references.
    static let bits = 200
    static let referenceBits = 400

    /// κ_∞(A) = ‖A‖_∞·‖A⁻¹‖_∞ from the exact inverse (rounded to Double once at the end).
    static func conditionInfinity(_ a: Matrix<Rational>) throws -> Double {
        func norm(_ m: Matrix<Rational>) -> Rational {
            (0..<m.rows).map { i in m.row(i).reduce(Rational(0)) { $0 + $1.absoluteValue } }.max() ?? 0
        }
        return (norm(a) * norm(try Bareiss.inverse(a))).doubleValue
    }

    /// Solves Hₙx = b by LU (partial pivoting) over S and returns max|xᵢ − x*ᵢ|/max|x*ᵢ| against the
    /// exact rational solution x*, in Double.
    static func luSolveError<S: FieldScalar>(_ n: Int, _: S.Type, convert: (Rational) -> S) throws -> Double {
        let h = hilbert(n)
        let b = rationalVector(n)
        let exact = try Bareiss.solve(h, b)
        let x = try LUFactorization(h.map(convert)).solve(b.map(convert))
        let scale = exact.map { abs($0.doubleValue) }.max() ?? 1
        // Differences are formed in S (exact for Rational; for BigFloat at its working precision, so
        // errors far below a Double ulp stay visible), then rounded to Double once.
        return zip(x, exact).map { ($0 - convert($1)).absoluteValue.doubleValue }.max().map { $0 / scale } ?? 0
    }

    @Test(
        "LU solve of Hilbert systems: exact over Rational, within κ·n·u over Double and BigFloat",
        arguments: Array(1...10))
    func luPerScalar(n: Int) throws {
        let kappa = try Self.conditionInfinity(hilbert(n))
        // Rational: the solution is exact, so the Double images agree bit for bit.
        #expect(try Self.luSolveError(n, Rational.self) { $0 } == 0)
        // Double: the input rounding (relative u per entry) and the solve's backward error
        // (2n·u·ρ, ρ ≤ 2 observed for Hilbert) both act through κ_∞: ≤ (1 + 4n)·u·κ_∞.
        let doubleError = try Self.luSolveError(n, Double.self) { $0.doubleValue }
        expectWithin(
            error: doubleError, bound: (1 + 4 * Double(n)) * unitRoundoff * kappa,
            "input rounding (u per entry) and the solve's backward error (2n·u·ρ, ρ ≤ 2 observed for Hilbert) "
                + "act through κ∞: ≤ (1 + 4n)·u·κ∞")
        // BigFloat at 200 bits: the same bound with u = 2⁻²⁰⁰ (the exact solution is rounded to 200
        // bits for the comparison, adding ≤ u relative).
        let bigError = try BigFloat.withPrecision(Self.bits) {
            try Self.luSolveError(n, BigFloat.self) { BigFloat($0) }
        }
        expectWithin(
            error: bigError, bound: (2 + 4 * Double(n)) * 0x1p-200 * kappa,
            "the Double bound with u = 2⁻²⁰⁰, plus u for rounding the exact solution to 200 bits for the comparison")
        #expect(bigError > 0 || n == 1, "a 200-bit solve of Hₙ, n ≥ 2, rounds somewhere")
        print("[worst] LU Hilbert n=\(n) κ∞=\(kappa): Double \(doubleError), BigFloat \(bigError)")
    }

    @Test("Cholesky over BigFloat (200 bits) reproduces the exact LDLᵀ of Hilbert matrices", arguments: Array(1...12))
    func choleskyBigFloat(n: Int) throws {
        let h = hilbert(n)
        let ldl = try LDLFactorization(h)
        let kappa = try Self.conditionInfinity(h)
        // Reference at 400 bits: Lᵢⱼ = (L_unit)ᵢⱼ·√dⱼ from the exact LDLᵀ (each value within 1 ulp
        // at 400 bits), and log det Hₙ = log(cₙ⁴/c₂ₙ) from the closed form.
        let (reference, referenceLogDet) = try BigFloat.withPrecision(Self.referenceBits) {
            let roots = try ldl.d.map { try BigFloat.sqrt(BigFloat($0)) }
            let l = Matrix<BigFloat>(rows: n, columns: n) { i, j in BigFloat(ldl.unitLower[i, j]) * roots[j] }
            return (l, try BigFloat.log(BigFloat(try hilbertDeterminant(n))))
        }
        let (factorError, logDetError) = try BigFloat.withPrecision(Self.bits) {
            let c = try CholeskyFactorization(h.map { BigFloat($0) })
            let difference = try c.lower - reference
            let relative =
                (difference.entries.map { $0.absoluteValue }.max() ?? 0)
                / (reference.entries.map { $0.absoluteValue }.max() ?? 1)
            return (relative.doubleValue, (c.logDeterminant - referenceLogDet).absoluteValue.doubleValue)
        }
        // Input rounding (Hᵢⱼ to 200 bits, relative 2⁻²⁰⁰) plus Cholesky's backward error c·n·u with
        // c = 2, through the factor's sensitivity ≤ κ (Sun): ≤ (1 + 2n)·2⁻²⁰⁰·κ_∞·2 (max-norm slack).
        let u200 = 0x1p-200
        expectWithin(
            error: factorError, bound: 2 * (1 + 2 * Double(n)) * u200 * kappa,
            "input rounding (2⁻²⁰⁰ relative) plus Cholesky's backward error c·n·u with c = 2, through the factor's "
                + "sensitivity ≤ κ (Sun): (1 + 2n)·2⁻²⁰⁰·κ∞, times 2 for the max norm")
        // log det: first order tr(A⁻¹ΔA) ≤ n·κ·(1 + 2n)·u, plus n logs at ≤ 1 ulp of |log Lᵢᵢ| each.
        expectWithin(
            error: logDetError, bound: Double(n) * (1 + 2 * Double(n)) * u200 * kappa + 4 * Double(n) * u200 * 200,
            "first order tr(A⁻¹ΔA) ≤ n·κ·(1 + 2n)·u, plus n logs at ≤ 1 ulp of |ln Lᵢᵢ| ≤ 200 each (4n·u·200)")
        print(
            "[worst] Cholesky BigFloat-200 Hilbert n=\(n) κ∞=\(kappa): factor \(factorError), log det "
                + "\(logDetError)")
    }

    @Test(
        "Jacobi eigenvalues over Double (ours and GSL) against Jacobi over BigFloat (200 bits)",
        arguments: conditionNumbers)
    func eigenvaluesAgainstBigFloat(kappa: Double) throws {
        var ours = WorstError("Jacobi Double eigenvalues vs BigFloat-200", condition: kappa)
        var gsl = WorstError("GSL symmv eigenvalues vs BigFloat-200", condition: kappa)
        for n in [2, 5, 8, 12] {
            let a = symmetricPositiveDefinite(n, condition: kappa, seed: UInt64(n) &* 8191)
            // The Double matrix converts exactly to BigFloat, so the reference has the same input.
            let reference = try BigFloat.withPrecision(Self.bits) {
                try SymmetricEigendecomposition(a.map { BigFloat($0) }, tolerance: BigFloat(1e-50)).values.map(
                    \.doubleValue)
            }
            let double = try SymmetricEigendecomposition(a, tolerance: 1e-15).values
            let gslValues = try GSL.symmetricEigen(rowArrays(a)).values
            // Reference error ≤ 1e-50 + c·n·s·2⁻²⁰⁰ (negligible) plus its rounding to Double (u·|λ|).
            // A backward-stable Double method: |λ̂ − λ| ≤ c·n·u·‖A‖₂ with ‖A‖₂ = 1; c = 10 sweeps
            // · √n
            // (Frobenius vs 2-norm), as in the Jacobi–GSL comparison.
            let bound = (1e-15 + 10 * Double(n) * unitRoundoff) * Double(n).squareRoot() + unitRoundoff
            for k in 0..<n {
                ours.record(abs(double[k] - reference[k]), bound: bound)
                gsl.record(abs(gslValues[k] - reference[k]), bound: bound)
            }
        }
        ours.report()
        gsl.report()
    }

    @Test("Householder QR over BigFloat matches the exact normal-equation solution")
    func leastSquaresBigFloat() throws {
        // Cubic fit to tᵢ = i/10, i = 0…9, yᵢ = (i² mod 5)/7: the exact least-squares solution solves
        // AᵀA·x = Aᵀy over the rationals.
        let a = Matrix<Rational>(rows: 10, columns: 4) { i, j in
            (0..<j).reduce(Rational(1)) { p, _ in p * Rational(i) / Rational(10) }
        }
        let y = (0..<10).map { i in Rational((i * i) % 5) / Rational(7) }
        let exact = try Bareiss.solve(try a.transposed * a, try a.transposed * y)
        let kappaNormal = try Self.conditionInfinity(try a.transposed * a)
        let error = try BigFloat.withPrecision(Self.bits) {
            let x = try HouseholderQR(a.map { BigFloat($0) }).leastSquares(y.map { BigFloat($0) })
            return zip(x, exact).map { ($0 - BigFloat($1)).absoluteValue.doubleValue }.max() ?? 0
        }
        // Wedin with u = 2⁻²⁰⁰: ≤ 2·m·n·u·(κ + κ²‖r‖/(‖A‖‖x‖)); κ² ≤ κ_∞(AᵀA)·n,
        // ‖r‖/(‖A‖‖x‖) ≤ 1.
        let scale = exact.map { abs($0.doubleValue) }.max() ?? 1
        expectWithin(
            error: error / scale, bound: 2 * 40 * 0x1p-200 * (kappaNormal * 4 + kappaNormal * 4),
            "Wedin at u = 2⁻²⁰⁰: ≤ 2·m·n·u·(κ + κ²‖r‖/(‖A‖‖x‖)) with m·n = 40, κ² ≤ κ∞(AᵀA)·n and "
                + "‖r‖/(‖A‖‖x‖) ≤ 1")
        expectBelow(error: error / scale, bound: 1e-40, "at u = 2⁻²⁰⁰ the Wedin bound above is far below 1e-40")
        // And the Double instantiation, with u = 2⁻⁵³.
        let xd = try HouseholderQR(a.map(\.doubleValue)).leastSquares(y.map(\.doubleValue))
        let doubleError = zip(xd, exact).map { abs($0 - $1.doubleValue) }.max() ?? 0
        expectWithin(
            error: doubleError / scale,
            bound: 2 * 40 * unitRoundoff * (kappaNormal * 4 + kappaNormal * 4) + unitRoundoff,
            "Wedin at u = 2⁻⁵³ as above, plus u for rounding the exact solution to Double")
        print(
            "[worst] QR cubic fit κ∞(AᵀA)=\(kappaNormal): BigFloat-200 \(error / scale), Double "
                + "\(doubleError / scale)")
    }
}
