/// How an expected `Double` relates to the true value it stands for.
public enum Accuracy: Sendable, Equatable, CustomStringConvertible {
    /// The Double is the true value.
    case exact
    /// The Double is the true value rounded to nearest, ties to even.
    case correctlyRounded
    /// |Double − true value| ≤ the bound.
    case bound(Double)

    /// The spelling in a fixture file: `exact`, `correctly-rounded`, `bound:<x>` (x in
    /// `Double.description` form).
    public var description: String {
        switch self {
        case .exact: return "exact"
        case .correctlyRounded: return "correctly-rounded"
        case .bound(let x): return "bound:\(x)"
        }
    }

    /// Reads the spelling above; nil for anything else (including a negative or non-finite bound).
    public init?(spelling: String) {
        switch spelling {
        case "exact": self = .exact
        case "correctly-rounded": self = .correctlyRounded
        default:
            guard spelling.hasPrefix("bound:"), let x = Double(spelling.dropFirst(6)),
                x.isFinite, x >= 0, "bound:\(x)" == spelling
            else { return nil }
            self = .bound(x)
        }
    }
}

/// A real number in a fixture: a `Double`, optionally the exact rational it stands for, and
/// the accuracy claim that links the two.
///
/// Written as `{ "double", "hex", "exact"?, "accuracy" }`; non-finite values as
/// `{ "double": "NaN", "hex": "NaN" }` (no accuracy: they are always `exact`).
/// Equality compares bit patterns, so NaN equals NaN and 0 differs from −0.
public struct RealNumber: Sendable, Equatable {
    public var value: Double
    /// The true value as a reduced rational `p/q` or an integer `p`, when it is known exactly.
    public var exact: String?
    public var accuracy: Accuracy

    public init(_ value: Double, exact: String? = nil, accuracy: Accuracy = .exact) {
        self.value = value.isNaN ? .nan : value  // one NaN: the format has one spelling for it
        self.exact = exact
        self.accuracy = value.isFinite ? accuracy : .exact
    }

    public static func == (a: RealNumber, b: RealNumber) -> Bool {
        a.value.bitPattern == b.value.bitPattern && a.exact == b.exact && a.accuracy == b.accuracy
    }

    /// The shortest round-trip decimal: Swift's `Double.description` (`0.1`, `1e-05`, `1.0`),
    /// or `NaN` / `Infinity` / `-Infinity`.
    public var decimalSpelling: String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return value.description
    }
}

/// One value in a fixture's `parameters`, `inputs` or `expected` map.
public indirect enum FixtureValue: Sendable, Equatable {
    case real(RealNumber)
    /// Row-major; `data.count` is the product of `shape`.
    case array(shape: [Int], data: [FixtureValue])
    /// A count, size or index, |n| ≤ 2⁵³.
    case integer(Int)
    /// A 64-bit word, written `"0x"` + 16 lower-case hex digits.
    case word(UInt64)
    case string(String)
    case bool(Bool)

    /// A real that is exactly its Double (the usual case for inputs).
    public static func exactReal(_ x: Double) -> FixtureValue { .real(RealNumber(x)) }

    /// A one-dimensional array.
    public static func vector(_ values: [FixtureValue]) -> FixtureValue { .array(shape: [values.count], data: values) }

    /// The largest integer magnitude the format allows (every such integer is a Double).
    public static let maximumInteger = 1 << 53

    /// The canonical spelling of a 64-bit word.
    public static func wordSpelling(_ w: UInt64) -> String {
        let digits = String(w, radix: 16)
        return "0x" + String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The word spelled `s` (exactly `0x` + 16 lower-case hex digits), or nil.
    public static func parseWord(_ s: String) -> UInt64? {
        guard s.utf8.count == 18, s.hasPrefix("0x"),
            s.dropFirst(2).allSatisfy({ "0123456789abcdef".contains($0) })
        else { return nil }
        return UInt64(s.dropFirst(2), radix: 16)
    }

    /// Every real in this value, in row-major order (empty for non-real values).
    public var reals: [RealNumber] {
        switch self {
        case .real(let r): return [r]
        case .array(_, let data): return data.flatMap(\.reals)
        default: return []
        }
    }
}

/// What a case expects: output values, or that the consumer refuses the input.
public enum Expectation: Sendable, Equatable {
    case values(OrderedMap<FixtureValue>)
    /// The consumer must refuse the input with an error of this kind (e.g. `singular-matrix`).
    case error(kind: String)
}
