import Testing
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra

/// Every bad input gets a typed error that says what is wrong.
@Suite("Linear Gaussian bad input")
struct BadInputTests {
    @Test("a rank-deficient design is refused by every path, with its rank")
    func rankDeficientDesign() throws {
        // Column 2 = column 0 + column 1: rank 2 of 3.
        let rows: [[Double]] = [[1, 2, 3], [1, 5, 6], [1, -1, 0], [1, 4, 5], [1, 0, 1]]
        let y: [Double] = [1, 2, 3, 4, 5]
        let exact = try LinearGaussianModel(
            design: try Matrix(rows.map { $0.map { Rational(exactly: $0)! } }),
            response: LinearGaussianTestData.rationals(y))
        #expect(throws: LinearGaussianError.rankDeficient(rank: 2, parameters: 3)) { try exact.fitByElimination() }
        let model = try LinearGaussianModel(design: try Matrix(rows), response: y)
        #expect(throws: LinearGaussianError.rankDeficient(rank: 2, parameters: 3)) { try model.fitByHouseholderQR() }
        #expect(throws: LinearGaussianError.self) { try model.fitByCholesky() }
        #expect(LinearGaussianError.rankDeficient(rank: 2, parameters: 3).description.contains("rank 2"))
    }

    @Test("fewer observations than parameters, mismatched lengths, NaN and infinity")
    func shapesAndFiniteness() throws {
        let wide = try Matrix<Double>([[1, 2, 3], [4, 5, 6]])
        #expect(throws: LinearGaussianError.tooFewObservations(observations: 2, parameters: 3)) {
            try LinearGaussianModel(design: wide, response: [1, 2])
        }
        let a = try Matrix<Double>([[1, 0], [1, 1], [1, 2]])
        #expect(throws: ModelInputError.shapeMismatch(what: "response", expected: [3], actual: [2])) {
            try LinearGaussianModel(design: a, response: [1, 2])
        }
        #expect(throws: ModelInputError.nonFinite(what: "response", index: 1)) {
            try LinearGaussianModel(design: a, response: [1, .nan, 2])
        }
        let infinite = try Matrix<Double>([[1, 0], [1, .infinity], [1, 2]])
        #expect(throws: ModelInputError.nonFinite(what: "design (row-major)", index: 3)) {
            try LinearGaussianModel(design: infinite, response: [1, 2, 3])
        }
        #expect(throws: ModelInputError.self) { try DesignMatrix.polynomial(x: [1.0, .nan], degree: 2) }
        #expect(throws: ModelInputError.self) { try DesignMatrix.polynomial(x: [1.0, 2], degree: 0, intercept: false) }
        #expect(throws: ModelInputError.self) { try DesignMatrix.linear(predictors: [[1.0, 2], [3]]) }
    }

    @Test("a prior covariance that is not symmetric positive definite is refused")
    func priorNotPositiveDefinite() throws {
        let model = try LinearGaussianModel(
            design: try Matrix<Rational>([[1, 0], [1, 1], [1, 2]]), response: [1, 2, 4])
        let indefinite = try Matrix<Rational>([[1, 2], [2, 1]])
        #expect(throws: LinearGaussianError.self) {
            try BayesianLinearGaussian(model: model, priorMean: [0, 0], priorCovariance: indefinite, noiseVariance: 1)
        }
        let asymmetric = try Matrix<Rational>([[2, 1], [0, 2]])
        #expect(throws: LinearGaussianError.self) {
            try BayesianLinearGaussian(model: model, priorMean: [0, 0], priorCovariance: asymmetric, noiseVariance: 1)
        }
        #expect(throws: ModelInputError.notPositive(what: "noiseVariance", value: "0")) {
            try BayesianLinearGaussian(
                model: model, priorMean: [0, 0], priorCovariance: .identity(2), noiseVariance: 0)
        }
        #expect(throws: ModelInputError.self) {
            try EvidenceFunction(model: model).evaluate(priorPrecision: -1, noisePrecision: 1)
        }
    }

    static func norrisLines() throws -> [String] {
        try LinearGaussianTestData.nistText("Norris").split(separator: "\r\n", omittingEmptySubsequences: false).map(
            String.init)
    }

    @Test(
        "a malformed StRD file is refused with its line and column",
        arguments: [
            (64, "        1.0", 64, 12),  // a data row with one field: the missing one goes at column 12
            (65, "   0.1   abc", 65, 10),  // a data field that is not a number
            (31, "        B0      -0.26x   0.2", 31, 22),  // a certified estimate that is not a number: the 'x'
        ])
    func malformedFile(line: Int, replacement: String, expectedLine: Int, expectedColumn: Int) throws {
        var lines = try Self.norrisLines()
        lines[line - 1] = replacement
        #expect(throws: LinearGaussianError.self) { try NISTStRDDataset(text: lines.joined(separator: "\r\n")) }
        do {
            _ = try NISTStRDDataset(text: lines.joined(separator: "\r\n"))
        } catch let LinearGaussianError.malformedFile(reportedLine, reportedColumn, _, _) {
            #expect(reportedLine == expectedLine)
            #expect(reportedColumn == expectedColumn)
        }
    }

    @Test("a StRD file without the model equation or with a certified parameter the model lacks is refused")
    func malformedStructure() throws {
        var lines = try Self.norrisLines()
        let model = lines.firstIndex { $0.contains("y = B0") }!
        lines[model] = "               y = B0 + e"
        #expect(
            throws: LinearGaussianError.malformedFile(
                line: 32, column: 9, problem: "certified parameter B1 is not in the model (line \(model + 1))",
                remedy: "the model equation must name every certified parameter")
        ) {
            try NISTStRDDataset(text: lines.joined(separator: "\r\n"))
        }
        lines[model] = "               Model equation withheld"
        #expect(throws: LinearGaussianError.self) { try NISTStRDDataset(text: lines.joined(separator: "\r\n")) }
    }
}
