import OracleArithmetic
import OracleLinearAlgebra

/// One term Bₖ·xⱼᵈ of a NIST StRD linear model (the intercept is the term with no predictor).
public struct NISTModelTerm: Hashable, Sendable {
    /// The parameter's name, e.g. `B3`.
    public let parameter: String
    /// The predictor's column in the data (0-based among the x's), or `nil` for the intercept B0.
    public let predictor: Int?
    /// The power d of the predictor (1 for a linear term, 0 for the intercept).
    public let power: Int

    public init(parameter: String, predictor: Int?, power: Int) {
        self.parameter = parameter
        self.predictor = predictor
        self.power = power
    }
}

/// The certified values of a NIST StRD linear least-squares dataset, as printed (15 significant
/// digits as a rule): estimates and their standard deviations, residual SD, R², and the ANOVA table.
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

/// A NIST StRD linear least-squares dataset read exactly from its text as NIST publishes it (LG-13).
///
/// The layout is taken from the header's own ranges, `Certified Values (lines a to b)` and
/// `Data (lines c to d)`: the certified block is read only from lines a…b, the data only from
/// lines c…d, and the data header `Data: y x…` is the last such line before c. The parameters are
/// the ones the certified block lists (B0, B1, … or B1, … without an intercept), in that order; the
/// model equation `y = …` in the `Model:` section says which predictor and power each one
/// multiplies. An abbreviated equation such as
/// `y = B0 + B1*x + B2*(x**2) + ... + B9*(x**9) + B10*(x**10) + e` (NIST's Filip) is expanded
/// from the terms on either side of the `...`: their parameter numbers and powers (or predictor
/// columns) must step together, and the expanded model must name exactly the certified parameters.
/// The prose (`7 Parameters (B0,B1,...,B7)` in NIST's Longley, which has B0…B6) is not trusted.
///
/// **Edge Cases:** every deviation from the format (an empty or truncated file, a missing range,
/// section or data header, a number that does not parse, a data row with the wrong number of
/// fields, a certified parameter the model lacks or the reverse, text after the data) throws
/// `LinearGaussianError.malformedFile(line:column:problem:remedy:)` with the 1-based line and
/// column of the offending text (for something missing, where it was expected). Fractions `p/q`
/// are refused: NIST prints decimals. The reader runs in time linear in the size of the text:
/// every number is at most 100 characters with an exponent of at most three digits, a `...`
/// expands to no more terms than the certified block lists, and a power is at most
/// `maximumPower`.
public struct NISTStRDDataset: Sendable {
    /// The dataset name (e.g. `Longley`).
    public let name: String
    /// The model's terms in parameter order B0, B1, … (the order of the certified block).
    public let terms: [NISTModelTerm]
    /// The predictor names from the data header (e.g. `["x1", …, "x6"]`).
    public let predictorNames: [String]
    /// The certified values.
    public let certified: NISTCertifiedValues
    /// y.
    public let response: [Rational]
    /// The predictor values, one row per observation.
    public let predictors: [[Rational]]
    /// The 1-based line ranges stated in the header: the certified values and the data.
    public let certifiedLines: ClosedRange<Int>
    public let dataLines: ClosedRange<Int>

    /// Parses a StRD `.dat` text (CRLF or LF).
    public init(text: String) throws {
        let reader = NISTLineReader(text)
        try reader.requireContent()
        let ranges = try reader.headerRanges()
        certifiedLines = (ranges.certified.lowerBound + 1)...(ranges.certified.upperBound + 1)
        dataLines = (ranges.data.lowerBound + 1)...(ranges.data.upperBound + 1)
        name = try reader.datasetName(before: ranges.certified.lowerBound)
        let header = try reader.dataHeader(after: ranges.certified.upperBound, before: ranges.data.lowerBound)
        predictorNames = header.names.map(String.init)
        let block = try reader.certifiedBlock(ranges.certified)
        terms = try reader.modelTerms(
            before: ranges.certified.lowerBound, predictors: predictorNames, certified: block.parameters)
        certified = block.values
        (response, predictors) = try reader.data(
            range: ranges.data, columns: predictorNames.count + 1, rangeLine: ranges.dataLine)
    }

    /// Parses the bytes of a `.dat` file: they must be UTF-8 text (StRD files are ASCII); the first
    /// byte that is not is reported with its line and column.
    public init<Bytes: Sequence>(utf8 bytes: Bytes) throws where Bytes.Element == UInt8 {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var scalars = String.UnicodeScalarView()
        var line = 1
        var column = 1
        decoding: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                let scalar = Unicode.UTF8.decode(encoded)
                scalars.append(scalar)
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else if scalar != "\r" {
                    column += 1
                }
            case .emptyInput:
                break decoding
            case .error:
                throw LinearGaussianError.malformedFile(
                    line: line, column: column, problem: "this byte is not UTF-8 text (a StRD file is ASCII)",
                    remedy: "pass the .dat text file as NIST publishes it, not a binary or re-encoded copy")
            }
        }
        try self.init(text: String(scalars))
    }

    /// The largest power of a predictor accepted in a model term (NIST's Filip has 10), so that
    /// forming the design stays cheap whatever the file says.
    public static let maximumPower = 100

    /// Whether the model has the intercept B0.
    public var hasIntercept: Bool { terms.contains { $0.predictor == nil } }

    /// The model as an equation, every term written out: `y = B0 + B1*x + B2*(x**2) + e`.
    public var modelEquation: String {
        let written = terms.map { term -> String in
            guard let j = term.predictor else { return term.parameter }
            let x = predictorNames[j]
            return term.power == 1 ? "\(term.parameter)*\(x)" : "\(term.parameter)*(\(x)**\(term.power))"
        }
        return "y = " + (written + ["e"]).joined(separator: " + ")
    }

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

    /// The model in `Double`: every entry of the exact design and of y rounded once (what a float64
    /// solver is given at best).
    public func doubleModel() throws -> LinearGaussianModel<Double> {
        try LinearGaussianModel(design: design.map { $0.doubleValue }, response: response.map(\.doubleValue))
    }
}

/// The line-oriented reader behind `NISTStRDDataset`. Indices are 0-based inside, 1-based in
/// every error.
struct NISTLineReader {
    /// A whitespace-separated field and its 1-based column.
    struct Field {
        let text: Substring
        let column: Int
    }

    /// The lines without their terminators; a final terminator does not start another line.
    let lines: [Substring]

    init(_ text: String) {
        // "\r\n" is one Character in Swift, so split on both forms; a lone "\r" is dropped too.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
        self.lines = lines
    }

    static let refetch = "the file is truncated or edited: use the .dat file exactly as NIST publishes it"

    func fail(_ index: Int, column: Int = 1, _ problem: String, _ remedy: String) -> LinearGaussianError {
        .malformedFile(line: index + 1, column: column, problem: problem, remedy: remedy)
    }

    func fields(_ index: Int) -> [Field] {
        var result: [Field] = []
        var column = 1
        var start: Substring.Index?
        var startColumn = 0
        let line = lines[index]
        var i = line.startIndex
        while i < line.endIndex {
            let blank = line[i] == " " || line[i] == "\t"
            if blank, let s = start {
                result.append(Field(text: line[s..<i], column: startColumn))
                start = nil
            } else if !blank, start == nil {
                start = i
                startColumn = column
            }
            column += 1
            i = line.index(after: i)
        }
        if let s = start { result.append(Field(text: line[s...], column: startColumn)) }
        return result
    }

    func isBlank(_ index: Int) -> Bool { lines[index].allSatisfy { $0 == " " || $0 == "\t" } }

    /// The 1-based column of the first non-blank character (or just past the end).
    func indentColumn(_ index: Int) -> Int { (fields(index).first?.column) ?? lines[index].count + 1 }

    func requireContent() throws {
        guard lines.indices.contains(where: { !isBlank($0) }) else {
            throw fail(0, "the file is empty", "pass a NIST StRD linear-regression .dat file")
        }
    }

    // MARK: Header

    /// The certified-values and data ranges, 0-based and inclusive, and the lines stating them.
    func headerRanges() throws -> (
        certified: ClosedRange<Int>, certifiedLine: Int, data: ClosedRange<Int>, dataLine: Int
    ) {
        var certified: (ClosedRange<Int>, Int)?
        var data: (ClosedRange<Int>, Int)?
        for i in lines.indices where certified == nil || data == nil {
            guard let open = lines[i].firstRange(of: "(lines") else { continue }
            let label = lines[i][..<open.lowerBound]
            if certified == nil, label.contains("Certified Values") {
                certified = (try lineRange(i, from: open), i)
            } else if data == nil, label.contains("Data") {
                data = (try lineRange(i, from: open), i)
            }
        }
        let fileFormat = lines.firstIndex { $0.hasPrefix("File Format:") } ?? 0
        guard let (certifiedRange, certifiedLine) = certified else {
            throw fail(
                fileFormat, "the header has no 'Certified Values (lines A to B)' range",
                "a StRD file states where its certified values are, e.g. 'Certified Values  (lines 31 to 51)'")
        }
        guard let (dataRange, dataLine) = data else {
            throw fail(
                fileFormat, "the header has no 'Data (lines A to B)' range, so there is no data block to read",
                "a StRD file states where its data are, e.g. 'Data  (lines 61 to 76)'")
        }
        let certifiedColumn = indentColumn(certifiedLine)
        guard certifiedRange.lowerBound > certifiedLine else {
            throw fail(
                certifiedLine, column: certifiedColumn,
                "the certified values cannot start on or before the line that states their range",
                "correct the range")
        }
        guard certifiedRange.upperBound < dataRange.lowerBound else {
            throw fail(
                dataLine, column: indentColumn(dataLine),
                """
                the data (from line \(dataRange.lowerBound + 1)) must start after the certified values (to line \
                \(certifiedRange.upperBound + 1))
                """,
                "correct the ranges")
        }
        let count = lines.count
        if count <= dataRange.upperBound {
            let end = "the file ends after line \(count)"
            let problem: String
            if count <= certifiedRange.upperBound {
                problem =
                    """
                    \(end), but line \(certifiedLine + 1) puts the certified values on lines \
                    \(certifiedRange.lowerBound + 1) to \(certifiedRange.upperBound + 1)
                    """
            } else if count <= dataRange.lowerBound {
                problem =
                    """
                    \(end): the data block that line \(dataLine + 1) puts on lines \(dataRange.lowerBound + 1) to \
                    \(dataRange.upperBound + 1) is missing
                    """
            } else {
                problem =
                    """
                    \(end), but line \(dataLine + 1) puts the data on lines \(dataRange.lowerBound + 1) to \
                    \(dataRange.upperBound + 1)
                    """
            }
            throw LinearGaussianError.malformedFile(line: count + 1, column: 1, problem: problem, remedy: Self.refetch)
        }
        return (certifiedRange, certifiedLine, dataRange, dataLine)
    }

    /// `(lines A to B)` from the "(lines" at `open`, as a 0-based inclusive range.
    func lineRange(_ i: Int, from open: Range<Substring.Index>) throws -> ClosedRange<Int> {
        let line = lines[i]
        let column = line.distance(from: line.startIndex, to: open.lowerBound) + 1
        let rest = line[open.upperBound...]
        let close = rest.firstIndex(of: ")")
        let words = (close.map { rest[..<$0] } ?? rest).split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard close != nil, words.count == 3, words[1] == "to", let a = Int(words[0]), let b = Int(words[2]) else {
            throw fail(
                i, column: column, "cannot read the line range '\(line[open.lowerBound...].trimmingBlanks)'",
                "write it as '(lines A to B)' with whole numbers A ≤ B")
        }
        guard a >= 1, a <= b else {
            throw fail(
                i, column: column, "the line range \(a) to \(b) is empty or starts before line 1",
                "write it as '(lines A to B)' with 1 ≤ A ≤ B")
        }
        return (a - 1)...(b - 1)
    }

    func datasetName(before end: Int) throws -> String {
        guard let i = (0..<end).first(where: { lines[$0].hasPrefix("Dataset Name:") }) else {
            throw fail(
                0, "the header has no 'Dataset Name:' line",
                "a StRD file starts 'NIST/ITL StRD' then 'Dataset Name:  NAME (NAME.dat)'")
        }
        let f = fields(i)
        guard f.count >= 3 else {
            throw fail(i, column: lines[i].count + 1, "the dataset name is missing", "write 'Dataset Name:  NAME'")
        }
        return String(f[2].text)
    }

    /// The data header `Data: y x1 x2 …`: the last line starting "Data:" between the certified
    /// block and the data.
    func dataHeader(after certifiedEnd: Int, before dataStart: Int) throws -> (line: Int, names: [Substring]) {
        guard let i = (certifiedEnd + 1..<dataStart).last(where: { lines[$0].hasPrefix("Data:") }) else {
            throw fail(
                dataStart - 1,
                """
                no data header 'Data: y x…' between the certified values (to line \(certifiedEnd + 1)) and the data \
                (from line \(dataStart + 1))
                """,
                "name the columns on the line before the data, e.g. 'Data:   y   x'")
        }
        let f = fields(i)
        guard f.count >= 2, f[1].text == "y" else {
            throw fail(
                i, column: f.count >= 2 ? f[1].column : lines[i].count + 1,
                "the data header must name the response 'y' first",
                "write it as 'Data:  y  x…'")
        }
        guard f.count >= 3 else {
            throw fail(
                i, column: lines[i].count + 1, "the data header names no predictor",
                "name the predictor columns after y, e.g. 'Data:  y  x'")
        }
        var seen = Set<Substring>()
        for field in f.dropFirst(2) where !seen.insert(field.text).inserted {
            throw fail(
                i, column: field.column, "the data header names the column '\(field.text)' twice",
                "give every column its own name")
        }
        return (i, f.dropFirst(2).map(\.text))
    }

    // MARK: Numbers

    /// A number as NIST prints it: a decimal of at most 100 characters, exponent at most 3 digits.
    func decimal(_ field: Field, line: Int) throws -> CertifiedDecimal {
        try checkNumberSize(field, line: line)
        do {
            return try CertifiedDecimal(String(field.text))
        } catch {
            throw notDecimal(field, error, line: line)
        }
    }

    func notDecimal(_ field: Field, _ error: DecimalParseError, line: Int) -> LinearGaussianError {
        // Rational(decimal:) also reads p/q, which a StRD file never holds: leave '/' out of the hint.
        let reason = error.reason.replacing("'.', '/', ", with: "'.', ")
        return fail(
            line, column: field.column + error.position, "'\(field.text)' is not a decimal number (\(reason))",
            "write it as NIST does, e.g. 0.165289256198347E-01")
    }

    func rational(_ field: Field, line: Int) throws -> Rational {
        try checkNumberSize(field, line: line)
        if let slash = field.text.firstIndex(of: "/") {
            throw fail(
                line, column: field.column + field.text.distance(from: field.text.startIndex, to: slash),
                "'\(field.text)' is a fraction, not a decimal number", "write it as a decimal, as NIST does")
        }
        do {
            return try Rational(decimal: String(field.text))
        } catch {
            throw notDecimal(field, error, line: line)
        }
    }

    func checkNumberSize(_ field: Field, line: Int) throws {
        guard field.text.count <= 100 else {
            throw fail(
                line, column: field.column, "a number of \(field.text.count) characters is longer than any StRD value",
                "a StRD number has at most 100 characters")
        }
        if let e = field.text.firstIndex(where: { $0 == "E" || $0 == "e" }) {
            let digits = field.text[field.text.index(after: e)...].drop { $0 == "+" || $0 == "-" }.drop { $0 == "0" }
            if digits.count > 3, digits.allSatisfy(\.isASCIIDigit) {
                throw fail(
                    line, column: field.column + field.text.distance(from: field.text.startIndex, to: e) + 1,
                    "the exponent of '\(field.text)' has more than three digits",
                    "a StRD number has an exponent of at most three digits")
            }
        }
    }

    // MARK: Certified values

    struct CertifiedBlock {
        /// The certified parameters in order: name, line, column.
        var parameters: [(name: String, line: Int, column: Int)]
        var values: NISTCertifiedValues
    }

    /// The certified block, read only from its stated range. Rows that carry no value (headings,
    /// the bare label "Residual") are skipped; a row that does is read strictly.
    func certifiedBlock(_ range: ClosedRange<Int>) throws -> CertifiedBlock {
        var parameters: [(name: String, line: Int, column: Int)] = []
        var estimates: [CertifiedDecimal] = []
        var deviations: [CertifiedDecimal] = []
        var residualSD: CertifiedDecimal?
        var rSquared: CertifiedDecimal?
        var regression: (Int, CertifiedDecimal, CertifiedDecimal, CertifiedDecimal?)?
        var residual: (Int, CertifiedDecimal, CertifiedDecimal)?
        var seenParameters = Set<String>()
        func twice(_ i: Int, _ what: String) -> LinearGaussianError {
            fail(i, column: indentColumn(i), "\(what) is certified twice", "keep one row")
        }
        func degrees(_ field: Field, _ i: Int) throws -> Int {
            guard let df = Int(field.text), df >= 0 else {
                throw fail(
                    i, column: field.column, "'\(field.text)' is not a number of degrees of freedom",
                    "write a whole number ≥ 0")
            }
            return df
        }
        /// Throws unless row i has exactly `count` fields, pointing at the first extra one or the line's end.
        func requireFields(_ f: [Field], _ count: Int, _ i: Int, _ problem: String, _ remedy: String) throws {
            guard f.count == count else {
                throw fail(i, column: f.count > count ? f[count].column : lines[i].count + 1, problem, remedy)
            }
        }
        for i in range {
            let f = fields(i)
            guard let first = f.first else { continue }
            let label = first.text
            if label.first == "B", label.count > 1, label.dropFirst().allSatisfy(\.isASCIIDigit) {
                try requireFields(
                    f, 3, i, "the row of \(label) has \(f.count - 1) number(s); it needs 2",
                    "write '\(label)  ESTIMATE  STANDARD-DEVIATION'")
                guard seenParameters.insert(String(label)).inserted else { throw twice(i, "parameter \(label)") }
                parameters.append((String(label), i, first.column))
                estimates.append(try decimal(f[1], line: i))
                deviations.append(try decimal(f[2], line: i))
            } else if f.count >= 3, f[f.count - 3].text == "Standard", f[f.count - 2].text == "Deviation" {
                guard residualSD == nil else { throw twice(i, "the residual standard deviation") }
                residualSD = try decimal(f[f.count - 1], line: i)
            } else if label == "R-Squared" {
                try requireFields(
                    f, 2, i, "expected 'R-Squared  VALUE'",
                    "write one value after R-Squared")
                guard rSquared == nil else { throw twice(i, "R-Squared") }
                rSquared = try decimal(f[1], line: i)
            } else if label == "Regression" {
                try requireFields(
                    f, 5, i, "the ANOVA row 'Regression' has \(f.count - 1) field(s); it needs 4",
                    "write 'Regression  DF  SS  MS  F' (F may be Infinity)")
                guard regression == nil else { throw twice(i, "the ANOVA row 'Regression'") }
                regression = (
                    try degrees(f[1], i), try decimal(f[2], line: i), try decimal(f[3], line: i),
                    f[4].text == "Infinity" ? nil : try decimal(f[4], line: i)
                )
            } else if label == "Residual", f.count > 1 {
                try requireFields(
                    f, 4, i, "the ANOVA row 'Residual' has \(f.count - 1) field(s); it needs 3",
                    "write 'Residual  DF  SS  MS'")
                guard residual == nil else { throw twice(i, "the ANOVA row 'Residual'") }
                residual = (try degrees(f[1], i), try decimal(f[2], line: i), try decimal(f[3], line: i))
            } else if first.text.first.map({ $0.isASCIIDigit || $0 == "-" || $0 == "+" || $0 == "." }) == true {
                throw fail(
                    i, column: first.column, "a number with no label in the certified values",
                    "label it (Bk, Standard Deviation, R-Squared, Regression, Residual) or correct the range")
            }
        }
        let start = range.lowerBound
        let rangeText = "lines \(range.lowerBound + 1) to \(range.upperBound + 1)"
        guard !parameters.isEmpty else {
            throw fail(
                start, "no certified parameter (a row 'Bk  ESTIMATE  SD') in \(rangeText)",
                "check the 'Certified Values' range in the header")
        }
        guard let residualSD else {
            throw fail(
                start, "no certified residual 'Standard Deviation' in \(rangeText)",
                "check the 'Certified Values' range in the header")
        }
        guard let rSquared else {
            throw fail(
                start, "no certified 'R-Squared' in \(rangeText)", "check the 'Certified Values' range in the header")
        }
        guard let regression else {
            throw fail(
                start, "no certified ANOVA row 'Regression' in \(rangeText)",
                "check the 'Certified Values' range in the header")
        }
        guard let residual else {
            throw fail(
                start, "no certified ANOVA row 'Residual' in \(rangeText)",
                "check the 'Certified Values' range in the header")
        }
        return CertifiedBlock(
            parameters: parameters,
            values: NISTCertifiedValues(
                estimates: estimates, standardDeviations: deviations,
                residualStandardDeviation: residualSD, rSquared: rSquared,
                regressionDegreesOfFreedom: regression.0, regressionSumOfSquares: regression.1,
                regressionMeanSquare: regression.2, fStatistic: regression.3,
                residualDegreesOfFreedom: residual.0, residualSumOfSquares: residual.1, residualMeanSquare: residual.2))
    }

    // MARK: Model

    /// A term of the equation as written, with its 1-based column; `nil` term for `...`.
    struct WrittenTerm {
        let term: NISTModelTerm?
        let number: Int
        let column: Int
    }

    /// The terms of the model equation in the `Model:` section, expanded and matched to the
    /// certified parameters, in the certified order.
    func modelTerms(before end: Int, predictors: [String], certified: [(name: String, line: Int, column: Int)]) throws
        -> [NISTModelTerm]
    {
        guard let model = (0..<end).first(where: { lines[$0].hasPrefix("Model:") }) else {
            throw fail(
                0, "the header has no 'Model:' section",
                "a StRD file states its model, e.g. 'y = B0 + B1*x + e', under 'Model:'")
        }
        // The equation: the first line with "y =" ("y" the last word before the "=").
        func isEquation(_ index: Int) -> Bool {
            guard let equals = lines[index].firstIndex(of: "=") else { return false }
            return lines[index][..<equals].split(whereSeparator: { $0 == " " || $0 == "\t" }).last == "y"
        }
        guard let i = (model..<end).first(where: isEquation), let equals = lines[i].firstIndex(of: "=") else {
            throw fail(
                model, "no model equation 'y = …' in the 'Model:' section (before line \(end + 1))",
                "state the model, e.g. 'y = B0 + B1*x + B2*(x**2) + e'")
        }
        let line = lines[i]
        var written: [WrittenTerm] = []
        var sawError = false
        var pieceStart = line.index(after: equals)
        while true {
            let plus = line[pieceStart...].firstIndex(of: "+") ?? line.endIndex
            let piece = line[pieceStart..<plus]
            let leading = piece.prefix { $0 == " " || $0 == "\t" }.count
            let column = line.distance(from: line.startIndex, to: pieceStart) + leading + 1
            let text = piece.trimmingBlanks
            if text.isEmpty {
                throw fail(i, column: column, "the model equation has an empty term", "write 'B0 + B1*x + … + e'")
            } else if sawError {
                throw fail(
                    i, column: column, "the model equation continues after the error term 'e'",
                    "end the equation with '+ e'")
            } else if text == "e" {
                sawError = true
            } else if text == "..." || text == "…" {
                written.append(WrittenTerm(term: nil, number: 0, column: column))
            } else {
                written.append(try modelTerm(text, line: i, column: column, predictors: predictors))
            }
            guard plus < line.endIndex else { break }
            pieceStart = line.index(after: plus)
        }
        let expanded = try expand(written, line: i, limit: certified.count)
        var byName: [String: (term: NISTModelTerm, column: Int)] = [:]
        for (term, column) in expanded {
            guard byName.updateValue((term, column), forKey: term.parameter) == nil else {
                throw fail(
                    i, column: column, "the parameter \(term.parameter) appears twice in the model",
                    "name each parameter once")
            }
        }
        guard expanded.filter({ $0.term.predictor == nil }).count <= 1 else {
            throw fail(
                i, column: expanded.filter { $0.term.predictor == nil }[1].column, "the model has two intercept terms",
                "keep one")
        }
        let certifiedNames = Set(certified.map(\.name))
        if let missing = expanded.first(where: { !certifiedNames.contains($0.term.parameter) }) {
            throw fail(
                i, column: missing.column, "the model's parameter \(missing.term.parameter) has no certified value",
                "the certified block must list every parameter of the model")
        }
        return try certified.map { parameter in
            guard let term = byName[parameter.name]?.term else {
                throw fail(
                    parameter.line, column: parameter.column,
                    "certified parameter \(parameter.name) is not in the model (line \(i + 1))",
                    "the model equation must name every certified parameter")
            }
            return term
        }
    }

    /// `Bk`, `Bk*x`, `Bk*x**d`, `Bk*(x**d)` (blanks allowed around the symbols).
    func modelTerm(_ text: Substring, line: Int, column: Int, predictors: [String]) throws -> WrittenTerm {
        let compact = text.filter { $0 != " " && $0 != "\t" }
        let parts = compact.split(separator: "*", maxSplits: 1, omittingEmptySubsequences: false)
        let parameter = parts[0]
        guard parameter.first == "B", let number = Int(parameter.dropFirst()), number >= 0,
            parameter.dropFirst().allSatisfy(\.isASCIIDigit)
        else {
            throw fail(
                line, column: column, "model term '\(text)' does not start with a parameter Bk",
                "write each term as Bk, Bk*x or Bk*(x**d); an elided run of terms as '...'")
        }
        guard parts.count == 2 else {
            return WrittenTerm(
                term: NISTModelTerm(parameter: String(parameter), predictor: nil, power: 0), number: number,
                column: column)
        }
        var factor = parts[1]
        if factor.first == "(", factor.last == ")" { factor = factor.dropFirst().dropLast() }
        let base: Substring
        var power = 1
        if let stars = factor.firstRange(of: "**") {
            base = factor[..<stars.lowerBound]
            guard let d = Int(factor[stars.upperBound...]), d >= 1,
                factor[stars.upperBound...].allSatisfy(\.isASCIIDigit)
            else {
                throw fail(
                    line, column: column, "model term '\(text)' has an unreadable power",
                    "write the power as a whole number ≥ 1, e.g. B2*(x**2)")
            }
            guard d <= NISTStRDDataset.maximumPower else {
                throw fail(
                    line, column: column,
                    "model term '\(text)' has the power \(d), above \(NISTStRDDataset.maximumPower)",
                    """
                    StRD models are polynomials of degree at most 10; this reader accepts powers up to \
                    \(NISTStRDDataset.maximumPower)
                    """
                )
            }
            power = d
        } else {
            base = factor
        }
        guard let j = predictors.firstIndex(where: { $0 == base }) else {
            throw fail(
                line, column: column,
                """
                model term '\(text)' uses '\(base)', which is not a column of the data header \
                (\(predictors.joined(separator: " ")))
                """,
                "use the predictor names of the 'Data: y …' line")
        }
        return WrittenTerm(
            term: NISTModelTerm(parameter: String(parameter), predictor: j, power: power), number: number,
            column: column)
    }

    /// Replaces each `...` by the terms between its neighbours: parameter numbers step by one
    /// and, in step with them, either the power of one predictor (a polynomial, from B0 or a term
    /// of x) or the predictor column at a fixed power (x1, x2, …).
    func expand(_ written: [WrittenTerm], line: Int, limit: Int) throws -> [(term: NISTModelTerm, column: Int)] {
        var result: [(term: NISTModelTerm, column: Int)] = []
        func tooMany(_ column: Int) -> LinearGaussianError {
            fail(
                line, column: column,
                "the model names more terms than the \(limit) parameter(s) the certified block lists",
                "the model equation and the certified block must name the same parameters")
        }
        for (t, item) in written.enumerated() {
            if let term = item.term {
                guard result.count < limit else { throw tooMany(item.column) }
                result.append((term, item.column))
                continue
            }
            guard t > 0, t + 1 < written.count, let before = written[t - 1].term, let after = written[t + 1].term else {
                throw fail(
                    line, column: item.column, "'...' must stand between two written terms",
                    "write the terms on both sides, e.g. 'B2*(x**2) + ... + B9*(x**9)'")
            }
            let low = written[t - 1].number
            let gap = written[t + 1].number - low
            let unreadable = fail(
                line, column: item.column,
                "cannot tell which terms '...' stands for between \(before.parameter) and \(after.parameter)",
                """
                parameter numbers must step by one with the power (B2*(x**2) + ... + B5*(x**5)) or the predictor \
                (B1*x1 + ... + B4*x4); otherwise write the terms out
                """
            )
            guard gap >= 2, let column = after.predictor else { throw unreadable }
            guard result.count + gap - 1 <= limit else { throw tooMany(item.column) }
            if (before.predictor ?? column) == column, after.power - before.power == gap {
                for m in 1..<gap {
                    result.append(
                        (
                            NISTModelTerm(parameter: "B\(low + m)", predictor: column, power: before.power + m),
                            item.column
                        ))
                }
            } else if let first = before.predictor, before.power == after.power, column - first == gap {
                for m in 1..<gap {
                    result.append(
                        (
                            NISTModelTerm(parameter: "B\(low + m)", predictor: first + m, power: before.power),
                            item.column
                        ))
                }
            } else {
                throw unreadable
            }
        }
        return result
    }

    // MARK: Data

    func data(range: ClosedRange<Int>, columns: Int, rangeLine: Int) throws -> ([Rational], [[Rational]]) {
        var response: [Rational] = []
        var predictors: [[Rational]] = []
        response.reserveCapacity(range.count)
        predictors.reserveCapacity(range.count)
        for i in range {
            let f = fields(i)
            guard !f.isEmpty else {
                throw fail(
                    i,
                    """
                    line \(i + 1) is blank, but line \(rangeLine + 1) puts the data on lines \(range.lowerBound + 1) \
                    to \(range.upperBound + 1)
                    """,
                    "remove the blank line or correct the 'Data (lines A to B)' range")
            }
            guard f.count == columns else {
                throw fail(
                    i, column: f.count > columns ? f[columns].column : lines[i].count + 1,
                    """
                    a data row needs \(columns) numbers (y and \(columns - 1) predictor\(columns == 2 ? "" : "s")) \
                    but has \(f.count)
                    """,
                    f.count > columns ? "remove the extra field" : "supply the missing number(s)")
            }
            let row = try f.map { try rational($0, line: i) }
            response.append(row[0])
            predictors.append(Array(row.dropFirst()))
        }
        if let extra = ((range.upperBound + 1)..<lines.count).first(where: { !isBlank($0) }) {
            throw fail(
                extra, column: indentColumn(extra),
                "text after the data block, which line \(rangeLine + 1) ends at line \(range.upperBound + 1)",
                "remove it or correct the 'Data (lines A to B)' range")
        }
        return (response, predictors)
    }
}

extension Substring {
    /// Without leading and trailing blanks (spaces and tabs).
    fileprivate var trimmingBlanks: Substring {
        let start = firstIndex { $0 != " " && $0 != "\t" } ?? endIndex
        let end = lastIndex { $0 != " " && $0 != "\t" }.map(index(after:)) ?? start
        return self[start..<Swift.max(start, end)]
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
