import GSLReference
import OracleTestSupport
import Testing

/// GSL linear algebra against matrices with closed-form answers, and bad input thrown as errors.
@Suite("GSL linear algebra")
struct LinearAlgebraTests {
    static func multiply(_ a: [[Double]], _ x: [Double]) -> [Double] {
        a.map { row in zip(row, x).reduce(0) { $0 + $1.0 * $1.1 } }
    }

    // MARK: Least squares

    /// b = 2 + 3t at t = 1…4: an exact fit, x = (2, 3).
    static let line: (a: [[Double]], b: [Double]) = ([[1, 1], [1, 2], [1, 3], [1, 4]], [5, 8, 11, 14])

    @Test("QR least squares: exact fit of a line, and a residual problem with x = (1/3, 1/3)")
    func leastSquaresQR() throws {
        // κ(A) ≈ 5.8 for the line; Householder QR is backward stable with error ~ m n ε κ:
        // 1e-14 ≈ 45 ε allows that with margin.
        let tolerance = Tolerance.absolute(1e-14, "κ ≈ 6, backward-stable QR: ~ mnεκ")
        let x = try GSL.leastSquaresQR(Self.line.a, Self.line.b)
        expectClose(x, [2, 3], within: tolerance, "\(x)")
        // A = [[1,0],[0,1],[1,1]], b = (1,1,0): AᵀA = [[2,1],[1,2]], Aᵀb = (1,1), so x = (1/3, 1/3).
        let residualProblem = try GSL.leastSquaresQR([[1, 0], [0, 1], [1, 1]], [1, 1, 0])
        expectClose(residualProblem, [1.0 / 3, 1.0 / 3], within: tolerance, "\(residualProblem)")
    }

    @Test("SVD least squares: the same solutions, and σ(A) = (√3, 1) for A = [[1,0],[0,1],[1,1]]")
    func leastSquaresSVD() throws {
        let tolerance = Tolerance.absolute(1e-14, "κ ≈ 6, backward-stable SVD: ~ mnεκ")
        let line = try GSL.leastSquaresSVD(Self.line.a, Self.line.b)
        expectClose(line.solution, [2, 3], within: tolerance, "\(line)")
        let result = try GSL.leastSquaresSVD([[1, 0], [0, 1], [1, 1]], [1, 1, 0])
        expectClose(result.solution, [1.0 / 3, 1.0 / 3], within: tolerance, "\(result)")
        // Singular values are perfectly conditioned (|δσ| ≤ ‖δA‖₂): a backward error of a few
        // ε‖A‖ = few · 2.2e-16 · √3.
        let sigmaTolerance = Tolerance.absolute(
            8 * .ulpOfOne * 1.7320508075688772,
            "|δσ| ≤ ‖δA‖ ≈ few ε‖A‖")
        expectClose(result.singularValues, [1.7320508075688772, 1], within: sigmaTolerance, "\(result)")
    }

    @Test("SVD least squares on a rank-deficient matrix gives the minimum-norm solution")
    func leastSquaresSVDRankDeficient() throws {
        // A = 1 1ᵀ (3×2): A x = (x₁ + x₂)·1 = 3·1 has the minimum-norm solution (3/2, 3/2); σ = (√6, 0).
        // GSL computes σ₂ ≈ 1e-16, not 0: the max(m, n) ε σ₁ cut-off must zero it.
        let result = try GSL.leastSquaresSVD([[1, 1], [1, 1], [1, 1]], [3, 3, 3])
        let tolerance = Tolerance.absolute(1e-14, "rank-1 problem, well conditioned on the range of A")
        expectClose(result.solution, [1.5, 1.5], within: tolerance, "\(result)")
        expectClose(
            result.singularValues[0], 2.449489742783178,
            within: Tolerance.absolute(8 * .ulpOfOne * 2.449489742783178, "|δσ| ≤ ‖δA‖"))
        expectWithin(
            error: result.singularValues[1], bound: 3 * .ulpOfOne * result.singularValues[0],
            "σ₂ = 0 exactly; a backward-stable SVD perturbs A by ‖δA‖ ≈ few ε‖A‖ and |δσ| ≤ ‖δA‖ (Weyl)", "σ₂")
    }

    @Test("LU solve of the 5×5 Hilbert matrix (κ₂ ≈ 4.8e5) is accepted and accurate")
    func luSolveIllConditioned() throws {
        // The numerical-singularity check (1/κ₁ < n ε) must not reject a merely ill-conditioned A.
        let h = (0..<5).map { i in (0..<5).map { j in 1 / Double(i + j + 1) } }
        let b = Self.multiply(h, [1, 1, 1, 1, 1])
        let x = try GSL.luSolve(h, b)
        // Forward error ≲ κ₂ · n ε ≈ 4.8e5 · 5 · 2.2e-16 ≈ 5e-10.
        expectClose(x, [1, 1, 1, 1, 1], within: .absolute(1e-9, "κ₂(H₅) ≈ 4.8e5 times n ε"), "\(x)")
    }

    // MARK: Symmetric eigenproblem

    @Test("eigenvalues of [[2,1],[1,2]] are (3, 1) with eigenvectors (1,1)/√2 and (1,−1)/√2")
    func eigenTwoByTwo() throws {
        let (values, vectors) = try GSL.symmetricEigen([[2, 1], [1, 2]])
        // Weyl: |δλ| ≤ ‖δA‖ ≈ few ε‖A‖ = few ε · 3. Eigenvectors move by ‖δA‖/gap, gap = 2.
        let valueTolerance = Tolerance.absolute(8 * .ulpOfOne * 3, "Weyl: |δλ| ≤ ‖δA‖ ≈ few ε‖A‖")
        let vectorTolerance = Tolerance.absolute(8 * .ulpOfOne * 3 / 2, "Davis–Kahan: ‖δv‖ ≲ ‖δA‖/gap")
        expectClose(values, [3, 1], within: valueTolerance, "\(values)")
        let h = 0.7071067811865476  // 1/√2
        // Sign convention: the first entry of largest magnitude is positive.
        expectClose(vectors, [[h, h], [h, -h]], within: vectorTolerance, "\(vectors)")
    }

    @Test("the second-difference matrix has eigenvalues 2 + √2, 2, 2 − √2 and orthonormal eigenvectors")
    func eigenSecondDifference() throws {
        let a: [[Double]] = [[2, -1, 0], [-1, 2, -1], [0, -1, 2]]
        let (values, vectors) = try GSL.symmetricEigen(a)
        let tolerance = Tolerance.absolute(
            8 * .ulpOfOne * 4,
            "Weyl: |δλ| ≤ ‖δA‖ ≈ few ε‖A‖, ‖A‖ < 4")
        expectClose(values, [3.414213562373095, 2, 0.585786437626905], within: tolerance, "\(values)")
        // A second, independent check of the vectors: A v = λ v and vᵢ·vⱼ = δᵢⱼ.
        for (lambda, v) in zip(values, vectors) {
            let av = Self.multiply(a, v)
            expectClose(av, v.map { lambda * $0 }, within: tolerance, "A v ≠ λ v for λ = \(lambda)")
        }
        for i in 0..<3 {
            for j in 0..<3 {
                let dot = zip(vectors[i], vectors[j]).reduce(0) { $0 + $1.0 * $1.1 }
                expectClose(
                    dot, (i == j ? 1 : 0),
                    within: .absolute(
                        16 * .ulpOfOne,
                        "the computed eigenvectors are orthonormal to a few ε for a backward-stable symmetric "
                            + "eigensolver at n = 3, and the 3-term dot product adds ≤ 3 roundings"),
                    "v\(i)·v\(j) = \(dot)")
            }
        }
    }

    // MARK: Cholesky

    @Test("Cholesky of an integer SPD matrix with an integer factor is exact")
    func cholesky() throws {
        // A = L Lᵀ with L = [[2,0,0],[6,1,0],[−8,5,3]]: every intermediate is a small integer and
        // every square root is of a perfect square, so Double arithmetic is exact.
        let a: [[Double]] = [[4, 12, -16], [12, 37, -43], [-16, -43, 98]]
        let l = try GSL.cholesky(a)
        expectClose(
            l, [[2, 0, 0], [6, 1, 0], [-8, 5, 3]], within: .exact("integer data, exact square roots"), "\(l)")
        // log det A = 2 (log 2 + log 1 + log 3) = log 36: three correctly rounded logs, one sum and
        // an exact doubling: ≤ 4 ulps.
        let logDet = try GSL.choleskyLogDeterminant(a)
        expectClose(logDet, 3.58351893845611, within: Tolerance.ulps(4, "sum of 3 rounded logs"), "\(logDet)")
        // [[4,2],[2,3]] = L Lᵀ with L = [[2,0],[1,√2]].
        let small = try GSL.cholesky([[4, 2], [2, 3]])
        expectClose(
            small, [[2, 0], [1, 1.4142135623730951]], within: .ulps(1, "one correctly rounded square root of 2"),
            "\(small)")
    }

    // MARK: LU

    /// A = [[2,1,1],[4,−6,0],[−2,7,2]]: det −16, A (1,1,2) = (5,−2,9),
    /// A⁻¹ = [[3/4,−5/16,−3/8],[1/2,−3/8,−1/4],[−1,1,1]].
    static let lu: [[Double]] = [[2, 1, 1], [4, -6, 0], [-2, 7, 2]]

    @Test("LU solve, determinant and inverse of a known 3×3 matrix")
    func luFamily() throws {
        // κ∞(A) = 16 · 1.9375 = 31; LU with partial pivoting: error ≲ n ε κ · growth ≈ 3 · 31 ε:
        // 1e-13 ≈ 450 ε leaves room for the growth factor.
        let tolerance = Tolerance.absolute(1e-13, "κ∞ ≈ 31, partial pivoting: ~ n ε κ · growth")
        let x = try GSL.luSolve(Self.lu, [5, -2, 9])
        expectClose(x, [1, 1, 2], within: tolerance, "\(x)")
        let det = try GSL.luDeterminant(Self.lu)
        expectClose(
            det, -16,
            within: Tolerance.relative(
                1e-14,
                "product of 3 pivots, each with ~ n ε error"), "\(det)")
        let inverse = try GSL.inverse(Self.lu)
        expectClose(
            inverse, [[0.75, -0.3125, -0.375], [0.5, -0.375, -0.25], [-1, 1, 1]], within: tolerance, "\(inverse)")
        // A singular matrix has determinant 0: that is a value, not an error.
        #expect(try GSL.luDeterminant([[1, 2], [2, 4]]) == 0)
    }

    // MARK: Errors

    /// A call that must throw the given status from the given routine.
    struct FailureCase: CustomTestStringConvertible, Sendable {
        var name: String
        var status: Int32
        var call: @Sendable () throws(GSLError) -> Void
        var testDescription: String { name }
    }

    static let notPositiveDefinite: [[Double]] = [[1, 2], [2, 1]]
    static let singular: [[Double]] = [[1, 2], [2, 4]]
    static let ragged: [[Double]] = [[1, 2], [3]]
    static let nonSquare: [[Double]] = [[1, 2, 3], [4, 5, 6]]
    static let withNaN: [[Double]] = [[1, .nan], [0, 1]]

    static let failures: [FailureCase] = [
        FailureCase(name: "cholesky of [[1,2],[2,1]] (indefinite)", status: GSL.Status.domain) { () throws(GSLError) in
            _ = try GSL.cholesky(notPositiveDefinite)
        },
        FailureCase(name: "choleskyLogDeterminant of an indefinite matrix", status: GSL.Status.domain) {
            () throws(GSLError) in _ = try GSL.choleskyLogDeterminant(notPositiveDefinite)
        },
        FailureCase(name: "cholesky of an asymmetric matrix", status: GSL.Status.invalid) { () throws(GSLError) in
            _ = try GSL.cholesky([[1, 2], [0, 1]])
        },
        FailureCase(name: "symmetricEigen of an asymmetric matrix", status: GSL.Status.invalid) { () throws(GSLError) in
            _ = try GSL.symmetricEigen([[1, 2], [0, 1]])
        },
        // GSL 2.7: LU_decomp succeeds on a singular matrix; LU_solve and LU_invert report GSL_EDOM.
        FailureCase(name: "luSolve of a singular matrix", status: GSL.Status.domain) { () throws(GSLError) in
            _ = try GSL.luSolve(singular, [1, 1])
        },
        FailureCase(name: "inverse of a singular matrix", status: GSL.Status.domain) { () throws(GSLError) in
            _ = try GSL.inverse(singular)
        },
        // GSL's QR_lssolve would return NaN with a success status here.
        FailureCase(name: "leastSquaresQR of a rank-deficient matrix", status: GSL.Status.singular) {
            () throws(GSLError) in _ = try GSL.leastSquaresQR([[1, 0], [1, 0], [1, 0]], [1, 2, 3])
        },
        // R₂₂ ≈ 1e-16 rather than 0: caught by the condition estimate, not the zero test.
        FailureCase(name: "leastSquaresQR of a numerically rank-deficient matrix", status: GSL.Status.singular) {
            () throws(GSLError) in _ = try GSL.leastSquaresQR([[1, 1], [1, 1], [1, 1]], [3, 3, 3])
        },
        // κ₁ ≈ 4/2⁻⁵² ≈ 1.8e16 > 1/(n ε): no digit of a Double solution would be right.
        FailureCase(name: "luSolve of a numerically singular matrix", status: GSL.Status.singular) {
            () throws(GSLError) in _ = try GSL.luSolve([[1, 1], [1, 1 + 0x1p-52]], [1, 1])
        },
        FailureCase(name: "inverse of a numerically singular matrix", status: GSL.Status.singular) {
            () throws(GSLError) in _ = try GSL.inverse([[1, 1], [1, 1 + 0x1p-52]])
        },
        FailureCase(name: "luSolve of a ragged matrix", status: GSL.Status.badLength) { () throws(GSLError) in
            _ = try GSL.luSolve(ragged, [1, 1])
        },
        FailureCase(name: "leastSquaresSVD of a ragged matrix", status: GSL.Status.badLength) { () throws(GSLError) in
            _ = try GSL.leastSquaresSVD(ragged, [1, 1])
        },
        FailureCase(name: "inverse of an empty matrix", status: GSL.Status.badLength) { () throws(GSLError) in
            _ = try GSL.inverse([])
        },
        FailureCase(name: "cholesky of [[]]", status: GSL.Status.badLength) { () throws(GSLError) in
            _ = try GSL.cholesky([[]])
        },
        FailureCase(name: "luSolve with b of the wrong length", status: GSL.Status.badLength) { () throws(GSLError) in
            _ = try GSL.luSolve([[1, 0], [0, 1]], [1, 2, 3])
        },
        FailureCase(name: "leastSquaresQR with b of the wrong length", status: GSL.Status.badLength) {
            () throws(GSLError) in _ = try GSL.leastSquaresQR(line.a, [1, 2])
        },
        FailureCase(name: "leastSquaresQR of an underdetermined system", status: GSL.Status.badLength) {
            () throws(GSLError) in _ = try GSL.leastSquaresQR([[1, 2]], [1])
        },
        FailureCase(name: "leastSquaresSVD of an underdetermined system", status: GSL.Status.badLength) {
            () throws(GSLError) in _ = try GSL.leastSquaresSVD([[1, 2]], [1])
        },
        FailureCase(name: "luDeterminant of a 2×3 matrix", status: GSL.Status.notSquare) { () throws(GSLError) in
            _ = try GSL.luDeterminant(nonSquare)
        },
        FailureCase(name: "symmetricEigen of a 2×3 matrix", status: GSL.Status.notSquare) { () throws(GSLError) in
            _ = try GSL.symmetricEigen(nonSquare)
        },
        FailureCase(name: "cholesky of a 2×3 matrix", status: GSL.Status.notSquare) { () throws(GSLError) in
            _ = try GSL.cholesky(nonSquare)
        },
        FailureCase(name: "inverse of a matrix with NaN", status: GSL.Status.domain) { () throws(GSLError) in
            _ = try GSL.inverse(withNaN)
        },
        FailureCase(name: "luSolve with ∞ in b", status: GSL.Status.domain) { () throws(GSLError) in
            _ = try GSL.luSolve([[1, 0], [0, 1]], [1, .infinity])
        },
        FailureCase(name: "leastSquaresSVD with NaN in b", status: GSL.Status.domain) { () throws(GSLError) in
            _ = try GSL.leastSquaresSVD(line.a, [1, 2, .nan, 4])
        },
        // An overflowing determinant is a range error, not ∞.
        FailureCase(name: "luDeterminant overflow", status: GSL.Status.range) { () throws(GSLError) in
            _ = try GSL.luDeterminant([[1e200, 0], [0, 1e200]])
        },
    ]

    @Test("bad input is thrown as GSLError with the right status, never fatal", arguments: failures)
    func failureThrows(_ c: FailureCase) {
        let error = #expect(throws: GSLError.self) { try c.call() }
        #expect(error?.status == c.status, "\(c.name): \(String(describing: error))")
        #expect(error?.routine.hasPrefix("gsl_") == true)
    }
}
