import Testing
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport
import OracleRandom

@Suite("Bareiss fraction-free elimination (exact)")
struct BareissTests {
    @Test("Hilbert matrices: det Hₙ = cₙ⁴/c₂ₙ, A·x = b and A⁻¹·A = I exactly", arguments: Array(1...12))
    func hilbertExact(n: Int) throws {
        let h = hilbert(n)
        #expect(try Bareiss.determinant(h) == (try hilbertDeterminant(n)))
        let b = rationalVector(n)
        let x = try Bareiss.solve(h, b)
        // Residual computed independently by matrix–vector product: exactly b.
        #expect(try h * x == b)
        let inverse = try Bareiss.inverse(h)
        #expect((try inverse * h) == Matrix<Rational>.identity(n))
        // The inverse of a Hilbert matrix is an integer matrix (Choi 1983), with (0,0) entry n².
        let integral = inverse.entries.allSatisfy { $0.isInteger }
        #expect(integral)
        #expect(inverse[0, 0] == Rational(n * n))
    }

    @Test("determinant by Bareiss == LU == LDLᵀ over the rationals", arguments: Array(1...8))
    func determinantsAgree(n: Int) throws {
        // A seeded symmetric positive-definite integer matrix: Mᵀ M + I with small entries.
        var g = RandomRationals(seed: UInt64(n))
        let m = Matrix<Rational>(rows: n, columns: n) { _, _ in g.next() }
        let a = try m.transposed * m + .identity(n)
        let bareiss = try Bareiss.determinant(a)
        #expect(bareiss == (try LUFactorization(a).determinant))
        #expect(bareiss == (try LDLFactorization(a).determinant))
        #expect(bareiss > .zero)
        #expect(Bareiss.rank(a) == n)
    }

    @Test("rank of exactly rank-deficient rational matrices", arguments: [(4, 2), (5, 1), (6, 5)])
    func rank(size: Int, rank: Int) throws {
        // A = U·V with U n×r, V r×n of random small rationals: rank r with probability 1, and the
        // leading r×r minors of these seeds are non-zero (checked by the LU of the factors).
        var g = RandomRationals(seed: UInt64(size * 10 + rank))
        let u = Matrix<Rational>(rows: size, columns: rank) { _, _ in g.next() }
        let v = Matrix<Rational>(rows: rank, columns: size) { _, _ in g.next() }
        let a = try u * v
        #expect(Bareiss.rank(u) == rank && Bareiss.rank(v) == rank)
        #expect(Bareiss.rank(a) == rank)
        #expect(try Bareiss.determinant(a) == .zero)
        #expect(throws: LinearAlgebraError.singular(rank: rank, size: size)) {
            try Bareiss.solve(a, rationalVector(size))
        }
        #expect(throws: LinearAlgebraError.singular(rank: rank, size: size)) { try LUFactorization(a) }
    }
}

/// Small random rationals p/q with p ∈ [−9, 9], q ∈ [1, 4], from a seeded SplitMix64.
struct RandomRationals {
    var g: SplitMix64
    init(seed: UInt64) { g = SplitMix64(seed: seed) }
    mutating func next() -> Rational {
        let p = Int(g.next() % 19) - 9
        let q = Int(g.next() % 4) + 1
        return Rational(p) / Rational(q)
    }
}
