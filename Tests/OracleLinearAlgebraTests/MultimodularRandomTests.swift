import Testing
import OracleArithmetic
@testable import OracleLinearAlgebra
import OracleTestSupport
import OracleRandom

/// The multi-modular solve and determinant (`Bareiss.solve`, also forced onto p-adic lifting at
/// every size, and `Bareiss.determinant` over `Rational`) against the independent fraction-free
/// routes (`solveByIntegerElimination`, `determinantByIntegerElimination`) on random systems of
/// every shape that exercises them:
/// sizes 1…30, singular and rank-deficient matrices, near-singular ones (det ±1 with large
/// entries), zero leading pivots that need row swaps, and entries of up to a few hundred bits.
@Suite("Multi-modular solve and determinant: random systems against fraction-free elimination")
struct MultimodularRandomTests {
    /// A random integer with `bits` bits at most, either sign, zero with probability `zeros`/8.
    static func integer(bits: Int, zeros: UInt64, _ g: inout SplitMix64) -> BigInt {
        if g.next() % 8 < zeros { return .zero }
        let limbs = (0..<((bits + 63) / 64)).map { _ in g.next() }
        let magnitude = BigInt(negative: false, limbs: limbs) >> ((bits + 63) / 64 * 64 - bits)
        return g.next() & 1 == 0 ? magnitude : -magnitude
    }

    /// One random square system of the given kind, with rationals of `bits`-bit parts.
    static func system(n: Int, kind: Int, bits: Int, _ g: inout SplitMix64) throws -> (Matrix<Rational>, [Rational]) {
        func rational() throws -> Rational {
            let denominator =
                kind % 2 == 0 ? BigInt.one : integer(bits: max(bits / 2, 1), zeros: 0, &g).magnitude + .one
            return try Rational(numerator: integer(bits: bits, zeros: kind == 2 ? 5 : 0, &g), denominator: denominator)
        }
        var entries = try (0..<(n * n)).map { _ in try rational() }
        switch kind {
        case 3 where n > 1:
            // Rank deficient: the last row is a combination of two earlier rows.
            let (c0, c1) = (Rational(Int(g.next() % 7) - 3), Rational(Int(g.next() % 5) + 1))
            for j in 0..<n { entries[(n - 1) * n + j] = c0 * entries[j] + c1 * entries[(n / 2) * n + j] }
        case 4:
            // Zero leading block: every pivot of the natural order is zero; row swaps needed.
            for i in 0..<n { for j in 0..<n where j < n - 1 - i { entries[i * n + j] = .zero } }
        case 5:
            // Near-singular: unimodular U·L with large entries (det = ±1).
            var u = [Rational](repeating: .zero, count: n * n), l = u
            for i in 0..<n {
                u[i * n + i] = .one
                l[i * n + i] = g.next() & 1 == 0 ? .one : -.one
                for j in (i + 1)..<n {
                    u[i * n + j] = Rational(integer(bits: bits, zeros: 0, &g))
                    l[j * n + i] = Rational(integer(bits: 4, zeros: 0, &g))
                }
            }
            entries = try (Matrix(rows: n, columns: n, entries: u) * Matrix(rows: n, columns: n, entries: l)).entries
        default: break
        }
        let b = try (0..<n).map { _ in try rational() }
        return (try Matrix(rows: n, columns: n, entries: entries), b)
    }

    /// Solve and determinant of one system by both routes: equal answers, or the same error.
    static func compare(_ a: Matrix<Rational>, _ b: [Rational]) throws {
        let n = a.rows
        #expect(try Bareiss.determinant(a) == Bareiss.determinantByIntegerElimination(a))
        let column = try Matrix(rows: n, columns: 1, entries: b)
        let reference: Result<[Rational], LinearAlgebraError>
        do throws(LinearAlgebraError) {
            reference = .success(try Bareiss.solveByIntegerElimination(a, column).entries)
        } catch { reference = .failure(error) }
        let fast: Result<[Rational], LinearAlgebraError>
        do throws(LinearAlgebraError) { fast = .success(try Bareiss.solve(a, b)) } catch { fast = .failure(error) }
        #expect(fast == reference, "n = \(n)")
        // The lifting route at every size (the public solve takes it from `dixonMinimumSize` on).
        let lifted: Result<[Rational], LinearAlgebraError>
        do throws(LinearAlgebraError) {
            lifted = .success(try Bareiss.solveOverIntegers(a, column, dixonFrom: 1).entries)
        } catch { lifted = .failure(error) }
        #expect(lifted == reference, "n = \(n), lifting")
    }

    @Test("sizes 1…30, six kinds, entries of 8…300 bits", arguments: Array(1...30))
    func randomSystems(n: Int) throws {
        var g = SplitMix64(seed: 0x5017_E000 &+ UInt64(n))
        for kind in 0..<6 {
            let bits = [8, 40, 300][(n + kind) % 3]
            let (a, b) = try Self.system(n: n, kind: kind, bits: n > 20 && bits == 300 ? 100 : bits, &g)
            try Self.compare(a, b)
        }
    }

    @Test("small entries in −2…2: many singular matrices; 100 000 systems with LATENT_ORACLE_LONG_TESTS=1")
    func smallSystems() throws {
        var g = SplitMix64(seed: 0x5017_E5A1)
        let count = LongTests.enabled ? 100_000 : 2_000
        for _ in 0..<count {
            let n = Int(g.next() % 6) + 1
            let a = Matrix<Rational>(rows: n, columns: n) { _, _ in Rational(Int(g.next() % 5) - 2) }
            let b = (0..<n).map { _ in Rational(Int(g.next() % 5) - 2) }
            try Self.compare(a, b)
        }
    }
}
