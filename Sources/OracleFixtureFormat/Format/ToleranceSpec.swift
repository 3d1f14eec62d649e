/// How close a consumer's output must be to a case's expected values, and why.
///
/// The tolerance applies to every real in the case's `expected` map; integers, words,
/// strings and booleans are always compared exactly. An `ulps` or `relative` tolerance may
/// carry an absolute floor: a real also passes when |observed − expected| ≤ `absoluteFloor`.
/// The floor is for expected values that are 0 (or tiny), where no relative or ulp bound
/// that a float64 code can meet exists; `reason` states why the floor is achievable there.
public struct ToleranceSpec: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// Bitwise equality (for reals: the same Double, 0 ulps; NaN matches NaN).
        case exact
        /// At most `value` ulps apart (the number of Doubles between them, plus one).
        case ulps
        /// |observed − expected| ≤ value · |expected|.
        case relative
        /// |observed − expected| ≤ value.
        case absolute
    }

    public var kind: Kind
    /// The bound; 0 for `exact`.
    public var value: Double
    /// An absolute error that is accepted whatever the kind's bound says; only for `ulps` and
    /// `relative`, positive and finite when present.
    public var absoluteFloor: Double?
    /// The conditioning and error analysis that give the bound (and the floor) its size.
    public var reason: String

    public init(kind: Kind, value: Double, absoluteFloor: Double? = nil, reason: String) {
        self.kind = kind
        self.value = value
        self.absoluteFloor = absoluteFloor
        self.reason = reason
    }

    /// The kinds an absolute floor may be added to: those whose bound shrinks to nothing at 0.
    public static let floorableKinds: Set<Kind> = [.ulps, .relative]

    /// This tolerance with the absolute floor `floor` and `why` appended to its reason.
    /// - Throws: `invalidValue` unless the kind is `ulps` or `relative` and 0 < `floor` < ∞.
    public func withAbsoluteFloor(_ floor: Double, _ why: String) throws(FixtureError) -> ToleranceSpec {
        guard Self.floorableKinds.contains(kind), floor > 0, floor.isFinite else {
            throw FixtureError(
                .invalidValue, location: "ToleranceSpec",
                problem: "an absolute floor of \(floor) on a \(kind.rawValue) tolerance",
                remedy: "give a positive, finite floor to an ulps or relative tolerance only")
        }
        return ToleranceSpec(kind: kind, value: value, absoluteFloor: floor, reason: reason + "; " + why)
    }

    public static func exact(_ reason: String) -> ToleranceSpec {
        ToleranceSpec(kind: .exact, value: 0, reason: reason)
    }
    public static func ulps(_ n: Double, _ reason: String) -> ToleranceSpec {
        ToleranceSpec(kind: .ulps, value: n, reason: reason)
    }
    public static func relative(_ r: Double, _ reason: String) -> ToleranceSpec {
        ToleranceSpec(kind: .relative, value: r, reason: reason)
    }
    public static func absolute(_ a: Double, _ reason: String) -> ToleranceSpec {
        ToleranceSpec(kind: .absolute, value: a, reason: reason)
    }
}
