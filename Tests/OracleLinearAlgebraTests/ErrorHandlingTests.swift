import Testing
import OracleArithmetic
import OracleLinearAlgebra

/// Every public entry point refuses bad input with the right typed error, before computing.
@Suite("Bad input gives typed errors")
struct ErrorHandlingTests {
    static let nonSquare = try! Matrix<Double>([[1, 2, 3], [4, 5, 6]])
    static let asymmetric = try! Matrix<Double>([[2, 1], [0, 2]])
    static let withNaN = try! Matrix<Double>([[1, 0], [.nan, 1]])
    static let withInfinity = try! Matrix<Double>([[1, .infinity], [0, 1]])
    /// Rank 2: row 3 = row 1 + row 2.
    static let singular3 = try! Matrix<Double>([[1, 2, 3], [4, 5, 6], [5, 7, 9]])
    /// Symmetric, eigenvalues 3 and −1.
    static let indefinite = try! Matrix<Double>([[1, 2], [2, 1]])

    @Test("ragged rows and bad entry counts")
    func construction() {
        #expect(
            throws: LinearAlgebraError.shapeMismatch(operation: "init(_:) ragged rows", left: [0, 2], right: [1, 1])
        ) {
            try Matrix<Double>([[1, 2], [3]])
        }
        #expect(throws: LinearAlgebraError.self) { try Matrix<Double>(rows: 2, columns: 2, entries: [1, 2, 3]) }
        #expect(throws: LinearAlgebraError.self) { try Matrix<Double>(rows: -1, columns: 0, entries: []) }
    }

    @Test("mismatched shapes for *, +, −, dot and solve")
    func shapes() {
        let a = Self.nonSquare
        #expect(throws: LinearAlgebraError.shapeMismatch(operation: "*", left: [2, 3], right: [2, 3])) { try a * a }
        #expect(throws: LinearAlgebraError.shapeMismatch(operation: "*", left: [2, 3], right: [2])) {
            try a * [1.0, 2]
        }
        #expect(throws: LinearAlgebraError.shapeMismatch(operation: "+", left: [2, 3], right: [3, 2])) {
            try a + a.transposed
        }
        #expect(throws: LinearAlgebraError.shapeMismatch(operation: "-", left: [2, 3], right: [3, 2])) {
            try a - a.transposed
        }
        #expect(throws: LinearAlgebraError.shapeMismatch(operation: "dot", left: [2], right: [3])) {
            try dot([1.0, 2], [1, 2, 3])
        }
        let square = Matrix<Double>.identity(2)
        #expect(throws: LinearAlgebraError.shapeMismatch(operation: "solve", left: [2, 2], right: [3])) {
            try solve(square, [1, 2, 3])
        }
        #expect(throws: LinearAlgebraError.shapeMismatch(operation: "LUFactorization.solve", left: [2, 2], right: [1]))
        {
            try LUFactorization(square).solve([1])
        }
        #expect(
            throws: LinearAlgebraError.shapeMismatch(
                operation: "CholeskyFactorization.solve", left: [2, 2], right: [3])
        ) {
            try CholeskyFactorization(square).solve([1, 2, 3])
        }
        #expect(throws: LinearAlgebraError.shapeMismatch(operation: "Bareiss.solve", left: [2, 2], right: [3, 1])) {
            try Bareiss.solve(square, Matrix<Double>.zeros(rows: 3, columns: 1))
        }
        #expect(
            throws: LinearAlgebraError.shapeMismatch(operation: "TriangularSolve.forward", left: [2, 2], right: [1])
        ) {
            try TriangularSolve.forward(square, [1])
        }
    }

    @Test("non-square input to square-only routines")
    func notSquare() {
        let error = LinearAlgebraError.notSquare(rows: 2, columns: 3)
        #expect(throws: error) { try LUFactorization(Self.nonSquare) }
        #expect(throws: error) { try CholeskyFactorization(Self.nonSquare) }
        #expect(throws: error) { try LDLFactorization(Self.nonSquare) }
        #expect(throws: error) { try Bareiss.determinant(Self.nonSquare) }
        #expect(throws: error) { try Bareiss.inverse(Self.nonSquare) }
        #expect(throws: error) { try Self.nonSquare.trace }
        #expect(throws: error) { try TriangularSolve.backward(Self.nonSquare, [1, 2]) }
    }

    @Test("non-symmetric input to the symmetric routines")
    func notSymmetric() {
        let error = LinearAlgebraError.notSymmetric(row: 1, column: 0)
        #expect(throws: error) { try CholeskyFactorization(Self.asymmetric) }
        #expect(throws: error) { try LDLFactorization(Self.asymmetric) }
    }

    @Test("NaN and infinite entries")
    func nonFinite() {
        #expect(throws: LinearAlgebraError.nonFinite(row: 1, column: 0)) { try LUFactorization(Self.withNaN) }
        #expect(throws: LinearAlgebraError.nonFinite(row: 1, column: 0)) { try CholeskyFactorization(Self.withNaN) }
        #expect(throws: LinearAlgebraError.nonFinite(row: 1, column: 0)) { try Bareiss.determinant(Self.withNaN) }
        #expect(throws: LinearAlgebraError.nonFinite(row: 0, column: 1)) { try LDLFactorization(Self.withInfinity) }
        #expect(throws: LinearAlgebraError.nonFinite(row: 1, column: 0)) {
            try LUFactorization(Matrix<Double>.identity(2)).solve([1, .nan])
        }
        #expect(throws: LinearAlgebraError.nonFinite(row: 0, column: 0)) {
            try CholeskyFactorization(Matrix<Double>.identity(2)).mahalanobisSquared([.infinity, 0])
        }
    }

    @Test("singular input carries the rank")
    func singular() throws {
        let error = LinearAlgebraError.singular(rank: 2, size: 3)
        #expect(throws: error) { try LUFactorization(Self.singular3) }
        #expect(throws: error) { try solve(Self.singular3, [1, 2, 3]) }
        // Bareiss is exact-arithmetic elimination: over Double it sees an exact zero only when the
        // rounding leaves one, as for this integer matrix whose minors are all small integers.
        let exactlySingular = try Matrix<Double>([[1, 2, 3], [2, 4, 6], [1, 1, 1]])
        #expect(throws: error) { try Bareiss.solve(exactlySingular, [1, 2, 3]) }
        #expect(throws: error) { try Bareiss.inverse(exactlySingular) }
        #expect(Bareiss.rank(exactlySingular) == 2)
        #expect(try Bareiss.determinant(exactlySingular) == 0)
        let zeroDiagonal = try! Matrix<Double>([[1, 0], [1, 0]])
        #expect(throws: LinearAlgebraError.singular(rank: 1, size: 2)) {
            try TriangularSolve.forward(zeroDiagonal, [1, 1])
        }
        // Row scaling is not singularity: diag(1, 1e−20) factors and solves exactly.
        #expect(try solve(Matrix<Double>.diagonal([1, 1e-20]), [1, 1e-20]) == [1, 1])
        let rankOneSymmetric = try! Matrix<Double>([[1, 1], [1, 1]])
        #expect(throws: LinearAlgebraError.singular(rank: 1, size: 2)) { try LDLFactorization(rankOneSymmetric) }
        #expect(error.description.contains("singular") && error.description.contains("rank is 2"))
    }

    @Test("not positive definite names the failing leading minor")
    func notPositiveDefinite() throws {
        #expect(throws: LinearAlgebraError.notPositiveDefinite(pivot: 1)) { try CholeskyFactorization(Self.indefinite) }
        let negative = try! Matrix<Double>([[-1]])
        #expect(throws: LinearAlgebraError.notPositiveDefinite(pivot: 0)) { try CholeskyFactorization(negative) }
        // Non-singular but with a zero leading minor: LDLᵀ without pivoting does not exist.
        let swap = try! Matrix<Double>([[0, 1], [1, 0]])
        #expect(throws: LinearAlgebraError.notPositiveDefinite(pivot: 0)) { try LDLFactorization(swap) }
        // Indefinite with non-zero minors factors, and says it is not positive definite.
        #expect(try LDLFactorization(Self.indefinite).isPositiveDefinite == false)
    }

    @Test("empty input")
    func empty() {
        let empty = Matrix<Double>.zeros(rows: 0, columns: 0)
        #expect(throws: LinearAlgebraError.emptyMatrix) { try LUFactorization(empty) }
        #expect(throws: LinearAlgebraError.emptyMatrix) { try CholeskyFactorization(empty) }
        #expect(throws: LinearAlgebraError.emptyMatrix) { try Bareiss.determinant(empty) }
    }
}
