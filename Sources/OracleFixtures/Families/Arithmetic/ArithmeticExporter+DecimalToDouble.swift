import OracleArithmetic

/// `Fixtures/arithmetic/decimal-to-double.json`: decimal strings and the correctly rounded Double
/// of their exact value (AR-1, AR-2).
extension ArithmeticExporter {
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
        return file(
            "decimal-to-double",
            description: """
                Decimal strings and the correctly rounded Double of their exact value (round to nearest, ties to \
                even). The reference parses the decimal exactly into a rational and rounds once \
                (Rational(decimal:).doubleValue).
                """,
            proof: "Proofs/00-arithmetic.md", steps: ["AR-1", "AR-2"],
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
            notes: Self.notes(for: [
                "decimal-via-float-multiplication", "ties-away", "truncation", "double-rounding", "subnormal-flush",
                "overflow-threshold", "negative-zero",
            ]),
            groups: [
                try group("easy", "Everyday decimals, some with more digits than a Double holds.", easy),
                try group("ties", "Exact ties between two Doubles, and decimals one unit above and below them.", ties),
                try group(
                    "double-rounding", "Values just above a tie that a wider intermediate format rounds onto the tie.",
                    doubleRounding),
                try group("subnormal", "Around the least normal Double and the least subnormal.", subnormal),
                try group("overflow", "Around the largest finite Double and the overflow threshold.", overflow),
            ])
    }
}
