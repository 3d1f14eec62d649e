import Testing
import OracleArithmetic
import OracleTestSupport

/// An exact 11×11 solve of polynomial normal equations over `Rational`, timed. Opt-in
/// (LATENT_ORACLE_LONG_TESTS=1) and meaningful only in a release build; the same computation in
/// Python's `fractions` (the script is reproduced in the comment below) took, on the same
/// machine, about 42 ms to build XᵀX and Xᵀy and 2.1 ms to solve.
///
///     xs = [F(i, 100) + F(1, 7) for i in range(1, 101)]; ys = [F((i * 37) % 310, 100) ...]
///     X = [[x ** j for j in range(11)] for x in xs]; A = XᵀX; b = Xᵀy; Gaussian elimination
///
/// The test checks A·x = b exactly and x₀, x₁₀ against Python's correctly rounded float(Fraction).
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
}
