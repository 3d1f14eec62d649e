/// One curated input set of a fixture file: its name, comment, flags and inputs. The expected
/// outputs are not written here; the group's evaluator computes them.
public struct CatalogueEntry: Sendable {
    public var name: String
    public var comment: String
    public var flags: [String]
    public var inputs: OrderedMap<FixtureValue>
    /// For a refusal case: the error kind the evaluator must answer with. Exporting checks it,
    /// so a catalogue cannot claim a refusal that the code does not make.
    public var refusal: String?

    public init(
        _ name: String, comment: String, flags: [String] = [], inputs: OrderedMap<FixtureValue>,
        refusal: String? = nil
    ) {
        self.name = name
        self.comment = comment
        self.flags = flags
        self.inputs = inputs
        self.refusal = refusal
    }
}

/// A catalogue entry's evaluation disagrees with what the catalogue says of it.
public struct CatalogueInconsistency: Error, CustomStringConvertible {
    public let caseID: String
    public let problem: String
    public var description: String { "\(caseID): \(problem)" }
}

extension GroupEvaluator {
    /// The fixture case of `entry`: its inputs run through this evaluator.
    public func fixtureCase(_ entry: CatalogueEntry) throws -> FixtureCase {
        let id = path.caseID(entry.name)
        let evaluation = try evaluate(entry.inputs)
        switch (evaluation.expected, entry.refusal) {
        case (.error(let kind), let claimed?) where kind != claimed:
            throw CatalogueInconsistency(caseID: id, problem: "refused with \(kind), but the catalogue says \(claimed)")
        case (.error(let kind), nil):
            throw CatalogueInconsistency(caseID: id, problem: "refused with \(kind), but the catalogue expects values")
        case (.values, let claimed?):
            throw CatalogueInconsistency(
                caseID: id,
                problem: "accepted, but the catalogue expects a \(claimed) refusal")
        default:
            break
        }
        return FixtureCase(
            id: id, comment: entry.comment, flags: entry.flags, inputs: entry.inputs,
            expected: evaluation.expected, tolerance: evaluation.tolerance,
            toleranceFloat32: try float32Tolerance(entry.inputs, evaluation: evaluation))
    }

    /// The test group of `entries`, each run through this evaluator.
    public func testGroup(description: String, _ entries: [CatalogueEntry]) throws -> TestGroup {
        TestGroup(id: path.group, description: description, cases: try entries.map(fixtureCase))
    }
}
