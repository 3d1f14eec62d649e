import OracleArithmetic

/// `latent-oracle bench arithmetic-elementary`: `BigFloat`'s elementary functions and its five
/// basic operations at 64, 128, 256 and 1024 bits, for `scripts/bench`, which times MPFR (through
/// gmpy2, rounding to nearest) on the same operands in the same run.
///
/// Operands (the same in both programs): for j = 0..<16,
/// - exp, expm1 at aⱼ = 0.37·j − 2.9; log at bⱼ = 0.1 + 0.73·j; log1p at cⱼ = 0.37·j − 0.9
///   (binary64 values computed as written, exact in both programs);
/// - + − × ÷ at xⱼ = exp(aⱼ) and yⱼ = log(bⱼ + 1) rounded to p bits, and √ at xⱼ, so that every
///   operand has a full p-bit mantissa (the peer forms them the same way; the script checks
///   that the operands agree bit for bit before it compares results).
///
/// Measurements, per precision p and operation f: `f_p_seconds`, the time per call (the minimum
/// over repetitions of `loops` passes over the 16 operands, divided by 16·loops); and for each
/// result, `f_p_j_exponent` and `f_p_j_low_bits` (the exponent e and low 40 bits of the mantissa
/// m of m·2ᵉ with 2^(p−1) ≤ |m| < 2^p), so that the script can count ulps between the answers.
public struct ArithmeticElementaryKernel: RepeatedBenchmarkKernel {
    public let name = "arithmetic-elementary"
    public let summary = "BigFloat exp, log, expm1, log1p, + − × ÷ √ at 64–1024 bits vs MPFR (gmpy2)"
    public init() {}

    public static let precisions = [64, 128, 256, 1024]
    public static let operations = ["exp", "log", "expm1", "log1p", "add", "sub", "mul", "div", "sqrt"]
    static let count = 16
    static let expArguments = (0..<count).map { 0.37 * Double($0) - 2.9 }
    static let logArguments = (0..<count).map { 0.1 + 0.73 * Double($0) }
    static let log1pArguments = (0..<count).map { 0.37 * Double($0) - 0.9 }

    /// How many passes over the 16 operands one timed repetition makes: enough that a pass of the
    /// cheapest operation is long against the clock's resolution.
    static func loops(_ operation: String, bits p: Int) -> Int {
        switch operation {
        case "add", "sub", "mul": return p <= 256 ? 2000 : 500
        case "div", "sqrt": return p <= 256 ? 500 : 100
        default: return p <= 256 ? 20 : 2
        }
    }

    public func run(repetitions: Int) throws -> [(key: String, value: Double)] {
        var report: [(key: String, value: Double)] = []
        for p in Self.precisions {
            let operands = try Self.operands(bits: p)
            for operation in Self.operations {
                report += try Self.measured(
                    operation, bits: p, loops: Self.loops(operation, bits: p), repetitions: repetitions,
                    try Self.operation(operation, operands: operands))
            }
        }
        return report
    }

    struct Operands {
        var a: [BigFloat], b: [BigFloat], c: [BigFloat], x: [BigFloat], y: [BigFloat]
    }

    static func operands(bits p: Int) throws -> Operands {
        try BigFloat.withPrecision(p) {
            let a = expArguments.map { BigFloat($0) }
            let b = logArguments.map { BigFloat($0) }
            let c = log1pArguments.map { BigFloat($0) }
            let x = a.map { BigFloat.exp($0) }
            let y = try b.map { try BigFloat.log($0 + BigFloat(1)) }
            return Operands(a: a, b: b, c: c, x: x, y: y)
        }
    }

    /// One pass of `operation` over the 16 operands, at the working precision.
    static func operation(_ operation: String, operands o: Operands) throws -> () throws -> [BigFloat] {
        switch operation {
        case "exp": return { o.a.map { BigFloat.exp($0) } }
        case "expm1": return { o.a.map { BigFloat.expm1($0) } }
        case "log": return { try o.b.map { try BigFloat.log($0) } }
        case "log1p": return { try o.c.map { try BigFloat.log1p($0) } }
        case "add": return { zip(o.x, o.y).map { $0 + $1 } }
        case "sub": return { zip(o.x, o.y).map { $0 - $1 } }
        case "mul": return { zip(o.x, o.y).map { $0 * $1 } }
        case "div": return { zip(o.x, o.y).map { $0 / $1 } }
        case "sqrt": return { try o.x.map { try BigFloat.sqrt($0) } }
        default: throw BenchmarkError("no operation '\(operation)'")
        }
    }

    /// `label_p_seconds`, the time per call of `body` (a pass over `count` operands at precision p: the
    /// minimum over repetitions of `loops` passes, divided by count·loops), then each result's
    /// `label_p_j_exponent` and `label_p_j_low_bits` (of its p-bit mantissa).
    static func measured(
        _ label: String, bits p: Int, loops: Int, repetitions: Int, _ body: () throws -> [BigFloat]
    ) throws -> [(key: String, value: Double)] {
        var results: [BigFloat] = []
        try BigFloat.withPrecision(p) { results = try body() }
        let seconds = try minimumSeconds(repetitions: repetitions) {
            try BigFloat.withPrecision(p) {
                for _ in 0..<loops { results = try body() }
            }
        }
        var report: [(key: String, value: Double)] = [
            ("\(label)_\(p)_seconds", seconds / Double(results.count * loops))
        ]
        for (j, value) in results.enumerated() {
            let (m, e) = normalized(value, bits: p)
            report.append(("\(label)_\(p)_\(j)_exponent", Double(e)))
            report.append(("\(label)_\(p)_\(j)_low_bits", Double((m.magnitude.limbs.first ?? 0) & ((1 << 40) - 1))))
        }
        return report
    }

    /// (m, e) with v = m·2ᵉ and 2^(bits−1) ≤ |m| < 2^bits (v ≠ 0 and at most `bits` bits).
    static func normalized(_ v: BigFloat, bits: Int) -> (BigInt, Int) {
        let shift = bits - v.mantissa.bitLength
        return shift >= 0 ? (v.mantissa << shift, v.exponent - shift) : (v.mantissa >> -shift, v.exponent - shift)
    }
}
