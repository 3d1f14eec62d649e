import OracleArithmetic

/// `Fixtures/arithmetic/`: correctly rounded conversions and elementary functions, the
/// foundation every other fixture's accuracy claim rests on.
///
/// - `decimal-to-double.json`: decimal strings and the correctly rounded Double of their exact
///   value (`Rational(decimal:)` then `doubleValue`): easy values, exact ties and their
///   neighbours, a double-rounding trap, and the subnormal and overflow thresholds.
/// - `exp-log.json`: eˣ and ln x of exact Doubles, correctly rounded by `BigFloat` (Ziv), and
///   arguments ln must refuse.
public struct ArithmeticExporter: FixtureFamilyExporter, FamilyExporterKit {
    public let family = "arithmetic"
    public let summary =
        "decimal → Double correct rounding (ties, subnormals, overflow); exp and log correctly rounded"

    public init() {}

    public func makeFiles() throws -> [FixtureFile] {
        [try decimalFile(), try expLogFile(), try stableLogExpFile()]
    }

    static let allNotes: OrderedMap<String> = [
        "decimal-via-float-multiplication":
            """
        converting the digits to a float and multiplying or dividing by a float power of ten: two or more \
        roundings, so hard cases come out one or more ulps off
        """,
        "ties-away": "rounding an exact tie away from zero instead of to the even neighbour",
        "double-rounding":
            """
        rounding first to a wider format (x87 64-bit significand) and then to binary64: a value just above a tie \
        is first rounded onto the tie, then to even
        """,
        "truncation":
            """
        rounding toward zero (dropping the extra digits or bits) instead of to nearest: values at or above a tie \
        come out one ulp low in magnitude
        """,
        "subnormal-flush":
            """
        flushing results below the smallest normal 2^-1022 to zero instead of rounding to a subnormal (as a \
        flush-to-zero or denormals-are-zero floating-point mode does: log1p and expm1 of a subnormal x return 0 \
        where x is exact)
        """,
        "overflow-threshold":
            """
        deciding overflow by comparing with the largest finite Double instead of with the threshold max + ulp/2: \
        values between them must round to the largest finite Double
        """,
        "negative-zero": "losing the sign of a negative zero (\"-0\" must give -0.0)",
        "exp-via-pow-e":
            """
        computing exp(x) as e**x with e rounded to a Double: the relative error grows like |x| * 2^-53, hundreds \
        of ulps for large |x|. Not detectable at float32 on: exp/x-10.0 (e rounded to float32 is 3.1e-8 low, so \
        e**10 in float32 is 3 float32 ulps below e^10, inside the 16-ulp float32 tolerance; e^100 and beyond leave \
        float32's range, so those cases are float64-only)
        """,
        "log-base": "using log10 or log2 where the natural logarithm is meant",
        "log-domain": "returning -inf or NaN for ln of x <= 0 instead of refusing the input",
        "log1p-as-log": """
        computing ln(1 + x) as log(1 + x): 1 + x is rounded first, so every bit of a tiny x below 2^-53 is \
        lost (log1p(1e-10) comes out 6e8 ulps off, log1p(1e-300) as 0, log1p(-0) as +0); in softplus and \
        log-sigmoid, max(x, 0) + log(1 + e^-|x|) loses the small term the same way
        """,
        "expm1-as-exp-minus-one": """
        computing e^x - 1 as exp(x) - 1: the subtraction cancels, so for |x| < 2^-20 most or all of the bits \
        are lost (expm1(1e-10) comes out 6e8 ulps off, expm1(1e-300) as 0, expm1(-0) as +0)
        """,
        "no-max-shift": """
        computing ln sum_i e^(x_i) without subtracting the largest x_i first: e^x overflows to inf for \
        x > 709.78 and underflows to 0 for x < -745.13, so the result is inf or -inf
        """,
        "softplus-linear-threshold": """
        returning x as softplus(x) for x > 20 (torch.nn.functional.softplus's documented default threshold = 20): \
        softplus(30) = 30 + 9.4e-14 comes out as 30, 26 ulps low. Not detectable at float32 on: softplus/x-30.0 \
        (30 + 9.4e-14 rounds to 30 in float32)
        """,
        "log-of-exp": """
        computing softplus as log(1 + exp(x)) and log-sigmoid as log(1 / (1 + exp(-x))): exp overflows \
        (x = 800 gives inf), and 1 + e^x rounds away a small e^x (softplus(-30) = e^-30 comes out 7e12 ulps off, \
        log-sigmoid(30) likewise)
        """,
    ]

    /// The name of the case at x: x's shortest decimal spelling.
    static func functionCaseName(_ x: Double) -> String {
        "x-" + (x.sign == .minus ? "minus-" : "") + x.magnitude.description.replacingOccurrences(of: "+", with: "")
    }

    /// The entry of f(x), an argument f accepts.
    static func functionEntry(_ x: Double, flags: [String], comment: String) -> CatalogueEntry {
        CatalogueEntry(functionCaseName(x), comment: comment, flags: flags, inputs: ["x": .exactReal(x)])
    }

    /// The group of f at `arguments`; ln x for x ≤ 0 and ln(1 + x) for x ≤ −1 are refusal cases.
    static func functionGroup(
        _ function: ElementaryFunctionEvaluator.Function, _ description: String,
        _ arguments: [(Double, [String], String)]
    ) throws -> TestGroup {
        let evaluator = ElementaryFunctionEvaluator(function)
        let entries = try arguments.map { x, flags, comment in
            let refused = (function == .log && x <= 0) || (function == .log1p && x <= -1)
            guard refused else { return functionEntry(x, flags: flags, comment: comment) }
            return try refusedCase(
                evaluator, functionCaseName(x), comment: comment, flags: flags, inputs: ["x": .exactReal(x)],
                kind: "domain-error")
        }
        return try evaluator.testGroup(description: description, entries)
    }
}
