import OracleArithmetic

/// One certified NIST value set against a fit (LG-13).
public struct NISTComparison: Sendable, CustomStringConvertible {
    /// What is compared, e.g. `B3`, `sd(B3)`, `residual SD`, `R²`, `regression SS`, `F`.
    public let quantity: String
    /// The certified decimal (`nil` for NIST's "Infinity" F of an exact fit).
    public let certified: CertifiedDecimal?
    /// Ours as printed: an exact value rounded to the certified value's printed digits (in its
    /// layout), a `Double` in its shortest round-trip form, "Infinity", or "undefined".
    public let fitted: String
    /// The significant digits compared (`CertifiedDecimal.comparedDigits`: min(15, printed));
    /// `nil` when the comparison is exact: degrees of freedom, and "Infinity".
    public let digitsCompared: Int?
    /// Whether ours reproduces the certified value: |v − c| ≤ ½ unit in c's `digitsCompared`-th
    /// significant digit (for standard deviations √v, by squaring), decided in ℚ; equality for
    /// degrees of freedom; for "Infinity", whether the fit has RSS = 0 as well.
    public let isReproduced: Bool
    /// NIST's LRE = −log₁₀(|ours − c|/|c|) of `fitted`, capped at `digitsCompared` (15 when exact).
    /// For an exact value that reproduces a value printed with at most 15 digits it is the cap.
    public let logRelativeError: Double

    /// The same as `isReproduced` (the name from before the 15-digit rule, kept for its callers).
    public var isCorrectlyRounded: Bool { isReproduced }

    /// The first significant digit at which `fitted` differs from the certified text, when they
    /// are laid out alike (always so for the exact fit).
    public var firstDifferingDigit: Int? { certified?.firstDifferingDigit(fitted) }

    public var description: String {
        let nist = certified?.text ?? "Infinity"
        let lre = (logRelativeError * 10).rounded() / 10
        guard let digits = digitsCompared else {
            return isReproduced
                ? "\(quantity): reproduced exactly (NIST \(nist), ours \(fitted))"
                : "\(quantity): NOT reproduced: NIST \(nist), ours \(fitted)"
        }
        let at = firstDifferingDigit.map { "they differ at significant digit \($0)" }
        if isReproduced {
            let beyond = at.map { "; \($0), beyond the \(digits) compared" } ?? ""
            return
                """
                \(quantity): reproduced to \(digits) significant digits (NIST \(nist), ours \(fitted), LRE \
                \(lre)\(beyond))
                """
        }
        return "\(quantity): NOT reproduced to \(digits) significant digits: NIST prints \(nist), ours is \(fitted)"
            + " (\(at ?? "they differ") — more than half a unit in significant digit \(digits); LRE \(lre))"
    }
}

/// A fitted value to compare: an exact rational v, or √v given v (a standard deviation), a
/// `Double`, or undefined.
enum NISTFittedValue {
    case value(Rational)
    case squareRoot(Rational)
    case double(Double)
    case undefined
}

extension NISTStRDDataset {
    /// Every certified value against an exact fit over ℚ: estimates, their standard deviations,
    /// residual SD, R², the ANOVA sums of squares, mean squares and F, and the degrees of freedom.
    /// Ours is the exact value rounded to the printed digits. Throws if the fit's parameters do
    /// not match the model's.
    public func compare(exact fit: LeastSquaresFit<Rational>) throws -> [NISTComparison] {
        let variances = try fit.estimateVariances
        return try compare(fit: fit, estimates: fit.estimate.map(NISTFittedValue.value)) { k in
            variances.map { .squareRoot($0[k]) } ?? .undefined
        } residualSD: {
            fit.unbiasedNoiseVariance.map(NISTFittedValue.squareRoot) ?? .undefined
        } rational: {
            $0.map(NISTFittedValue.value) ?? .undefined
        }
    }

    /// Every certified value against a `Double` fit (Cholesky or QR): each `Double` value (square
    /// roots taken in `Double`, as a float64 user would) compared exactly to the certified decimal,
    /// and its LRE.
    public func compare(_ fit: LeastSquaresFit<Double>) throws -> [NISTComparison] {
        func double(_ x: Double?) -> NISTFittedValue { x.map(NISTFittedValue.double) ?? .undefined }
        let errors = try fit.standardErrors
        let residualSD = try fit.residualStandardDeviation
        return try compare(fit: fit, estimates: fit.estimate.map(NISTFittedValue.double)) { k in
            double(errors?[k])
        } residualSD: {
            double(residualSD)
        } rational: {
            double($0)
        }
    }

    private func compare<S: FieldScalar>(
        fit: LeastSquaresFit<S>, estimates: [NISTFittedValue], deviation: (Int) -> NISTFittedValue,
        residualSD: () -> NISTFittedValue, rational: (S?) -> NISTFittedValue
    ) throws -> [NISTComparison] {
        guard fit.estimate.count == terms.count else {
            throw ModelInputError.shapeMismatch(
                what: "fit parameters", expected: [terms.count], actual: [fit.estimate.count])
        }
        var comparisons: [NISTComparison] = []
        func add(_ quantity: String, _ certified: CertifiedDecimal?, _ fitted: NISTFittedValue) {
            comparisons.append(Self.comparison(quantity, certified, fitted))
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
            comparisons.append(
                NISTComparison(
                    quantity: quantity, certified: try CertifiedDecimal("\(certifiedDF)"), fitted: "\(fittedDF)",
                    digitsCompared: nil, isReproduced: same,
                    logRelativeError: same ? Double(CertifiedDecimal.certifiedDigits) : 0))
        }
        return comparisons
    }

    private static func comparison(_ quantity: String, _ certified: CertifiedDecimal?, _ fitted: NISTFittedValue)
        -> NISTComparison
    {
        guard let certified else {
            // "Infinity": reproduced exactly when the fit's F is undefined too (RSS = 0).
            let undefined: Bool
            if case .undefined = fitted { undefined = true } else { undefined = false }
            return NISTComparison(
                quantity: quantity, certified: nil, fitted: undefined ? "Infinity" : "finite", digitsCompared: nil,
                isReproduced: undefined, logRelativeError: undefined ? Double(CertifiedDecimal.certifiedDigits) : 0)
        }
        let digits = certified.comparedDigits
        switch fitted {
        case .undefined:
            return NISTComparison(
                quantity: quantity, certified: certified, fitted: "undefined", digitsCompared: digits,
                isReproduced: false, logRelativeError: 0)
        case .value(let v):
            let ours = certified.rounded(v)
            return NISTComparison(
                quantity: quantity, certified: certified, fitted: ours.text, digitsCompared: digits,
                isReproduced: certified.isReproduced(by: v),
                logRelativeError: certified.logRelativeError(of: ours.value))
        case .squareRoot(let v):
            let ours = certified.roundedSquareRoot(of: v)
            return NISTComparison(
                quantity: quantity, certified: certified, fitted: ours.text, digitsCompared: digits,
                isReproduced: certified.isReproducedBySquareRoot(of: v),
                logRelativeError: certified.logRelativeError(of: ours.value))
        case .double(let x):
            guard let r = Rational(exactly: x) else {
                return NISTComparison(
                    quantity: quantity, certified: certified, fitted: "\(x)", digitsCompared: digits,
                    isReproduced: false, logRelativeError: 0)
            }
            return NISTComparison(
                quantity: quantity, certified: certified, fitted: "\(x)", digitsCompared: digits,
                isReproduced: certified.isReproduced(by: r), logRelativeError: certified.logRelativeError(of: r))
        }
    }
}
