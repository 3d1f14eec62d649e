import Foundation
import OracleTestSupport
@testable import OracleFixtures

/// Shared material for the fixture tests: the exported files in memory, the committed files on
/// disk, and results files built from a fixture's expected values.
enum TestFixtures {
    /// The randomness files, exported in memory once.
    static let randomnessFiles = Computed { try RandomnessExporter().makeFiles() }
    static var randomness: [FixtureFile] { get throws { try randomnessFiles.get() } }

    static func file(_ variant: String) throws -> FixtureFile? { try randomness.first { $0.variant == variant } }

    /// The repository's Fixtures/ directory.
    static let repositoryFixtures = FixtureDirectory(path: RepositoryRoot.appending("Fixtures").path)

    /// The committed files of Fixtures/, read once for every test that needs them.
    static let committedFiles = Computed { try repositoryFixtures.loadAll() }
    static var committed: [FixtureFile] { get throws { try committedFiles.get() } }

    /// The committed cases of `family/variant/group`, in file order (loaded once, with every file).
    static func groupCases(_ family: String, _ variant: String, _ group: String) throws -> [FixtureCase] {
        try committed.filter { $0.family == family && $0.variant == variant }.flatMap(\.cases)
            .filter { $0.id.hasPrefix("\(family)/\(variant)/\(group)/") }
    }

    /// A result value that reproduces `value` exactly (reals as hex floats or JSON numbers).
    static func resultValue(_ value: FixtureValue, realsAsHex: Bool) -> ResultsFile.Value {
        switch value {
        case .real(let r):
            return realsAsHex || !r.value.isFinite ? .string(HexFloat.format(r.value)) : .number(r.value.description)
        case .array(_, let data): return .list(data.map { resultValue($0, realsAsHex: realsAsHex) })
        case .integer(let n): return .number(String(n))
        case .word(let w): return .string(FixtureValue.wordSpelling(w))
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        }
    }

    /// The results a perfect consumer would write for `file`.
    static func perfectResults(for file: FixtureFile, realsAsHex: Bool = false) -> ResultsFile {
        var results = OrderedMap<ResultsFile.CaseResult>()
        for fixtureCase in file.cases {
            switch fixtureCase.expected {
            case .error(let kind): results[fixtureCase.id] = .error(kind: kind)
            case .values(let values):
                var outputs = OrderedMap<ResultsFile.Value>()
                for entry in values.entries { outputs[entry.key] = resultValue(entry.value, realsAsHex: realsAsHex) }
                results[fixtureCase.id] = .outputs(outputs)
            }
        }
        return ResultsFile(
            family: file.family, variant: file.variant, implementation: "perfect test consumer", results: results)
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// The expected output values of `fixtureCase`; a refusal case has none, and throws.
    static func values(_ fixtureCase: FixtureCase) throws -> OrderedMap<FixtureValue> {
        guard case .values(let values) = fixtureCase.expected else {
            throw FixtureExportInconsistency(reason: "\(fixtureCase.id): no values")
        }
        return values
    }
}
