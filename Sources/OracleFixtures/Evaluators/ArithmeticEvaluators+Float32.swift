import OracleArithmetic

// The float32 answers of `arithmetic/*`. A decimal's correctly rounded Double is a binary64
// question (AR-1, AR-2). The functions (AR-3, AR-8) are judged on a float32 code's answer for the
// argument rounded to float32: eˣ, ln x, ln(1 + x), eˣ − 1 by the platform's float32 libm, and
// ln Σ eˣⁱ, softplus and log-sigmoid by the max-shifted route in float32, measured against the
// certified values by `Float32Measurement`; an argument or answer outside float32's normal range is
// float64-only by that rule. Where the answer is exactly representable and every libm returns it
// (e⁰ = 1, ln 1 = 0, ±0, ln e^(x₁) = x₁), the claim is exact.

extension ArithmeticEvaluators {
    /// ln Σᵢ e^(xᵢ) = m + ln(1 + Σ_{i ≠ i*} e^(xᵢ − m)), m = max xᵢ = x_{i*}, in the precision of S.
    static func maxShiftedLogSumExp<S: RealScalar>(_ x: [S]) throws -> S {
        guard let m = x.max(), let top = x.firstIndex(of: m) else {
            throw ArithmeticDomainError(function: "logSumExp", argument: "[]", requirement: "K ≥ 1")
        }
        var t = S.zero
        for (i, xi) in x.enumerated() where i != top { t += S.exp(xi - m) }
        return m + (try S.log1p(t))
    }

    static let float32Exact = "the answer is a float32 value and a float32 libm returns it exactly"
}

extension DecimalToDoubleEvaluator {
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        .float64Only(
            reason: """
                the answer is the nearest binary64 to the decimal (AR-1, AR-2): a float32 parser answers another \
                question (the nearest binary32), and reaching it through the binary64 is the double rounding \
                these cases are built to catch
                """)
    }
}

extension ElementaryFunctionEvaluator {
    /// f(Float(x)) by the platform's float32 libm (expf, logf, log1pf, expm1f).
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let x = try read(inputs).real("x")
        let xf = Float(x)
        let y: Float
        switch function {
        case .exp:
            if x == 0 { return .fixed(.exact("e⁰ = 1: " + ArithmeticEvaluators.float32Exact)) }
            y = Float.exp(xf)
        case .log:
            if x == 1 { return .fixed(.exact("ln 1 = 0: " + ArithmeticEvaluators.float32Exact)) }
            y = try Float.log(xf)
        case .log1p, .expm1:
            if x == 0 {
                return .fixed(
                    .exact("ln(1 ± 0) and e^(±0) − 1 are ±0 with the sign of x (IEEE 754 §9.2.1) in float32 too"))
            }
            y = function == .log1p ? try Float.log1p(xf) : Float.expm1(xf)
        }
        return .measured(outputs: ["y": [y]], route: "the float32 libm's \(function.rawValue)f (AR-3, AR-8)")
    }
}

extension LogSumExpEvaluator {
    /// m + log1p(Σ e^(xᵢ − m)) in float32 on the arguments rounded to float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let x = try read(inputs).floats("x")
        if x.count == 1 {
            return .fixed(.exact("ln e^(x₁) = x₁; the max-shifted route returns Float(x₁), one correct rounding"))
        }
        return .measured(
            outputs: ["y": [try ArithmeticEvaluators.maxShiftedLogSumExp(x)]],
            route: "the max-shifted log-sum-exp (AR-8)")
    }
}

extension SoftplusEvaluator {
    /// ln(e⁰ + eˣ) and −ln(e⁰ + e⁻ˣ) by the max-shifted route in float32.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route {
        let x = Float(try read(inputs).real("x"))
        let y =
            form == .softplus
            ? try ArithmeticEvaluators.maxShiftedLogSumExp([0, x])
            : -(try ArithmeticEvaluators.maxShiftedLogSumExp([0, -x]))
        return .measured(outputs: ["y": [y]], route: "max(x, 0) + log1p(e^(−|x|)) (AR-8)")
    }
}
