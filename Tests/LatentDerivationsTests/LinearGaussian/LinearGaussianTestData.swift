import Foundation
import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport

/// Shared inputs for the linear Gaussian tests: the NIST StRD files (read in place from
/// `../shared/data/nist-strd/` next to the repository, never copied) and seeded rational problems.
enum LinearGaussianTestData {
    /// The repository root (this file is Tests/LatentDerivationsTests/LinearGaussian/…).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The StRD folder: `../shared/data/nist-strd` relative to the root.
    static let nistFolder = root.deletingLastPathComponent().appendingPathComponent("shared/data/nist-strd")

    /// The names of every `.dat` file shipped there, sorted.
    static var nistNames: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: nistFolder.path)) ?? []
        return files.filter { $0.hasSuffix(".dat") }.map { String($0.dropLast(4)) }.sorted()
    }

    static func nistText(_ name: String) throws -> String {
        try String(contentsOf: nistFolder.appendingPathComponent("\(name).dat"), encoding: .utf8)
    }

    /// A seeded rational problem: n×p design with small dyadic entries (exact in `Double`),
    /// full column rank with overwhelming probability (checked by the callers' exact fits).
    static func randomProblem(n: Int, p: Int, seed: UInt64) throws -> (a: Matrix<Rational>, y: [Rational]) {
        var rng = TestRandom(seed: seed)
        func draw() -> Rational { Rational(Int.random(in: -64...64, using: &rng)) / Rational(16) }
        let a = Matrix<Rational>(rows: n, columns: p) { _, _ in draw() }
        let y = (0..<n).map { _ in draw() }
        return (a, y)
    }

    static func rationals(_ values: [Double]) -> [Rational] { values.map { Rational(exactly: $0)! } }
}
