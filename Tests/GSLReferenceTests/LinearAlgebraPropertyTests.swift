#if canImport(Glibc)
    import Glibc
#endif
import GSLReference
import OracleTestSupport
import Testing
import OracleRandom

/// Seeded random matrices checked against backward-error bounds from the error analyses
/// (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed.), and GSL routines checked
/// against each other. Every seed reproduces its matrix (`SplitMix64`).
@Suite("GSL linear algebra on seeded random matrices")
struct LinearAlgebraPropertyTests {
    static let seeds: [UInt64] = Array(1...12)
    static let epsilon = Double.ulpOfOne / 2  // unit roundoff u

    /// γₖ = k u / (1 − k u) (Higham §3.1).
    static func gamma(_ k: Int) -> Double { Double(k) * epsilon / (1 - Double(k) * epsilon) }

    static func randomMatrix(_ rows: Int, _ columns: Int, _ rng: inout SplitMix64) -> [[Double]] {
        (0..<rows).map { _ in (0..<columns).map { _ in Double.random(in: -1...1, using: &rng) } }
    }

    static func product(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
        a.map { row in b[0].indices.map { j in zip(row, b).reduce(0) { $0 + $1.0 * $1.1[j] } } }
    }

    static func transpose(_ a: [[Double]]) -> [[Double]] { a[0].indices.map { j in a.map { $0[j] } } }

    static func absolute(_ a: [[Double]]) -> [[Double]] { a.map { $0.map(abs) } }

    /// B Bᵀ + shift·I for a random n×n B: symmetric positive definite, exactly symmetric (each
    /// entry's products are summed in the same order).
    static func randomSPD(_ n: Int, shift: Double, _ rng: inout SplitMix64) -> [[Double]] {
        let b = randomMatrix(n, n, &rng)
        var a = product(b, transpose(b))
        for i in 0..<n { a[i][i] += shift }
        return a
    }

    /// n from the seed: sizes 2…8.
    static func order(_ seed: UInt64) -> Int { 2 + Int(seed % 7) }

    @Test("Cholesky: |A − L Lᵀ| ≤ 2γₙ₊₁ |L||Lᵀ| elementwise (Higham Thm 10.3)", arguments: seeds)
    func choleskyBackwardError(_ seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let n = Self.order(seed)
        let a = Self.randomSPD(n, shift: Double(n), &rng)
        let l = try GSL.cholesky(a)
        let llt = Self.product(l, Self.transpose(l))
        let bound = Self.product(Self.absolute(l), Self.transpose(Self.absolute(l)))
        // γₙ₊₁ for GSL's factorisation plus γₙ for forming L Lᵀ here.
        for i in 0..<n {
            for j in 0..<n {
                expectClose(
                    a[i][j], llt[i][j],
                    within: .absolute(
                        2 * Self.gamma(n + 1) * bound[i][j],
                        "Higham Thm 10.3: |A − LLᵀ| ≤ γₙ₊₁|L||Lᵀ| for GSL's factorisation, plus γₙ|L||Lᵀ| for forming "
                            + "LLᵀ here"),
                    "seed \(seed) (\(i),\(j))")
            }
            #expect(l[i][i] > 0)
            for j in (i + 1)..<n { #expect(l[i][j] == 0) }
        }
    }

    @Test("Cholesky log-determinant agrees with log det from LU (two GSL routes)", arguments: seeds)
    func logDeterminantTwoRoutes(_ seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let n = Self.order(seed)
        let a = Self.randomSPD(n, shift: 1, &rng)
        let viaCholesky = try GSL.choleskyLogDeterminant(a)
        let viaLU = log(try GSL.luDeterminant(a))
        // Each route is backward stable, ‖δA‖₂ ≲ 2 n u ‖A‖₂, and δ log det A = tr(A⁻¹ δA) ≤
        // n ‖A⁻¹‖₂ ‖δA‖₂: so each is within 2 n² u κ₂(A); κ₂ from the symmetric eigensolver.
        let values = try GSL.symmetricEigen(a).values
        let kappa = values[0] / values[n - 1]
        let bound = 2 * 2 * Double(n * n) * Self.epsilon * kappa + viaLU.ulp
        expectClose(
            viaCholesky, viaLU,
            within: .absolute(
                bound,
                "each route backward stable, ‖δA‖₂ ≲ 2nu‖A‖₂, and |δ ln det A| = |tr(A⁻¹δA)| ≤ n‖A⁻¹‖₂‖δA‖₂: each "
                    + "within 2n²uκ₂, two routes, plus one ulp for the log"),
            "seed \(seed): \(viaCholesky) vs \(viaLU), κ = \(kappa)")
    }

    static let eigenReason =
        "Householder tridiagonalisation and implicit QL are backward stable, ‖E‖₂ ≤ p(n)·u·‖A‖₂ (Wilkinson; "
        + "Golub & Van Loan §8.3); p(n) = 4n² also covers forming Av here (γₙ‖A‖)"

    @Test("symmetric eigen: ‖A V − V Λ‖ and ‖VᵀV − I‖ at the level of u, Σλ = tr A", arguments: seeds)
    func symmetricEigenResiduals(_ seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let n = Self.order(seed)
        let b = Self.randomMatrix(n, n, &rng)
        let a = (0..<n).map { i in (0..<n).map { j in b[i][j] + b[j][i] } }  // exactly symmetric
        let (values, vectors) = try GSL.symmetricEigen(a)
        let frobenius = a.joined().reduce(0) { $0 + $1 * $1 }.squareRoot()
        // Householder tridiagonalisation + implicit QL is backward stable with ‖E‖₂ ≤ p(n) u ‖A‖₂,
        // p(n) a modest polynomial (Wilkinson; Golub & Van Loan §8.3); we allow p(n) = 4n², which
        // also covers forming A v here (γₙ ‖A‖).
        let tolerance = 4 * Double(n * n) * Self.epsilon * frobenius
        for (lambda, v) in zip(values, vectors) {
            let av = a.map { row in zip(row, v).reduce(0) { $0 + $1.0 * $1.1 } }
            let residual = zip(av, v).map { abs($0 - lambda * $1) }.max() ?? 0
            expectWithin(
                error: residual, bound: tolerance, Self.eigenReason,
                "seed \(seed): residual \(residual) for λ = \(lambda)")
        }
        for i in 0..<n {
            for j in 0..<n {
                let dot = zip(vectors[i], vectors[j]).reduce(0) { $0 + $1.0 * $1.1 }
                expectClose(
                    dot, (i == j ? 1 : 0),
                    within: .absolute(
                        4 * Double(n * n) * Self.epsilon,
                        "the computed V is orthogonal to within p(n)·u with the same p(n) = 4n² as the backward error"),
                    "seed \(seed) v\(i)·v\(j) = \(dot)")
            }
        }
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 >= $1 }, "not in non-increasing order")
        let trace = (0..<n).reduce(0) { $0 + a[$1][$1] }
        expectClose(
            values.reduce(0, +), trace,
            within: .absolute(
                tolerance * Double(n), Self.eigenReason + "; n eigenvalues and the sums add n such errors"))
    }

    @Test("LU solve and inverse of diagonally dominant matrices (κ∞ ≤ 3)", arguments: seeds)
    func luDiagonallyDominant(_ seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let n = Self.order(seed)
        var a = Self.randomMatrix(n, n, &rng)
        for i in 0..<n { a[i][i] += Double(2 * n) }
        let x = (0..<n).map { _ in Double.random(in: -1...1, using: &rng) }
        let b = a.map { row in zip(row, x).reduce(0) { $0 + $1.0 * $1.1 } }
        // Row diagonal dominance with margin n: ‖A‖∞ ≤ 3n, ‖A⁻¹‖∞ ≤ 1/n, so κ∞ ≤ 3, and partial
        // pivoting's growth factor is ≤ 2. Backward error γ₃ₙ |L||U| (Higham Thm 9.4) ≲ 3n u · 2n ‖A‖
        // plus the rounding of b (γₙ): forward error ≤ κ∞ (6n² + n) u ‖x‖ ≤ 20 n² u ‖x‖∞.
        let xNorm = x.map(abs).max() ?? 0
        let solved = try GSL.luSolve(a, b)
        let error = zip(solved, x).map { abs($0 - $1) }.max() ?? 0
        expectWithin(
            error: error, bound: 20 * Double(n * n) * Self.epsilon * xNorm,
            "κ∞ ≤ 3 and growth ≤ 2 under row dominance with margin n: backward error γ₃ₙ|L||U| (Higham Thm 9.4) "
                + "plus b's rounding γₙ gives forward error ≤ κ∞(6n² + n)u‖x‖ ≤ 20n²u‖x‖∞",
            "seed \(seed): ‖x̂ − x‖∞ = \(error)")
        // A A⁻¹ = I with the same analysis per column of A⁻¹ (‖A⁻¹‖∞ ≤ 1/n, ‖A‖∞ ≤ 3n).
        let inverse = try GSL.inverse(a)
        let identity = Self.product(a, inverse)
        for i in 0..<n {
            for j in 0..<n {
                expectClose(
                    identity[i][j], (i == j ? 1 : 0),
                    within: .absolute(
                        60 * Double(n * n) * Self.epsilon,
                        "each column of A⁻¹ within 20n²u·‖A⁻¹‖∞ (the solve's analysis, ‖A⁻¹‖∞ ≤ 1/n), times "
                            + "‖A‖∞ ≤ 3n when multiplied back"),
                    "seed \(seed) (\(i),\(j))")
            }
        }
    }

    @Test("least squares: QR and SVD recover x from b = Ax within κ·u·(mn + ‖|A||x|‖/‖b‖)", arguments: seeds)
    func leastSquaresConsistent(_ seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let n = Self.order(seed)
        let m = n + 3
        let a = Self.randomMatrix(m, n, &rng)
        let x = (0..<n).map { _ in Double.random(in: -1...1, using: &rng) }
        let b = a.map { row in zip(row, x).reduce(0) { $0 + $1.0 * $1.1 } }
        let magnitude = a.map { row in zip(row, x).reduce(0) { $0 + abs($1.0 * $1.1) } }
        let ratio = (magnitude.reduce(0) { $0 + $1 * $1 } / b.reduce(0) { $0 + $1 * $1 }).squareRoot()
        let svd = try GSL.leastSquaresSVD(a, b)
        let kappa = svd.singularValues[0] / svd.singularValues[n - 1]
        // A consistent system (zero residual up to rounding b): Householder QR and Golub–Reinsch SVD
        // are backward stable with ‖δA‖ ≲ c m n u ‖A‖ (Higham Thm 20.3), so the forward error is
        // ≲ κ₂ u (c m n + n·ratio) ‖x‖₂, the second term from rounding b. We allow c = 4.
        let xNorm = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let bound = kappa * Self.epsilon * (4 * Double(m * n) + Double(n) * ratio) * xNorm
        let qr = try GSL.leastSquaresQR(a, b)
        for (name, solution) in [("QR", qr), ("SVD", svd.solution)] {
            let error = zip(solution, x).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
            expectWithin(
                error: error, bound: bound,
                "QR and Golub–Reinsch SVD are backward stable, ‖δA‖ ≲ c·m·n·u‖A‖ (Higham Thm 20.3), on a consistent "
                    + "system: forward error ≲ κ₂u(c·m·n + n·ratio)‖x‖₂, the second term from rounding b; c = 4",
                "seed \(seed) \(name): ‖x̂ − x‖ = \(error), bound \(bound), κ = \(kappa)")
        }
    }
}
