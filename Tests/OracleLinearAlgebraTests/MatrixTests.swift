import Testing
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport
import OracleRandom

@Suite("Matrix construction and arithmetic")
struct MatrixTests {
    @Test("construction, accessors and transpose")
    func construction() throws {
        let a = try Matrix<Double>([[1, 2, 3], [4, 5, 6]])
        #expect(a.rows == 2 && a.columns == 3)
        #expect(a.entries == [1, 2, 3, 4, 5, 6])
        #expect(a[1, 2] == 6)
        #expect(a.row(1) == [4, 5, 6])
        #expect(a.column(1) == [2, 5])
        #expect(a.diagonal == [1, 5])
        #expect(a.transposed == (try Matrix<Double>([[1, 4], [2, 5], [3, 6]])))
        #expect(Matrix<Double>.identity(2) == (try Matrix<Double>([[1, 0], [0, 1]])))
        #expect(Matrix<Double>.diagonal([2, 3]).entries == [2, 0, 0, 3])
        #expect(Matrix<Double>.zeros(rows: 1, columns: 2).entries == [0, 0])
        var b = a
        b[0, 0] = 9
        #expect(b[0, 0] == 9 && a[0, 0] == 1)
        #expect(try Matrix<Double>([[1, 2], [3, 4]]).trace == 5)
        #expect(a.description == "[1.0, 2.0, 3.0]\n[4.0, 5.0, 6.0]")
    }

    @Test("products, sums and scaling against hand-computed values")
    func arithmetic() throws {
        let a = try Matrix<Double>([[1, 2], [3, 4]])
        let b = try Matrix<Double>([[0, 1], [1, 0]])
        #expect(try a * b == (try Matrix<Double>([[2, 1], [4, 3]])))
        #expect(try a * [1, 1] == [3, 7])
        #expect(try a + b == (try Matrix<Double>([[1, 3], [4, 4]])))
        #expect(try a - b == (try Matrix<Double>([[1, 1], [2, 4]])))
        #expect(2 * a == (try Matrix<Double>([[2, 4], [6, 8]])))
        #expect(try dot([1, 2, 3], [4, 5, 6]) == 32)
        #expect(a.map { Int($0) % 2 == 0 ? 1.0 : 0.0 }.entries == [0, 1, 0, 1])
    }

    @Test(
        "rational products (integer fast path) equal the term-by-term rational sums",
        arguments: [(1, 1, 1), (3, 5, 2), (7, 4, 6), (0, 3, 2)])
    func rationalProduct(m: Int, p: Int, n: Int) throws {
        var g = RandomRationals(seed: UInt64(m * 100 + p * 10 + n))
        let a = Matrix<Rational>(rows: m, columns: p) { _, _ in g.next() }
        let b = Matrix<Rational>(rows: p, columns: n) { _, _ in g.next() }
        let product = try a * b
        let expected = Matrix<Rational>(rows: m, columns: n) { i, j in
            (0..<p).reduce(Rational(0)) { $0 + a[i, $1] * b[$1, j] }
        }
        #expect(product == expected)
        let v = (0..<p).map { _ in g.next() }
        #expect(try a * v == (0..<m).map { i in (0..<p).reduce(Rational(0)) { $0 + a[i, $1] * v[$1] } })
    }

    @Test("symmetry is exact and symmetrized is (A + Aᵀ)/2")
    func symmetry() throws {
        let s = try Matrix<Double>([[2, 1], [1, 3]])
        #expect(s.isSymmetric)
        let nearly = try Matrix<Double>([[2, 1], [(1.0).nextUp, 3]])
        #expect(!nearly.isSymmetric)
        #expect(try nearly.symmetrized.isSymmetric)
        #expect(!(try Matrix<Double>([[1, 2]])).isSymmetric)
    }

    @Test("rowArrays is the inverse of init(_ rowArrays:), including 0 rows")
    func rowArraysRoundTrip() throws {
        let rows: [[Rational]] = [[1, 2, 3], [4, 5, 6]].map { $0.map { Rational($0) } }
        #expect(try Matrix(rows).rowArrays == rows)
        #expect(try Matrix<Rational>([]).rowArrays.isEmpty)
        #expect(try Matrix(rows).transposed.rowArrays == [[1, 4], [2, 5], [3, 6]].map { $0.map { Rational($0) } })
    }
}
