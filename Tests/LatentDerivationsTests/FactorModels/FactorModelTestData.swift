import LatentDerivations
import OracleArithmetic
import OracleLinearAlgebra
import OracleTestSupport
import Testing
import OracleRandom

/// Seeded data sets for the factor-model tests: x = Az + ε with a planted q-dimensional
/// structure, quantised to multiples of 1/64 (exact in Double, BigFloat and ℚ).
enum FactorTestData {
    static func sample(n: Int, d: Int, q: Int, seed: UInt64, noise: Double = 0.3) -> [[Double]] {
        var rng = SplitMix64(seed: seed)
        var a = [[Double]](repeating: [Double](repeating: 0, count: q), count: d)
        for i in 0..<d {
            for j in 0..<q {
                let base = Double((i + 2 * j) % 5 + 1)
                let scale: Double = j == 0 ? 1.5 : 0.7
                let sign: Double = i % 2 == 0 ? 1 : -1
                a[i][j] = base * scale * sign
            }
        }
        var rows: [[Double]] = []
        for _ in 0..<n {
            var z = [Double](repeating: 0, count: q)
            for j in 0..<q { z[j] = Double.random(in: -1.5...1.5, using: &rng) }
            var row = [Double](repeating: 0, count: d)
            for i in 0..<d {
                var x: Double = 0
                for j in 0..<q { x += a[i][j] * z[j] }
                let e: Double = Double.random(in: -noise...noise, using: &rng)
                x += e * Double(i + 1)
                row[i] = (x * 64).rounded() / 64
            }
            rows.append(row)
        }
        return rows
    }

    static func big(_ data: [[Double]]) -> [[BigFloat]] { data.map { $0.map { BigFloat($0) } } }

    /// The tolerance of a Double EM trace against the same run at 200 bits after `steps` steps:
    /// per-step rounding ~1e-15, amplified at most ~`steps`× by a contracting map.
    static func traceTolerance(steps: Int, measured: String) -> Tolerance {
        .relative(
            1e-12,
            "\(steps) EM steps in Double against 200 bits: per-step rounding ~1e-15, amplified at most ~\(steps)× "
                + "by the contracting map; measured \(measured)")
    }

    /// Expects the trace `run` computes at 200 bits never to decrease, and the Double `trace` to
    /// follow its log-likelihoods, step by step, within `traceTolerance`.
    static func expectFollows200Bits<Model: Sendable, BigModel: Sendable>(
        _ trace: FactorModelTrace<Model, Double>, measured: String, sourceLocation: SourceLocation = #_sourceLocation,
        _ run: () throws -> FactorModelTrace<BigModel, BigFloat>
    ) throws {
        let (decrease, reference) = try BigFloat.withPrecision(200) {
            let big = try run()
            return (big.firstDecrease(slack: .zero), big.logLikelihoods.map(\.doubleValue))
        }
        #expect(decrease == nil, "the 200-bit trace decreases", sourceLocation: sourceLocation)
        expectClose(
            Array(trace.logLikelihoods.prefix(reference.count)), reference,
            within: traceTolerance(steps: reference.count - 1, measured: measured), sourceLocation: sourceLocation)
    }

    /// `model` with every parameter converted exactly to `BigFloat`.
    static func big(_ model: FactorAnalysisModel<Double>) throws -> FactorAnalysisModel<BigFloat> {
        try FactorAnalysisModel(
            mean: model.mean.map { BigFloat($0) }, loadings: model.loadings.map { BigFloat($0) },
            noiseVariances: model.noiseVariances.map { BigFloat($0) })
    }

    /// `model` with every parameter converted exactly to `BigFloat`.
    static func big(_ model: PPCAModel<Double>) throws -> PPCAModel<BigFloat> {
        try PPCAModel(
            mean: model.mean.map { BigFloat($0) }, loadings: model.loadings.map { BigFloat($0) },
            noiseVariance: BigFloat(model.noiseVariance))
    }

    static func maxAbsDifference(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Double {
        zip(a.entries, b.entries).map { abs($0 - $1) }.max() ?? 0
    }

    static func toDouble(_ m: Matrix<BigFloat>) -> Matrix<Double> { m.map { $0.doubleValue } }
}
