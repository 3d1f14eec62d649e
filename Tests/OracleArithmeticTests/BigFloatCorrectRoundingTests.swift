import Foundation
import Testing
import OracleArithmetic
import OracleTestSupport
import OracleRandom

@Suite("BigFloat Ziv loop: correctly rounded Doubles")
struct BigFloatCorrectRoundingTests {
    /// A reference case: the function, its rational argument and the expected `Double`.
    struct Case: Sendable, CustomTestStringConvertible {
        let function: String
        let argument: Rational
        let expected: Double
        var testDescription: String { "\(function)(\(argument))" }
    }

    static func rational(_ text: String) throws -> Rational {
        try Rational(decimal: text)
    }

    // Expected values: Python mpmath 1.3 at 3000 bits, converted to a Fraction and rounded to
    // double by CPython's correctly rounded int/int division (so subnormals are rounded once).
    static func cases() throws -> [Case] {
        [
            Case(function: "exp", argument: 1, expected: 0x1.5bf0a8b145769p+1),
            Case(function: "log", argument: 2, expected: 0x1.62e42fefa39efp-1),
            Case(function: "log", argument: 10, expected: 0x1.26bb1bbb55516p+1),
            Case(function: "log", argument: try rational("7/5"), expected: 0x1.588c2d9133490p-2),
            Case(function: "log", argument: try rational("1/3"), expected: -0x1.193ea7aad030bp+0),
            Case(function: "log", argument: try rational("1e-300"), expected: -0x1.5963447f87fb5p+9),
            Case(function: "log1p", argument: try rational("-1/2"), expected: -0x1.62e42fefa39efp-1),
            Case(function: "log1p", argument: try rational("1e-20"), expected: 0x1.79ca10c924223p-67),
            Case(function: "expm1", argument: try rational("1e-20"), expected: 0x1.79ca10c924223p-67),
            Case(function: "expm1", argument: try rational("-1/1000"), expected: -0x1.0603521cac48bp-10),
            Case(function: "exp", argument: try rational("-1/3"), expected: 0x1.6edd3122f2ea5p-1),
            Case(function: "exp", argument: try rational("709.7"), expected: 0x1.d75ae7a50ec9bp+1023),
            // Subnormal results: e^−745.1 rounds to the least subnormal; e^−740, e^−720, e^−709.5 and
            // e^−708.5 have 7, 36, 51 and 52 significant bits (e^−740, e^−720 and e^−708.5 are also
            // arithmetic/exp-log cases, where a flush to zero must fail).
            // 0x0.0000000000001p-1022
            Case(function: "exp", argument: try rational("-745.1"), expected: Double(bitPattern: 0x1)),
            Case(function: "exp", argument: -740, expected: Double(bitPattern: 0x55)),  // 0x0.0000000000055p-1022
            // 0x0.54e90c99fb878p-1022
            Case(function: "exp", argument: try rational("-709.5"), expected: Double(bitPattern: 0x5_4e90_c99f_b878)),
            // 0x0.0000993b4dc95p-1022
            Case(function: "exp", argument: -720, expected: Double(bitPattern: 0x9_93b4_dc95)),
            // 0x0.e6cf6d08897acp-1022
            Case(function: "exp", argument: try rational("-708.5"), expected: Double(bitPattern: 0xe_6cf6_d088_97ac)),
            // Hard-to-round cases of exp for binary64 found by V. Lefèvre (MPFR's tests/texp.c,
            // "Handbook of Floating-Point Arithmetic" ch. 12): eˣ lies extremely close to a midpoint.
            Case(function: "exp", argument: Rational(exactly: 0x1.9e9cbbfd6080bp-31)!, expected: 0x1.000000033d398p+0),
            Case(function: "exp", argument: Rational(exactly: 0x1.836b2fff6d6cbp-33)!, expected: 0x1.00000000c1b5ap+0),
            Case(
                function: "exp", argument: Rational(exactly: -0x1.0f3485148c5edp+9)!, expected: 0x1.61eeee1920c89p-783),
            Case(function: "exp", argument: Rational(exactly: -0x1.244b7800536f1p-33)!, expected: 0x1.fffffffedbb49p-1),
            Case(function: "sqrt", argument: 2, expected: 0x1.6a09e667f3bcdp+0),
            Case(function: "sqrt", argument: try rational("9/4"), expected: 1.5),
        ]
    }

    static func evaluate(_ function: String, _ x: Rational) throws -> Double {
        switch function {
        case "exp": return try BigFloat.correctlyRoundedExp(x)
        case "expm1": return try BigFloat.correctlyRoundedExpm1(x)
        case "log": return try BigFloat.correctlyRoundedLog(x)
        case "log1p": return try BigFloat.correctlyRoundedLog1p(x)
        default: return try BigFloat.correctlyRoundedSqrt(x)
        }
    }

    @Test("reference values computed with mpmath are reproduced bit for bit", arguments: try cases())
    func referenceValues(c: Case) throws {
        let value = try Self.evaluate(c.function, c.argument)
        #expect(
            value.bitPattern == c.expected.bitPattern,
            "\(c.function)(\(c.argument)) = \(value.hexString) ≠ \(c.expected.hexString)")
    }

    @Test("the hard cases really are hard: a 53 + 24-bit evaluation cannot decide them")
    func hardCasesNeedMorePrecision() throws {
        // For each Lefèvre case the first Ziv step (64 bits) must be ambiguous: with maximumPrecision
        // 64 the loop throws. This shows the loop, not luck, decides them.
        let hard: [Double] = [0x1.9e9cbbfd6080bp-31, 0x1.836b2fff6d6cbp-33]
        for x in hard {
            #expect(throws: CorrectRoundingError.self) {
                try BigFloat.correctlyRoundedDouble(startingPrecision: 64, maximumPrecision: 64) { _ in
                    BigFloat.exp(BigFloat(x))
                }
            }
        }
    }

    @Test("overflow, underflow and exact cases")
    func edges() throws {
        #expect(try BigFloat.correctlyRoundedExp(710) == .infinity)
        #expect(try BigFloat.correctlyRoundedExp(Self.rational("709.79")) == .infinity)  // just past ln(max)
        #expect(try BigFloat.correctlyRoundedExp(-746) == 0)
        #expect(try BigFloat.correctlyRoundedExp(0) == 1)
        #expect(try BigFloat.correctlyRoundedLog(1) == 0)
        #expect(try BigFloat.correctlyRoundedExpm1(-50) == -1)
        // √(m²) for the midpoint m = 1 + 2⁻⁵³ between 1 and 1 + 2⁻⁵² is a tie: ties-to-even gives 1.
        let m = BigFloat(mantissa: (BigInt(1) << 53) + BigInt(1), exponent: -53).rationalValue
        #expect(try BigFloat.correctlyRoundedSqrt(m * m) == 1)
        let m2 = BigFloat(mantissa: (BigInt(1) << 53) + BigInt(3), exponent: -53).rationalValue
        #expect(try BigFloat.correctlyRoundedSqrt(m2 * m2) == 1 + 0x1p-51)
        // Without the exact check the same tie can never be decided: a typed error, not a hang.
        let error = #expect(throws: CorrectRoundingError.self) {
            try BigFloat.correctlyRoundedDouble(maximumPrecision: 1024) { _ in
                try BigFloat.sqrt(BigFloat(m * m, precision: 300))
            }
        }
        if case .undecided(let maximum, _)? = error {
            #expect(maximum == 1024)
        } else {
            Issue.record("expected .undecided")
        }
        #expect(throws: CorrectRoundingError.self) {
            try BigFloat.correctlyRoundedDouble(errorBoundUlps: -1) { _ in .one }
        }
    }

    @Test("bad input throws ArithmeticDomainError")
    func domainErrors() {
        #expect(throws: ArithmeticDomainError.self) { try BigFloat.correctlyRoundedLog(0) }
        #expect(throws: ArithmeticDomainError.self) { try BigFloat.correctlyRoundedLog(-1) }
        #expect(throws: ArithmeticDomainError.self) { try BigFloat.correctlyRoundedLog1p(-1) }
        #expect(throws: ArithmeticDomainError.self) { try BigFloat.correctlyRoundedSqrt(-1) }
    }

    @Test("random arguments: the Ziv result is within libm's 1 ulp and at least as close to the truth")
    func randomAgainstLibm() throws {
        var rng = SplitMix64(seed: 0x21F_0000)
        let count = BigFloatTesting.long ? 20_000 : 300
        for _ in 0..<count {
            let x = Swift.max(-700, Swift.min(700, BigFloatTesting.randomDouble(&rng, exponents: -20...9)))
            let ours = try BigFloat.correctlyRoundedExp(Rational(exactly: x)!)
            let libm = Foundation.exp(x)
            expectClose(
                ours, libm,
                within: .ulps(
                    1, "ours is correctly rounded (≤ ½ ulp) and libm's exp errs < 1 ulp: two Doubles < 1.5 ulps apart"),
                "exp(\(x))")
            if ours != libm {
                // Distances to the 400-bit value, in exact rationals: ours must be the nearer one.
                let truth = BigFloat.withPrecision(400) { BigFloat.exp(BigFloat(x)) }.rationalValue
                let ourError = (Rational(exactly: ours)! - truth).absoluteValue
                let libmError = (Rational(exactly: libm)! - truth).absoluteValue
                #expect(ourError < libmError, "exp(\(x))")
            }
        }
    }
}

extension Double {
    fileprivate var hexString: String { String(format: "%a", self) }
}
