import OracleArithmetic

/// The evaluators of `Fixtures/arithmetic/` (`Proofs/00-arithmetic.md`): the correctly rounded
/// Double of a decimal string (AR-1, AR-2), eˣ and ln x (AR-3), and ln(1 + x), eˣ − 1, ln Σ eˣⁱ,
/// softplus and log-sigmoid (AR-8). Every value is exact or correctly rounded (Ziv); only the
/// tolerance, which describes what a float64 library achieves, differs by group.
public enum ArithmeticEvaluators {
    static let family = "arithmetic"

    public static let all: [any GroupEvaluator] =
        ["easy", "ties", "double-rounding", "subnormal", "overflow"].map { DecimalToDoubleEvaluator(group: $0) }
        + ElementaryFunctionEvaluator.Function.allCases.map { ElementaryFunctionEvaluator($0) }
        + [LogSumExpEvaluator()] + SoftplusEvaluator.Form.allCases.map { SoftplusEvaluator($0) }

    /// A correctly rounded real, marked `exact` when it equals the exact value.
    static func rounded(_ y: Double, isExact: Bool) -> FixtureValue {
        .real(RealNumber(y, accuracy: isExact ? .exact : .correctlyRounded))
    }
}

/// `arithmetic/decimal-to-double/<group>`: the correctly rounded Double of a decimal string's
/// exact value (round to nearest, ties to even, gradual underflow, overflow to ±∞), AR-1 and AR-2.
/// The five groups differ only in the decimals they hold.
public struct DecimalToDoubleEvaluator: GroupEvaluator {
    public let path: GroupPath
    public let summary = "the correctly rounded Double (ties to even) of a decimal string's exact value"
    public let inputs = [
        FieldDeclaration(
            "decimal", .string,
            """
            a decimal [±]digits[.digits][(e|E)[±]digits], read exactly (no floating-point step); \
            decimal exponents beyond ±10⁶ are refused as a request error
            """)
    ]
    public let outputs = [
        FieldDeclaration(
            "value", .real, "the Double nearest the decimal's value, ties to even; −0.0 for a negative zero")
    ]

    public init(group: String) { path = GroupPath(ArithmeticEvaluators.family, "decimal-to-double", group) }

    static let tolerance = ToleranceSpec.exact(
        """
        the correctly rounded Double of an exact decimal is unique (round to nearest, ties to even); \
        strtod-quality parsers achieve it
        """)

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        _ = try read(inputs)
        guard case .string(let text)? = inputs["decimal"] else { return .refusal("not-a-decimal") }
        let exact: Rational
        do {
            exact = try Rational(decimal: text)
        } catch {
            throw EvaluationError(
                .mistypedInput, group: path.description, field: "decimal",
                problem: "\(FixtureError.quoted(text)) is not a decimal: \(error)",
                remedy: "write [±]digits[.digits][e[±]digits]")
        }
        var value = exact.doubleValue
        // Rational has no signed zero; the sign of a zero comes from the text.
        if value == 0 && text.hasPrefix("-") { value = -0.0 }
        let isExact = value.isFinite && Rational(exactly: value) == exact
        return Evaluation(
            expected: .values(["value": ArithmeticEvaluators.rounded(value, isExact: isExact)]),
            tolerance: Self.tolerance)
    }
}

/// `arithmetic/exp-log/{exp, log}` and `arithmetic/stable-log-exp/{log1p, expm1}`: f(x) of an exact
/// Double x, correctly rounded by Ziv's strategy (AR-3, AR-8). ln and ln(1 + ·) refuse arguments
/// outside their domain with `domain-error`.
public struct ElementaryFunctionEvaluator: GroupEvaluator {
    public enum Function: String, Sendable, CaseIterable {
        case exp, log, log1p, expm1
    }

    public let function: Function
    public let path: GroupPath

    public init(_ function: Function) {
        self.function = function
        let variant = function == .exp || function == .log ? "exp-log" : "stable-log-exp"
        path = GroupPath(ArithmeticEvaluators.family, variant, function.rawValue)
    }

    public var summary: String {
        switch function {
        case .exp: "eˣ correctly rounded (∞ above ln(max), subnormals and 0 below ln(2⁻¹⁰²²))"
        case .log: "ln x correctly rounded; x ≤ 0 refused"
        case .log1p: "ln(1 + x) correctly rounded, exact for tiny x and −0; x ≤ −1 refused"
        case .expm1: "eˣ − 1 correctly rounded, exact for tiny x and −0"
        }
    }

    public let inputs = [FieldDeclaration("x", .real, "the argument, an exact Double")]

    public var outputs: [FieldDeclaration] {
        let meaning =
            switch function {
            case .exp: "eˣ, correctly rounded"
            case .log: "ln x (natural logarithm), correctly rounded"
            case .log1p: "ln(1 + x) of the exact x (1 + x is never rounded), correctly rounded"
            case .expm1: "eˣ − 1 of the exact x, correctly rounded"
            }
        return [FieldDeclaration("y", .real, meaning)]
    }

    static let libmTolerance = ToleranceSpec.ulps(
        1,
        """
        the expected value is the correctly rounded result for the exact input; a float64 libm's exp and \
        log are faithful (error < 1 ulp) but not always correctly rounded, so 1 ulp is what a good \
        implementation achieves
        """)
    static let stableTolerance = ToleranceSpec.ulps(
        1,
        """
        the expected value is the correctly rounded result for the exact input; a float64 libm's log1p \
        and expm1 (NumPy's np.log1p, np.expm1) are faithful, error < 1 ulp, down to the subnormal range
        """)

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "x")
        let x = read.real("x")
        // An exact Double input is its own value; a fixture's `exact` spelling of it is the same rational.
        guard let exact = Rational(exactly: x) else { return .refusal("not-finite") }
        do {
            switch function {
            case .exp:
                if x == 0 {
                    return exactValue(1, "exp(0) = 1 and ln(1) = 0 exactly; every libm returns them")
                }
                return correctlyRounded(try BigFloat.correctlyRoundedExp(exact), Self.libmTolerance)
            case .log:
                if x == 1 {
                    return exactValue(0, "exp(0) = 1 and ln(1) = 0 exactly; every libm returns them")
                }
                return correctlyRounded(try BigFloat.correctlyRoundedLog(exact), Self.libmTolerance)
            case .log1p, .expm1:
                // ln(1 ± 0) and e^(±0) − 1 are ±0 with the sign of x (IEEE 754-2019 §9.2.1).
                if x == 0 {
                    return exactValue(
                        x,
                        """
                        ln(1 + x) and eˣ − 1 at ±0 are ±0 with the sign of x (IEEE 754 §9.2.1); \
                        NumPy's log1p and expm1 keep the sign, so the bit pattern must match
                        """)
                }
                let y =
                    function == .log1p
                    ? try BigFloat.correctlyRoundedLog1p(exact) : try BigFloat.correctlyRoundedExpm1(exact)
                return correctlyRounded(y, Self.stableTolerance)
            }
        } catch is ArithmeticDomainError {
            return .refusal("domain-error")
        } catch {
            throw .defect(
                group: path.description, field: "x", "the correctly rounded \(function.rawValue) failed: \(error)",
                reportWith: "x")
        }
    }

    private func correctlyRounded(_ y: Double, _ tolerance: ToleranceSpec) -> Evaluation {
        Evaluation(expected: .values(["y": ArithmeticEvaluators.rounded(y, isExact: false)]), tolerance: tolerance)
    }

    private func exactValue(_ y: Double, _ reason: String) -> Evaluation {
        Evaluation(expected: .values(["y": ArithmeticEvaluators.rounded(y, isExact: true)]), tolerance: .exact(reason))
    }
}
