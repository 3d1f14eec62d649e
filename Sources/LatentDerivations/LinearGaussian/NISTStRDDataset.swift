import OracleArithmetic
import OracleLinearAlgebra

/// One term Bₖ·xⱼᵈ of a NIST StRD linear model (the intercept is the term with no predictor).
public struct NISTModelTerm: Hashable, Sendable {
    /// The parameter's name, e.g. `B3`.
    public let parameter: String
    /// The predictor's column in the data (0-based among the x's), or `nil` for the intercept B0.
    public let predictor: Int?
    /// The power d of the predictor (1 for a linear term).
    public let power: Int

    public init(parameter: String, predictor: Int?, power: Int) {
        self.parameter = parameter
        self.predictor = predictor
        self.power = power
    }
}

/// The certified values of a NIST StRD linear least-squares dataset, as printed (15 significant
/// digits): estimates and their standard deviations, residual SD, R², and the ANOVA table.
public struct NISTCertifiedValues: Sendable {
    /// Bₖ estimates, in model-term order.
    public let estimates: [CertifiedDecimal]
    /// Their standard deviations.
    public let standardDeviations: [CertifiedDecimal]
    /// The residual standard deviation s = √(RSS/(n − p)).
    public let residualStandardDeviation: CertifiedDecimal
    /// R² (uncentred for the no-intercept models).
    public let rSquared: CertifiedDecimal
    /// Regression degrees of freedom, sum of squares, mean square.
    public let regressionDegreesOfFreedom: Int
    public let regressionSumOfSquares: CertifiedDecimal
    public let regressionMeanSquare: CertifiedDecimal
    /// F; `nil` when printed "Infinity" (an exact fit).
    public let fStatistic: CertifiedDecimal?
    /// Residual degrees of freedom, sum of squares, mean square.
    public let residualDegreesOfFreedom: Int
    public let residualSumOfSquares: CertifiedDecimal
    public let residualMeanSquare: CertifiedDecimal
}

/// A NIST StRD linear least-squares dataset read exactly from its text (LG-13): the model line
/// (`y = B0 + B1*x + B2*(x**2) + … + e`, any degree, any number of predictors x or x1…xm, with or
/// without B0), the certified values and the data, every number as an exact `Rational`.
///
/// **Edge Cases:** any deviation from the format (missing section, a number that does not parse,
/// a data row with the wrong number of fields, a certified parameter the model does not name, a
/// data count that disagrees with the stated line range) throws
/// `LinearGaussianError.malformedFile(line:reason:)` with the 1-based line number.
public struct NISTStRDDataset: Sendable {
    /// The dataset name (e.g. `Longley`).
    public let name: String
    /// The model's terms in parameter order B0, B1, ….
    public let terms: [NISTModelTerm]
    /// The predictor names from the data header (e.g. `["x1", …, "x6"]`).
    public let predictorNames: [String]
    /// The certified values.
    public let certified: NISTCertifiedValues
    /// y.
    public let response: [Rational]
    /// The predictor values, one row per observation.
    public let predictors: [[Rational]]

    /// Parses a StRD `.dat` text (CRLF or LF).
    public init(text: String) throws {
        let reader = NISTLineReader(text)
        name = try reader.datasetName()
        let dataRange = try reader.dataLineRange()
        let header = try reader.dataHeader()
        predictorNames = header.names
        terms = try reader.modelTerms(predictors: predictorNames)
        certified = try reader.certifiedValues(terms: terms)
        (response, predictors) = try reader.data(range: dataRange, header: header.line, columns: predictorNames.count + 1)
    }

    /// Whether the model has the intercept B0.
    public var hasIntercept: Bool { terms.contains { $0.predictor == nil } }

    /// The design A: column k is 1 (intercept) or xⱼᵈ for term k.
    public var design: Matrix<Rational> {
        Matrix(rows: response.count, columns: terms.count) { i, k in
            guard let j = terms[k].predictor else { return .one }
            var value = Rational.one
            for _ in 0..<terms[k].power { value *= predictors[i][j] }
            return value
        }
    }

    /// The validated model y = Aθ + η over ℚ.
    public func model() throws -> LinearGaussianModel<Rational> {
        try LinearGaussianModel(design: design, response: response)
    }
}

/// The line-oriented reader behind `NISTStRDDataset` (1-based line numbers in every error).
struct NISTLineReader {
    let lines: [String]

    init(_ text: String) {
        // "\r\n" is one Character in Swift, so split on both forms.
        lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map {
            String($0.hasSuffix("\r") ? $0.dropLast() : $0)
        }
    }

    func fail(_ index: Int, _ reason: String) -> LinearGaussianError {
        .malformedFile(line: Swift.min(index, lines.count - 1) + 1, reason: reason)
    }

    func fields(_ index: Int) -> [String] {
        lines[index].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }

    func firstLine(where predicate: (String) -> Bool, from start: Int = 0) -> Int? {
        (start..<lines.count).first { predicate(lines[$0]) }
    }

    func decimal(_ text: String, line: Int) throws -> CertifiedDecimal {
        do { return try CertifiedDecimal(text) } catch { throw fail(line, "'\(text)' is not a decimal number") }
    }

    func datasetName() throws -> String {
        guard let i = firstLine(where: { $0.hasPrefix("Dataset Name:") }) else {
            throw fail(lines.count, "no 'Dataset Name:' line")
        }
        guard let name = fields(i).dropFirst(2).first else { throw fail(i, "the dataset name is missing") }
        return name
    }

    /// The 0-based line indices of the data, from "Data (lines a to b)".
    func dataLineRange() throws -> ClosedRange<Int> {
        guard let i = firstLine(where: { $0.contains("Data") && $0.contains("(lines") }) else {
            throw fail(lines.count, "no 'Data (lines a to b)' range in the header")
        }
        let numbers = lines[i].split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard numbers.count == 2, numbers[0] >= 1, numbers[0] <= numbers[1] else {
            throw fail(i, "cannot read the data line range")
        }
        guard numbers[1] <= lines.count else {
            throw fail(lines.count, "the data range ends at line \(numbers[1]) but the file has \(lines.count) lines")
        }
        return (numbers[0] - 1)...(numbers[1] - 1)
    }

    /// The data header `Data: y x1 x2 …`: the response and predictor names.
    func dataHeader() throws -> (line: Int, names: [String]) {
        guard let i = lines.indices.last(where: { lines[$0].hasPrefix("Data:") && fields($0).dropFirst().first == "y" }) else {
            throw fail(lines.count, "no data header 'Data: y x…'")
        }
        let names = Array(fields(i).dropFirst(2))
        guard !names.isEmpty else { throw fail(i, "the data header names no predictor") }
        return (i, names)
    }

    /// The terms of the model equation `y = B0 + B1*x + B2*(x**2) + … + e`.
    func modelTerms(predictors: [String]) throws -> [NISTModelTerm] {
        guard let start = firstLine(where: { $0.hasPrefix("Model:") }),
              let i = firstLine(where: { $0.contains("y =") }, from: start) else {
            throw fail(lines.count, "no model equation 'y = …' after 'Model:'")
        }
        let rhs = lines[i][lines[i].range(of: "y =")!.upperBound...]
        var terms: [NISTModelTerm] = []
        for raw in rhs.split(separator: "+") {
            let term = raw.filter { $0 != " " && $0 != "(" && $0 != ")" }
            if term == "e" { continue }
            let parts = term.split(separator: "*", maxSplits: 1).map(String.init)
            guard let parameter = parts.first, parameter.hasPrefix("B"), Int(parameter.dropFirst()) != nil else {
                throw fail(i, "model term '\(raw.trimmingSpaces)' does not start with a parameter Bk")
            }
            guard parts.count == 2 else {
                terms.append(NISTModelTerm(parameter: parameter, predictor: nil, power: 0))
                continue
            }
            let factor = parts[1].components(separatedBy: "**")
            guard let column = predictors.firstIndex(of: factor[0]) else {
                throw fail(i, "model term '\(raw.trimmingSpaces)' uses '\(factor[0])', which is not a data column \(predictors)")
            }
            guard factor.count <= 2, let power = factor.count == 2 ? Int(factor[1]) : 1, power >= 1 else {
                throw fail(i, "model term '\(raw.trimmingSpaces)' has an unreadable power")
            }
            terms.append(NISTModelTerm(parameter: parameter, predictor: column, power: power))
        }
        guard !terms.isEmpty else { throw fail(i, "the model has no terms") }
        guard Set(terms.map(\.parameter)).count == terms.count else { throw fail(i, "a parameter appears twice in the model") }
        return terms
    }

    func certifiedValues(terms: [NISTModelTerm]) throws -> NISTCertifiedValues {
        guard let start = firstLine(where: { $0.contains("Certified Regression Statistics") }) else {
            throw fail(lines.count, "no 'Certified Regression Statistics' section")
        }
        var estimates = [CertifiedDecimal?](repeating: nil, count: terms.count)
        var deviations = estimates
        var residualSD: CertifiedDecimal?
        var rSquared: CertifiedDecimal?
        var regression: (Int, CertifiedDecimal, CertifiedDecimal, CertifiedDecimal?)?
        var residual: (Int, CertifiedDecimal, CertifiedDecimal)?
        var i = start + 1
        while i < lines.count, !lines[i].hasPrefix("Data:") {
            let f = fields(i)
            if let name = f.first, name.hasPrefix("B"), Int(name.dropFirst()) != nil {
                guard let k = terms.firstIndex(where: { $0.parameter == name }) else {
                    throw fail(i, "certified parameter \(name) is not in the model")
                }
                guard f.count == 3 else { throw fail(i, "expected '\(name) estimate deviation'") }
                estimates[k] = try decimal(f[1], line: i)
                deviations[k] = try decimal(f[2], line: i)
            } else if lines[i].contains("Standard Deviation"), let last = f.last, last.first?.isLetter == false {
                residualSD = try decimal(last, line: i)
            } else if f.first == "R-Squared" {
                guard f.count == 2 else { throw fail(i, "expected 'R-Squared value'") }
                rSquared = try decimal(f[1], line: i)
            } else if f.first == "Regression", f.count >= 4, let df = Int(f[1]) {
                guard f.count == 5 else { throw fail(i, "expected 'Regression df SS MS F'") }
                regression = (df, try decimal(f[2], line: i), try decimal(f[3], line: i),
                              f[4] == "Infinity" ? nil : try decimal(f[4], line: i))
            } else if f.first == "Residual", f.count >= 2 {
                guard f.count == 4, let df = Int(f[1]) else { throw fail(i, "expected 'Residual df SS MS'") }
                residual = (df, try decimal(f[2], line: i), try decimal(f[3], line: i))
            }
            i += 1
        }
        for k in terms.indices where estimates[k] == nil {
            throw fail(start, "no certified estimate for parameter \(terms[k].parameter)")
        }
        guard let residualSD else { throw fail(start, "no certified residual standard deviation") }
        guard let rSquared else { throw fail(start, "no certified R-Squared") }
        guard let regression else { throw fail(start, "no certified ANOVA 'Regression' row") }
        guard let residual else { throw fail(start, "no certified ANOVA 'Residual' row") }
        return NISTCertifiedValues(
            estimates: estimates.compactMap { $0 }, standardDeviations: deviations.compactMap { $0 },
            residualStandardDeviation: residualSD, rSquared: rSquared,
            regressionDegreesOfFreedom: regression.0, regressionSumOfSquares: regression.1,
            regressionMeanSquare: regression.2, fStatistic: regression.3,
            residualDegreesOfFreedom: residual.0, residualSumOfSquares: residual.1, residualMeanSquare: residual.2)
    }

    func data(range: ClosedRange<Int>, header: Int, columns: Int) throws -> ([Rational], [[Rational]]) {
        guard range.lowerBound > header else {
            throw fail(range.lowerBound, "the data range starts before the data header on line \(header + 1)")
        }
        var response: [Rational] = []
        var predictors: [[Rational]] = []
        for i in range {
            let f = fields(i)
            guard f.count == columns else {
                throw fail(i, "a data row needs \(columns) numbers (y and \(columns - 1) predictors) but has \(f.count)")
            }
            let row = try f.map { try decimal($0, line: i).value }
            response.append(row[0])
            predictors.append(Array(row.dropFirst()))
        }
        if let extra = ((range.upperBound + 1)..<lines.count).first(where: { !fields($0).isEmpty }) {
            throw fail(extra, "data beyond the stated range")
        }
        return (response, predictors)
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String { String(self.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed()) }
}
