import Testing
import OracleArithmetic
import OracleTestSupport

/// Exact 11×11 solves of polynomial normal equations over `Rational`, timed. Opt-in
/// (LATENT_ORACLE_LONG_TESTS=1) and meaningful only in a release build. The same computations in
/// Python 3.11 `fractions` (same elimination loop; minimum over repetitions) on the same shared
/// 2-core machine, against this code at the time of writing:
///
///     system                         Python build / solve     Swift build / solve    ratio
///     100 points, ~200-bit entries    42 ms / 1.9 ms          13.5 ms / 0.67 ms      3.1× / 2.9×
///     82 points (Filip-like), ~660-bit entries, 3000-bit solution
///                                     99 ms / 21.6 ms         29 ms / 8.5 ms         3.4× / 2.5×
///
/// Python: `xs = [F(i, 100) + F(1, 7) for i in range(1, 101)]; ys = [F((i*37) % 310, 100) ...]`,
/// `X = [[x**j for j in range(11)] for x in xs]`, `A = XᵀX`, `b = Xᵀy`, then Gaussian elimination
/// with the first non-zero pivot, as in `solve` below. The Filip-like system uses
/// `x_k = −(3·10⁹ + (73123457·k²) mod 6·10⁹)/10⁹`, `y_k = (8·10⁸ + (1234567·k²) mod 1.5·10⁸)/10⁹`,
/// k = 0..<82. Where the time goes (perf, release): for ~200-bit operands about 35 % is array
/// allocation and reference counting and 25 % gcd; for ~3000-bit operands about half is the
/// Lehmer gcd, which both implementations need for every reduced result.
///
/// The tests check A·x = b exactly and components against Python's correctly rounded
/// `float(Fraction)`.
@Suite("Rational normal-equations benchmark")
struct RationalBenchmarkTests {
    static func buildNormalEquations() throws -> (a: [[Rational]], b: [Rational]) {
        let n = 11
        let xs = try (1...100).map { i in
            try Rational(numerator: BigInt(i), denominator: BigInt(100)) + Rational(numerator: .one, denominator: BigInt(7))
        }
        let ys = try (1...100).map { i in try Rational(numerator: BigInt((i * 37) % 310), denominator: BigInt(100)) }
        let x = try xs.map { xk in try (0..<n).map { j in try xk.power(j) } }
        var a = [[Rational]](repeating: [Rational](repeating: .zero, count: n), count: n)
        var b = [Rational](repeating: .zero, count: n)
        for i in 0..<n {
            for j in 0..<n {
                var s = Rational.zero
                for k in 0..<100 { s += x[k][i] * x[k][j] }
                a[i][j] = s
            }
            var s = Rational.zero
            for k in 0..<100 { s += x[k][i] * ys[k] }
            b[i] = s
        }
        return (a, b)
    }

    static func buildFilipLike() throws -> (a: [[Rational]], b: [Rational]) {
        let n = 11, count = 82
        let e9 = BigInt(1_000_000_000)
        let xs = try (0..<count).map { k in
            try Rational(numerator: -BigInt(3_000_000_000 + (k * k * 73_123_457) % 6_000_000_000), denominator: e9)
        }
        let ys = try (0..<count).map { k in
            try Rational(numerator: BigInt(800_000_000 + (k * k * 1_234_567) % 150_000_000), denominator: e9)
        }
        return try normalEquations(xs: xs, ys: ys, degree: n - 1)
    }

    static func normalEquations(xs: [Rational], ys: [Rational], degree: Int) throws -> (a: [[Rational]], b: [Rational]) {
        let n = degree + 1
        let x = try xs.map { xk in try (0..<n).map { j in try xk.power(j) } }
        var a = [[Rational]](repeating: [Rational](repeating: .zero, count: n), count: n)
        var b = [Rational](repeating: .zero, count: n)
        for i in 0..<n {
            for j in 0..<n {
                var s = Rational.zero
                for k in 0..<xs.count { s += x[k][i] * x[k][j] }
                a[i][j] = s
            }
            var s = Rational.zero
            for k in 0..<xs.count { s += x[k][i] * ys[k] }
            b[i] = s
        }
        return (a, b)
    }

    static func solve(_ a: [[Rational]], _ b: [Rational]) throws -> [Rational] {
        let n = a.count
        var m = a.enumerated().map { $0.element + [b[$0.offset]] }
        for c in 0..<n {
            let p = try #require((c..<n).first { !m[$0][c].isZero })
            m.swapAt(c, p)
            for r in (c + 1)..<n {
                let f = try m[r][c].divided(by: m[c][c])
                if f.isZero { continue }
                for k in c...n { m[r][k] -= f * m[c][k] }
            }
        }
        var x = [Rational](repeating: .zero, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = m[i][n]
            for k in (i + 1)..<n { s -= m[i][k] * x[k] }
            x[i] = try s.divided(by: m[i][i])
        }
        return x
    }

    @Test("11×11 exact solve: timing printout and exact residual", .enabled(if: longTestsEnabled))
    func normalEquations() throws {
        let clock = ContinuousClock()
        var system: (a: [[Rational]], b: [Rational]) = ([], [])
        var solution: [Rational] = []
        // The minimum over repetitions: the machine is shared, and noise only ever adds time.
        var tBuild = Duration.seconds(1000), tSolve = Duration.seconds(1000)
        for _ in 0..<30 {
            tBuild = min(tBuild, try clock.measure { system = try Self.buildNormalEquations() })
            tSolve = min(tSolve, try clock.measure { solution = try Self.solve(system.a, system.b) })
        }
        print("rational-benchmark build=\(tBuild) solve=\(tSolve) (Python fractions: build ≈ 42 ms, solve ≈ 2.1 ms)")
        // Exact residual A·x − b = 0, and two components against Python's float(Fraction).
        for i in 0..<11 {
            var s = Rational.zero
            for j in 0..<11 { s += system.a[i][j] * solution[j] }
            #expect(s == system.b[i])
        }
        #expect(solution[0].doubleValue == -148.10020797140024)
        #expect(solution[10].description == "-22345410250000000000000/8028686969944549083")
        #expect(solution[10].doubleValue == -2783.1960983969375)
    }

    @Test("Filip-like 11×11 exact solve: timing printout and exact residual", .enabled(if: longTestsEnabled))
    func filipLike() throws {
        let clock = ContinuousClock()
        var system: (a: [[Rational]], b: [Rational]) = ([], [])
        var solution: [Rational] = []
        var tBuild = Duration.seconds(1000), tSolve = Duration.seconds(1000)
        for _ in 0..<5 {
            tBuild = min(tBuild, try clock.measure { system = try Self.buildFilipLike() })
            tSolve = min(tSolve, try clock.measure { solution = try Self.solve(system.a, system.b) })
        }
        print("rational-benchmark filip-like build=\(tBuild) solve=\(tSolve) (Python fractions: build ≈ 99 ms, solve ≈ 21.6 ms)")
        for i in 0..<11 {
            var s = Rational.zero
            for j in 0..<11 { s += system.a[i][j] * solution[j] }
            #expect(s == system.b[i])
        }
        // Python: float(x[0]), float(x[10]) of the same system.
        #expect(solution[0].doubleValue == -1122.9764691369503)
        #expect(solution[10].doubleValue == -4.347360440150882e-06)
    }
}
