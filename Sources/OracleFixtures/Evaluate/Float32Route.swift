/// How a group's evaluator answers for float32 consumers (PyTorch's and JAX's default precision):
/// the `toleranceFloat32` that `fixtureCase` attaches to each case.
public enum Float32Route: Sendable {
    /// The group gives no float32 tolerance: a float32 results file reports its cases as not checked.
    case none
    /// Float32 cannot be checked on this case, for `reason` (the group's outputs are specified in
    /// binary64 only, or its decisions flip when made in float32).
    case float64Only(reason: String)
    /// A tolerance that needs no measurement (integers, or one correct rounding to float32).
    case fixed(ToleranceSpec)
    /// The group's own derivation run in `Float` on the inputs rounded to `Float`: its outputs, by
    /// output name, with `route` naming the code that computed them. The tolerance is measured from
    /// them (`Float32Measurement`). A route that throws a model error is a float64-only case.
    case measured(outputs: OrderedMap<[Float]>, route: String)
}

/// What the float32 repetition of a computation that binary64 refuses did with the inputs.
public enum Float32RefusalOutcome: Sendable, CustomStringConvertible {
    case accepted
    /// Refused, with this kind (or the error itself, where it names no kind).
    case refused(String)

    public var description: String {
        switch self {
        case .accepted: "accepts them"
        case .refused(let kind): "refuses them with \(kind)"
        }
    }
}

extension Float32Route {
    /// The route of a case that binary64 refuses with `kind`: `body` repeats the refusing
    /// computation in float32 on the inputs rounded to float32. Exact, for the reason `agreeing`,
    /// when it refuses with `kind` too (the kind `kindOf` names); float64-only otherwise, for the
    /// reason `disagreeing` gives of what it did.
    public static func refusal(
        _ kind: String, kindOf: (any Error) -> String?, agreeing: String,
        disagreeing: (Float32RefusalOutcome) -> String, _ body: () throws -> Void
    ) -> Float32Route {
        do {
            try body()
        } catch {
            let refusal = kindOf(error)
            if refusal == kind { return .fixed(.exact(agreeing)) }
            return .float64Only(reason: disagreeing(.refused(refusal ?? "\(error)")))
        }
        return .float64Only(reason: disagreeing(.accepted))
    }

    /// The float64-only reason of a validation repeated in float32 that does not refuse with `kind`.
    public static func notRefusedAlike(_ kind: String) -> (Float32RefusalOutcome) -> String {
        { outcome in
            switch outcome {
            case .accepted: "in float32 the inputs rounded to float32 are accepted, not refused as \(kind)"
            case .refused(let other): "in float32 the input is refused as \(other)"
            }
        }
    }
}

extension GroupEvaluator {
    /// No float32 tolerance unless the group adopts one by implementing `float32Route`.
    public func float32Route(_ inputs: OrderedMap<FixtureValue>) throws -> Float32Route { .none }

    /// The kind of this group's binary64 refusal of `inputs`, or nil when it gives values.
    public func binary64Refusal(_ inputs: OrderedMap<FixtureValue>) throws -> String? {
        if case .error(let kind) = try evaluate(inputs).expected { return kind }
        return nil
    }

    /// The case's `toleranceFloat32` for `inputs`, whose float64 answer is `evaluation`: nil when
    /// the group gives none; for a refusal, the refusal itself (float32 inputs are refused alike).
    public func float32Tolerance(
        _ inputs: OrderedMap<FixtureValue>,
        evaluation: Evaluation
    ) throws -> Float32Tolerance? {
        let route: Float32Route
        do {
            route = try float32Route(inputs)
        } catch let error as EvaluationError {
            throw error
        } catch {
            if case .error = evaluation.expected {
                route = .fixed(evaluation.tolerance)
            } else {
                return .float64Only(
                    reason: """
                        the same derivation run in float32 on the inputs rounded to float32 fails (\(error)), so \
                        float32 cannot evaluate this case
                        """)
            }
        }
        switch route {
        case .none: return nil
        case .float64Only(let reason): return .float64Only(reason: reason)
        case .fixed(let spec): return .tolerance(spec)
        case .measured(let outputs, let name):
            guard case .values(let expected) = evaluation.expected else {
                return .tolerance(.exact("the input must be refused at float32 too; there is no output to compare"))
            }
            return Float32Measurement(inputs: inputs, expected: expected, route: outputs).tolerance(route: name)
        }
    }
}

/// The float32 error of a derivation's own float32 run, and the tolerance it gives.
///
/// Rule: a case is float64-only when an input or an expected output is outside float32's normal
/// range (beyond ±3.4e38, or non-zero below 1.2e-38), when the float32 run gives a non-finite
/// value where the answer is finite, or when it misses by more than `float64OnlyUlps` float32 ulps
/// (fewer than ~10 correct bits: the answer is too ill-conditioned for float32). Otherwise the
/// tolerance is `margin` times the worst measured error in float32 ulps, at least `floorUlps`.
public struct Float32Measurement: Sendable {
    /// The factor between the measured error and the tolerance: the measured run is one float32
    /// formulation; another order of summation or another libm may err by several times as much.
    public static let margin: Double = 8
    /// The least tolerance: a float32 code whose last few roundings fall differently.
    public static let floorUlps: Double = 16
    /// Beyond this many float32 ulps (relative ≈ 2⁻¹¹) the float32 answer is not worth checking.
    public static let float64OnlyUlps: Double = 4096

    public let inputs: OrderedMap<FixtureValue>
    public let expected: OrderedMap<FixtureValue>
    public let route: OrderedMap<[Float]>

    public init(inputs: OrderedMap<FixtureValue>, expected: OrderedMap<FixtureValue>, route: OrderedMap<[Float]>) {
        self.inputs = inputs
        self.expected = expected
        self.route = route
    }

    /// The number of Floats between `a` and `b` plus one when they differ (0 for ±0, equal
    /// infinities); infinite when one is NaN or infinite and the other is not equal to it.
    public static func ulps(_ a: Float, _ b: Float) -> Double {
        if a == b { return 0 }
        guard a.isFinite, b.isFinite else { return .infinity }
        func ordinal(_ x: Float) -> Int64 {
            let bits = Int64(Int32(bitPattern: x.bitPattern))
            return bits < 0 ? Int64(Int32.min) - bits : bits
        }
        return Double((ordinal(a) - ordinal(b)).magnitude)
    }

    /// Why float32 cannot represent `value` (an input or an answer named `name`), or nil.
    static func unrepresentable(_ name: String, _ value: Double, what: String) -> String? {
        guard value.isFinite else { return nil }
        if value.magnitude > Double(Float.greatestFiniteMagnitude) {
            return "the \(what) \(name) = \(value) is beyond float32's range (±3.4e38)"
        }
        if value != 0, value.magnitude < Double(Float.leastNormalMagnitude) {
            return "the \(what) \(name) = \(value) is below float32's normal range (1.2e-38)"
        }
        return nil
    }

    /// The worst error of the float32 run, in float32 ulps of the expected value, and where.
    public var worst: (ulps: Double, output: String) {
        var worst = (ulps: 0.0, output: "")
        for entry in expected.entries {
            guard let values = route[entry.key] else { continue }
            for (observed, real) in zip(values, entry.value.reals) {
                let error = Self.ulps(observed, Float(real.value))
                if error > worst.ulps { worst = (error, entry.key) }
            }
        }
        return worst
    }

    /// The float32 tolerance, or why the case is float64-only.
    public func tolerance(route name: String) -> Float32Tolerance {
        for entry in inputs.entries {
            for real in entry.value.reals {
                if let reason = Self.unrepresentable(entry.key, real.value, what: "input") {
                    return .float64Only(reason: reason)
                }
            }
        }
        for entry in expected.entries {
            for real in entry.value.reals {
                if let reason = Self.unrepresentable(entry.key, real.value, what: "answer") {
                    return .float64Only(reason: reason)
                }
            }
            if route[entry.key] == nil {
                return .float64Only(reason: "the float32 run (\(name)) gives no \(entry.key)")
            }
        }
        let (error, output) = worst
        if !error.isFinite {
            return .float64Only(
                reason: """
                    \(name) in float32 on the inputs rounded to float32 gives a non-finite \(output) where the \
                    answer is finite
                    """)
        }
        if error > Self.float64OnlyUlps {
            return .float64Only(
                reason: """
                    \(name) in float32 on the inputs rounded to float32 misses \(output) by \(Int(error)) float32 ulps \
                    (more than \(Int(Self.float64OnlyUlps))): the answer is too ill-conditioned for float32
                    """)
        }
        let bound = max(Self.margin * error, Self.floorUlps)
        let measured = error == 0 ? "matches every output" : "misses \(output) by \(Int(error)) float32 ulps"
        return .tolerance(
            .ulps(
                bound,
                """
                \(name) run in float32 on the inputs rounded to float32 \(measured) (the worst output); \
                tolerance \(Int(Self.margin)) × that, at least \(Int(Self.floorUlps)) float32 ulps, for another \
                float32 order of operations or libm
                """))
    }
}
