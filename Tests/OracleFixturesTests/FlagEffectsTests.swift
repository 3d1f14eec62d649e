import Testing
@testable import OracleFixtures
@testable import OracleFixtureFormat

/// Every flag's measured outputs are in its fixture file, so `verify` names under a failing
/// output only the flags that can explain it.
struct FlagEffectsTests {
    static let remedy = "run scripts/flag-effects --family <family>, then latent-oracle export"

    @Test("every noted flag has a flagOutputs entry whose outputs some case carrying it has")
    func everyFlagLinked() throws {
        for file in try TestFixtures.committed {
            for flag in file.notes.keys {
                let carrying = file.cases.filter { $0.flags.contains(flag) }
                guard !carrying.isEmpty else { continue }
                guard let outputs = file.flagOutputs[flag] else {
                    Issue.record("\(file.relativePath): the flag \(flag) has no flagOutputs entry; \(Self.remedy)")
                    continue
                }
                var present: Set<String> = [FlagEffects.refusal]
                for fixtureCase in carrying {
                    if case .values(let expected) = fixtureCase.expected { present.formUnion(expected.keys) }
                }
                for output in outputs where !present.contains(output) {
                    Issue.record("\(file.relativePath): \(flag) lists \(output), which no case carrying it has")
                }
            }
        }
    }

    @Test("a wrong entropy on an EM trace does not name label-permutation, which moves only M-step parameters")
    func explainingFlagsOnly() throws {
        let file = try TestFixtures.repositoryFixtures.load(family: "mixtures", variant: "em-traces")
        let carrying = file.cases.filter { $0.flags.contains("label-permutation") }
        #expect(!carrying.isEmpty)
        for fixtureCase in carrying {
            let named = Verifier.explaining("entropy", fixtureCase, file).map(\.flag)
            #expect(!named.contains("label-permutation"), "\(fixtureCase.id): \(named)")
            #expect(Verifier.explaining("means", fixtureCase, file).map(\.flag).contains("label-permutation"))
        }
    }
}
