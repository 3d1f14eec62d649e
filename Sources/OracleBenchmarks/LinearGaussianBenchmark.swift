import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// `latent-oracle bench linear-gaussian --data FILE [--degree K] [--repeat N]`: the exact
/// normal-equation solve over ℚ and the float64 Cholesky and Householder QR paths on a polynomial
/// fit to the points in FILE (one "x y" pair of decimals per line), timed (best of N), with each
/// float64 path's LRE against the exact θ̂ (minimum over the coefficients, capped at 15).
/// `scripts/bench linear-gaussian` runs it beside NumPy's lstsq and Python's `fractions`.
public struct LinearGaussianBenchmark: BenchmarkKernel {
    public let name = "linear-gaussian"
    public let summary = "exact vs Cholesky vs QR polynomial least squares (--data FILE --degree K --repeat N)"

    public init() {}

    public func run(_ arguments: [String]) throws -> String {
        var options: [String: String] = [:]
        var i = 0
        while i < arguments.count {
            guard arguments[i].hasPrefix("--"), i + 1 < arguments.count else {
                throw BenchmarkError("expected --data FILE [--degree K] [--repeat N], got '\(arguments[i])'")
            }
            options[String(arguments[i].dropFirst(2))] = arguments[i + 1]
            i += 2
        }
        guard let path = options["data"] else { throw BenchmarkError("--data FILE is required") }
        guard let degree = Int(options["degree"] ?? "10"), degree >= 1 else {
            throw BenchmarkError("--degree must be ≥ 1")
        }
        guard let repeats = Int(options["repeat"] ?? "5"), repeats >= 1 else {
            throw BenchmarkError("--repeat must be ≥ 1")
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var xs: [Rational] = [], ys: [Rational] = []
        for (number, line) in text.split(separator: "\n").enumerated() {
            let fields = line.split(separator: " ")
            guard fields.count == 2, let x = try? Rational(decimal: String(fields[0])),
                let y = try? Rational(decimal: String(fields[1]))
            else {
                throw BenchmarkError("\(path):\(number + 1): expected two decimals 'x y'")
            }
            xs.append(x)
            ys.append(y)
        }
        let xd = xs.map(\.doubleValue), yd = ys.map(\.doubleValue)

        var exact: LeastSquaresFit<Rational>?
        let exactTime = try BenchmarkClock.bestMilliseconds(repeats: repeats) {
            // The whole exact path: design, AᵀA and Aᵀy, elimination.
            let model = try LinearGaussianModel(
                design: try DesignMatrix.polynomial(x: xs, degree: degree), response: ys)
            exact = try model.fitByElimination()
        }
        guard let exact else { throw BenchmarkError("no exact fit") }
        var report: [(String, String)] = [
            ("kernel", "\"\(name)\""), ("n", "\(xs.count)"), ("degree", "\(degree)"), ("repeat", "\(repeats)"),
            ("exact_ms", "\(exactTime)"), ("exact_lre", "15"),
        ]
        for method in [LeastSquaresMethod.normalEquationsCholesky, .householderQR] {
            var fit: LeastSquaresFit<Double>?
            var failure: String?
            let time = BenchmarkClock.bestMilliseconds(repeats: repeats) {
                do {
                    let model = try LinearGaussianModel(
                        design: try DesignMatrix.polynomial(x: xd, degree: degree), response: yd)
                    fit = try model.fit(by: method)
                } catch { failure = "\(error)" }
            }
            let key = method == .householderQR ? "qr" : "cholesky"
            report.append(("\(key)_ms", "\(time)"))
            if let fit {
                report.append(("\(key)_lre", "\(Self.minimumLRE(fit.estimate, exact.estimate))"))
            } else {
                report.append(("\(key)_lre", "null"))
                report.append(("\(key)_error", "\"\(failure ?? "failed")\""))
            }
        }
        report.append(("theta_exact", "[" + exact.estimate.map { "\"\($0)\"" }.joined(separator: ", ") + "]"))
        return "{\n" + report.map { "  \"\($0.0)\": \($0.1)" }.joined(separator: ",\n") + "\n}"
    }

    /// min over j of LRE(θ̃ⱼ against θⱼ), capped at 15, from the exact difference.
    static func minimumLRE(_ estimate: [Double], _ exact: [Rational]) -> Double {
        var worst = 15.0
        for (x, t) in zip(estimate, exact) {
            guard let r = Rational(exactly: x) else { return 0 }
            let difference = (r - t).magnitude
            if difference.isZero { continue }
            let relative = t.isZero ? difference : difference / t.magnitude
            worst = Swift.min(worst, Swift.max(0, -Foundation.log10(relative.doubleValue)))
        }
        return worst
    }
}
