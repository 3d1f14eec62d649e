/// Which outputs each bug-class flag corrupts, family by family: the data behind a fixture
/// file's `flagOutputs`, so that `verify` names under a failing output only the flags whose bug
/// can explain it.
///
/// Each family's table is a measurement, not a guess: for every flag, the NumPy reference
/// consumer (`scripts/consumer/`) was run with that flag's mutant (`LATENT_ORACLE_MUTANT=<flag>`)
/// and `verify` listed the outputs that failed on the cases carrying the flag. `"error"` stands
/// for a refusal: the flag's bug makes the implementation accept an input it must refuse (or
/// refuse the wrong way). `scripts/flag-effects [--family F]` repeats the measurement and rewrites
/// the tables (`FlagEffects+<Family>.swift`, registered in `FlagEffects+Tables.swift`); then
/// `latent-oracle export` writes them into the fixture files' `flagOutputs`.
public enum FlagEffects {

    /// The name under which a refusal appears in a flag's outputs.
    public static let refusal = "error"

    /// For each flag in `notes` order that the family's table lists, its outputs that some case
    /// carrying the flag has (an expected output name), and `"error"` when listed.
    static func outputs(family: String, notes: [String], cases: [FixtureCase]) -> OrderedMap<[String]> {
        var map = OrderedMap<[String]>()
        guard let table = tables[family] else { return map }
        for flag in notes {
            guard let declared = table[flag] else { continue }
            // Any case can be refused (or wrongly accepted), so "error" is always an output.
            var present: Set<String> = [refusal]
            for fixtureCase in cases where fixtureCase.flags.contains(flag) {
                if case .values(let expected) = fixtureCase.expected { present.formUnion(expected.keys) }
            }
            let kept = declared.filter(present.contains)
            if !kept.isEmpty { map[flag] = kept }
        }
        return map
    }
}
