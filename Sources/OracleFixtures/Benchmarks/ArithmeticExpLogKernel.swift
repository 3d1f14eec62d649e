import OracleArithmetic

/// `latent-oracle bench arithmetic-exp-log`: `BigFloat.exp` and `BigFloat.log` at 256 bits, for
/// `scripts/bench-arithmetic`, which times `mpmath.exp`/`mpmath.log` at `mp.prec = 256` on the same
/// arguments in the same run.
///
/// Arguments (binary64 values, exact in both programs): exp at xⱼ = 0.37·j − 2.9 and log at
/// xⱼ = 0.1 + 0.73·j for j = 0..<16, computed in binary64 as written (the same in Python).
///
/// Measurements: `exp_seconds`, `log_seconds` (per call: the minimum over repetitions of a pass
/// over the 16 arguments, divided by 16); for each result, `{exp,log}{j}_exponent` and
/// `{exp,log}{j}_low_bits`, the exponent e and the low 40 bits of the 256-bit mantissa m of the
/// result m·2ᵉ (2²⁵⁵ ≤ |m| < 2²⁵⁶), so the script can count the ulps between the two answers.
public struct ArithmeticExpLogKernel: RepeatedBenchmarkKernel {
    public let name = "arithmetic-exp-log"
    public let summary = "BigFloat exp and log at 256 bits vs mpmath (mp.prec = 256)"
    public init() {}

    public static let precision = 256
    public static let expArguments = (0..<16).map { 0.37 * Double($0) - 2.9 }
    public static let logArguments = (0..<16).map { 0.1 + 0.73 * Double($0) }

    public func run(repetitions: Int) throws -> [(key: String, value: Double)] {
        let p = Self.precision
        let expInputs = Self.expArguments.map { BigFloat($0) }
        let logInputs = Self.logArguments.map { BigFloat($0) }
        var expResults: [BigFloat] = [], logResults: [BigFloat] = []
        try BigFloat.withPrecision(p) {
            expResults = expInputs.map { BigFloat.exp($0) }
            logResults = try logInputs.map { try BigFloat.log($0) }
        }
        let expTime = minimumSeconds(repetitions: repetitions) {
            BigFloat.withPrecision(p) { expResults = expInputs.map { BigFloat.exp($0) } }
        }
        let logTime = try minimumSeconds(repetitions: repetitions) {
            try BigFloat.withPrecision(p) { logResults = try logInputs.map { try BigFloat.log($0) } }
        }
        var result: [(key: String, value: Double)] = [
            ("exp_seconds", expTime / Double(expInputs.count)),
            ("log_seconds", logTime / Double(logInputs.count)),
        ]
        for (label, values) in [("exp", expResults), ("log", logResults)] {
            for (j, v) in values.enumerated() {
                let (m, e) = Self.normalized(v, bits: p)
                result.append(("\(label)\(j)_exponent", Double(e)))
                result.append(("\(label)\(j)_low_bits", Double((m.magnitude.limbs.first ?? 0) & ((1 << 40) - 1))))
            }
        }
        return result
    }

    /// (m, e) with v = m·2ᵉ and 2^(bits−1) ≤ |m| < 2^bits (v ≠ 0 and at most `bits` bits).
    static func normalized(_ v: BigFloat, bits: Int) -> (BigInt, Int) {
        let shift = bits - v.mantissa.bitLength
        return shift >= 0 ? (v.mantissa << shift, v.exponent - shift) : (v.mantissa >> -shift, v.exponent - shift)
    }
}
