import Testing
import OracleArithmetic
import OracleTestSupport

@Suite("Double as a RealScalar")
struct DoubleScalarTests {
    @Test("domain errors are thrown, not NaN")
    func domainErrors() {
        #expect(throws: ArithmeticDomainError.self) { try Double.log(0) }
        #expect(throws: ArithmeticDomainError.self) { try Double.log(-1) }
        #expect(throws: ArithmeticDomainError.self) { try Double.sqrt(-1e-300) }
        #expect(throws: ArithmeticDomainError.self) { try Double.log1p(-1) }
    }

    @Test("ulp distance counts neighbours, through zero, and rejects NaN")
    func ulpDistanceBasics() {
        #expect(ulpDistance(1.0, 1.0.nextUp) == 1)
        #expect(ulpDistance(-0.0, 0.0) == 0)
        #expect(ulpDistance(Double.leastNonzeroMagnitude, -Double.leastNonzeroMagnitude) == 2)
        #expect(ulpDistance(.nan, 1) == .infinity)
        #expect(ulpDistance(.infinity, .greatestFiniteMagnitude) == .infinity)
        #expect(!Tolerance.ulps(1, "test").accepts(1.0.nextUp.nextUp, 1.0))
    }
}
