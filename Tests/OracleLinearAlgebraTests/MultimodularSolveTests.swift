import Foundation
import Testing
import OracleArithmetic
@testable import OracleLinearAlgebra
import OracleTestSupport
import OracleRandom

/// `Bareiss.solve` over `Rational` (multi-modular with an exact check, Proofs/00-arithmetic.md
/// AR-5) against the independent route `Bareiss.solveByIntegerElimination` (fraction-free
/// elimination, AR-4), against exact residuals, and against Python `fractions`.
@Suite("Exact multi-modular solve")
struct MultimodularSolveTests {
    /// A random rational with numerator and denominator of up to `bits` bits (denominator ≥ 1).
    static func randomRational(bits: Int, _ g: inout SplitMix64) throws -> Rational {
        func integer(_ bits: Int) -> BigInt {
            let limbs = (0..<((bits + 63) / 64)).map { _ in g.next() }
            return BigInt(negative: false, limbs: limbs) >> ((bits + 63) / 64 * 64 - bits)
        }
        let numerator = g.next() & 1 == 0 ? integer(bits) : -integer(bits)
        return try Rational(numerator: numerator, denominator: integer(bits) + .one)
    }

    @Test("Hilbert systems: both exact routes agree and A·x = b", arguments: [1, 2, 5, 9, 13, 16])
    func hilbertSystems(n: Int) throws {
        let h = hilbert(n), b = rationalVector(n)
        let x = try Bareiss.solve(h, b)
        let reference = try Bareiss.solveByIntegerElimination(h, Matrix(rows: n, columns: 1, entries: b))
        #expect(x == reference.entries)
        #expect(try h * x == b)
    }

    /// (n, bits) cases; with LATENT_ORACLE_LONG_TESTS=1 also 2000-bit entries (cleared rows of
    /// ~10 000 bits, about 650 primes), which take seconds in a debug build.
    static let randomCases: [(Int, Int)] =
        [(2, 64), (5, 200), (8, 60), (3, 700), (11, 20)]
        + (Environment.longTests ? [(4, 2000), (6, 1000)] : [])

    @Test(
        "random rational systems, entries up to 700 (long mode 2000) bits: routes agree, A·x = b",
        arguments: randomCases)
    func randomSystems(n: Int, bits: Int) throws {
        var g = SplitMix64(seed: UInt64(n * 1000 + bits))
        let a = try Matrix<Rational>(
            rows: n, columns: n, entries: try (0..<n * n).map { _ in try Self.randomRational(bits: bits, &g) })
        let b = try (0..<n).map { _ in try Self.randomRational(bits: bits, &g) }
        let x = try Bareiss.solve(a, b)
        #expect(try a * x == b)
        let reference = try Bareiss.solveByIntegerElimination(a, Matrix(rows: n, columns: 1, entries: b))
        #expect(x == reference.entries)
    }

    @Test("several right-hand sides: A·A⁻¹ = I for random integer matrices", arguments: [3, 7])
    func inverse(n: Int) throws {
        var g = SplitMix64(seed: UInt64(n))
        let a = Matrix<Rational>(rows: n, columns: n) { _, _ in Rational(Int(g.next() % 2001) - 1000) }
        let inverse = try Bareiss.inverse(a)
        #expect(try a * inverse == Matrix<Rational>.identity(n))
    }

    @Test("singular systems throw singular(rank:size:) with the exact rank", arguments: [(4, 3), (6, 2), (3, 0)])
    func singular(n: Int, rank: Int) throws {
        // A = U·V with U n×r and V r×n (r = rank): rank r for these seeds (checked through the
        // independent elimination route), and a zero matrix for r = 0.
        var g = SplitMix64(seed: UInt64(10 * n + rank))
        let r = max(rank, 1)
        let u = try Matrix<Rational>(
            rows: n, columns: r,
            entries: try (0..<n * r).map { _ in rank == 0 ? .zero : try Self.randomRational(bits: 40, &g) })
        let v = try Matrix<Rational>(
            rows: r, columns: n, entries: try (0..<r * n).map { _ in try Self.randomRational(bits: 40, &g) })
        let a = try u * v
        #expect(Bareiss.rank(a) == rank)
        let b = try (0..<n).map { _ in try Self.randomRational(bits: 10, &g) }
        #expect(throws: LinearAlgebraError.singular(rank: rank, size: n)) { try Bareiss.solve(a, b) }
    }

    @Test("determinants divisible by the first primes: skipped primes, then the exact fallback")
    func unluckyPrimes() throws {
        // The primes are taken from 2⁶² − 57 downward (2⁶² − 57, − 87, − 117 are the first three,
        // by sympy.prevprime). det = p₀ skips one prime; det = p₀p₁p₂ hands over to elimination.
        let p = [57, 87, 117].map { BigInt(1) << 62 - BigInt($0) }
        #expect(PrimeModulus.primes(count: 3).map { BigInt($0.p) } == p)
        for det in [p[0], p[0] * p[1] * p[2]] {
            // Column contents are 1 (they are divided out before the primes), and det A = D:
            // (D + 1)·1 − 1·1 = D for the leading 2×2 block.
            let a = try Matrix<Rational>(
                rows: 3, columns: 3,
                entries: [
                    Rational(det + .one), Rational(1), Rational(2),
                    Rational(1), Rational(1), Rational(5),
                    .zero, .zero, Rational(1),
                ])
            let b = [Rational(3), Rational(-1), Rational(7)]
            let x = try Bareiss.solve(a, b)
            #expect(try a * x == b)
            // By hand: x₂ = 7; then (D + 1)x₀ + x₁ = 3 − 14 = −11 and x₀ + x₁ = −1 − 35 = −36, so
            // D·x₀ = 25 and x₁ = −36 − 25/D.
            let x0 = try Rational(numerator: 25, denominator: det)
            #expect(x == [x0, Rational(-36) - x0, Rational(7)])
        }
    }

    @Test("the benchmark system (82 points, 15-digit decimals) matches Python fractions")
    func benchmarkSystem() throws {
        // The data of `latent-oracle bench arithmetic-solve` (ArithmeticSolveKernel): xₖ, yₖ by
        // the same formulas, normal equations of the degree-10 fit.
        let n = 11
        let xs = try (0..<82).map { k in
            try Rational(
                decimal: "-"
                    + Self.digits(
                        300_000_000_000_000 + (73_123_457_123 * k * k + 987_654_321 * k) % 600_000_000_000_000))
        }
        let ys = try (0..<82).map { k in
            try Rational(
                decimal: "0." + String(800_000_000_000_000 + (1_234_567_891 * k * k + 12_345 * k) % 150_000_000_000_000)
            )
        }
        let powers = try xs.map { x in try (0..<(2 * n - 1)).map { try x.power($0) } }
        let sums = (0..<(2 * n - 1)).map { m in powers.reduce(Rational.zero) { $0 + $1[m] } }
        let a = Matrix<Rational>(rows: n, columns: n) { i, j in sums[i + j] }
        let b = (0..<n).map { i in (0..<82).reduce(Rational.zero) { $0 + powers[$1][i] * ys[$1] } }
        let x = try Bareiss.solve(a, b)
        #expect(try a * x == b)
        // Python 3.11, Gaussian elimination over fractions.Fraction on the same system:
        // float(x[0]), float(x[10]), bit lengths of x[10], and x[10] modulo 2⁶¹ − 1.
        #expect(x[0].doubleValue == 0.8025679837562983)
        #expect(x[10].doubleValue == 4.774363557460346e-10)
        #expect(x[10].numerator.bitLength == 4380 && x[10].denominator.bitLength == 4411)
        let m61 = BigInt(1) << 61 - .one
        #expect(try x[10].numerator.modulo(m61) == BigInt(425_295_569_691_112_118))
        #expect(try x[10].denominator.modulo(m61) == BigInt(1_905_062_073_559_474_050))
    }

    /// XᵀX·β = Xᵀy for the Vandermonde matrix X of degree `degree` at the points xs.
    static func normalEquations(_ xs: [Rational], _ ys: [Rational], degree: Int) throws -> (
        Matrix<Rational>, [Rational]
    ) {
        let powers = try xs.map { x in try (0...(2 * degree)).map { try x.power($0) } }
        let sums = (0...(2 * degree)).map { m in powers.reduce(Rational.zero) { $0 + $1[m] } }
        let a = Matrix<Rational>(rows: degree + 1, columns: degree + 1) { i, j in sums[i + j] }
        let b = (0...degree).map { i in xs.indices.reduce(Rational.zero) { $0 + powers[$1][i] * ys[$1] } }
        return (a, b)
    }

    @Test("two more degree-10 fits against Python fractions (the former timed benchmark's checks)")
    func pythonFractionsFits() throws {
        // 100 points xᵢ = i/100 + 1/7, yᵢ = ((37 i) mod 310)/100, i = 1…100.
        let xs = try (1...100).map { i in
            try Rational(numerator: BigInt(i), denominator: 100) + Rational(numerator: 1, denominator: 7)
        }
        let ys = try (1...100).map { i in try Rational(numerator: BigInt((i * 37) % 310), denominator: 100) }
        let (a, b) = try Self.normalEquations(xs, ys, degree: 10)
        let x = try Bareiss.solve(a, b)
        #expect(try a * x == b)
        // Python: float(x[0]), str(x[10]), float(x[10]) after Gaussian elimination over Fraction.
        #expect(x[0].doubleValue == -148.10020797140024)
        #expect(x[10].description == "-22345410250000000000000/8028686969944549083")
        #expect(x[10].doubleValue == -2783.1960983969375)
        // Filip-like: xₖ = −(3·10⁹ + (73123457·k²) mod 6·10⁹)/10⁹, yₖ = (8·10⁸ + (1234567·k²) mod
        // 1.5·10⁸)/10⁹.
        let e9 = BigInt(1_000_000_000)
        let fx = try (0..<82).map { k in
            try Rational(numerator: -BigInt(3_000_000_000 + (k * k * 73_123_457) % 6_000_000_000), denominator: e9)
        }
        let fy = try (0..<82).map { k in
            try Rational(numerator: BigInt(800_000_000 + (k * k * 1_234_567) % 150_000_000), denominator: e9)
        }
        let (fa, fb) = try Self.normalEquations(fx, fy, degree: 10)
        let f = try Bareiss.solve(fa, fb)
        #expect(try fa * f == fb)
        #expect(f[0].doubleValue == -1122.9764691369503)
        #expect(f[10].doubleValue == -4.347360440150882e-06)
    }

    /// "d.ddd…" from the 15-digit integer v.
    static func digits(_ v: Int) -> String {
        let s = String(v)
        return String(s.first!) + "." + s.dropFirst()
    }
}

/// Test-mode switches from the environment.
enum Environment {
    /// LATENT_ORACLE_LONG_TESTS=1 enables the heavy variants.
    static let longTests = LongTests.enabled
}

/// The exact check of the multi-modular solve (AR-5 step 5) modulo 2^(64L) given a known modulus M.
@Suite("Multi-modular solve: the truncated exact check")
struct MultimodularVerifyTests {
    @Test("accepts the solver's candidate; rejects candidates off by 1 or by a multiple of M", arguments: [3, 6, 11])
    func rejectsWrongCandidates(n: Int) throws {
        var g = SplitMix64(seed: 0xC4EC_0000 &+ UInt64(n))
        let width = n + 1
        let m = (0..<(n * width)).map { _ in BigInt(Int(g.next() % 2_000_001) - 1_000_000) << Int(g.next() % 200) }
        let (d, x) = try #require(MultimodularSolve.solve(m, n: n, k: 1))
        // An odd M; the candidates below are ≡ the true one (mod M), as the solver's are.
        let modulus = PrimeModulus.primes(count: 5).reduce(BigInt(1)) { $0 * BigInt($1.p) }
        let bits = modulus.bitLength
        #expect(MultimodularSolve.verify(m, n: n, k: 1, d: d, x: x, modulusBits: 0))
        for j in 0..<n {
            var wrong = x
            wrong[j] += .one
            #expect(!MultimodularSolve.verify(m, n: n, k: 1, d: d, x: wrong, modulusBits: 0))
            // A·(X̃ + M·eⱼ) − d·B = M·(column j of A) ≡ 0 (mod M) but not 0: the truncated
            // check must still see it (M is odd, so M·a ≢ 0 mod 2^(64L) unless 2^(64L) | a).
            wrong = x
            wrong[j] += modulus
            let columnIsZero = (0..<n).allSatisfy { m[$0 * width + j].isZero }
            #expect(MultimodularSolve.verify(m, n: n, k: 1, d: d, x: wrong, modulusBits: bits) == columnIsZero)
        }
    }
}
