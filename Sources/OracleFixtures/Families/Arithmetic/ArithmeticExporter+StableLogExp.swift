import OracleArithmetic

/// `Fixtures/arithmetic/stable-log-exp.json`: log1p, expm1, logsumexp, softplus and log-sigmoid of
/// exact Doubles, correctly rounded (AR-3, AR-8).
extension ArithmeticExporter {
    /// A K = 10 spread of offsets around c, the largest (0) in the middle of the vector.
    static let spread: [Double] = [-4, -0.5, -64, 0, -1, -16, -0.25, -32, -2, -8]

    func stableLogExpFile() throws -> FixtureFile {
        let log1p: [(Double, [String], String)] = [
            (1e-10, ["log1p-as-log"], "ln(1 + 1e-10) = 1e-10 − 5e-21 + …: log(1 + x) is 6.4e8 ulps off"),
            (-1e-10, ["log1p-as-log"], "a tiny negative argument"),
            (1e-300, ["log1p-as-log"], "ln(1 + x) rounds to x; log(1 + x) gives 0"),
            (0x1p-1030, ["log1p-as-log", "subnormal-flush"], "a subnormal argument 2^-1030: ln(1 + x) rounds to x"),
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
            (
                -0x1p-1030, ["expm1-as-exp-minus-one", "subnormal-flush"],
                "a subnormal argument −2^-1030: e^x − 1 rounds to x"
            ),
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
            30: ["softplus-linear-threshold"], 800: ["log-of-exp"],
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
        return file(
            "stable-log-exp",
            description: """
                ln(1 + x), e^x − 1, ln Σ e^(x_i), softplus ln(1 + e^x) and log-sigmoid −ln(1 + e^−x) of exact \
                Doubles, correctly rounded (Ziv's strategy on BigFloat): the compositions that a naive log/exp \
                formula gets wrong at tiny arguments, far from 0, or beyond exp's range.
                """,
            proof: "Proofs/00-arithmetic.md", steps: ["AR-3", "AR-8"],
            conventions: [
                "log": "the natural logarithm",
                "log1p": "ln(1 + x) of the exact x; x <= -1 is refused with error kind domain-error; ±0 gives ±0",
                "expm1": "e^x − 1 of the exact x; ±0 gives ±0",
                "logsumexp": "y = ln Σ_i e^(x_i) over the K entries of x, in nats",
                "softplus":
                    "softplus(x) = ln(1 + e^x); log-sigmoid(x) = ln σ(x) = −ln(1 + e^−x) = −softplus(−x)",
                "signed-zero": "a result that rounds to zero keeps the sign of the exact value (−0 for log-sigmoid)",
            ],
            notes: Self.notes(for: [
                "log1p-as-log", "expm1-as-exp-minus-one", "no-max-shift", "log-of-exp", "log-domain",
                "subnormal-flush", "softplus-linear-threshold",
            ]),
            groups: [
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
