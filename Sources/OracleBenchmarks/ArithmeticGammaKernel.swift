import OracleArithmetic

/// `latent-oracle bench arithmetic-gamma`: `BigFloat.logGamma` and `BigFloat.digamma` (correctly
/// rounded) at 64, 128, 256 and 1024 bits, for `scripts/bench`, which times MPFR's `mpfr_lngamma` and
/// `mpfr_digamma` (gmpy2 `lgamma`, `digamma`, rounding to nearest) on the same arguments in the same run.
///
/// Arguments (the same in both programs): gⱼ = 0.37·j + 0.05 for j = 0..<16 (binary64 values computed
/// as written, exact in both programs): from 0.05 to 5.6, the range of the Gamma shapes of the
/// mean-field family, including points near ln Γ's zero at 2 and ψ's at 1.46.
///
/// Measurements, per precision p and function f: `f_p_seconds`, the time per call (the minimum over
/// repetitions of `loops` passes over the 16 arguments, divided by 16·loops), and for each result the
/// exponent and low 40 bits of its p-bit mantissa (`f_p_j_exponent`, `f_p_j_low_bits`), as in
/// `ArithmeticElementaryKernel`.
public struct ArithmeticGammaKernel: RepeatedBenchmarkKernel {
    public let name = "arithmetic-gamma"
    public let summary = "BigFloat ln Γ and ψ (correctly rounded) at 64–1024 bits vs MPFR (gmpy2)"
    public init() {}

    public static let precisions = [64, 128, 256, 1024]
    public static let functions = ["lgamma", "digamma"]
    static let count = 16
    static let arguments = (0..<count).map { 0.37 * Double($0) + 0.05 }

    static func loops(bits p: Int) -> Int { p <= 256 ? 4 : 1 }

    public func run(repetitions: Int) throws -> [(key: String, value: Double)] {
        var report: [(key: String, value: Double)] = []
        let x = Self.arguments.map { BigFloat($0) }
        for p in Self.precisions {
            for function in Self.functions {
                let body: () throws -> [BigFloat] =
                    function == "lgamma"
                    ? { try x.map { try BigFloat.logGamma($0) } } : { try x.map { try BigFloat.digamma($0) } }
                report += try ArithmeticElementaryKernel.measured(
                    function, bits: p, loops: Self.loops(bits: p), repetitions: repetitions, body)
            }
        }
        return report
    }
}
