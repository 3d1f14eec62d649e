import OracleArithmetic

/// One certified NIST value set against a fit (LG-13).
public struct NISTComparison: Sendable, CustomStringConvertible {
    /// What is compared, e.g. `B3`, `sd(B3)`, `residual SD`, `R²`, `regression SS`, `F`.
    public let quantity: String
    /// The certified decimal (`nil` for NIST's "Infinity" F of an exact fit).
    public let certified: CertifiedDecimal?
    /// Whether the fit's value rounds to the certified decimal (|v − c| ≤ h, decided in ℚ; for
    /// square roots by squaring), or, for "Infinity", whether the fit has RSS = 0 as well.
    public let isCorrectlyRounded: Bool
    /// NIST's LRE = −log₁₀(|v − c|/|c|), capped at 15. For the exact path the value compared is
    /// v rounded to the printed digits, which is c whenever `isCorrectlyRounded`, so LRE = 15.
    public let logRelativeError: Double

    public var description: String {
        "\(quantity): certified \(certified?.text ?? "Infinity"), \(isCorrectlyRounded ? "reproduced" : "NOT reproduced"), "
            + "LRE \(logRelativeError)"
    }
}

/// A fitted value to compare: a rational v, or √v given v (a standard deviation), or undefined.
enum NISTFittedValue {
    case value(Rational)
    case squareRoot(Rational)
    case undefined
}

extension NISTStRDDataset {
    /// Every certified value against an exact fit over ℚ: estimates, their standard deviations,
    /// residual SD, R², the ANOVA sums of squares, mean squares and F, and the degrees of freedom.
    /// Throws if the fit's parameters do not match the model's.
    public func compare(exact fit: LeastSquaresFit<Rational>) throws -> [NISTComparison] {
        let variances = fit.estimateVariances
        return try compare(fit: fit, estimates: fit.estimate.map(NISTFittedValue.value)) { k in
            variances.map { .squareRoot($0[k]) } ?? .undefined
        } residualSD: {
            fit.unbiasedNoiseVariance.map(NISTFittedValue.squareRoot) ?? .undefined
        } rational: { $0.map(NISTFittedValue.value) ?? .undefined }
    }

    /// Every certified value against a `Double` fit (Cholesky or QR): each `Double` value (square
    /// roots taken in `Double`, as a float64 user would) compared exactly to the certified decimal,
    /// and its LRE.
    public func compare(_ fit: LeastSquaresFit<Double>) throws -> [NISTComparison] {
        func exact(_ x: Double?) -> NISTFittedValue {
            guard let x, let r = Rational(exactly: x) else { return .undefined }
            return .value(r)
        }
        let errors = try fit.standardErrors
        let residualSD = try fit.residualStandardDeviation
        return try compare(fit: fit, estimates: fit.estimate.map(exact)) { k in exact(errors?[k]) }
            residualSD: { exact(residualSD) } rational: { exact($0) }
    }

    private func compare<S: FieldScalar>(
        fit: LeastSquaresFit<S>, estimates: [NISTFittedValue], deviation: (Int) -> NISTFittedValue,
        residualSD: () -> NISTFittedValue, rational: (S?) -> NISTFittedValue
    ) throws -> [NISTComparison] {
        guard fit.estimate.count == terms.count else {
            throw ModelInputError.shapeMismatch(what: "fit parameters", expected: [terms.count], actual: [fit.estimate.count])
        }
        var comparisons: [NISTComparison] = []
        let exactPath = S.isExact
        func add(_ quantity: String, _ certified: CertifiedDecimal?, _ fitted: NISTFittedValue) {
            comparisons.append(Self.comparison(quantity, certified, fitted, exactPath: exactPath))
        }
        for k in terms.indices {
            add(terms[k].parameter, certified.estimates[k], estimates[k])
            add("sd(\(terms[k].parameter))", certified.standardDeviations[k], deviation(k))
        }
        add("residual SD", certified.residualStandardDeviation, residualSD())
        add("R²", certified.rSquared, rational(fit.rSquared))
        add("regression SS", certified.regressionSumOfSquares, rational(fit.regressionSumOfSquares))
        add("regression MS", certified.regressionMeanSquare, rational(fit.regressionMeanSquare))
        add("F", certified.fStatistic, rational(fit.fStatistic))
        add("residual SS", certified.residualSumOfSquares, rational(fit.residualSumOfSquares))
        add("residual MS", certified.residualMeanSquare, rational(fit.unbiasedNoiseVariance))
        for (quantity, certifiedDF, fittedDF) in [
            ("regression df", certified.regressionDegreesOfFreedom, fit.regressionDegreesOfFreedom),
            ("residual df", certified.residualDegreesOfFreedom, fit.residualDegreesOfFreedom),
        ] {
            let same = certifiedDF == fittedDF
            comparisons.append(NISTComparison(
                quantity: quantity, certified: try CertifiedDecimal("\(certifiedDF)"), isCorrectlyRounded: same,
                logRelativeError: same ? 15 : 0))
        }
        return comparisons
    }

    private static func comparison(
        _ quantity: String, _ certified: CertifiedDecimal?, _ fitted: NISTFittedValue, exactPath: Bool
    ) -> NISTComparison {
        guard let certified else {
            // "Infinity": reproduced exactly when the fit's F is undefined too (RSS = 0).
            let undefined: Bool
            if case .undefined = fitted { undefined = true } else { undefined = false }
            return NISTComparison(quantity: quantity, certified: nil, isCorrectlyRounded: undefined, logRelativeError: undefined ? 15 : 0)
        }
        switch fitted {
        case .undefined:
            return NISTComparison(quantity: quantity, certified: certified, isCorrectlyRounded: false, logRelativeError: 0)
        case .value(let v):
            let rounded = certified.isCorrectRounding(of: v)
            let lre = exactPath && rounded ? 15 : certified.logRelativeError(of: v)
            return NISTComparison(quantity: quantity, certified: certified, isCorrectlyRounded: rounded, logRelativeError: lre)
        case .squareRoot(let v):
            let rounded = certified.isCorrectRoundingOfSquareRoot(of: v)
            let root = BigFloat.withPrecision(128) { (try? BigFloat.sqrt(BigFloat(v))) ?? BigFloat(0) }.rationalValue
            let lre = rounded ? 15 : certified.logRelativeError(of: root)
            return NISTComparison(quantity: quantity, certified: certified, isCorrectlyRounded: rounded, logRelativeError: lre)
        }
    }
}
