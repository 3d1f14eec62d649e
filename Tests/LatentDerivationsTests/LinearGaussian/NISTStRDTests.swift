import Foundation
import Testing
import GSLReference
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport

/// NIST StRD linear regression (Proofs/04-linear-gaussian.md, LG-13): every certified value of
/// every shipped dataset is reproduced by the exact fit — decided in ℚ, not within a tolerance.
@Suite("NIST StRD certified values")
struct NISTStRDTests {
    @Test("the shipped StRD folder holds the nine linear datasets")
    func folderIsComplete() throws {
        guard let files = TestData.names(in: "nist-strd", suffix: ".dat") else {
            throw TestDataMissing(path: TestData.folder().appendingPathComponent("nist-strd").path)
        }
        #expect(
            files.map { String($0.dropLast(4)) } == [
                "Longley", "NoInt1", "NoInt2", "Norris", "Pontius", "Wampler1", "Wampler2", "Wampler3", "Wampler4",
            ])
    }

    @Test(
        "the exact fit reproduces every certified value to all printed digits",
        arguments: LinearGaussianTestData.nistNames)
    func exactFitReproducesEveryCertifiedValue(name: String) throws {
        let dataset = try NISTStRDDataset(text: try LinearGaussianTestData.nistText(name))
        #expect(dataset.name == name)
        let fit = try dataset.model().fitByElimination()
        let comparisons = try dataset.compare(exact: fit)
        // 2 per parameter + residual SD, R², 3 regression, 2 residual, 2 df.
        #expect(comparisons.count == 2 * dataset.terms.count + 9)
        for c in comparisons {
            #expect(c.isReproduced, "\(name): \(c)")
            // Every shipped value is printed with 15 or more digits (NoInt2's F with 16), and the
            // exact value rounded to them is NIST's text: the LRE is the cap, 15.
            #expect(c.digitsCompared ?? 15 == 15, "\(name): \(c)")
            #expect(c.logRelativeError == 15, "\(name): \(c)")
            if let certified = c.certified, c.digitsCompared != nil {
                #expect(c.fitted == certified.text, "\(name): \(c)")
            }
            if let certified = c.certified, !certified.value.isZero, !c.quantity.hasSuffix("df") {
                #expect(
                    certified.significantDigits >= 15,
                    "\(name) \(c.quantity) prints \(certified.significantDigits) digits")
            }
        }
    }

    @Test("the comparison can fail: a perturbed estimate is not reproduced")
    func perturbedEstimateIsRejected() throws {
        let dataset = try NISTStRDDataset(text: try LinearGaussianTestData.nistText("Norris"))
        let c = dataset.certified.estimates[1]
        // One unit in the 15th digit away is outside the half-unit interval.
        #expect(!c.isCorrectRounding(of: c.value + c.halfUnit * Rational(3)))
        #expect(c.isCorrectRounding(of: c.value + c.halfUnit))
        let sd = dataset.certified.residualStandardDeviation
        #expect(!sd.isCorrectRoundingOfSquareRoot(of: (sd.value + sd.halfUnit * Rational(3)).squared))
        #expect(sd.isCorrectRoundingOfSquareRoot(of: sd.value.squared))
    }

    @Test(
        "Double Cholesky and QR fits meet their condition-number bounds against the exact fit",
        arguments: LinearGaussianTestData.nistNames)
    func doublePathsMeetConditionBounds(name: String) throws {
        let dataset = try NISTStRDDataset(text: try LinearGaussianTestData.nistText(name))
        let exact = try dataset.model().fitByElimination()
        let a = dataset.design.map { $0.doubleValue }
        let model = try LinearGaussianModel(design: a, response: dataset.response.map(\.doubleValue))
        let rows = (0..<a.rows).map { a.row($0) }
        let sigma = try GSL.leastSquaresSVD(rows, model.response).singularValues
        let kappa = sigma.first! / sigma.last!
        let u = 0x1p-53
        let n = Double(a.rows), p = Double(a.columns)
        let thetaNorm = exact.estimate.map { $0.doubleValue * $0.doubleValue }.reduce(0, +).squareRoot()
        let residualNorm = exact.residualSumOfSquares.doubleValue.squareRoot()
        let aNorm = sigma.first!
        // The data enter rounded to Double (relative u per entry): that is a backward error of the
        // same size as the algorithms', absorbed in the constant 10.
        // QR (Wedin): ‖Δθ‖/‖θ‖ ≤ 10·n·p·u·(κ + κ²‖r‖/(‖A‖‖θ‖)); Cholesky on AᵀA: ≤
        // 10·n·p·u·κ².
        let qrBound = 10 * n * p * u * (kappa + kappa * kappa * residualNorm / (aNorm * thetaNorm))
        let choleskyBound = 10 * n * p * u * kappa * kappa
        for (method, bound) in [(LeastSquaresMethod.householderQR, qrBound), (.normalEquationsCholesky, choleskyBound)]
        {
            let theta: [Double]
            do { theta = try model.fit(by: method).estimate } catch {
                // A breakdown is only acceptable when the bound is vacuous (κ² u ≳ 1).
                #expect(bound >= 1, "\(name) \(method) failed with a meaningful bound \(bound): \(error)")
                continue
            }
            let errorNorm = zip(theta, exact.estimate).map { ($0 - $1.doubleValue) * ($0 - $1.doubleValue) }.reduce(
                0, +
            ).squareRoot()
            if bound < 1 {
                expectWithin(
                    error: errorNorm / thetaNorm, bound: bound,
                    "forward error of a backward-stable solver, constant 10·n·p: κ + κ²‖r‖/(‖A‖‖θ‖) for Householder "
                        + "QR (Wedin), κ² for Cholesky on AᵀA", "\(name) \(method): κ = \(kappa)")
            }
        }
    }

    @Test("LRE table of the exact, Cholesky and QR paths (printed for the Proof)")
    func lreTable() throws {
        var lines = ["| dataset | exact | Cholesky | QR |", "|---|---|---|---|"]
        for name in LinearGaussianTestData.nistNames {
            let dataset = try NISTStRDDataset(text: try LinearGaussianTestData.nistText(name))
            let model = try dataset.model()
            let exactMinimum = try dataset.compare(exact: model.fitByElimination()).map(\.logRelativeError).min()!
            #expect(exactMinimum == 15)
            let doubleModel = try LinearGaussianModel(
                design: dataset.design.map { $0.doubleValue }, response: dataset.response.map(\.doubleValue))
            var cells: [String] = []
            for method in [LeastSquaresMethod.normalEquationsCholesky, .householderQR] {
                if let fit = try? doubleModel.fit(by: method) {
                    let lre = try dataset.compare(fit).filter { $0.certified != nil }.map(\.logRelativeError).min()!
                    cells.append(String(format: "%.1f", lre))
                } else {
                    cells.append("fails")
                }
            }
            lines.append("| \(name) | 15 | \(cells[0]) | \(cells[1]) |")
        }
        print(lines.joined(separator: "\n"))
    }

    /// A StRD-format file of a model NIST does not ship: two predictors, a squared term, with and
    /// without the intercept; the data lie exactly on the model, so the certified values are exact
    /// (8 observations, so that ȳ and TSS are finite decimals).
    static func syntheticText(intercept: Bool) -> String {
        let xs: [(Int, Int)] = [(1, 2), (2, -1), (3, 0), (4, 5), (5, 1), (-2, 3), (0, -4), (1, 1)]
        let rows = xs.map { x1, x2 in (intercept ? 2 : 0) + 3 * x1 - x2 * x2 }
        var certified: [String] = []
        if intercept { certified.append("        B0        2.00000000000000        0.000000000000000") }
        certified += [
            "        B1        3.00000000000000        0.000000000000000",
            "        B2       -1.00000000000000        0.000000000000000",
            "",
            "     Residual",
            "     Standard Deviation   0.000000000000000",
            "",
            "     R-Squared            1.00000000000000",
            "",
        ]
        let total = rows.map { Rational($0) }
        let mean = total.reduce(Rational.zero, +) / Rational(total.count)
        let tss = intercept ? total.map { ($0 - mean).squared }.reduce(.zero, +) : total.map(\.squared).reduce(.zero, +)
        let df = 2
        certified.append(
            "Regression    \(df)      \(LinearGaussianTestData.exactDecimal(tss, places: 3))     "
                + "\(LinearGaussianTestData.exactDecimal(tss / Rational(df), places: 4))       Infinity")
        certified.append("Residual      \(xs.count - (intercept ? 3 : 2))      0.000000000000000    0.000000000000000")
        return LinearGaussianTestData.strdText(
            name: "Synthetic",
            model: intercept ? "y = B0 + B1*x1 + B2*(x2**2) + e" : "y = B1*x1 + B2*(x2**2) + e",
            certified: certified, predictors: ["x1", "x2"],
            rows: xs.enumerated().map { i, x in "   \(rows[i])   \(x.0)   \(x.1)" })
    }

    @Test(
        "the parser and solver handle any StRD linear model: several predictors, powers, with or without B0",
        arguments: [true, false])
    func anyStRDModel(intercept: Bool) throws {
        let dataset = try NISTStRDDataset(text: Self.syntheticText(intercept: intercept))
        #expect(dataset.hasIntercept == intercept)
        #expect(dataset.terms.last == NISTModelTerm(parameter: "B2", predictor: 1, power: 2))
        let fit = try dataset.model().fitByElimination()
        #expect(fit.estimate.suffix(2) == [Rational(3), Rational(-1)])
        for c in try dataset.compare(exact: fit) {
            #expect(
                c.isReproduced,
                "\(c) \(fit.regressionSumOfSquares) \(fit.regressionDegreesOfFreedom) \(fit.totalSumOfSquares)")
        }
    }
}
