import Foundation
import OracleTestSupport
import Testing
@testable import OracleFixtures

/// The data folder is one setting: `--data`, else `LATENT_ORACLE_DATA`, else `../shared/data` beside
/// the repository; when the data are missing the exporters say so in one line.
struct DataDirectoryTests {
    static let root = RepositoryRoot.url.path
    static let missing = "/nonexistent/latent-oracle-data"

    @Test("the option wins over the environment variable, which wins over ../shared/data beside the repository")
    func precedence() {
        let environment = [DataDirectory.environmentVariable: "/from/environment"]
        #expect(
            DataDirectory.resolve(option: "/from/option", environment: environment, repositoryRoot: Self.root)
                == DataDirectory(path: "/from/option", source: .option))
        #expect(
            DataDirectory.resolve(option: nil, environment: environment, repositoryRoot: Self.root)
                == DataDirectory(path: "/from/environment", source: .environment))
        let fallback = DataDirectory.resolve(option: nil, environment: [:], repositoryRoot: Self.root)
        #expect(fallback.source == .repositoryDefault)
        #expect(
            fallback.path
                == URL(fileURLWithPath: Self.root).deletingLastPathComponent()
                .appendingPathComponent("shared/data").standardizedFileURL.path)
    }

    @Test("the tests' data folder is the exporters' data folder, with and without the environment variable")
    func testsAndExportersAgree() {
        for environment in [[:], [DataDirectory.environmentVariable: Self.missing]] {
            #expect(
                TestData.folder(environment: environment).path
                    == DataDirectory.resolve(option: nil, environment: environment, repositoryRoot: Self.root).path)
        }
    }

    @Test("an environment variable naming a missing folder gives one line: what, where, and how to point at it")
    func missingFolderMessage() throws {
        let data = DataDirectory.resolve(
            option: nil, environment: [DataDirectory.environmentVariable: Self.missing], repositoryRoot: Self.root)
        let error = #expect(throws: DataMissing.self) {
            try DataDirectory.$chosen.withValue(data) { try LinearGaussianExporter().leastSquaresFile() }
        }
        let message = try #require(error).description
        #expect(!message.contains("\n"))
        #expect(message.hasPrefix("the NIST StRD folder is missing: looked for \(Self.missing)/nist-strd"))
        #expect(message.contains("set by LATENT_ORACLE_DATA"))
        #expect(message.contains("--data DIR") && message.contains("LATENT_ORACLE_DATA=DIR"))
        let faithful = #expect(throws: DataMissing.self) {
            try DataDirectory.$chosen.withValue(data) { try MixturesExporter.oldFaithful() }
        }
        #expect(
            faithful?.description.hasPrefix(
                "the Old Faithful data is missing: looked for \(Self.missing)/old-faithful.csv") == true)
    }

    @Test("a test reading a missing data file fails with one line naming the file")
    func missingTestData() {
        let error = TestDataMissing(path: "\(Self.missing)/nist-strd/Norris.dat")
        #expect(!error.description.contains("\n"))
        #expect(error.description.contains("cannot read \(Self.missing)/nist-strd/Norris.dat"))
        #expect(error.description.contains("LATENT_ORACLE_DATA=DIR"))
    }
}
