import OracleArithmetic

/// An input set checked against a group's declaration: every declared field present with its
/// kind, no undeclared field, and every array's shape consistent with the sizes it names.
///
/// Checking is linear in the number of input values. The typed accessors return the Doubles of
/// the inputs (a real's `hex`) or, through `rational`, a real's exact value when it has one.
public struct EvaluationInputs {
    public let values: OrderedMap<FixtureValue>
    public let group: GroupPath
    /// The sizes bound by the declared shapes, e.g. ["K": 3, "d": 2].
    public private(set) var sizes: [String: Int] = [:]

    public init(
        _ values: OrderedMap<FixtureValue>, declarations: [FieldDeclaration], group: GroupPath, sizeLimit: Int
    ) throws(EvaluationError) {
        self.values = values
        self.group = group
        let declared = Set(declarations.map(\.name))
        for key in values.keys where !declared.contains(key) {
            throw error(
                .extraInput, key, "the group declares no input \(FixtureError.quoted(key))",
                "remove it; the inputs are \(declarations.map(\.name).joined(separator: ", "))")
        }
        for declaration in declarations {
            guard let value = values[declaration.name] else {
                guard declaration.isRequired else { continue }
                throw error(
                    .missingInput, declaration.name, "the input is missing",
                    "add it: \(declaration.meaning)")
            }
            try bind(value, to: declaration, sizeLimit: sizeLimit)
        }
    }

    private func error(
        _ kind: EvaluationError.Kind, _ field: String, _ problem: String,
        _ remedy: String
    ) -> EvaluationError {
        EvaluationError(kind, group: group.description, field: field, problem: problem, remedy: remedy)
    }

    private mutating func bind(
        _ value: FixtureValue, to declaration: FieldDeclaration, sizeLimit: Int
    ) throws(EvaluationError) {
        let name = declaration.name
        let elements: [FixtureValue]
        if declaration.shape.isEmpty {
            guard !value.isArray else {
                throw error(
                    .mistypedInput, name, "an array where a scalar \(declaration.kind.rawValue) belongs",
                    "write one value")
            }
            elements = [value]
        } else {
            let declared = "[\(declaration.shape.joined(separator: ", "))]"
            guard case .array(let shape, let data) = value else {
                throw error(
                    .mistypedInput, name, "a scalar where an array of shape \(declared) belongs",
                    "write { \"shape\": […], \"data\": […] }")
            }
            guard shape.count == declaration.shape.count else {
                throw error(
                    .shapeMismatch, name,
                    "shape \(shape) has \(shape.count) axes, the declaration \(declared) has "
                        + "\(declaration.shape.count)",
                    "write the array with the declared axes")
            }
            for (axis, (size, symbol)) in zip(shape, declaration.shape).enumerated() {
                if let fixed = Int(symbol) {
                    guard size == fixed else {
                        throw error(
                            .shapeMismatch, name, "axis \(axis) has length \(size), not \(fixed)",
                            "write \(fixed) entries along that axis")
                    }
                } else if let bound = sizes[symbol] {
                    guard size == bound else {
                        throw error(
                            .shapeMismatch, name,
                            "axis \(axis) is \(symbol) = \(size), but an earlier input has \(symbol) = \(bound)",
                            "make every input agree on \(symbol)")
                    }
                } else {
                    guard size <= sizeLimit else {
                        throw error(
                            .sizeLimit, name, "\(symbol) = \(size) is over this group's limit of \(sizeLimit)",
                            "split the problem or use a smaller \(symbol)")
                    }
                    sizes[symbol] = size
                }
            }
            elements = data
        }
        for element in elements where !element.hasKind(declaration.kind) {
            throw error(
                .mistypedInput, name, "an entry is not a \(declaration.kind.rawValue)",
                "write every entry as a \(declaration.kind.rawValue) (reals as { \"double\", \"hex\", … })")
        }
    }

    // MARK: - Typed access (valid after init: the declaration guarantees kind and shape)

    /// A scalar real input's Double.
    public func real(_ name: String) -> Double { Self.double(values[name]) }

    /// A scalar real input's exact value: its `exact` rational when it has one, else its Double.
    public func rational(_ name: String) -> Rational { Self.rational(values[name]) }

    public func integer(_ name: String) -> Int {
        if case .integer(let n) = values[name] { return n }
        return 0
    }

    /// A 64-bit word input.
    public func word(_ name: String) -> UInt64 {
        if case .word(let w) = values[name] { return w }
        return 0
    }

    /// The Doubles of a real array, in row-major order.
    public func reals(_ name: String) -> [Double] {
        guard case .array(_, let data) = values[name] else { return [] }
        return data.map { Self.double($0) }
    }

    /// A real matrix input [rows, columns] as rows.
    public func matrix(_ name: String) -> [[Double]] {
        guard case .array(let shape, _) = values[name], shape.count == 2 else { return [] }
        let flat = reals(name)
        return (0..<shape[0]).map { i in Array(flat[(i * shape[1])..<((i + 1) * shape[1])]) }
    }

    /// A real input of shape [K, d, d] as K matrices.
    public func matrices(_ name: String) -> [[[Double]]] {
        guard case .array(let shape, _) = values[name], shape.count == 3 else { return [] }
        let flat = reals(name)
        let (k, r, c) = (shape[0], shape[1], shape[2])
        return (0..<k).map { m in (0..<r).map { i in Array(flat[(m * r * c + i * c)..<(m * r * c + (i + 1) * c)]) } }
    }

    /// Throws `notFinite` naming `name` unless every real of the input is finite.
    public func requireFinite(_ names: String...) throws(EvaluationError) {
        for name in names {
            let all: [Double] = values[name]?.isArray == true ? reals(name) : [real(name)]
            if let bad = all.first(where: { !$0.isFinite }) {
                throw error(.notFinite, name, "\(bad) is not a finite number", "give finite inputs")
            }
        }
    }

    /// A count input in `minimum` … `limit`, or a typed error naming it; `overLimit` is the
    /// remedy for a count over the limit (by default: give at most `limit`).
    public func count(
        _ name: String, from minimum: Int = 0, limit: Int, overLimit: String? = nil
    ) throws(EvaluationError) -> Int {
        let n = integer(name)
        guard n >= minimum else {
            throw error(.mistypedInput, name, "\(n) is below \(minimum)", "give \(minimum) or more")
        }
        guard n <= limit else {
            throw error(
                .sizeLimit, name, "\(n) is over this group's limit of \(limit)", overLimit ?? "give at most \(limit)")
        }
        return n
    }

    /// Throws `sizeLimit` naming `field` unless the size `symbol` binds is at most `limit`, a limit
    /// tighter than the group's `sizeLimit`.
    public func requireSize(_ symbol: String, atMost limit: Int, field: String) throws(EvaluationError) {
        let size = sizes[symbol] ?? 0
        guard size <= limit else {
            throw error(
                .sizeLimit, field, "\(symbol) = \(size) is over this group's limit of \(limit)",
                "use a smaller \(symbol)")
        }
    }

    static func double(_ value: FixtureValue?) -> Double {
        if case .real(let r) = value { return r.value }
        return .nan
    }

    static func rational(_ value: FixtureValue?) -> Rational {
        guard case .real(let r) = value else { return .zero }
        if let exact = r.exact, let q = try? Rational(decimal: exact) { return q }
        return Rational(exactly: r.value) ?? .zero
    }
}

extension FixtureValue {
    var isArray: Bool {
        if case .array = self { return true }
        return false
    }

    func hasKind(_ kind: FieldDeclaration.Kind) -> Bool {
        switch (self, kind) {
        case (.real, .real), (.integer, .integer), (.word, .word), (.string, .string), (.bool, .bool): return true
        default: return false
        }
    }
}
