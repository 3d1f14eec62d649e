import Testing
import OracleArithmetic
import OracleFixtures

/// The arithmetic benchmark kernels' registration and inputs (their timings are not tests; the
/// solve kernel's answer is checked against Python in MultimodularSolveTests).
@Suite("Arithmetic benchmark kernels")
struct ArithmeticBenchmarkKernelTests {
    @Test("the kernels are registered under the names scripts/bench-arithmetic calls")
    func registered() {
        for name in ["arithmetic-solve", "arithmetic-exp-log", "karatsuba-threshold", "bigint-gcd"] {
            #expect(BenchmarkRegistry.kernel(named: name)?.name == name)
        }
    }

    @Test("the solve data: 82 points, 15 significant digits, x in (−9, −3], y in [0.8, 0.95)")
    func solveData() throws {
        let (xs, ys) = ArithmeticSolveKernel.decimalData()
        #expect(xs.count == 82 && ys.count == 82)
        let low = try Rational(decimal: "0.8"), high = try Rational(decimal: "0.95")
        for (x, y) in zip(xs, ys) {
            #expect(x.filter(\.isNumber).count == 15 && y.filter(\.isNumber).count == 16)  // y: "0." + 15
            let xv = try Rational(decimal: x), yv = try Rational(decimal: y)
            #expect(xv > Rational(-9) && xv <= Rational(-3))
            #expect(yv >= low && yv < high)
        }
        // k = 1 by hand: X₁ = 3·10¹⁴ + 73123457123 + 987654321, Y₁ = 8·10¹⁴ + 1234567891 + 12345.
        #expect(xs[1] == "-3.00074111111444")
        #expect(ys[1] == "0.800001234580236")
    }
}
