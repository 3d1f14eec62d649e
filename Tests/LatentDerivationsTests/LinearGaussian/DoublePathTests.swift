import Foundation
import Testing
import GSLReference
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport
import OracleRandom

/// The `Double` paths (Cholesky on the normal equations, Householder QR) against GSL's least
/// squares and against the exact rational fit, within bounds that follow from κ₂(A).
@Suite("Linear Gaussian Double paths")
struct DoublePathTests {
    /// A seeded Gaussian design (n×p) and response: well conditioned (κ ≈ 1 + √(p/n) scale).
    static func gaussianProblem(seed: UInt64, n: Int, p: Int) -> (rows: [[Double]], y: [Double]) {
        var rng = SplitMix64(seed: seed)
        func normal() -> Double {
            // Box–Muller on two uniforms from the seeded generator.
            let u1 = Double.random(in: Double.ulpOfOne..<1, using: &rng), u2 = Double.random(in: 0..<1, using: &rng)
            return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        }
        let rows = (0..<n).map { _ in (0..<p).map { _ in normal() } }
        let y = (0..<n).map { _ in normal() }
        return (rows, y)
    }

    @Test(
        "Cholesky and QR agree with GSL's QR within 20·n·p·u·(κ + κ²‖r‖/(‖A‖‖θ‖)) (Wedin)",
        arguments: Array(UInt64(1)...12))
    func agreeWithGSL(seed: UInt64) throws {
        let n = 20 + Int(seed) * 3, p = 2 + Int(seed % 6)
        let (rows, y) = Self.gaussianProblem(seed: 0x65 &+ seed, n: n, p: p)
        let reference = try GSL.leastSquaresQR(rows, y)
        let sigma = try GSL.leastSquaresSVD(rows, y).singularValues
        let kappa = sigma.first! / sigma.last!
        let model = try LinearGaussianModel(design: try Matrix(rows), response: y)
        let thetaNorm = reference.map { $0 * $0 }.reduce(0, +).squareRoot()
        let fitted = try Matrix(rows) * reference
        let residual = zip(y, fitted).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
        let u = 0x1p-53
        // Both codes are backward stable with constant ≲ 10·n·p; their difference is at most the
        // sum of the two forward errors (hence 20). Cholesky forms AᵀA, so its term is κ², which
        // is covered by the same expression since κ²·(‖r‖/(‖A‖‖θ‖)) is not a bound for it: add κ².
        let bound = 20 * Double(n * p) * u * (kappa + kappa * kappa * (1 + residual / (sigma.first! * thetaNorm)))
        for method in [LeastSquaresMethod.normalEquationsCholesky, .householderQR] {
            let theta = try model.fit(by: method).estimate
            let difference = zip(theta, reference).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
            expectWithin(
                error: difference / thetaNorm, bound: bound,
                "Wedin: both codes backward stable with constant ≲ 10·n·p, so they differ by at most the sum of "
                    + "two forward errors (20); Cholesky forms AᵀA, hence the added κ² term",
                "\(method): κ = \(kappa)")
        }
        #expect(bound < 1e-10, "the problems are meant to be well conditioned")
    }

    @Test("Double paths against the exact fit on a polynomial design with dyadic data", arguments: [2, 4, 6])
    func againstExact(degree: Int) throws {
        let x = (0..<25).map { Double($0) / 8 }
        let y = x.map { 1 + $0 - 0.5 * $0 * $0 + Double(Int($0 * 8) % 3) / 4 }
        let exact = try LinearGaussianModel(
            design: try DesignMatrix.polynomial(x: LinearGaussianTestData.rationals(x), degree: degree),
            response: LinearGaussianTestData.rationals(y)
        ).fitByElimination()
        let model = try LinearGaussianModel(design: try DesignMatrix.polynomial(x: x, degree: degree), response: y)
        let sigma = try GSL.leastSquaresSVD((0..<model.design.rows).map { model.design.row($0) }, y).singularValues
        let kappa = sigma.first! / sigma.last!
        let thetaNorm = exact.estimate.map { $0.doubleValue * $0.doubleValue }.reduce(0, +).squareRoot()
        // Cholesky: forward error ≲ 10·n·p·u·κ² (AᵀA is formed); QR: ≲ 10·n·p·u·κ·(1 +
        // κ·‖r‖/(‖A‖‖θ‖)).
        let u = 0x1p-53, np = Double(25 * (degree + 1))
        let bounds: [LeastSquaresMethod: Double] = [
            .normalEquationsCholesky: 10 * np * u * kappa * kappa,
            .householderQR: 10 * np * u * kappa
                * (1 + kappa * exact.residualSumOfSquares.doubleValue.squareRoot() / (sigma.first! * thetaNorm)),
        ]
        for (method, bound) in bounds {
            let fit = try model.fit(by: method)
            let error = zip(fit.estimate, exact.estimate).map { ($0 - $1.doubleValue) * ($0 - $1.doubleValue) }.reduce(
                0, +
            ).squareRoot()
            expectWithin(
                error: error / thetaNorm, bound: bound,
                "forward error of a backward-stable solver (constant ≲ 10·n·p): κ² for Cholesky, which forms AᵀA; "
                    + "κ(1 + κ‖r‖/(‖A‖‖θ‖)) for Householder QR (Wedin)", "\(method) degree \(degree) κ = \(kappa)")
            // The residual sum of squares is well conditioned in θ at the minimum (first-order flat).
            expectClose(
                fit.residualSumOfSquares, exact.residualSumOfSquares.doubleValue,
                within: .relative(
                    1e4 * u * kappa,
                    "the RSS is first-order flat in θ at the minimum, so θ's forward error enters only squared; "
                        + "1e4·u·κ is loose (measured ≤ 3.2e-14 relative)"))
        }
    }

    @Test("polynomial and linear designs place 1, x, x², … and the intercept as documented")
    func designs() throws {
        let p = try DesignMatrix.polynomial(x: [Rational(2), Rational(3)], degree: 3)
        #expect(p.row(1) == [1, 3, 9, 27].map { Rational($0) })
        let q = try DesignMatrix.polynomial(x: [Rational(2)], degree: 2, intercept: false)
        #expect(q.row(0) == [Rational(2), Rational(4)])
        let l = try DesignMatrix.linear(predictors: [[Rational(5), Rational(7)]], intercept: true)
        #expect(l.row(0) == [Rational(1), Rational(5), Rational(7)])
        #expect(
            try LinearGaussianModel(
                design: try DesignMatrix.polynomial(x: [1.0, 2, 3], degree: 1), response: [1, 2, 3]
            ).hasIntercept)
    }
}
