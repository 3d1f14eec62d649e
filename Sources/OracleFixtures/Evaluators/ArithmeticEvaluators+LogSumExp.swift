import Foundation
import OracleArithmetic

extension ArithmeticEvaluators {
    /// The correctly rounded Double of ln Σᵢ e^(xᵢ) for exact Doubles xᵢ (AR-8).
    ///
    /// With m = maxᵢ xᵢ, v = m + ln(1 + T), T = Σ_{i ≠ i*} e^(xᵢ − m) ∈ [0, K − 1]. At working precision
    /// w (ε = 2⁻ʷ) the terms with xᵢ − m < −w are dropped (together < K·e^(−w) < K·ε), the others cost
    /// a relative (|dᵢ| + 2)·ε each (the rounded difference dᵢ and exp's ½ + 2⁻¹² ulp), the sum K·ε
    /// more, log1p (½ + 2⁻¹²) ulp and the final addition ½ ulp, so
    /// |ŷ − v| ≤ ε·(2w + 3K + 8 + 2 ln K + 1.01|ŷ|). The value is handed to Ziv's loop
    /// (`BigFloat.correctlyRoundedDouble`) only once that bound is below half an ulpₚ(ŷ); otherwise w
    /// doubles; ŷ = 0 is accepted once the bound is below 2⁻¹⁰⁸⁰, since then v rounds to 0. For K ≥ 2,
    /// v is never a Double or a midpoint (Lindemann–Weierstrass: distinct rational exponents make e^v =
    /// Σ cⱼ e^(xⱼ) impossible), so both loops end; K = 1 is v = x₁, exact.
    ///
    /// Throws `CorrectRoundingError.undecided` only past 2¹⁶ bits.
    static func correctlyRoundedLogSumExp(_ x: [Double]) throws -> Double {
        guard let m = x.max() else { return -.infinity }
        if x.count == 1 { return m }
        let k = Double(x.count)
        let top = x.firstIndex(of: m) ?? 0
        let maximumPrecision = 1 << 16
        return try BigFloat.correctlyRoundedDouble(errorBoundUlps: 1, maximumPrecision: maximumPrecision) { p in
            var w = p + 32
            while true {
                let y = BigFloat.withPrecision(w) { () -> BigFloat in
                    let bigM = BigFloat(m)
                    var t = BigFloat(0)
                    for (i, xi) in x.enumerated() where i != top {
                        let d = BigFloat(xi) - bigM
                        if d < BigFloat(-w) { continue }
                        t = t + BigFloat.exp(d)
                    }
                    // T ≥ 0 > −1, so log1p cannot refuse it.
                    return bigM + ((try? BigFloat.log1p(t)) ?? BigFloat(0))
                }
                let approx = Swift.abs(y.doubleValue)
                let size = 2 * Double(w) + 3 * k + 8 + 2 * Foundation.log(k) + 1.01 * Swift.min(approx, 0x1p1000)
                let errorLog2 = Foundation.log2(size) - Double(w)
                if !y.mantissa.isZero && errorLog2 <= Double(y.topBit - p - 1) { return y }
                // ŷ = 0 with |v| < 2⁻¹⁰⁸⁰: v rounds to zero (Ziv's loop returns 0 for ŷ = 0).
                if y.mantissa.isZero && errorLog2 < -1080 { return y }
                guard w < maximumPrecision else {
                    throw CorrectRoundingError.undecided(maximumPrecision: w, approximation: "\(y)")
                }
                w *= 2
            }
        }
    }
}

/// `arithmetic/stable-log-exp/logsumexp`: ln Σᵢ e^(xᵢ) of K exact Doubles, correctly rounded (AR-8).
public struct LogSumExpEvaluator: GroupEvaluator {
    public let path = GroupPath(ArithmeticEvaluators.family, "stable-log-exp", "logsumexp")
    public let summary = "ln Σ e^(xᵢ) correctly rounded, for arguments far beyond exp's range"
    public let inputs = [FieldDeclaration("x", .real, shape: ["K"], "K ≥ 1 exact Doubles, any magnitude")]
    public let outputs = [
        FieldDeclaration(
            "y", .real,
            "ln Σᵢ e^(xᵢ), correctly rounded (x₁ exactly when K = 1)")
    ]
    /// K = 1000 terms of up to 2w bits certify in well under a second.
    public var sizeLimit: Int { 1000 }

    public init() {}

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "x")
        let x = read.reals("x")
        guard !x.isEmpty else {
            throw EvaluationError(
                .shapeMismatch, group: path.description, field: "x",
                problem: "K = 0: the sum of no exponentials is 0 and its log is −∞",
                remedy: "give at least one argument")
        }
        let y: Double
        do {
            y = try ArithmeticEvaluators.correctlyRoundedLogSumExp(x)
        } catch {
            throw .defect(
                group: path.description, field: "x", "the correctly rounded log-sum-exp failed: \(error)",
                reportWith: "x")
        }
        if x.count == 1 {
            return Evaluation(
                expected: .values(["y": ArithmeticEvaluators.rounded(y, isExact: true)]),
                tolerance: .exact("ln e^(x₁) = x₁; the max-shifted route returns x₁ + ln 1 = x₁ exactly"))
        }
        return Evaluation(
            expected: .values(["y": ArithmeticEvaluators.rounded(y, isExact: false)]),
            tolerance: Self.tolerance(k: x.count, y: y))
    }

    /// The max-shifted float64 route m + ln Σ e^(xᵢ − m) (scipy.special.logsumexp) errs by at most
    /// (2K + 2)u in the logarithm of a sum in [1, K], plus ½ ulp of the result: that is ≤ 2K + 3 ulps
    /// when |y| ≥ 1 (ulp(y) > u|y|) and ≤ (2K + 3)u absolutely below.
    static func tolerance(k: Int, y: Double) -> ToleranceSpec {
        let n = Double(2 * k + 3)
        if Swift.abs(y) >= 1 {
            return .ulps(
                n,
                """
                the max-shifted route m + ln Σ e^(xᵢ − m) (scipy.special.logsumexp) errs by ≤ (2K + 2)u in the \
                log of a sum in [1, K] plus ½ ulp of y: ≤ 2K + 3 = \(Int(n)) ulps for |y| ≥ 1
                """)
        }
        return .absolute(
            n * 0x1p-53,
            """
            the max-shifted route m + ln Σ e^(xᵢ − m) (scipy.special.logsumexp) errs by ≤ (2K + 2)u in the \
            log of a sum in [1, K] plus ½ ulp of y: ≤ (2K + 3)u = \(Int(n))·2⁻⁵³ absolutely for |y| < 1
            """)
    }
}

/// `arithmetic/stable-log-exp/{softplus, log-sigmoid}`: softplus(x) = ln(1 + eˣ) and
/// log-sigmoid(x) = −ln(1 + e⁻ˣ), correctly rounded as ln(e⁰ + eˣ) and −ln(e⁰ + e⁻ˣ) (AR-8).
public struct SoftplusEvaluator: GroupEvaluator {
    public enum Form: String, Sendable, CaseIterable {
        case softplus
        case logSigmoid = "log-sigmoid"
    }

    public let form: Form
    public let path: GroupPath

    public init(_ form: Form) {
        self.form = form
        path = GroupPath(ArithmeticEvaluators.family, "stable-log-exp", form.rawValue)
    }

    public var summary: String {
        form == .softplus
            ? "softplus ln(1 + eˣ) correctly rounded at any x"
            : "log-sigmoid −ln(1 + e⁻ˣ) = ln σ(x) correctly rounded at any x"
    }

    public let inputs = [FieldDeclaration("x", .real, "the argument, an exact Double")]

    public var outputs: [FieldDeclaration] {
        [
            FieldDeclaration(
                "y", .real,
                form == .softplus
                    ? "ln(1 + eˣ), correctly rounded (≈ eˣ for x ≪ 0, ≈ x for x ≫ 0)"
                    : "ln σ(x) = −ln(1 + e⁻ˣ), correctly rounded (≈ x for x ≪ 0, ≈ −e⁻ˣ for x ≫ 0)")
        ]
    }

    static let tolerance = ToleranceSpec.ulps(
        5,
        """
        the stable float64 route max(x, 0) + log1p(e^(−|x|)) (np.logaddexp, scipy.special.log_expit) \
        with faithful exp and log1p: relative error < 2u from exp and < 2u from log1p on the log1p term, \
        and ½ ulp for the addition, < 4.5 ulps in all
        """)

    public func evaluate(_ inputs: OrderedMap<FixtureValue>) throws(EvaluationError) -> Evaluation {
        let read = try self.read(inputs, finite: "x")
        let x = read.real("x")
        let y: Double
        do {
            y =
                form == .softplus
                ? try ArithmeticEvaluators.correctlyRoundedLogSumExp([0, x])
                : -(try ArithmeticEvaluators.correctlyRoundedLogSumExp([0, -x]))
        } catch {
            throw .defect(
                group: path.description, field: "x", "the correctly rounded \(form.rawValue) failed: \(error)",
                reportWith: "x")
        }
        var tolerance = Self.tolerance
        if y == 0 {
            // |y| < 2⁻¹⁰⁷⁵ underflows: a faithful exp or log1p may return 0 or the least subnormal.
            tolerance = ToleranceSpec(
                kind: tolerance.kind, value: tolerance.value, absoluteFloor: 0x1p-1074,
                reason: tolerance.reason
                    + "; an absolute floor of 2⁻¹⁰⁷⁴ (the least subnormal): "
                    + "the true value is below half of it, so the correctly rounded 0 and a "
                    + "faithful route's ±2⁻¹⁰⁷⁴ both pass, and any larger value fails")
        }
        return Evaluation(
            expected: .values(["y": ArithmeticEvaluators.rounded(y, isExact: false)]),
            tolerance: tolerance)
    }
}
