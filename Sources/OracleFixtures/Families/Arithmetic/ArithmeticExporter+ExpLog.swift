import OracleArithmetic

/// `Fixtures/arithmetic/exp-log.json`: eˣ and ln x of exact Doubles, correctly rounded, and the
/// arguments ln must refuse (AR-3).
extension ArithmeticExporter {
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
        return file(
            "exp-log",
            description: """
                e^x and ln x of exact Doubles, correctly rounded by arbitrary-precision evaluation with Ziv's \
                rounding test (BigFloat.correctlyRoundedExp / correctlyRoundedLog), and arguments ln must refuse.
                """,
            proof: "Proofs/00-arithmetic.md", steps: ["AR-3"],
            conventions: [
                "log": "the natural logarithm",
                "domain": "ln x for x <= 0 is refused with error kind domain-error",
                "overflow": "exp(x) that rounds beyond the largest finite Double is Infinity",
            ], notes: Self.notes(for: ["exp-via-pow-e", "subnormal-flush", "log-base", "log-domain"]),
            groups: [
                try Self.functionGroup(
                    .exp, "e^x correctly rounded, from tiny to near overflow and underflow.", expArguments),
                try Self.functionGroup(
                    .log, "ln x correctly rounded over the whole positive range, and refused arguments.",
                    logArguments),
            ])
    }
}
