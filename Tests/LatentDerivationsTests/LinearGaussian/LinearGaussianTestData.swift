import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport
import OracleRandom

/// Shared inputs for the linear Gaussian tests: the NIST StRD files (read in place from
/// `nist-strd/` in the data folder, `TestData`, never copied) and seeded rational problems.
enum LinearGaussianTestData {
    /// The NIST StRD datasets the data folder ships.
    static let shippedNIST = [
        "Longley", "NoInt1", "NoInt2", "Norris", "Pontius", "Wampler1", "Wampler2", "Wampler3",
        "Wampler4",
    ]

    /// The names of every `.dat` file in `nist-strd/`, sorted. When the folder is missing these are
    /// the names it should hold, so that every test reading one fails with the missing-data line
    /// instead of running on no data.
    static var nistNames: [String] {
        TestData.names(in: "nist-strd", suffix: ".dat")?.map { String($0.dropLast(4)) } ?? shippedNIST
    }

    static func nistText(_ name: String) throws -> String {
        try TestData.text("nist-strd/\(name).dat")
    }

    /// A seeded rational problem: n×p design with small dyadic entries (exact in `Double`),
    /// full column rank with overwhelming probability (checked by the callers' exact fits).
    static func randomProblem(n: Int, p: Int, seed: UInt64) throws -> (a: Matrix<Rational>, y: [Rational]) {
        var rng = SplitMix64(seed: seed)
        func draw() -> Rational { Rational(Int.random(in: -64...64, using: &rng)) / Rational(16) }
        let a = Matrix<Rational>(rows: n, columns: p) { _, _ in draw() }
        let y = (0..<n).map { _ in draw() }
        return (a, y)
    }

    static func rationals(_ values: [Double]) -> [Rational] { values.map { Rational(exactly: $0)! } }

    /// A file in NIST's StRD layout (CRLF, as NIST ships it): the header ranges on lines 5–6, the
    /// model equation on line 24, the certified rows from line 31, the data header `Data: y …` on
    /// line 60 and the data rows from line 61.
    static func strdText(name: String, model: String, certified: [String], predictors: [String], rows: [String])
        -> String
    {
        var lines = [String](repeating: "", count: 60)
        lines[0] = "NIST/ITL StRD"
        lines[1] = "Dataset Name:  \(name) (\(name).dat)"
        lines[3] = "File Format:   ASCII"
        lines[4] = "               Certified Values  (lines 31 to \(30 + certified.count))"
        lines[5] = "               Data              (lines 61 to \(60 + rows.count))"
        lines[7] = "Procedure:     Linear Least Squares Regression"
        lines[20] = "Model:         Polynomial Class"
        lines[23] = "               " + model
        lines[25] = "               Certified Regression Statistics"
        lines[27] = "                                          Standard Deviation"
        lines[28] = "     Parameter          Estimate             of Estimate"
        precondition(certified.count <= 29, "the certified block must end before the data header on line 60")
        for (k, row) in certified.enumerated() { lines[30 + k] = row }
        lines[59] = "Data:       " + (["y"] + predictors).joined(separator: "     ")
        lines += rows
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The exact decimal of a rational whose denominator divides 10^places, with that many places.
    static func exactDecimal(_ r: Rational, places: Int) -> String {
        let scaled = r * Rational((try? BigInt(10).power(places))!)
        precondition(scaled.isInteger, "\(r) has no exact \(places)-place decimal")
        let digits = scaled.numerator.magnitude.description
        let padded = String(repeating: "0", count: Swift.max(0, places + 1 - digits.count)) + digits
        let point = padded.index(padded.endIndex, offsetBy: -places)
        return (r.signum < 0 ? "-" : "") + padded[..<point] + (places > 0 ? "." + padded[point...] : "")
    }
}
