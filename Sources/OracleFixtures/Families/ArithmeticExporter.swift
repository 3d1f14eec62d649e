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
    public let summary = "decimal → Double correct rounding (ties, subnormals, overflow); exp and log correctly rounded"

    public init() {}

    public func makeFiles() throws -> [FixtureFile] {
        [try decimalFile(), try expLogFile()]
    }

    static let allNotes: OrderedMap<String> = [
        "decimal-via-float-multiplication": "converting the digits to a float and multiplying or dividing by a float power of ten: two or more roundings, so hard cases come out one or more ulps off",
        "ties-away": "rounding an exact tie away from zero instead of to the even neighbour",
        "double-rounding": "rounding first to a wider format (x87 64-bit significand) and then to binary64: a value just above a tie is first rounded onto the tie, then to even",
        "truncation": "rounding toward zero (dropping the extra digits or bits) instead of to nearest: values at or above a tie come out one ulp low in magnitude",
        "subnormal-flush": "flushing results below the smallest normal 2^-1022 to zero instead of rounding to a subnormal",
        "overflow-threshold": "deciding overflow by comparing with the largest finite Double instead of with the threshold max + ulp/2: values between them must round to the largest finite Double",
        "negative-zero": "losing the sign of a negative zero (\"-0\" must give -0.0)",
        "exp-via-pow-e": "computing exp(x) as e**x with e rounded to a Double: the relative error grows like |x| * 2^-53, hundreds of ulps for large |x|",
        "log-base": "using log10 or log2 where the natural logarithm is meant",
        "log-domain": "returning -inf or NaN for ln of x <= 0 instead of refusing the input",
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

    func decimalCase(_ group: String, _ c: DecimalCase) throws -> FixtureCase {
        let exact = try Rational(decimal: c.decimal)
        var value = exact.doubleValue
        // Rational has no signed zero; the sign of a zero comes from the text.
        if value == 0 && c.decimal.hasPrefix("-") { value = -0.0 }
        let isExact = value.isFinite && Rational(exactly: value) == exact
        // The float-multiplication flag goes exactly on the cases where that route is wrong.
        var flags = c.flags
        let naive = try Self.viaFloatMultiplication(c.decimal)
        if naive.bitPattern != value.bitPattern && !(naive.isNaN && value.isNaN) {
            flags.append("decimal-via-float-multiplication")
        }
        return FixtureCase(
            id: "\(family)/decimal-to-double/\(group)/\(c.name)", comment: c.comment, flags: flags,
            inputs: ["decimal": .string(c.decimal)],
            expected: .values(["value": .real(RealNumber(value, accuracy: isExact ? .exact : .correctlyRounded))]),
            tolerance: .exact("the correctly rounded Double of an exact decimal is unique (round to nearest, ties to even); strtod-quality parsers achieve it"))
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
            DecimalCase(name: "one-tenth", decimal: "0.1", flags: [], comment: "0.1 is not a Double; its nearest is 0x1.999999999999ap-4"),
            DecimalCase(name: "one", decimal: "1", flags: [], comment: "an exact integer"),
            DecimalCase(name: "ten-to-minus-five", decimal: "1e-05", flags: [], comment: "exponent notation"),
            DecimalCase(name: "ten-to-23", decimal: "1e23", flags: [], comment: "1e23 lies close to a tie between two Doubles"),
            DecimalCase(name: "pi-40-digits", decimal: "3.141592653589793238462643383279502884197", flags: [], comment: "more digits than a Double holds"),
            DecimalCase(name: "thirty-digit-integer", decimal: "123456789012345678901234567890", flags: [], comment: "an integer beyond 2^53"),
            DecimalCase(name: "negative-zero", decimal: "-0.0e5", flags: ["negative-zero"], comment: "minus zero keeps its sign"),
            DecimalCase(name: "small-many-digits", decimal: "7.038531e-26", flags: [], comment: "a short decimal with a large negative exponent"),
        ]
        easy.append(DecimalCase(name: "point-three", decimal: "0.3", flags: [], comment: "0.3 is not 0.1 + 0.2"))

        var ties: [DecimalCase] = []
        for (name, d) in [("one", 1.0), ("one-plus-ulp", 1.0.nextUp), ("one-tenth", 0.1), ("two-to-53", 9007199254740992.0)] {
            let m = try ExactDecimal.midpointAbove(d)
            guard let text = try ExactDecimal.expansion(m) else { continue }
            let lowerIsEven = d.significandBitPattern & 1 == 0
            let parity = lowerIsEven ? "even, so the tie rounds down to it" : "odd, so the tie rounds up"
            // Rounding ties away from zero is wrong only when the lower neighbour is even;
            // truncating is wrong only when the tie must round up.
            let tieFlags = lowerIsEven ? ["ties-away"] : ["truncation"]
            ties.append(DecimalCase(name: "tie-above-\(name)", decimal: text, flags: tieFlags,
                                    comment: "exactly halfway between \(d) and the next Double; \(d)'s last bit is \(parity)"))
            ties.append(DecimalCase(name: "above-tie-\(name)", decimal: try ExactDecimal.nudged(text, up: true), flags: ["truncation"],
                                    comment: "one unit in a new last digit above the tie: rounds up"))
            ties.append(DecimalCase(name: "below-tie-\(name)", decimal: try ExactDecimal.nudged(text, up: false), flags: [],
                                    comment: "one unit in a new last digit below the tie: rounds down"))
        }
        let negativeTie = try ExactDecimal.expansion(-(try ExactDecimal.midpointAbove(0.1)))!
        ties.append(DecimalCase(name: "negative-tie-one-tenth", decimal: negativeTie, flags: ["ties-away"], comment: "a negative tie rounds to even as well"))

        // v = m + 2⁻⁷² just above the tie m between 1 and 1 + 2⁻⁵²: rounding to a 64-bit
        // significand first gives m exactly, which then rounds to even (1) instead of up.
        let trap = try ExactDecimal.midpointAbove(1.0) + Self.twoToMinus(72)
        let trapOdd = try ExactDecimal.midpointAbove(4.0) + Self.twoToMinus(70)
        let doubleRounding = [
            DecimalCase(name: "just-above-tie-one", decimal: try ExactDecimal.expansion(trap)!, flags: ["double-rounding"],
                        comment: "1 + 2^-53 + 2^-72: correctly rounded up to 1 + 2^-52; via a 64-bit significand it rounds to the tie, then to 1"),
            DecimalCase(name: "just-above-tie-four", decimal: try ExactDecimal.expansion(trapOdd)!, flags: ["double-rounding"],
                        comment: "4 + 2^-51 + 2^-70: correctly rounded up; double rounding gives 4"),
        ]

        let minNormal = Double.leastNormalMagnitude
        let maxSub = minNormal.nextDown
        let halfLeastSubnormal = Self.twoToMinus(1075)
        let subnormal = [
            DecimalCase(name: "least-normal", decimal: "2.2250738585072014e-308", flags: [], comment: "rounds to 2^-1022, the least normal Double"),
            DecimalCase(name: "famous-2.2250738585072012e-308", decimal: "2.2250738585072012e-308", flags: [],
                        comment: "the decimal that hung PHP and Java; rounds to 2^-1022"),
            DecimalCase(name: "largest-subnormal", decimal: "2.2250738585072009e-308", flags: ["subnormal-flush"], comment: "rounds to the largest subnormal 0x0.fffffffffffffp-1022"),
            DecimalCase(name: "tie-subnormal-normal", decimal: try ExactDecimal.expansion(try ExactDecimal.midpointAbove(maxSub))!, flags: ["truncation"],
                        comment: "exactly halfway between the largest subnormal (odd) and 2^-1022: rounds up to 2^-1022"),
            DecimalCase(name: "least-subnormal", decimal: "4.9406564584124654e-324", flags: ["subnormal-flush"], comment: "rounds to 2^-1074, the least subnormal"),
            DecimalCase(name: "three-e-minus-324", decimal: "3e-324", flags: ["subnormal-flush", "truncation"], comment: "above half the least subnormal: rounds up to 2^-1074"),
            DecimalCase(name: "tie-zero-least-subnormal", decimal: try ExactDecimal.expansion(halfLeastSubnormal)!, flags: ["ties-away"],
                        comment: "exactly 2^-1075, halfway between 0 (even) and 2^-1074: rounds to 0"),
            DecimalCase(name: "above-tie-zero-least-subnormal", decimal: try ExactDecimal.nudged(try ExactDecimal.expansion(halfLeastSubnormal)!, up: true),
                        flags: ["subnormal-flush"], comment: "just above 2^-1075: rounds up to 2^-1074"),
            DecimalCase(name: "underflow", decimal: "1e-400", flags: [], comment: "far below the least subnormal: rounds to 0"),
        ]

        let overflowTie = try ExactDecimal.midpointAbove(.greatestFiniteMagnitude)
        let overflowTieText = try ExactDecimal.expansion(overflowTie)!
        let overflow = [
            DecimalCase(name: "largest-finite", decimal: "1.7976931348623157e308", flags: [], comment: "rounds to the largest finite Double"),
            DecimalCase(name: "above-largest-finite", decimal: "1.7976931348623158e308", flags: ["overflow-threshold"],
                        comment: "above the largest finite Double but below max + ulp/2: still rounds to the largest finite Double"),
            DecimalCase(name: "below-overflow-threshold", decimal: try ExactDecimal.nudged(overflowTieText, up: false), flags: ["overflow-threshold"],
                        comment: "one below the overflow threshold max + ulp/2 = 2^1024 - 2^970: rounds to the largest finite Double"),
            DecimalCase(name: "overflow-threshold", decimal: overflowTieText, flags: ["truncation"],
                        comment: "exactly 2^1024 - 2^970, the tie between max (odd) and 2^1024: rounds to even, which overflows to Infinity"),
            DecimalCase(name: "overflow", decimal: "1e400", flags: [], comment: "far above the range: Infinity"),
            DecimalCase(name: "negative-overflow", decimal: "-1.8e308", flags: [], comment: "-Infinity"),
        ]

        func group(_ id: String, _ description: String, _ cases: [DecimalCase]) throws -> TestGroup {
            TestGroup(id: id, description: description, cases: try cases.map { try decimalCase(id, $0) })
        }
        return FixtureFile(
            family: family, variant: "decimal-to-double",
            description: "Decimal strings and the correctly rounded Double of their exact value (round to nearest, ties to even). The reference parses the decimal exactly into a rational and rounds once (Rational(decimal:).doubleValue).",
            proof: ProofReference(file: "Proofs/00-arithmetic.md", steps: ["AR-1", "AR-2"]),
            conventions: [
                "rounding": "round to nearest, ties to even, once, from the exact value of the decimal",
                "overflow": "values at or above 2^1024 - 2^970 (the largest finite Double plus half an ulp) round to Infinity; ties there round to even, i.e. to Infinity",
                "underflow": "results below 2^-1022 round to subnormals; 2^-1075 (half the least subnormal) ties to 0",
                "signed-zero": "a decimal with a minus sign and value zero gives -0.0",
            ],
            notes: Self.notes(["decimal-via-float-multiplication", "ties-away", "truncation", "double-rounding", "subnormal-flush", "overflow-threshold", "negative-zero"]),
            testGroups: [
                try group("easy", "Everyday decimals, some with more digits than a Double holds.", easy),
                try group("ties", "Exact ties between two Doubles, and decimals one unit above and below them.", ties),
                try group("double-rounding", "Values just above a tie that a wider intermediate format rounds onto the tie.", doubleRounding),
                try group("subnormal", "Around the least normal Double and the least subnormal.", subnormal),
                try group("overflow", "Around the largest finite Double and the overflow threshold.", overflow),
            ])
    }

    // MARK: - exp-log

    static let libmTolerance = ToleranceSpec.ulps(
        1, "the expected value is the correctly rounded result for the exact input; a float64 libm's exp and log are faithful (error < 1 ulp) but not always correctly rounded, so 1 ulp is what a good implementation achieves")

    func functionCase(_ function: String, x: Double, flags: [String], comment: String) throws -> FixtureCase {
        let name = "x-" + (x < 0 ? "minus-" : "") + x.magnitude.description.replacingOccurrences(of: "+", with: "")
        let exact = Rational(exactly: x)!
        let id = "\(family)/exp-log/\(function)/\(name)"
        let inputs: OrderedMap<FixtureValue> = ["x": .exactReal(x)]
        if function == "log" && x <= 0 {
            // The reference must refuse it too.
            if (try? BigFloat.correctlyRoundedLog(exact)) != nil {
                throw FixtureError(.invalidValue, location: "ArithmeticExporter", problem: "log(\(x)) was not refused", remedy: "check correctlyRoundedLog")
            }
            return FixtureCase(id: id, comment: comment, flags: flags, inputs: inputs, expected: .error(kind: "domain-error"),
                               tolerance: .exact("the input must be refused; there is no output to compare"))
        }
        let y = function == "exp" ? try BigFloat.correctlyRoundedExp(exact) : try BigFloat.correctlyRoundedLog(exact)
        let isExact = (function == "exp" && x == 0) || (function == "log" && x == 1)
        return FixtureCase(id: id, comment: comment, flags: flags, inputs: inputs,
                           expected: .values(["y": .real(RealNumber(y, accuracy: isExact ? .exact : .correctlyRounded))]),
                           tolerance: isExact ? .exact("exp(0) = 1 and ln(1) = 0 exactly; every libm returns them") : Self.libmTolerance)
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
            (710, [], "above ln(max): Infinity"),
            (-708.5, ["subnormal-flush"], "just below ln(2^-1022) = -708.396…: a subnormal with 52 significant bits"),
            (-720, ["subnormal-flush"], "e^-720 ≈ 2.03e-313, a subnormal with 36 significant bits"),
            (-740, ["subnormal-flush"], "e^-740 = 85 · 2^-1074 after rounding: a flush to 0 is 85 ulps off"),
            (-745, [], "e^-745 rounds to the least subnormal 2^-1074, one ulp from 0, so the 1-ulp tolerance "
                + "cannot see a flush to zero here (the three cases above can)"),
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
            (0, ["log-domain"], "ln 0 is -Infinity: the input must be refused"),
            (-1, ["log-domain"], "ln of a negative number is undefined: the input must be refused"),
        ]
        return FixtureFile(
            family: family, variant: "exp-log",
            description: "e^x and ln x of exact Doubles, correctly rounded by arbitrary-precision evaluation with Ziv's rounding test (BigFloat.correctlyRoundedExp / correctlyRoundedLog), and arguments ln must refuse.",
            proof: ProofReference(file: "Proofs/00-arithmetic.md", steps: ["AR-3"]),
            conventions: [
                "log": "the natural logarithm",
                "domain": "ln x for x <= 0 is refused with error kind domain-error",
                "overflow": "exp(x) that rounds beyond the largest finite Double is Infinity",
            ],
            notes: Self.notes(["exp-via-pow-e", "subnormal-flush", "log-base", "log-domain"]),
            testGroups: [
                TestGroup(id: "exp", description: "e^x correctly rounded, from tiny to near overflow and underflow.",
                          cases: try expArguments.map { try functionCase("exp", x: $0.0, flags: $0.1, comment: $0.2) }),
                TestGroup(id: "log", description: "ln x correctly rounded over the whole positive range, and refused arguments.",
                          cases: try logArguments.map { try functionCase("log", x: $0.0, flags: $0.1, comment: $0.2) }),
            ])
    }
}
