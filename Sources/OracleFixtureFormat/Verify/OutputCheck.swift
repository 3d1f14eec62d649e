import OracleArithmetic

/// Compares one output of a case, element by element, and keeps its worst element.
///
/// The worst element is the failing real with the largest distance in the tolerance's measure
/// (the first of equals); when no real fails, the first element of another type that does.
struct OutputCheck {
    let name: String
    let tolerance: PrecisionTolerance
    /// The output's array shape; nil for a scalar.
    var shape: [Int]?
    /// The worst distance over the reals judged by the kind's bound (those that passed by the
    /// absolute floor alone are counted apart).
    var worst: Double?
    /// How many reals were outside the kind's bound but within the absolute floor.
    var flooredCount = 0
    /// The worst absolute distance among those reals.
    var worstFloored = 0.0
    /// How many elements failed, and how many were compared.
    var failures = 0
    var elements = 0
    /// The failing real with the largest distance: flat index, observed, expected, distance.
    var worstFailure: (index: Int, observed: Double, expected: RealNumber, distance: Double)?
    /// The first failure that is not a real outside its bound (a wrong shape or type, a wrong
    /// integer, word, string or boolean).
    var otherFailure: String?
    /// The first failure's flat index when it is `otherFailure`.
    var otherIndex: Int?

    init(name: String, tolerance: PrecisionTolerance) {
        self.name = name
        self.tolerance = tolerance
    }

    var failed: Bool { failures > 0 }

    /// The row-major flat `index` as an index in the output's shape (empty for a scalar).
    func multiIndex(_ index: Int) -> [Int] {
        guard let shape, !shape.isEmpty else { return [] }
        var rest = index, digits: [Int] = []
        for extent in shape.reversed() {
            digits.append(extent > 0 ? rest % extent : 0)
            rest = extent > 0 ? rest / extent : 0
        }
        return digits.reversed()
    }

    /// `name`, or `name[i, j]` for an element of an array output.
    func elementName(_ index: Int) -> String {
        let digits = multiIndex(index)
        return digits.isEmpty ? name : "\(name)[\(digits.map(String.init).joined(separator: ", "))]"
    }

    /// The worst element's index in the output's shape (empty for a scalar); nil when it passed.
    var worstIndex: [Int]? { failed ? multiIndex(worstFailure?.index ?? otherIndex ?? 0) : nil }

    mutating func compare(_ observed: ResultsFile.Value, _ expected: FixtureValue) {
        switch expected {
        case .array(let shape, let data):
            self.shape = shape
            guard let flat = Self.flatten(observed, shape: shape) else {
                fail("\(name) should have shape \(shape), got \(observed.shortDescription)", index: 0)
                return
            }
            for (i, (o, e)) in zip(flat, data).enumerated() { compareElement(o, e, index: i) }
        default:
            compareElement(observed, expected, index: 0)
        }
    }

    private mutating func fail(_ message: String, index: Int) {
        failures += 1
        if otherFailure == nil {
            otherFailure = message
            otherIndex = index
        }
    }

    private mutating func compareElement(_ observed: ResultsFile.Value, _ expected: FixtureValue, index: Int) {
        elements += 1
        let label = elementName(index)
        switch expected {
        case .real(let r):
            guard let x = observed.doubleValue else {
                fail("\(label) should be a real, got \(observed.shortDescription)", index: index)
                return
            }
            if !tolerance.withinBound(x, r.value) && tolerance.withinFloor(x, r.value) {
                flooredCount += 1
                worstFloored = max(worstFloored, FloatingPointDistance.absolute(x, r.value))
                return
            }
            let d = tolerance.distance(x, r.value)
            worst = max(worst ?? 0, d)
            if !tolerance.accepts(x, r.value) {
                failures += 1
                if worstFailure == nil || d > worstFailure!.distance {
                    worstFailure = (index, x, r, d)
                }
            }
        case .integer(let n):
            if observed.integerValue != n {
                fail("\(label) = \(observed.shortDescription), expected the integer \(n)", index: index)
            }
        case .word(let w):
            if observed.wordValue != w {
                fail(
                    "\(label) = \(observed.shortDescription), expected the word \(FixtureValue.wordSpelling(w))",
                    index: index)
            }
        case .string(let s):
            if observed != .string(s) {
                fail("\(label) = \(observed.shortDescription), expected \(FixtureError.quoted(s))", index: index)
            }
        case .bool(let b):
            if observed != .bool(b) { fail("\(label) = \(observed.shortDescription), expected \(b)", index: index) }
        case .array:
            fail("\(label) is nested in an array", index: index)
        }
    }

    /// What is wrong with the output: its worst failing real with that element's error against
    /// the tolerance, or its first failure of another kind; with how many elements failed.
    var failureDetail: String? {
        guard failed else { return nil }
        var text: String
        if let w = worstFailure {
            let spec = tolerance.spec
            let observed = "\(RealNumber(w.observed).decimalSpelling) (\(HexFloat.format(w.observed)))"
            let wanted = "\(w.expected.decimalSpelling) (\(HexFloat.format(w.expected.value)))"
            let worstWord = elements > 1 ? "worst " : ""
            if w.observed == w.expected.value, w.observed == 0, spec.kind == .exact {
                // ±0 are 0 ulps apart; an exact case compares bit patterns, so the sign is the miss.
                let signs = w.observed.sign == .minus ? ("−0", "+0") : ("+0", "−0")
                text =
                    "\(worstWord)\(elementName(w.index)) = \(signs.0) where \(signs.1) is expected:"
                    + " the sign of zero differs, and an exact case compares it"
            } else {
                let absolute =
                    spec.absoluteFloor == nil
                    ? ""
                    : " (absolute \(Verifier.format(FloatingPointDistance.absolute(w.observed, w.expected.value))))"
                text =
                    """
                    \(worstWord)\(elementName(w.index)) = \(observed), expected \(wanted): \
                    \(Verifier.format(w.distance)) \(tolerance.measureName)\(absolute), allowed \(spec.boundDescription)
                    """
            }
        } else {
            text = otherFailure ?? "\(name) differs"
        }
        if elements > 1 { text += " (\(failures) of \(elements) elements fail)" }
        return text
    }

    /// The row-major elements of a nested list of the given shape, or of a flat list of
    /// ∏shape elements; nil for any other shape.
    static func flatten(_ value: ResultsFile.Value, shape: [Int]) -> [ResultsFile.Value]? {
        let count = shape.reduce(1, *)
        if case .list(let elements) = value, elements.count == count, count > 0 || shape.count == 1,
            elements.allSatisfy({ if case .list = $0 { return false } else { return true } })
        {
            return elements
        }
        return nested(value, shape: shape[...])
    }

    private static func nested(_ value: ResultsFile.Value, shape: ArraySlice<Int>) -> [ResultsFile.Value]? {
        guard let extent = shape.first else {
            if case .list = value { return nil }
            return [value]
        }
        guard case .list(let elements) = value, elements.count == extent else { return nil }
        var out: [ResultsFile.Value] = []
        for element in elements {
            guard let inner = nested(element, shape: shape.dropFirst()) else { return nil }
            out += inner
        }
        return out
    }
}
