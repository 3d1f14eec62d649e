import Foundation
import Testing
import GSLReference
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport
import OracleRandom

/// The closed-form PPCA solution (Proofs/07-factor-models.md, FM-1 … FM-6), checked against GSL's
/// eigen-decomposition, our Jacobi routine at 200 bits, the Cholesky log-likelihood route,
/// random perturbations, and quadrature of the density.
@Suite("PPCA closed form")
struct PPCAClosedFormTests {
    static let data = FactorTestData.sample(n: 30, d: 4, q: 2, seed: 0xFAC7)

    @Test("closed form agrees with GSL's symmetric eigen-decomposition")
    func closedFormMatchesGSLEigen() throws {
        let fit = try PPCAClosedForm(data: Self.data, latentDimension: 2)
        let s = fit.moments.covariance
        let gsl = try GSL.symmetricEigen((0..<4).map { s.row($0) })
        let norm = s.entries.map(abs).max()!
        // Both are backward stable: |Δλ| ≲ c·d·u·‖S‖ (Weyl); c·d = 64 is generous for d = 4.
        for (ours, theirs) in zip(fit.eigenvalues, gsl.values) {
            expectClose(
                ours, theirs,
                within: .absolute(64 * norm * 0x1p-52, Self.weylReason))
        }
        // WWᵀ and U_qU_qᵀ from GSL's vectors; the subspace error is ≲ c·u·‖S‖/gap (Davis–Kahan).
        let sigma2 = (gsl.values[2] + gsl.values[3]) / 2
        let gap = gsl.values[1] - gsl.values[2]
        let product = try fit.loadingsProduct()
        let projection = try fit.projection()
        for i in 0..<4 {
            for k in 0..<4 {
                let wwt = (0..<2).reduce(0.0) {
                    $0 + gsl.vectors[$1][i] * (gsl.values[$1] - sigma2) * gsl.vectors[$1][k]
                }
                let p = (0..<2).reduce(0.0) { $0 + gsl.vectors[$1][i] * gsl.vectors[$1][k] }
                expectClose(
                    product[i, k], wwt,
                    within: .absolute(
                        256 * norm * norm / gap * 0x1p-52, Self.davisKahanReason + ", times λ ≤ ‖S‖ for WWᵀ"))
                expectClose(
                    projection[i, k], p,
                    within: .absolute(256 * norm / gap * 0x1p-52, Self.davisKahanReason))
            }
        }
        expectClose(
            fit.noiseVariance, sigma2,
            within: .absolute(64 * norm * 0x1p-52, Self.weylReason + "; σ² averages two of them"))
    }

    static let weylReason =
        "both eigensolvers are backward stable: |Δλ| ≲ c·d·u·‖S‖ (Weyl), and c·d = 64 is generous for d = 4"
    static let davisKahanReason =
        "Davis–Kahan: the principal subspace moves by ≲ c·u·‖S‖/gap for a backward-stable solver, c = 256 for d = 4"

    @Test("Double closed form agrees with the same Jacobi code at 200 bits")
    func closedFormBigFloatMatchesDouble() throws {
        let fit = try PPCAClosedForm(data: Self.data, latentDimension: 2)
        let (sigma2, product, logL) = try BigFloat.withPrecision(200) {
            let big = try PPCAClosedForm(data: FactorTestData.big(Self.data), latentDimension: 2)
            return (
                big.noiseVariance.doubleValue, FactorTestData.toDouble(try big.loadingsProduct()),
                try big.logLikelihood().doubleValue
            )
        }
        let norm = fit.moments.covariance.entries.map(abs).max()!
        let gap = fit.eigenvalues[1] - fit.eigenvalues[2]
        expectClose(
            fit.noiseVariance, sigma2,
            within: .absolute(64 * norm * 0x1p-52, Self.weylReason + "; the 200-bit run is exact to far below it"))
        expectWithin(
            error: FactorTestData.maxAbsDifference(try fit.loadingsProduct(), product),
            bound: 256 * norm * norm / gap * 0x1p-52, Self.davisKahanReason + ", times λ ≤ ‖S‖ for WWᵀ")
        // L depends on ln λ: relative error ≲ d·u·κ with κ = λ₁/λ_d.
        expectClose(
            try fit.logLikelihood(), logL,
            within: .relative(
                1e-12,
                "L depends on ln λ: relative error ≲ d·u·κ with κ = λ₁/λ_d, the 200-bit run exact to far below; "
                    + "measured 2.2e-15, margin 460×"))
    }

    @Test("the closed-form log-likelihood equals the Cholesky and per-point routes")
    func logLikelihoodRoutesAgree() throws {
        let fit = try PPCAClosedForm(data: Self.data, latentDimension: 2)
        let model = try fit.model()
        let viaMoments = try model.logLikelihood(fit.moments)
        let gaussian = try model.marginal()
        let perPoint = try Self.data.reduce(0.0) { $0 + (try gaussian.logDensity($1)) }
        let closed = try fit.logLikelihood()
        expectClose(viaMoments, closed, within: .relative(1e-12, Self.routesReason + "; measured 5.8e-16"))
        expectClose(perPoint, closed, within: .relative(1e-12, Self.routesReason + "; measured 2.5e-15"))
        // The rotation R does not change the model: W·R for a Givens rotation R.
        let (c, s) = (0.6, 0.8)
        let w = try fit.loadings()
        let rotated = try w * (try Matrix([[c, -s], [s, c]]))
        let other = try PPCAModel(mean: fit.moments.mean, loadings: rotated, noiseVariance: fit.noiseVariance)
        expectClose(
            try other.logLikelihood(fit.moments), closed,
            within: .relative(1e-12, Self.routesReason + "; measured 7.3e-16"))
    }

    static let routesReason =
        "one L by other Double routes (Cholesky of C, N = 30 per-point densities, a rotated W): rounding only, "
        + "a few hundred operations on terms of size |L|"

    @Test("the closed form beats random feasible perturbations and the ascending-order fit")
    func closedFormIsMaximum() throws {
        let fit = try PPCAClosedForm(data: Self.data, latentDimension: 2)
        let best = try fit.logLikelihood()
        let w = try fit.loadings()
        var rng = SplitMix64(seed: 0x9E7)
        for _ in 0..<50 {
            let scale = Double.random(in: 1e-3...1e-1, using: &rng)
            let perturbed = Matrix(rows: 4, columns: 2) { i, j in
                w[i, j] + scale * Double.random(in: -1...1, using: &rng)
            }
            let sigma2 = fit.noiseVariance * (1 + scale * Double.random(in: -0.5...0.5, using: &rng))
            let model = try PPCAModel(mean: fit.moments.mean, loadings: perturbed, noiseVariance: sigma2)
            #expect(try model.logLikelihood(fit.moments) < best)
        }
        // FM-5: the eigenvalue-order bug (ascending order: keep the two SMALLEST eigenvalues, average
        // the largest) gives a feasible model (|λ − σ²| under the root) with a lower likelihood.
        let lambda = fit.eigenvalues
        let sigmaWrong = (lambda[0] + lambda[1]) / 2
        let eigen = try SymmetricEigendecomposition(fit.moments.covariance, tolerance: 1e-15)
        let smallest = Matrix(rows: 4, columns: 2) { i, j in
            eigen.vectors[i, 3 - j] * ((lambda[3 - j] - sigmaWrong).magnitude).squareRoot()
        }
        let stationaryWrong = try PPCAModel(mean: fit.moments.mean, loadings: smallest, noiseVariance: sigmaWrong)
        #expect(try stationaryWrong.logLikelihood(fit.moments) < best)
    }

    @Test("for d = 2 the PPCA density integrates to 1 (GSL quadrature on the standardised variable)")
    func densityIntegratesToOne() throws {
        let data = FactorTestData.sample(n: 12, d: 2, q: 1, seed: 0x2D)
        let fit = try PPCAClosedForm(data: data, latentDimension: 1)
        let model = try fit.model()
        let gaussian = try model.marginal()
        let c = try model.marginalCovariance()
        // x = μ + L u with L GSL's Cholesky factor of C (not ours), so p(x)|L| is a density in u.
        let l = try GSL.cholesky([c.row(0), c.row(1)])
        let jacobian = l[0][0] * l[1][1]
        let mu = fit.moments.mean
        let mass = try GSL.integrate2D(x: (-10, 10), y: { _ in (-10, 10) }) { u1, u2 in
            let x = [mu[0] + l[0][0] * u1, mu[1] + l[1][0] * u1 + l[1][1] * u2]
            return Foundation.exp(recordingErrors { try gaussian.logDensity(x) }) * jacobian
        }
        // The sanity integral of a known density on the same box.
        let known = try GSL.integrate2D(x: (-10, 10), y: { _ in (-10, 10) }) { u1, u2 in
            Foundation.exp(-(u1 * u1 + u2 * u2) / 2) / (2 * Double.pi)
        }
        // The box drops mass < e^{-50}; the quadrature's own accuracy is ~1e-10 relative.
        expectClose(known.value, 1, within: .absolute(1e-9, Self.boxReason))
        expectClose(mass.value, 1, within: .absolute(1e-9, Self.boxReason))
    }

    static let boxReason =
        "the box [−10, 10]² drops mass < e⁻⁵⁰ and GSL's 2-D quadrature is ~1e-10 relative: 1e-9 is 10× that"

    @Test("the posterior over z matches Gaussian conditioning through C⁻¹")
    func posteriorMatchesConditioning() throws {
        let fit = try PPCAClosedForm(data: Self.data, latentDimension: 2)
        let model = try fit.model()
        let x = Self.data[3]
        let posterior = try model.posterior(x)
        // Route 2: mean = WᵀC⁻¹(x − μ), covariance = I − WᵀC⁻¹W, through GSL's LU solve.
        let c = try model.marginalCovariance()
        let cRows = (0..<4).map { c.row($0) }
        let w = model.loadings
        let solved = try GSL.luSolve(cRows, zip(x, model.mean).map { $0 - $1 })
        for j in 0..<2 {
            let mean = (0..<4).reduce(0.0) { $0 + w[$1, j] * solved[$1] }
            expectClose(
                posterior.mean[j], mean,
                within: .absolute(
                    1e-12 * (1 + abs(mean)),
                    "two backward-stable Double routes (our M⁻¹ route, GSL's LU solve of C) on a 4 × 4 system: "
                        + "rounding only; measured 3.1e-15"))
            let cw = try GSL.luSolve(cRows, w.column(j))
            for k in 0..<2 {
                let cov = (k == j ? 1.0 : 0.0) - (0..<4).reduce(0.0) { $0 + w[$1, k] * cw[$1] }
                expectClose(
                    posterior.covariance[k, j], cov,
                    within: .absolute(
                        1e-12,
                        "two backward-stable Double routes (σ²M⁻¹, I − WᵀC⁻¹W by GSL's LU) of O(1) entries: rounding "
                            + "only; measured 2.9e-16"))
            }
        }
    }

    @Test("the 1/N sample moments are exact over ℚ and the Double ones are within their rounding bound")
    func sampleMomentsExactOverRationals() throws {
        let exact = try SampleMoments(data: Self.data.map { $0.map { Rational(exactly: $0)! } })
        let double = try SampleMoments(data: Self.data)
        // Centred sums of N = 30 products with compensated-free accumulation: |ΔS| ≲ (N + 4)·u·max|x|².
        let bound = 34 * 0x1p-53 * Self.data.flatMap { $0 }.map { $0 * $0 }.max()!
        for (e, d) in zip(exact.covariance.entries, double.covariance.entries) {
            expectClose(
                e.doubleValue, d,
                within: .absolute(
                    bound, "centred sums of N = 30 products without compensation: |ΔS| ≲ (N + 4)·u·max|x|²"))
        }
        // The 1/N convention: N·S equals the exact centred scatter Σ(xₙ − x̄)(xₙ − x̄)ᵀ, not (N −
        // 1)·S.
        let n = Rational(Self.data.count)
        let scatter00 = Self.data.reduce(Rational.zero) { acc, x in
            let c = Rational(exactly: x[0])! - exact.mean[0]
            return acc + c * c
        }
        #expect(exact.covariance[0, 0] * n == scatter00)
    }
}
