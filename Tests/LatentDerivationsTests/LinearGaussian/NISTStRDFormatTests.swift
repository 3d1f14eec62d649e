import Testing
import LatentDerivations
import OracleArithmetic
import OracleTestSupport

/// The StRD file format as NIST publishes it (Proofs/04-linear-gaussian.md, LG-13): the header
/// variants of the shipped files, the abbreviated model equation of NIST's Filip (`... +`), the
/// 15-digit certification rule, and every malformed input refused with its line and column.
@Suite("NIST StRD file format")
struct NISTStRDFormatTests {
    // MARK: Header variants NIST uses

    static func polynomial(_ degree: Int, intercept: Bool = true) -> [NISTModelTerm] {
        ((intercept ? 0 : 1)...degree).map {
            NISTModelTerm(parameter: "B\($0)", predictor: $0 == 0 ? nil : 0, power: $0)
        }
    }

    /// What each shipped file states: its predictors, model, and the header's line ranges. They
    /// differ in the ways NIST's files do: `Dataset Name:  Pontius` without the file name, range
    /// lines with one or two blanks, Pontius's equation without `+ e`, Wampler's `B3*(x**3)+ B4`,
    /// Longley's six predictors x1…x6 (and its prose "7 Parameters (B0,B1,...,B7)", which is
    /// wrong and ignored), and the no-intercept models NoInt1/NoInt2.
    static let shipped:
        [(
            name: String, predictors: [String], terms: [NISTModelTerm], certified: ClosedRange<Int>,
            data: ClosedRange<Int>
        )] = [
            (
                "Longley", (1...6).map { "x\($0)" },
                [NISTModelTerm(parameter: "B0", predictor: nil, power: 0)]
                    + (1...6).map { NISTModelTerm(parameter: "B\($0)", predictor: $0 - 1, power: 1) },
                31...51, 61...76
            ),
            ("NoInt1", ["x"], polynomial(1, intercept: false), 31...44, 61...71),
            ("NoInt2", ["x"], polynomial(1, intercept: false), 31...45, 61...63),
            ("Norris", ["x"], polynomial(1), 31...46, 61...96),
            ("Pontius", ["x"], polynomial(2), 31...47, 61...100),
            ("Wampler1", ["x"], polynomial(5), 31...50, 61...81),
            ("Wampler2", ["x"], polynomial(5), 31...50, 61...81),
            ("Wampler3", ["x"], polynomial(5), 31...50, 61...81),
            ("Wampler4", ["x"], polynomial(5), 31...50, 61...81),
        ]

    @Test("every shipped file's header, model and ranges are read as NIST states them", arguments: shipped.indices)
    func shippedHeaders(index: Int) throws {
        let expected = Self.shipped[index]
        let dataset = try NISTStRDDataset(text: try LinearGaussianTestData.nistText(expected.name))
        #expect(dataset.name == expected.name)
        #expect(dataset.predictorNames == expected.predictors)
        #expect(dataset.terms == expected.terms)
        #expect(dataset.certifiedLines == expected.certified)
        #expect(dataset.dataLines == expected.data)
        #expect(dataset.response.count == expected.data.count)
        #expect(dataset.hasIntercept == !expected.name.hasPrefix("NoInt"))
    }

    @Test("the bytes of a shipped file read as its text; the model equation is written out")
    func bytesAndEquation() throws {
        let text = try LinearGaussianTestData.nistText("Pontius")
        let dataset = try NISTStRDDataset(utf8: Array(text.utf8))
        #expect(dataset.response == (try NISTStRDDataset(text: text)).response)
        #expect(dataset.modelEquation == "y = B0 + B1*x + B2*(x**2) + e")
        #expect(try NISTStRDDataset(text: LinearGaussianTestData.nistText("NoInt1")).modelEquation == "y = B1*x + e")
    }

    // MARK: The abbreviated model equation

    /// A degree-3 polynomial on x = −3…3 with residuals r = (3, −7, 1, 6, 1, −7, 3), the degree-4
    /// discrete orthogonal polynomial, so θ̂ = (2, 1, −3, 1) exactly and RSS = 154. The certified
    /// values were computed independently (Python `fractions` and `decimal` at 60 digits) and
    /// printed as NIST prints: 15 significant digits.
    static func cubicText(model: String = "y = B0 + B1*x + ... + B3*(x**3) + e", f: String = "17.9480519480519")
        -> String
    {
        LinearGaussianTestData.strdText(
            name: "Cubic", model: model,
            certified: [
                "        B0        2.00000000000000         4.13655788199695",
                "        B1        1.00000000000000         3.67129337723484",
                "        B2       -3.00000000000000         0.781735959970572",
                "        B3        1.00000000000000         0.487498021521785",
                "",
                "     Residual",
                "     Standard Deviation   7.16472842006823",
                "",
                "     R-Squared            0.947224126113777",
                "",
                "",
                "               Certified Analysis of Variance Table",
                "",
                "Source of Degrees of     Sums of               Mean  ",
                "Variation  Freedom       Squares              Squares           F Statistic",
                "",
                "Regression    3      2764.00000000000     921.333333333333     \(f)",
                "Residual      3      154.000000000000     51.3333333333333",
            ],
            predictors: ["x"],
            rows: zip([-52, -27, -2, 8, 2, -7, 8], -3...3).map { "      \($0)      \($1)" })
    }

    @Test(
        "an abbreviated model 'B0 + B1*x + ... + B3*(x**3) + e' is expanded from the certified parameters",
        arguments: [
            "y = B0 + B1*x + ... + B3*(x**3) + e",
            "y = B0 + ... + B3*(x**3) + e",
            "y = B0 + B1*x + B2*(x**2) + ... + B3*(x**3)",  // no gap: '...' must stand for a term
        ])
    func abbreviatedCubic(model: String) throws {
        let text = Self.cubicText(model: model)
        if model.contains("B2") {
            #expect(
                throws: LinearGaussianError.malformedFile(
                    line: 24, column: 44, problem: "cannot tell which terms '...' stands for between B2 and B3",
                    remedy:
                        "parameter numbers must step by one with the power (B2*(x**2) + ... + B5*(x**5)) or the "
                        + "predictor (B1*x1 + ... + B4*x4); otherwise write the terms out"
                )
            ) {
                try NISTStRDDataset(text: text)
            }
            return
        }
        let dataset = try NISTStRDDataset(text: text)
        #expect(dataset.terms == Self.polynomial(3))
        #expect(dataset.modelEquation == "y = B0 + B1*x + B2*(x**2) + B3*(x**3) + e")
        let fit = try dataset.model().fitByElimination()
        #expect(fit.estimate == [2, 1, -3, 1])
        for c in try dataset.compare(exact: fit) {
            #expect(c.isReproduced, "\(c)")
            #expect(c.logRelativeError == Double(c.digitsCompared ?? 15), "\(c)")
        }
    }

    /// NIST's Filip states its model as `y = B0 + B1*x + B2*(x**2) + ... + B9*(x**9) + B10*(x**10) + e`.
    /// The same forms on shipped data must give the model the file writes out in full.
    @Test(
        "Filip's abbreviated forms read as the written-out model on shipped data",
        arguments: [
            ("Wampler1", "y = B0 + B1*x + B2*(x**2) + ... + B4*(x**4) + B5*(x**5) + e"),
            ("Wampler4", "y = B0 + B1*x + ... + B5*(x**5)"),
            ("Pontius", "y = B0 + ... + B2*(x**2)"),
            ("Longley", "y = B0 + B1*x1 + ... + B6*x6 + e"),
        ])
    func filipForms(name: String, model: String) throws {
        let original = try LinearGaussianTestData.nistText(name)
        var lines = original.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let equation = lines.firstIndex { $0.contains("y = B0") }!
        lines[equation] = "               " + model
        let abbreviated = try NISTStRDDataset(text: lines.joined(separator: "\r\n"))
        let full = try NISTStRDDataset(text: original)
        #expect(abbreviated.terms == full.terms)
        #expect(try abbreviated.compare(exact: abbreviated.model().fitByElimination()).allSatisfy(\.isReproduced))
    }

    @Test(
        "a '...' whose neighbours do not step together, or that stands at an end, is refused at its column",
        arguments: [
            ("y = B0 + ... + B5*(x**3) + e", 25),
            ("y = ... + B5*(x**5) + e", 20),
            ("y = B0 + B1*x + ... + e", 32),
        ])
    func unreadableEllipsis(model: String, column: Int) throws {
        var lines = try LinearGaussianTestData.nistText("Wampler1").split(
            separator: "\r\n", omittingEmptySubsequences: false
        ).map(String.init)
        let equation = lines.firstIndex { $0.contains("y = B0") }!
        lines[equation] = "               " + model
        do {
            _ = try NISTStRDDataset(text: lines.joined(separator: "\r\n"))
            Issue.record("'\(model)' was accepted")
        } catch let LinearGaussianError.malformedFile(line, reportedColumn, problem, _) {
            #expect(line == equation + 1)
            #expect(reportedColumn == column, "\(problem)")
            #expect(problem.contains("'...'"))
        }
    }

    // MARK: The 15-digit rule

    /// NIST prints Wampler5's F as 6.7552445824012241E-03; the exact F (from the data, which are
    /// Wampler4's with the residuals ×100) is 6.75524458240122455504…E-03, whose correct rounding
    /// to 17 digits ends …2246: NIST's 17th digit is off by 5, beyond the 15 it certifies.
    @Test("a 17-digit certified value whose 17th digit is off is reproduced; one off at the 14th is not")
    func fifteenDigitRule() throws {
        let exact = try Rational(decimal: "6.75524458240122455504084846413830110988E-03")
        let nist = try CertifiedDecimal("6.7552445824012241E-03")
        #expect(nist.significantDigits == 17)
        #expect(nist.comparedDigits == 15)
        #expect(!nist.isCorrectRounding(of: exact))  // the old all-printed-digits rule blamed the oracle
        #expect(nist.isReproduced(by: exact))
        let ours = nist.rounded(exact)
        #expect(ours.text == "6.7552445824012246E-03")
        #expect(nist.firstDifferingDigit(ours.text) == 17)
        #expect(nist.logRelativeError(of: ours.value) == 15)

        let wrong = try CertifiedDecimal("6.7552445824013241E-03")
        #expect(!wrong.isReproduced(by: exact))
        #expect(wrong.firstDifferingDigit(wrong.rounded(exact).text) == 14)
        expectBelow(
            error: wrong.logRelativeError(of: wrong.rounded(exact).value), bound: 14,
            "the certified value differs from ours at its 14th significant digit, so fewer than 14 digits agree",
            "LRE of the altered certified value")

        // Fewer printed digits are compared as printed; a printed zero absolutely, at ≤ 15 places.
        let short = try CertifiedDecimal("2764.00")
        #expect(short.comparedDigits == 6)
        #expect(short.isReproduced(by: try Rational(decimal: "2764.004999")))
        #expect(!short.isReproduced(by: try Rational(decimal: "2764.005001")))
        #expect(short.logRelativeError(of: 2764) == 6)
        let zero = try CertifiedDecimal("0.00000000000000000")
        #expect(zero.comparedDigits == 15)
        #expect(zero.isReproduced(by: try Rational(decimal: "5E-16")))
        #expect(!zero.isReproduced(by: try Rational(decimal: "6E-16")))
        #expect(throws: DecimalParseError.self) { try CertifiedDecimal("1/3") }
    }

    @Test(
        "a whole file: F with the 17th of 17 digits off passes; the 14th off fails with a clear message"
    )
    func fifteenDigitRuleInAFile() throws {
        // The exact F is 17.948051948051948051…; correctly rounded to 17 digits, 17.948051948051948.
        let passing = try NISTStRDDataset(text: Self.cubicText(f: "17.948051948051943"))
        let f = try #require(
            try passing.compare(exact: passing.model().fitByElimination()).first { $0.quantity == "F" })
        #expect(f.isReproduced, "\(f)")
        #expect(f.fitted == "17.948051948051948")
        #expect(f.digitsCompared == 15)
        #expect(f.logRelativeError == 15)
        #expect(f.firstDifferingDigit == 17)

        let failing = try NISTStRDDataset(text: Self.cubicText(f: "17.948051948052948"))
        let comparisons = try failing.compare(exact: failing.model().fitByElimination())
        let bad = try #require(comparisons.first { $0.quantity == "F" })
        #expect(!bad.isReproduced)
        #expect(bad.firstDifferingDigit == 14)
        #expect(
            bad.description
                == "F: NOT reproduced to 15 significant digits: NIST prints 17.948051948052948, ours is "
                + "17.948051948051948 "
                + "(they differ at significant digit 14 — more than half a unit in significant digit 15; LRE 13.3)")
        #expect(comparisons.filter { !$0.isReproduced }.map(\.quantity) == ["F"])
    }

    @Test("standard deviations are rounded exactly from their squares")
    func squareRootRounding() throws {
        let c = try CertifiedDecimal("7.16472842006820")  // √(154/3) = 7.164728420068228…
        #expect(!c.isReproducedBySquareRoot(of: Rational(154) / Rational(3)))
        #expect(c.roundedSquareRoot(of: Rational(154) / Rational(3)).text == "7.16472842006823")
        let small = try CertifiedDecimal("0.100000000000000E-01")
        #expect(small.roundedSquareRoot(of: Rational(1) / Rational(10_000)).text == "0.100000000000000E-01")
        #expect(small.roundedSquareRoot(of: Rational(4) / Rational(10_000)).text == "0.200000000000000E-01")
    }

    // MARK: Malformed input, located

    static func norris() throws -> [String] {
        try LinearGaussianTestData.nistText("Norris").split(separator: "\r\n", omittingEmptySubsequences: false).map(
            String.init)
    }

    static func location(_ text: String) -> (line: Int, column: Int, problem: String)? {
        do {
            _ = try NISTStRDDataset(text: text)
            return nil
        } catch let LinearGaussianError.malformedFile(line, column, problem, _) {
            return (line, column, problem)
        } catch {
            return (0, 0, "\(error)")
        }
    }

    /// Norris: ranges on lines 5 (31–46) and 6 (61–96); data header on line 60; 97 lines.
    static let edits: [(what: String, edit: @Sendable ([String]) -> String, line: Int, column: Int, problem: String)] =
        [
            ("an empty file", { _ in "" }, 1, 1, "the file is empty"),
            ("only blanks", { _ in "   \r\n\r\n\t\r\n" }, 1, 1, "the file is empty"),
            (
                "truncated in the data", { Array($0.prefix(80)).joined(separator: "\r\n") + "\r\n" }, 81, 1,
                "the file ends after line 80, but line 6 puts the data on lines 61 to 96"
            ),
            (
                "no data block", { Array($0.prefix(60)).joined(separator: "\r\n") + "\r\n" }, 61, 1,
                "the file ends after line 60: the data block that line 6 puts on lines 61 to 96 is missing"
            ),
            (
                "truncated in the certified values", { Array($0.prefix(40)).joined(separator: "\r\n") }, 41, 1,
                "the file ends after line 40, but line 5 puts the certified values on lines 31 to 46"
            ),
            (
                "no data range in the header",
                { lines in
                    var l = lines
                    l[5] = ""
                    return l.joined(separator: "\r\n")
                }, 4, 1,
                "the header has no 'Data (lines A to B)' range, so there is no data block to read"
            ),
            (
                "an unreadable range",
                { lines in
                    var l = lines
                    l[5] = "               Data              (lines 61 to )"
                    return l.joined(separator: "\r\n")
                }, 6, 34,
                "cannot read the line range '(lines 61 to )'"
            ),
            (
                "no data header",
                { lines in
                    var l = lines
                    l[59] = ""
                    return l.joined(separator: "\r\n")
                }, 60, 1,
                "no data header 'Data: y x…' between the certified values (to line 46) and the data (from line 61)"
            ),
            (
                "a row with too many columns",
                { lines in
                    var l = lines
                    l[62] = "         118.1      118.2     7"
                    return l.joined(separator: "\r\n")
                }, 63, 31,
                "a data row needs 2 numbers (y and 1 predictor) but has 3"
            ),
            (
                "a row with too few columns",
                { lines in
                    var l = lines
                    l[62] = "         118.1"
                    return l.joined(separator: "\r\n")
                }, 63, 15,
                "a data row needs 2 numbers (y and 1 predictor) but has 1"
            ),
            (
                "a non-numeric cell",
                { lines in
                    var l = lines
                    l[62] = "         118.1      1l8.2"
                    return l.joined(separator: "\r\n")
                }, 63, 22,
                "'1l8.2' is not a decimal number (unexpected 'l'; expected a digit, '.', an exponent or the end)"
            ),
            (
                "a fraction cell",
                { lines in
                    var l = lines
                    l[62] = "   1/2   3"
                    return l.joined(separator: "\r\n")
                }, 63, 5,
                "'1/2' is a fraction, not a decimal number"
            ),
            (
                "an exponent of 5 digits",
                { lines in
                    var l = lines
                    l[62] = "   1E99999   3"
                    return l.joined(separator: "\r\n")
                }, 63, 6,
                "the exponent of '1E99999' has more than three digits"
            ),
            (
                "a blank line in the data",
                { lines in
                    var l = lines
                    l[69] = "   "
                    return l.joined(separator: "\r\n")
                }, 70, 1,
                "line 70 is blank, but line 6 puts the data on lines 61 to 96"
            ),
            (
                "text after the data",
                { lines in
                    var l = lines
                    l[96] = "  end of data"
                    return l.joined(separator: "\r\n")
                }, 97, 3,
                "text after the data block, which line 6 ends at line 96"
            ),
            (
                "a certified parameter twice",
                { lines in
                    var l = lines
                    l[31] = l[30]
                    return l.joined(separator: "\r\n")
                }, 32, 9,
                "parameter B0 is certified twice"
            ),
            (
                "a certified value that is not a number",
                { lines in
                    var l = lines
                    l[36] = "     R-Squared            0.99999374588371Z"
                    return l.joined(separator: "\r\n")
                }, 37, 43,
                "'0.99999374588371Z' is not a decimal number (unexpected 'Z'; expected a digit, an exponent or the end)"
            ),
            (
                "a model term on a column the data lack",
                { lines in
                    var l = lines
                    l[21] = "               y = B0 + B1*z + e"
                    return l.joined(separator: "\r\n")
                }, 22, 25,
                "model term 'B1*z' uses 'z', which is not a column of the data header (x)"
            ),
            // Bounds that keep reading and forming the design linear whatever the file says.
            (
                "a '...' standing for more terms than are certified",
                { lines in
                    var l = lines
                    l[21] = "               y = B0 + ... + B50*(x**50) + e"
                    return l.joined(separator: "\r\n")
                }, 22, 25,
                "the model names more terms than the 2 parameter(s) the certified block lists"
            ),
            (
                "a power above 100",
                { lines in
                    var l = lines
                    l[21] = "               y = B0 + B1*(x**1000) + e"
                    return l.joined(separator: "\r\n")
                }, 22, 25,
                "model term 'B1*(x**1000)' has the power 1000, above 100"
            ),
        ]

    @Test("malformed input is refused with the line and column of the problem", arguments: edits.indices)
    func malformed(index: Int) throws {
        let edit = Self.edits[index]
        let found = try #require(Self.location(edit.edit(try Self.norris())), "\(edit.what) was accepted")
        #expect(found.line == edit.line, "\(edit.what): \(found.problem)")
        #expect(found.column == edit.column, "\(edit.what): \(found.problem)")
        #expect(found.problem == edit.problem, "\(edit.what)")
    }

    @Test("a byte that is not UTF-8 is located")
    func notUTF8() throws {
        var lines = try Self.norris()
        lines[61] = "          X8.8      337.4"
        var bytes = Array(lines.joined(separator: "\r\n").utf8)
        let x = bytes.firstIndex(of: UInt8(ascii: "X"))!
        bytes[x] = 0xFF
        #expect(
            throws: LinearGaussianError.malformedFile(
                line: 62, column: 11, problem: "this byte is not UTF-8 text (a StRD file is ASCII)",
                remedy: "pass the .dat text file as NIST publishes it, not a binary or re-encoded copy")
        ) {
            try NISTStRDDataset(utf8: bytes)
        }
    }

    @Test("the description of a malformed-file error is one line with its location, problem and remedy")
    func oneLineDescription() {
        let error = LinearGaussianError.malformedFile(
            line: 63, column: 22, problem: "'1l8.2' is not a decimal number", remedy: "write it as NIST does")
        #expect(
            error.description
                == "malformed NIST StRD file at line 63, column 22: '1l8.2' is not a decimal number; write it as NIST "
                + "does"
        )
        #expect(!error.description.contains("\n"))
    }
}
