import OracleArithmetic

/// The building blocks every family exporter shares: case ids, the notes of the flags a file
/// carries, the fixture file itself, and refusal cases that are checked against the group's
/// evaluator while the file is built. (Exact rational values are `FixtureValue.rational`.)
protocol FamilyExporterKit: FixtureFamilyExporter {
    /// Every flag of the family with its note: what the bug is and what it does to the outputs.
    static var allNotes: OrderedMap<String> { get }
}

/// An exporter met inputs or values that contradict what its catalogue says of them; export
/// stops rather than write a file that claims it.
struct FixtureExportInconsistency: Error, CustomStringConvertible {
    let reason: String
    var description: String { "fixture export inconsistency: \(reason)" }
}

extension FamilyExporterKit {
    /// The notes of `flags`, in the order given.
    static func notes(for flags: [String]) -> OrderedMap<String> {
        var selected = OrderedMap<String>()
        for flag in flags { selected[flag] = allNotes[flag] }
        return selected
    }

    /// The notes of the flags some case of `groups` carries, in the order of `allNotes`.
    static func notes(usedIn groups: [TestGroup]) -> OrderedMap<String> {
        let used = Set(groups.flatMap { $0.cases.flatMap(\.flags) })
        var selected = OrderedMap<String>()
        for flag in allNotes.keys where used.contains(flag) { selected[flag] = allNotes[flag] }
        return selected
    }

    /// The fixture file `Fixtures/<family>/<variant>.json`.
    func file(
        _ variant: String, description: String, proof: String, steps: [String],
        conventions: OrderedMap<String>, notes: OrderedMap<String>, groups: [TestGroup]
    ) -> FixtureFile {
        FixtureFile(
            family: family, variant: variant, description: description,
            proof: ProofReference(file: proof, steps: steps), conventions: conventions, notes: notes,
            testGroups: groups)
    }

    /// A case whose inputs must be refused with the error kind `kind`. The inputs are run through
    /// `evaluator` now: export fails unless it refuses them with exactly `kind`, so a catalogue
    /// cannot claim a refusal the code does not make (the group's `testGroup` checks it again).
    static func refusedCase(
        _ evaluator: some GroupEvaluator, _ name: String, comment: String, flags: [String] = [],
        inputs: OrderedMap<FixtureValue>, kind: String
    ) throws -> CatalogueEntry {
        let id = evaluator.path.caseID(name)
        let answer: Expectation
        do {
            answer = try evaluator.evaluate(inputs).expected
        } catch {
            throw FixtureExportInconsistency(
                reason: "\(id): the inputs do not fit the group (\(error)), so they are no \(kind) refusal")
        }
        guard case .error(let answered) = answer else {
            throw FixtureExportInconsistency(reason: "\(id): accepted, but the catalogue expects a \(kind) refusal")
        }
        guard answered == kind else {
            throw FixtureExportInconsistency(reason: "\(id): refused with \(answered), but the catalogue says \(kind)")
        }
        return CatalogueEntry(name, comment: comment, flags: flags, inputs: inputs, refusal: kind)
    }
}
