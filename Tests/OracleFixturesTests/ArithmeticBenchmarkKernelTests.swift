import Testing
import OracleArithmetic
import OracleFixtures
@testable import OracleBenchmarks
import OracleLinearAlgebra
import OracleRandom

/// The arithmetic benchmark kernels' registration and inputs (their timings are not tests; the
/// solve kernel's answer is checked against Python in MultimodularSolveTests).
@Suite("Arithmetic benchmark kernels")
struct ArithmeticBenchmarkKernelTests {
    @Test("the kernels are registered under the names scripts/bench calls")
    func registered() {
        for name in [
            "arithmetic-solve", "arithmetic-elementary", "arithmetic-solve-scaling",
            "certified-cost", "karatsuba-threshold", "bigint-gcd", "gmm-em", "linear-gaussian",
        ] {
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

    @Test("the scaling designs follow their recipe: SplitMix64 draws row by row, six decimals, a Hankel system")
    func scalingDesigns() throws {
        var generator = SplitMix64(seed: 1011)
        let first = Int(generator.next() % (1 << 21)) - (1 << 20)
        let (integer, _) = ArithmeticSolveScalingKernel.system("integer", n: 11)
        let (decimal, _) = ArithmeticSolveScalingKernel.system("decimal", n: 11)
        #expect(integer[0, 0] == Rational(first))
        #expect(decimal[0, 0] == Rational(first) / Rational(1_000_000))
        let (hankel, _) = ArithmeticSolveScalingKernel.system("polynomial", n: 11)
        // (XᵀX)₀₀ = 2n points; (XᵀX)ᵢⱼ depends on i + j only.
        #expect(hankel[0, 0] == Rational(22))
        #expect(hankel[2, 5] == hankel[3, 4] && hankel[0, 7] == hankel[7, 0])
        for design in ArithmeticSolveScalingKernel.designs {
            #expect(try Bareiss.determinant(ArithmeticSolveScalingKernel.system(design, n: 11).a) != .zero)
        }
    }
}
