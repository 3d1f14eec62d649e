import OracleArithmetic

/// `Fixtures/arithmetic/`: correctly rounded conversions and elementary functions, the
/// foundation every other fixture's accuracy claim rests on.
///
/// - `decimal-to-double.json`: decimal strings and the correctly rounded Double of their exact
///   value (`Rational(decimal:)` then `doubleValue`): easy values, exact ties and their
///   neighbours, a double-rounding trap, and the subnormal and overflow thresholds.
/// - `exp-log.json`: eˣ and ln x of exact Doubles, correctly rounded by `BigFloat` (Ziv), and
///   arguments ln must refuse.
public struct ArithmeticExporter: FixtureFamilyExporter {
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
            "flushing results below the smallest normal 2^-1022 to zero instead of rounding to a subnormal",
        "overflow-threshold":
            """
        deciding overflow by comparing with the largest finite Double instead of with the threshold max + ulp/2: \
        values between them must round to the largest finite Double
        """,
        "negative-zero": "losing the sign of a negative zero (\"-0\" must give -0.0)",
        "exp-via-pow-e":
            """
        computing exp(x) as e**x with e rounded to a Double: the relative error grows like |x| * 2^-53, hundreds \
        of ulps for large |x|
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
        "log-of-exp": """
        computing softplus as log(1 + exp(x)) and log-sigmoid as log(1 / (1 + exp(-x))): exp overflows \
        (x = 800 gives inf), and 1 + e^x rounds away a small e^x (softplus(-30) = e^-30 comes out 7e12 ulps off, \
        log-sigmoid(30) likewise)
        """,
    ]

    static func notes(_ flags: [String]) -> OrderedMap<String> {
        var selected = OrderedMap<String>()
        for flag in flags { selected[flag] = allNotes[flag] }
        return selected
    }

    // MARK: - decimal-to-double

    /// 2⁻ᵏ exactly.
    static func twoToMinus(_ k: Int) -> Rational { Rational(1) / Rational(BigInt.one << k) }

    /// A decimal input and the flags of the bug classes it is built to catch.
    struct DecimalCase {
        var name: String
        var decimal: String
        var flags: [String]
        var comment: String
    }

    /// The catalogue entry of `c`. The flag `decimal-via-float-multiplication` goes exactly on the
    /// cases where that route's Double differs from the evaluator's.
    func decimalEntry(_ evaluator: DecimalToDoubleEvaluator, _ c: DecimalCase) throws -> CatalogueEntry {
        let inputs: OrderedMap<FixtureValue> = ["decimal": .string(c.decimal)]
        guard case .values(let values) = try evaluator.evaluate(inputs).expected,
            case .real(let expected)? = values["value"]
        else {
            throw FixtureExportInconsistency(reason: "\(evaluator.path) gave no value for \(c.decimal)")
        }
        var flags = c.flags
        let naive = try Self.viaFloatMultiplication(c.decimal)
        if naive.bitPattern != expected.value.bitPattern && !(naive.isNaN && expected.value.isNaN) {
            flags.append("decimal-via-float-multiplication")
        }
        return CatalogueEntry(c.name, comment: c.comment, flags: flags, inputs: inputs)
    }

    /// The naive parser the flag `decimal-via-float-multiplication` describes: the digits as an
    /// integer rounded to a Double m, 10^|e| rounded to a Double p, then m·p or m/p (one more
    /// rounding). Every step is a correctly rounded IEEE operation, so any language reproduces it.
    static func viaFloatMultiplication(_ text: String) throws -> Double {
        let lower = text.lowercased()
        let parts = lower.split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false)
        let mantissa = parts[0]
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let pieces = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let fraction = pieces.count > 1 ? String(pieces[1]) : ""
        var digits = String(pieces[0]) + fraction
        digits.removeAll { $0 == "+" || $0 == "-" }
        if digits.isEmpty { digits = "0" }
        let e = exponent - fraction.count
        let m = Rational(try BigInt(decimal: digits)).doubleValue
        let p = Rational(try BigInt(10).power(abs(e))).doubleValue
        let x = e >= 0 ? m * p : m / p
        return text.hasPrefix("-") ? -x : x
    }

    func decimalFile() throws -> FixtureFile {
        var easy: [DecimalCase] = [
            DecimalCase(
                name: "one-tenth", decimal: "0.1", flags: [],
                comment: "0.1 is not a Double; its nearest is 0x1.999999999999ap-4"),
            DecimalCase(name: "one", decimal: "1", flags: [], comment: "an exact integer"),
            DecimalCase(name: "ten-to-minus-five", decimal: "1e-05", flags: [], comment: "exponent notation"),
            DecimalCase(
                name: "ten-to-23", decimal: "1e23", flags: [], comment: "1e23 lies close to a tie between two Doubles"),
            DecimalCase(
                name: "pi-40-digits", decimal: "3.141592653589793238462643383279502884197", flags: [],
                comment: "more digits than a Double holds"),
            DecimalCase(
                name: "thirty-digit-integer", decimal: "123456789012345678901234567890", flags: [],
                comment: "an integer beyond 2^53"),
            DecimalCase(
                name: "negative-zero", decimal: "-0.0e5", flags: ["negative-zero"], comment: "minus zero keeps its sign"
            ),
            DecimalCase(
                name: "small-many-digits", decimal: "7.038531e-26", flags: [],
                comment: "a short decimal with a large negative exponent"),
        ]
        easy.append(DecimalCase(name: "point-three", decimal: "0.3", flags: [], comment: "0.3 is not 0.1 + 0.2"))

        var ties: [DecimalCase] = []
        for (name, d) in [
            ("one", 1.0), ("one-plus-ulp", 1.0.nextUp), ("one-tenth", 0.1), ("two-to-53", 9007199254740992.0),
        ] {
            let m = try ExactDecimal.midpointAbove(d)
            guard let text = try ExactDecimal.expansion(m) else { continue }
            let lowerIsEven = d.significandBitPattern & 1 == 0
            let parity = lowerIsEven ? "even, so the tie rounds down to it" : "odd, so the tie rounds up"
            // Rounding ties away from zero is wrong only when the lower neighbour is even;
            // truncating is wrong only when the tie must round up.
            let tieFlags = lowerIsEven ? ["ties-away"] : ["truncation"]
            ties.append(
                DecimalCase(
                    name: "tie-above-\(name)", decimal: text, flags: tieFlags,
                    comment: "exactly halfway between \(d) and the next Double; \(d)'s last bit is \(parity)"))
            ties.append(
                DecimalCase(
                    name: "above-tie-\(name)", decimal: try ExactDecimal.nudged(text, up: true), flags: ["truncation"],
                    comment: "one unit in a new last digit above the tie: rounds up"))
            ties.append(
                DecimalCase(
                    name: "below-tie-\(name)", decimal: try ExactDecimal.nudged(text, up: false), flags: [],
                    comment: "one unit in a new last digit below the tie: rounds down"))
        }
        let negativeTie = try ExactDecimal.expansion(-(try ExactDecimal.midpointAbove(0.1)))!
        ties.append(
            DecimalCase(
                name: "negative-tie-one-tenth", decimal: negativeTie, flags: ["ties-away"],
                comment: "a negative tie rounds to even as well"))

        // v = m + 2⁻⁷² just above the tie m between 1 and 1 + 2⁻⁵²: rounding to a 64-bit
        // significand first gives m exactly, which then rounds to even (1) instead of up.
        let trap = try ExactDecimal.midpointAbove(1.0) + Self.twoToMinus(72)
        let trapOdd = try ExactDecimal.midpointAbove(4.0) + Self.twoToMinus(70)
        let doubleRounding = [
            DecimalCase(
                name: "just-above-tie-one", decimal: try ExactDecimal.expansion(trap)!, flags: ["double-rounding"],
                comment:
                    """
                    1 + 2^-53 + 2^-72: correctly rounded up to 1 + 2^-52; via a 64-bit significand it rounds to the \
                    tie, then to 1
                    """
            ),
            DecimalCase(
                name: "just-above-tie-four", decimal: try ExactDecimal.expansion(trapOdd)!, flags: ["double-rounding"],
                comment: "4 + 2^-51 + 2^-70: correctly rounded up; double rounding gives 4"),
        ]

        let minNormal = Double.leastNormalMagnitude
        let maxSub = minNormal.nextDown
        let halfLeastSubnormal = Self.twoToMinus(1075)
        let subnormal = [
            DecimalCase(
                name: "least-normal", decimal: "2.2250738585072014e-308", flags: [],
                comment: "rounds to 2^-1022, the least normal Double"),
            DecimalCase(
                name: "famous-2.2250738585072012e-308", decimal: "2.2250738585072012e-308", flags: [],
                comment: "the decimal that hung PHP and Java; rounds to 2^-1022"),
            DecimalCase(
                name: "largest-subnormal", decimal: "2.2250738585072009e-308", flags: ["subnormal-flush"],
                comment: "rounds to the largest subnormal 0x0.fffffffffffffp-1022"),
            DecimalCase(
                name: "tie-subnormal-normal",
                decimal: try ExactDecimal.expansion(try ExactDecimal.midpointAbove(maxSub))!, flags: ["truncation"],
                comment: "exactly halfway between the largest subnormal (odd) and 2^-1022: rounds up to 2^-1022"),
            DecimalCase(
                name: "least-subnormal", decimal: "4.9406564584124654e-324", flags: ["subnormal-flush"],
                comment: "rounds to 2^-1074, the least subnormal"),
            DecimalCase(
                name: "three-e-minus-324", decimal: "3e-324", flags: ["subnormal-flush", "truncation"],
                comment: "above half the least subnormal: rounds up to 2^-1074"),
            DecimalCase(
                name: "tie-zero-least-subnormal", decimal: try ExactDecimal.expansion(halfLeastSubnormal)!,
                flags: ["ties-away"],
                comment: "exactly 2^-1075, halfway between 0 (even) and 2^-1074: rounds to 0"),
            DecimalCase(
                name: "above-tie-zero-least-subnormal",
                decimal: try ExactDecimal.nudged(try ExactDecimal.expansion(halfLeastSubnormal)!, up: true),
                flags: ["subnormal-flush"], comment: "just above 2^-1075: rounds up to 2^-1074"),
            DecimalCase(
                name: "underflow", decimal: "1e-400", flags: [], comment: "far below the least subnormal: rounds to 0"),
        ]

        let overflowTie = try ExactDecimal.midpointAbove(.greatestFiniteMagnitude)
        let overflowTieText = try ExactDecimal.expansion(overflowTie)!
        let overflow = [
            DecimalCase(
                name: "largest-finite", decimal: "1.7976931348623157e308", flags: [],
                comment: "rounds to the largest finite Double"),
            DecimalCase(
                name: "above-largest-finite", decimal: "1.7976931348623158e308", flags: ["overflow-threshold"],
                comment:
                    "above the largest finite Double but below max + ulp/2: still rounds to the largest finite Double"),
            DecimalCase(
                name: "below-overflow-threshold", decimal: try ExactDecimal.nudged(overflowTieText, up: false),
                flags: ["overflow-threshold"],
                comment:
                    "one below the overflow threshold max + ulp/2 = 2^1024 - 2^970: rounds to the largest finite Double"
            ),
            DecimalCase(
                name: "overflow-threshold", decimal: overflowTieText, flags: ["truncation"],
                comment:
                    """
                    exactly 2^1024 - 2^970, the tie between max (odd) and 2^1024: rounds to even, which overflows to \
                    Infinity
                    """
            ),
            DecimalCase(name: "overflow", decimal: "1e400", flags: [], comment: "far above the range: Infinity"),
            DecimalCase(name: "negative-overflow", decimal: "-1.8e308", flags: [], comment: "-Infinity"),
        ]

        func group(_ id: String, _ description: String, _ cases: [DecimalCase]) throws -> TestGroup {
            let evaluator = DecimalToDoubleEvaluator(group: id)
            return try evaluator.testGroup(description: description, try cases.map { try decimalEntry(evaluator, $0) })
        }
        return FixtureFile(
            family: family, variant: "decimal-to-double",
            description:
                """
                Decimal strings and the correctly rounded Double of their exact value (round to nearest, ties to \
                even). The reference parses the decimal exactly into a rational and rounds once \
                (Rational(decimal:).doubleValue).
                """,
            proof: ProofReference(file: "Proofs/00-arithmetic.md", steps: ["AR-1", "AR-2"]),
            conventions: [
                "rounding": "round to nearest, ties to even, once, from the exact value of the decimal",
                "overflow":
                    """
                values at or above 2^1024 - 2^970 (the largest finite Double plus half an ulp) round to Infinity; \
                ties there round to even, i.e. to Infinity
                """,
                "underflow": "results below 2^-1022 round to subnormals; 2^-1075 (half the least subnormal) ties to 0",
                "signed-zero": "a decimal with a minus sign and value zero gives -0.0",
            ],
            notes: Self.notes([
                "decimal-via-float-multiplication", "ties-away", "truncation", "double-rounding", "subnormal-flush",
                "overflow-threshold", "negative-zero",
            ]),
            testGroups: [
                try group("easy", "Everyday decimals, some with more digits than a Double holds.", easy),
                try group("ties", "Exact ties between two Doubles, and decimals one unit above and below them.", ties),
                try group(
                    "double-rounding", "Values just above a tie that a wider intermediate format rounds onto the tie.",
                    doubleRounding),
                try group("subnormal", "Around the least normal Double and the least subnormal.", subnormal),
                try group("overflow", "Around the largest finite Double and the overflow threshold.", overflow),
            ])
    }

    // MARK: - exp-log

    /// The entry of f(x): named by x's shortest decimal spelling.
    static func functionEntry(
        _ x: Double, flags: [String], comment: String,
        refusal: String? = nil
    ) -> CatalogueEntry {
        let name =
            "x-" + (x.sign == .minus ? "minus-" : "") + x.magnitude.description.replacingOccurrences(of: "+", with: "")
        return CatalogueEntry(name, comment: comment, flags: flags, inputs: ["x": .exactReal(x)], refusal: refusal)
    }

    static func functionGroup(
        _ function: ElementaryFunctionEvaluator.Function, _ description: String,
        _ arguments: [(Double, [String], String)]
    ) throws -> TestGroup {
        try ElementaryFunctionEvaluator(function).testGroup(
            description: description,
            arguments.map {
                let refused = (function == .log && $0.0 <= 0) || (function == .log1p && $0.0 <= -1)
                return functionEntry($0.0, flags: $0.1, comment: $0.2, refusal: refused ? "domain-error" : nil)
            })
    }

    func expLogFile() throws -> FixtureFile {
        let expArguments: [(Double, [String], String)] = [
            (0, [], "exp(0) = 1 exactly"),
            (1, [], "e"),
            (0.5, [], "sqrt(e)"),
            (-1, [], "1/e"),
            (1e-10, [], "close to 1 + x"),
            (10, ["exp-via-pow-e"], "moderate argument"),
            (100, ["exp-via-pow-e"], "e^100"),
            (-300, ["exp-via-pow-e"], "e^-300, a small normal number"),
            (700, ["exp-via-pow-e"], "close to the overflow threshold ln(max) = 709.78…"),
            (709.78, ["exp-via-pow-e"], "just below ln(max): the result is finite, near the largest Double"),
            (
                709.782712893384, ["exp-via-pow-e"],
                """
                the Double just below ln(max) = 709.782712893383996…: e^x = 1.7976931348622732e308, 4.3e-14 below \
                the largest Double; e**x with a rounded e is 340 ulps off
                """
            ),
            (
                709.782712893384.nextUp, [],
                """
                the Double just above ln(max): e^x exceeds the largest Double by a relative 1.1e-13, beyond half an \
                ulp, so it overflows to Infinity
                """
            ),
            (710, [], "above ln(max): Infinity"),
            (-708.5, ["subnormal-flush"], "just below ln(2^-1022) = -708.396…: a subnormal with 52 significant bits"),
            (-720, ["subnormal-flush"], "e^-720 ≈ 2.03e-313, a subnormal with 36 significant bits"),
            (-740, ["subnormal-flush"], "e^-740 = 85 · 2^-1074 after rounding: a flush to 0 is 85 ulps off"),
            (
                -745, [],
                "e^-745 rounds to the least subnormal 2^-1074, one ulp from 0, so the 1-ulp tolerance "
                    + "cannot see a flush to zero here (the three cases above can)"
            ),
        ]
        let logArguments: [(Double, [String], String)] = [
            (1, [], "ln(1) = 0 exactly"),
            (2, ["log-base"], "ln 2"),
            (0.5, ["log-base"], "-ln 2"),
            (10, ["log-base"], "ln 10 (log10 would give exactly 1)"),
            (0.1, ["log-base"], "ln of the Double nearest 0.1"),
            (1.0.nextUp, ["log-base"], "ln(1 + 2^-52), close to 2^-52"),
            (1e-300, ["log-base"], "a tiny argument"),
            (1e300, ["log-base"], "a huge argument"),
            (Double.leastNonzeroMagnitude, ["log-base"], "ln of the least subnormal, -744.44…"),
            (Double.greatestFiniteMagnitude, ["log-base"], "ln of the largest Double, 709.78…"),
            (Double.leastNormalMagnitude, ["log-base"], "ln 2^-1022 = -708.396…, the least normal Double"),
            (0, ["log-domain"], "ln 0 is -Infinity: the input must be refused"),
            (-1, ["log-domain"], "ln of a negative number is undefined: the input must be refused"),
        ]
        return FixtureFile(
            family: family, variant: "exp-log",
            description:
                """
                e^x and ln x of exact Doubles, correctly rounded by arbitrary-precision evaluation with Ziv's \
                rounding test (BigFloat.correctlyRoundedExp / correctlyRoundedLog), and arguments ln must refuse.
                """,
            proof: ProofReference(file: "Proofs/00-arithmetic.md", steps: ["AR-3"]),
            conventions: [
                "log": "the natural logarithm",
                "domain": "ln x for x <= 0 is refused with error kind domain-error",
                "overflow": "exp(x) that rounds beyond the largest finite Double is Infinity",
            ],
            notes: Self.notes(["exp-via-pow-e", "subnormal-flush", "log-base", "log-domain"]),
            testGroups: [
                try Self.functionGroup(
                    .exp, "e^x correctly rounded, from tiny to near overflow and underflow.", expArguments),
                try Self.functionGroup(
                    .log, "ln x correctly rounded over the whole positive range, and refused arguments.",
                    logArguments),
            ])
    }

    // MARK: - stable-log-exp

    /// A K = 10 spread of offsets around c, the largest (0) in the middle of the vector.
    static let spread: [Double] = [-4, -0.5, -64, 0, -1, -16, -0.25, -32, -2, -8]

    func stableLogExpFile() throws -> FixtureFile {
        let log1p: [(Double, [String], String)] = [
            (1e-10, ["log1p-as-log"], "ln(1 + 1e-10) = 1e-10 − 5e-21 + …: log(1 + x) is 6.4e8 ulps off"),
            (-1e-10, ["log1p-as-log"], "a tiny negative argument"),
            (1e-300, ["log1p-as-log"], "ln(1 + x) rounds to x; log(1 + x) gives 0"),
            (0x1p-1030, ["log1p-as-log"], "a subnormal argument 2^-1030: ln(1 + x) rounds to x"),
            (-0.0, ["log1p-as-log"], "ln(1 + (−0)) = −0 (IEEE 754 §9.2.1); log(1 + x) gives +0"),
            (0x1p-30, [], "2^-30: 1 + x is exact, so log(1 + x) is as good as log1p here"),
            (0.5, [], "ln 1.5"),
            (-0.5, [], "−ln 2"),
            (1e10, [], "a large argument: ln(1 + x) ≈ ln x"),
            (-1, ["log-domain"], "ln 0 is −Infinity: the input must be refused"),
            (-2, ["log-domain"], "ln of a negative number: the input must be refused"),
        ]
        let expm1: [(Double, [String], String)] = [
            (1e-10, ["expm1-as-exp-minus-one"], "e^x − 1 = 1e-10 + 5e-21 + …: exp(x) − 1 is 6.4e8 ulps off"),
            (-1e-10, ["expm1-as-exp-minus-one"], "a tiny negative argument"),
            (1e-300, ["expm1-as-exp-minus-one"], "e^x − 1 rounds to x; exp(x) − 1 gives 0"),
            (-0x1p-1030, ["expm1-as-exp-minus-one"], "a subnormal argument −2^-1030: e^x − 1 rounds to x"),
            (-0.0, ["expm1-as-exp-minus-one"], "e^(−0) − 1 = −0 (IEEE 754 §9.2.1); exp(x) − 1 gives +0"),
            (0x1p-30, ["expm1-as-exp-minus-one"], "2^-30: exp(x) − 1 keeps only 23 bits, 2.1e6 ulps off"),
            (1e-5, ["expm1-as-exp-minus-one"], "1e-5: exp(x) − 1 is 5.7e4 ulps off"),
            (1, [], "e − 1"),
            (-40, [], "e^-40 − 1 = −1 + 4.2e-18: rounds to −1"),
            (709, [], "near overflow: e^709 − 1 = 8.2e307"),
        ]
        func logSumExp(_ name: String, _ x: [Double], _ flags: [String], _ comment: String) -> CatalogueEntry {
            CatalogueEntry(name, comment: comment, flags: flags, inputs: ["x": .vector(x.map { .exactReal($0) })])
        }
        let shifted = ["no-max-shift"]
        let logsumexp = [
            logSumExp(
                "k10-spread-near-plus-1e3", Self.spread.map { 1e3 + $0 }, shifted,
                "K = 10 arguments 1000 + {0, −0.25, …, −64}: e^1000 overflows without the shift"),
            logSumExp(
                "k10-spread-near-minus-1e3", Self.spread.map { -1e3 + $0 }, shifted,
                "K = 10 arguments −1000 + {0, …, −64}: every e^x underflows to 0 without the shift"),
            logSumExp(
                "k10-spread-near-plus-1e5", Self.spread.map { 1e5 + $0 }, shifted,
                "K = 10 arguments around 1e5"),
            logSumExp(
                "k10-spread-near-minus-1e5", Self.spread.map { -1e5 + $0 }, shifted,
                "K = 10 arguments around −1e5"),
            logSumExp(
                "k10-mixed-magnitudes", [1000, -1e5, 0, -1000, 999, 1e-300, -745, 500, -3.5, 998.5], shifted,
                "K = 10 arguments from −1e5 to 1000: the terms below the largest by more than 40 do not count"),
            logSumExp("k1-minus-1e5", [-1e5], shifted, "K = 1: ln e^x = x exactly; without the shift e^x underflows"),
            logSumExp(
                "k10-equal-near-zero-result", Array(repeating: -2.302585092994046, count: 10), [],
                """
                ten copies of the Double nearest −ln 10: the result is −2.2e-16, so the tolerance is absolute \
                (23·2^-53) and checks the shifted route's cancellation
                """),
            logSumExp("k2-equal", [0.5, 0.5], [], "two equal arguments: 0.5 + ln 2"),
            logSumExp("k3-moderate", [1, 2, 3], [], "moderate arguments: every route agrees"),
            logSumExp("k3-near-minus-40", [-40, -40.5, -39], [], "small but representable terms"),
        ]
        let xs: [Double] = [-800, -700, -30, -1, 0, 1, 30, 37, 700, 800]
        let softplusFlags: [Double: [String]] = [
            -700: ["log-of-exp", "log1p-as-log"], -30: ["log-of-exp", "log1p-as-log"],
            800: ["log-of-exp"],
        ]
        let logSigmoidFlags: [Double: [String]] = [
            -800: ["log-of-exp"], 30: ["log-of-exp", "log1p-as-log"],
            37: ["log-of-exp", "log1p-as-log"], 700: ["log-of-exp", "log1p-as-log"],
        ]
        func softplusEntries(_ flags: [Double: [String]], _ comments: [Double: String]) -> [CatalogueEntry] {
            xs.map { Self.functionEntry($0, flags: flags[$0] ?? [], comment: comments[$0] ?? "a moderate argument") }
        }
        let softplus = softplusEntries(
            softplusFlags,
            [
                -800: "e^-800 is below half the least subnormal: softplus rounds to +0",
                -700: "softplus(−700) = e^-700(1 − …) ≈ 9.86e-305: 1 + e^x rounds to 1",
                -30: "softplus(−30) ≈ e^-30 = 9.36e-14: 1 + e^x keeps only 9 bits of it",
                0: "ln 2",
                30: "30 + e^-30 = 30.000000000000092: the small term is 26 ulps of 30",
                37: "37 + e^-37 rounds to 37",
                700: "700 + e^-700 rounds to 700",
                800: "exp(800) overflows: softplus(800) = 800",
            ])
        let logSigmoid = softplusEntries(
            logSigmoidFlags,
            [
                -800: "ln σ(−800) = −800 − e^-800 rounds to −800; 1/(1 + e^800) is 0",
                -700: "−700 − e^-700 rounds to −700",
                -30: "−30 − e^-30 = −30.000000000000092",
                0: "−ln 2",
                30: "ln σ(30) = −e^-30(1 − …) ≈ −9.36e-14: 1/(1 + e^-30) rounds to within 2^-53 of 1",
                37: "ln σ(37) ≈ −8.5e-17: 1/(1 + e^-37) rounds to 1, so the log is 0",
                700: "ln σ(700) ≈ −9.86e-305",
                800: "−e^-800 rounds to −0",
            ])
        return FixtureFile(
            family: family, variant: "stable-log-exp",
            description: """
                ln(1 + x), e^x − 1, ln Σ e^(x_i), softplus ln(1 + e^x) and log-sigmoid −ln(1 + e^−x) of exact \
                Doubles, correctly rounded (Ziv's strategy on BigFloat): the compositions that a naive log/exp \
                formula gets wrong at tiny arguments, far from 0, or beyond exp's range.
                """,
            proof: ProofReference(file: "Proofs/00-arithmetic.md", steps: ["AR-3", "AR-8"]),
            conventions: [
                "log": "the natural logarithm",
                "log1p": "ln(1 + x) of the exact x; x <= -1 is refused with error kind domain-error; ±0 gives ±0",
                "expm1": "e^x − 1 of the exact x; ±0 gives ±0",
                "logsumexp": "y = ln Σ_i e^(x_i) over the K entries of x, in nats",
                "softplus":
                    "softplus(x) = ln(1 + e^x); log-sigmoid(x) = ln σ(x) = −ln(1 + e^−x) = −softplus(−x)",
                "signed-zero": "a result that rounds to zero keeps the sign of the exact value (−0 for log-sigmoid)",
            ],
            notes: Self.notes(["log1p-as-log", "expm1-as-exp-minus-one", "no-max-shift", "log-of-exp", "log-domain"]),
            testGroups: [
                try Self.functionGroup(
                    .log1p, "ln(1 + x) at tiny, subnormal and signed-zero arguments, and refused ones.",
                    log1p),
                try Self.functionGroup(.expm1, "e^x − 1 at tiny, subnormal and signed-zero arguments.", expm1),
                try LogSumExpEvaluator().testGroup(
                    description:
                        "ln Σ e^(x_i): K = 10 spreads around ±1e3 and ±1e5, mixed magnitudes, cancellation to 0.",
                    logsumexp),
                try SoftplusEvaluator(.softplus).testGroup(description: "ln(1 + e^x) at ±30, ±700, ±800.", softplus),
                try SoftplusEvaluator(.logSigmoid).testGroup(
                    description: "ln σ(x) at ±30, ±700, ±800.", logSigmoid),
            ])
    }
}
