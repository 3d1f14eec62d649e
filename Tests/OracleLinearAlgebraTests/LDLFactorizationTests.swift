import Testing
import OracleArithmetic
import OracleLinearAlgebra

@Suite("LDLᵀ factorization (exact over the rationals)")
struct LDLFactorizationTests {
    @Test(
        "Hilbert matrices: A = L·D·Lᵀ, A·x = b exactly, det = Π dᵢ = cₙ⁴/c₂ₙ, positive definite",
        arguments: Array(1...12))
    func hilbertExact(n: Int) throws {
        let h = hilbert(n)
        let ldl = try LDLFactorization(h)
        let reconstructed = try (ldl.unitLower * .diagonal(ldl.d)) * ldl.unitLower.transposed
        #expect(reconstructed == h)
        let b = rationalVector(n)
        #expect(try h * (try ldl.solve(b)) == b)
        #expect(ldl.determinant == (try hilbertDeterminant(n)))
        #expect(ldl.isPositiveDefinite)
        // dₖ = det Hₖ₊₁ / det Hₖ (ratio of leading minors), an independent closed form.
        var previous = Rational(1)
        for k in 0..<n {
            let minor = try hilbertDeterminant(k + 1)
            #expect(ldl.d[k] == minor / previous)
            previous = minor
        }
    }

    @Test("LU over the rationals solves Hilbert systems exactly too", arguments: [4, 8, 12])
    func luExact(n: Int) throws {
        let h = hilbert(n)
        let lu = try LUFactorization(h)
        let b = rationalVector(n)
        #expect(try h * (try lu.solve(b)) == b)
        #expect((try lu.inverse() * h) == Matrix<Rational>.identity(n))
        #expect(lu.determinant == (try hilbertDeterminant(n)))
    }

    @Test("indefinite symmetric matrix: exact negative pivot, not positive definite")
    func indefinite() throws {
        let a = try Matrix<Rational>([[Rational(1), Rational(2)], [Rational(2), Rational(1)]])
        let ldl = try LDLFactorization(a)
        #expect(ldl.d == [Rational(1), Rational(-3)])
        #expect(!ldl.isPositiveDefinite)
        #expect(ldl.determinant == Rational(-3))
    }
}
