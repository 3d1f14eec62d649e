import Foundation
import Testing
import GSLReference
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport
import OracleRandom

/// κ₂ of the column-equilibrated design and the first-order error bound cⱼ of LG-14
/// (Proofs/04-linear-gaussian.md): κ₂ against closed forms and GSL's SVD, cⱼ against exact
/// solutions of perturbed problems over ℚ.
@Suite("Least-squares conditioning")
struct LeastSquaresConditioningTests {
    static let u = 0x1p-53

    /// The monomial design of degree `degree` on x = i/32, i = 0…32 (the fixtures' polynomials).
    static func monomialModel(degree: Int) throws -> LinearGaussianModel<Rational> {
        let x = (0...32).map { Rational($0) / Rational(32) }
        let y = x.enumerated().map { i, xi in xi * xi + (i % 2 == 0 ? Rational(1) : Rational(-1)) / Rational(64) }
        return try LinearGaussianModel(design: try DesignMatrix.polynomial(x: x, degree: degree), response: y)
    }

    @Test("κ₂ of two unit columns at cosine c is √((1 + |c|)/(1 − |c|)); orthogonal columns give 1")
    func closedForms() throws {
        // Columns (1, 0, 0) and (3, 4, 0)/5 scaled: cosine 3/5, κ₂ = √((8/5)/(2/5)) = 2.
        let a = try Matrix<Rational>([[1, 3], [0, 4], [0, 0]].map { $0.map { Rational($0) } })
        let model = try LinearGaussianModel(design: a, response: [1, 2, 3].map { Rational($0) })
        expectClose(
            try model.equilibratedConditionNumber(), 2,
            within: .absolute(
                4 * Self.u,
                "κ₂ = 2 exactly; the 256-bit Jacobi is within 1e-28 relative before the final rounding to Double, "
                    + "so the result is 2 or a neighbour: ≤ 1 ulp of 2 = 4u"))
        // Columns of very different scale but orthogonal: equilibration removes the scale, κ₂ = 1.
        let b = try Matrix<Rational>([[1, 0], [0, 1_000_000], [0, 0]].map { $0.map { Rational($0) } })
        let scaled = try LinearGaussianModel(design: b, response: [1, 2, 3].map { Rational($0) })
        #expect(try scaled.equilibratedConditionNumber() == 1)
    }

    @Test(
        "κ₂ agrees with GSL's SVD of the float64 equilibrated design within 10·n·p·u·κ₂",
        arguments: LinearGaussianTestData.nistNames)
    func agreesWithGSLOnNIST(name: String) throws {
        let dataset = try NISTStRDDataset(text: try LinearGaussianTestData.nistText(name))
        try Self.expectAgreementWithGSL(try dataset.model(), name)
    }

    @Test("κ₂ agrees with GSL's SVD on the monomial designs of degree 2 … 10", arguments: [2, 4, 6, 8, 10])
    func agreesWithGSLOnPolynomials(degree: Int) throws {
        try Self.expectAgreementWithGSL(try Self.monomialModel(degree: degree), "degree \(degree)")
    }

    static func expectAgreementWithGSL(_ model: LinearGaussianModel<Rational>, _ label: String) throws {
        let ours = try model.equilibratedConditionNumber()
        let a = model.design.map(\.doubleValue)
        let norms = (0..<a.columns).map { j in a.column(j).map { $0 * $0 }.reduce(0, +).squareRoot() }
        let rows = (0..<a.rows).map { i in (0..<a.columns).map { j in a[i, j] / norms[j] } }
        let sigma = try GSL.leastSquaresSVD(rows, Array(repeating: 0, count: a.rows)).singularValues
        let theirs = sigma.first! / sigma.last!
        // The float64 design differs from the exact one by ≤ 2u per entry (rounding, scaling) and
        // GSL's SVD is backward stable: σ_min moves by ≲ c·n·p·u·σ_max, so κ₂ by ≲ that relative to κ₂.
        let bound = 10 * Double(a.rows * a.columns) * Self.u * ours
        print("[κ₂] \(label): ours \(ours), GSL \(theirs), relative difference \(relativeError(theirs, ours))")
        expectClose(
            theirs, ours,
            within: .relative(
                bound,
                "the float64 design is within 2u per entry of the exact one (rounding, scaling) and GSL's SVD is "
                    + "backward stable: σ_min moves by ≲ c·n·p·u·σ_max, so κ₂ by ≲ c·n·p·u·κ₂ relative, c = 10"),
            "\(label): κ₂ \(ours) vs GSL \(theirs)")
    }

    @Test("a rank-deficient design has no condition number: rankDeficient is thrown")
    func rankDeficient() throws {
        let a = try Matrix<Rational>([[1, 2, 3], [1, 5, 6], [1, -1, 0], [1, 4, 5]].map { $0.map { Rational($0) } })
        let model = try LinearGaussianModel(design: a, response: [1, 2, 3, 4].map { Rational($0) })
        #expect(throws: LinearGaussianError.rankDeficient(rank: 2, parameters: 3)) {
            try model.equilibratedConditionNumber()
        }
    }

    /// θ̂ of A + εE, y + εf, exactly over ℚ.
    static func perturbedFit(
        _ model: LinearGaussianModel<Rational>, _ e: Matrix<Rational>, _ f: [Rational],
        _ epsilon: Rational
    ) throws -> [Rational] {
        let a = Matrix<Rational>(rows: e.rows, columns: e.columns) { i, j in model.design[i, j] + epsilon * e[i, j] }
        let y = zip(model.response, f).map { $0 + epsilon * $1 }
        return try LinearGaussianModel(design: a, response: y).fitByElimination().estimate
    }

    @Test(
        "cⱼ bounds the first-order change under any columnwise perturbation, and its residual term is attained",
        arguments: [2, 4])
    func firstOrderBoundHoldsAndIsSharp(degree: Int) throws {
        let model = try Self.monomialModel(degree: degree)
        let fit = try model.fitByElimination()
        let bounds = try fit.firstOrderRelativeErrors()
        let theta = fit.estimate
        let p = model.parameters, n = model.observations
        let epsilon = Rational(1) / Rational(1 << 60)
        let columnNorms = model.gram.diagonal.map { $0.doubleValue.squareRoot() }
        let responseNorm = model.responseSquaredNorm.doubleValue.squareRoot()
        // Random perturbations with ‖eₖ‖ = ‖aₖ‖ and ‖f‖ = ‖y‖ (to float64 accuracy): each
        // coefficient
        // moves by at most ε·cⱼ·|θⱼ| (first order; with ε = 2⁻⁶⁰ the ε² terms are ~1e-13 of it here).
        var rng = SplitMix64(seed: 0x4C47_3134)
        for _ in 0..<4 {
            let raw = (0..<(n * p)).map { _ in Double.random(in: -1...1, using: &rng) }
            let rawF = (0..<n).map { _ in Double.random(in: -1...1, using: &rng) }
            let rawNorms = (0..<p).map { k in
                (0..<n).map { raw[$0 * p + k] * raw[$0 * p + k] }.reduce(0, +).squareRoot()
            }
            let fNorm = rawF.map { $0 * $0 }.reduce(0, +).squareRoot()
            let e = Matrix<Rational>(rows: n, columns: p) { i, k in
                Rational(exactly: raw[i * p + k] * columnNorms[k] / rawNorms[k])!
            }
            let f = rawF.map { Rational(exactly: $0 * responseNorm / fNorm)! }
            let perturbed = try Self.perturbedFit(model, e, f, epsilon)
            for j in 0..<p {
                let change = ((perturbed[j] - theta[j]) / (epsilon * theta[j])).doubleValue.magnitude
                expectWithin(
                    error: change, bound: bounds[j]! * (1 + 1e-9),
                    "cⱼ is the first-order bound on |δθⱼ|/(ε|θⱼ|) for ‖eₖ‖ = ‖aₖ‖, ‖f‖ = ‖y‖; the ε² terms are "
                        + "~1e-13 of it at ε = 2⁻⁶⁰ and the norms hold to float64 accuracy: 1 + 1e-9",
                    "degree \(degree), θ\(j): \(change) > c = \(bounds[j]!)")
            }
        }
        // The perturbation eₖ = sgn([G⁻¹]ⱼₖ)·‖aₖ‖·r/‖r‖ (f = 0) leaves Aᵀ(Eθ) = 0 because Aᵀr
        // = 0, so
        // δθⱼ = Σₖ[G⁻¹]ⱼₖ·eₖᵀr = ‖r‖·Σₖ|[G⁻¹]ⱼₖ|‖aₖ‖: the residual term of cⱼ
        // is attained.
        let inverse = try Bareiss.solve(model.gram, Matrix<Rational>.identity(p))
        let r = try fit.residuals
        let residualNorm = fit.residualSumOfSquares.doubleValue.squareRoot()
        for j in 0..<p {
            let e = Matrix<Rational>(rows: n, columns: p) { i, k in
                let sign: Double = inverse[j, k].signum < 0 ? -1 : 1
                return r[i] * Rational(exactly: sign * columnNorms[k] / residualNorm)!
            }
            let perturbed = try Self.perturbedFit(model, e, Array(repeating: .zero, count: n), epsilon)
            let change = ((perturbed[j] - theta[j]) / epsilon).doubleValue.magnitude
            let residualTerm =
                residualNorm
                * (0..<p).map { k in inverse[j, k].doubleValue.magnitude * columnNorms[k] }
                .reduce(0, +)
            expectClose(
                change / residualTerm, 1,
                within: .absolute(
                    1e-6,
                    "this perturbation attains cⱼ's residual term to first order; ε = 2⁻⁶⁰ leaves ε² terms ~1e-13 "
                        + "and the float64 norms ~1e-16, far below 1e-6"),
                "degree \(degree), θ\(j): \(change) vs \(residualTerm)")
        }
    }
}
