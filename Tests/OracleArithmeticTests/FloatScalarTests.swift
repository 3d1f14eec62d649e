import Testing
import OracleArithmetic
import OracleTestSupport

@Suite("Float as a RealScalar")
struct FloatScalarTests {
    @Test("domain errors are thrown, not NaN")
    func domainErrors() {
        #expect(throws: ArithmeticDomainError.self) { try Float.log(0) }
        #expect(throws: ArithmeticDomainError.self) { try Float.sqrt(-1e-30) }
        #expect(throws: ArithmeticDomainError.self) { try Float.log1p(-1) }
    }

    /// The binary32 functions are within 1 binary32 ulp of the correctly rounded BigFloat value,
    /// so a float32 run of a derivation measures what float32 code does, not a defect of ours.
    @Test("exp, expm1, log, log1p and ln 2 are within one binary32 ulp of the 256-bit value")
    func elementaryFunctionsWithinOneUlp() throws {
        let arguments: [Float] = [0x1p-20, 1e-3, 0.1, 0.5, 1, 1.5, 2, 10, 30, 80, 88]
        for x in arguments {
            let exact = try BigFloat.withPrecision(256) { () throws -> [Double] in
                let big = BigFloat(Double(x))
                return [BigFloat.exp(big), BigFloat.expm1(big), try BigFloat.log(big), try BigFloat.log1p(big)]
                    .map(\.doubleValue)
            }
            let ours = [Float.exp(x), Float.expm1(x), try Float.log(x), try Float.log1p(x)]
            for (value, reference) in zip(ours, exact) {
                let ulp = Double(Float(reference).ulp)
                expectClose(
                    Double(value), reference,
                    within: .absolute(
                        ulp,
                        "the binary32 functions are within 1 binary32 ulp of f(x) (glibc's expf, expm1f, logf, "
                            + "log1pf), and the 256-bit reference is f(x) to Double precision"),
                    "x = \(x): \(value) against \(reference)")
            }
        }
        #expect(Float.ln2 == Float(0.6931471805599453))
        #expect(Float(1).doubleValue == 1 && Float.leastNonzeroMagnitude.doubleValue == 0x1p-149)
    }
}
