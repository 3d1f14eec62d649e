import Testing
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleRandom

/// The two exact routes to KL's split (KL-9): the rational LDLᵀ of `decomposition` and
/// Sylvester's criterion with the multi-modular solve of `exactDecomposition` agree value for
/// value, and refuse the same inputs with the same errors.
@Suite("Multivariate Gaussian KL: the two exact routes")
struct MultivariateGaussianKLExactTests {
    static func rational(_ rows: [[Double]]) throws -> Matrix<Rational> {
        try Matrix(rows.map { $0.map { Rational(exactly: $0)! } })
    }

    @Test("LDLᵀ over ℚ and Sylvester with the multi-modular solve give the same rationals (k = 1 … 12)")
    func routesAgree() throws {
        var random = SplitMix64(seed: 0x5E_1E57)
        for k in 1...12 {
            for ridge in [0.5, 0x1p-30] {
                let s1 = try Self.rational(MultivariateGaussianKLTests.covariance(k, ridge: 0.25, &random))
                let s2 = try Self.rational(MultivariateGaussianKLTests.covariance(k, ridge: ridge, &random))
                let m1 = MultivariateGaussianKLTests.mean(k, &random).map { Rational(exactly: $0)! }
                let m2 = MultivariateGaussianKLTests.mean(k, &random).map { Rational(exactly: $0)! }
                let ldl = try MultivariateGaussianKL.decomposition(
                    mean1: m1, covariance1: s1, mean2: m2, covariance2: s2)
                let sylvester = try MultivariateGaussianKL.exactDecomposition(
                    mean1: m1, covariance1: s1, mean2: m2, covariance2: s2)
                #expect(ldl.rationalPart == sylvester.rationalPart, "k = \(k)")
                #expect(ldl.logArgument == sylvester.logArgument, "k = \(k)")
            }
        }
    }

    @Test("the leading principal minors are the determinants of the leading blocks, and stop at a zero one")
    func leadingMinors() throws {
        var random = SplitMix64(seed: 7)
        let a = Matrix<Rational>(rows: 6, columns: 6) { _, _ in
            Rational(Int(random.next() % 19) - 9) / Rational(Int(random.next() % 4) + 1)
        }
        let minors = try Bareiss.leadingPrincipalMinors(a)
        for (k, minor) in minors.enumerated() {
            let block = Matrix<Rational>(rows: k + 1, columns: k + 1) { i, j in a[i, j] }
            #expect(minor == (try Bareiss.determinant(block)), "Δ\(k + 1)")
        }
        // Δ₂ = 0 for [[1, 2, 0], [2, 4, 1], [0, 1, 1]]: the elimination stops there.
        let zero = try Matrix([[1, 2, 0], [2, 4, 1], [0, 1, 1]].map { $0.map { Rational($0) } })
        #expect(try Bareiss.leadingPrincipalMinors(zero) == [Rational(1), Rational(0)])
    }

    @Test("both routes refuse an indefinite, a singular and an asymmetric covariance (one refusal kind)")
    func sameRefusals() throws {
        let identity = Matrix<Rational>.identity(3)
        let zeros = [Rational](repeating: .zero, count: 3)
        let bad: [[[Int]]] = [
            [[1, 0, 0], [0, 2, 3], [0, 3, 1]],  // Δ₃ < 0 after Δ₁, Δ₂ > 0
            [[1, 1, 0], [1, 1, 0], [0, 0, 1]],  // Δ₂ = 0
            [[1, 0, 0], [1, 1, 0], [0, 0, 1]],  // not symmetric
        ]
        for rows in bad {
            let sigma = try Matrix(rows.map { $0.map { Rational($0) } })
            for (first, second) in [(sigma, identity), (identity, sigma)] {
                func error(_ body: () throws -> GaussianKLDecomposition<Rational>) -> String {
                    do {
                        _ = try body()
                        return "none"
                    } catch {
                        return "\(error)"
                    }
                }
                let ldl = error {
                    try MultivariateGaussianKL.decomposition(
                        mean1: zeros, covariance1: first, mean2: zeros, covariance2: second)
                }
                let sylvester = error {
                    try MultivariateGaussianKL.exactDecomposition(
                        mean1: zeros, covariance1: first, mean2: zeros, covariance2: second)
                }
                // A zero leading minor is LDLᵀ's `singular` and Sylvester's `notPositiveDefinite`:
                // both are the fixture's refusal "not-positive-definite". Otherwise the same error.
                let singular = rows[0] == [1, 1, 0]
                #expect(ldl != "none" && sylvester != "none", "\(rows)")
                #expect(
                    singular
                        ? ldl.contains("singular") && sylvester.contains("not positive definite")
                        : ldl == sylvester, "\(rows): \(ldl) vs \(sylvester)")
            }
        }
    }
}
