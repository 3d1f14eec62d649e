import Foundation
import Testing
@testable import OracleFixtures

/// The group schemas follow the evaluators' declarations, and `check` catches a stale one.
struct GroupSchemaTests {
    @Test("every registered evaluator has one schema, at the path its case ids name")
    func onePerEvaluator() {
        let files = GroupSchema.files()
        #expect(files.count == EvaluatorRegistry.all.count)
        #expect(files.map(\.relativePath).contains("schemas/divergences/gaussian-kl/full.schema.json"))
    }

    @Test("the schema requires the declared inputs and outputs and allows no other")
    func followsDeclaration() throws {
        let evaluator = try EvaluatorRegistry.evaluator(named: "divergences/gaussian-kl/full")
        let text = JSONWriter.write(GroupSchema.json(evaluator))
        #expect(text.contains(#""required": ["mean1", "covariance1", "mean2", "covariance2"]"#))
        #expect(text.contains("\"additionalProperties\": false"))
        #expect(text.contains("\"minItems\": 2"))  // covariance1[k, k] has two axes
    }

    @Test("a named size is bounded by the size limit, an output axis the group derives from the sizes is not")
    func derivedAxesAreUnbounded() throws {
        let evaluator = try EvaluatorRegistry.evaluator(named: "vae/networks/elbo-gradient")
        let text = JSONWriter.write(GroupSchema.json(evaluator))
        #expect(text.contains(#"{ "description": "D", "type": "integer", "minimum": 0, "maximum": 64 }"#))
        #expect(text.contains(#"{ "description": "P", "type": "integer", "minimum": 0 }"#))
    }

    @Test("a schema that no evaluator produces is drift")
    func staleSchema() throws {
        let directory = FixtureDirectory(
            path: FileManager.default.temporaryDirectory
                .appendingPathComponent("latent-oracle-schema-\(ProcessInfo.processInfo.processIdentifier)").path)
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        let generated = FixtureExport.render(try TestFixtures.randomness)
        for file in generated { try directory.writeAtomically(file.text, to: file.relativePath) }
        #expect(try FixtureCheck.compare(generated, with: directory).isEmpty)
        try directory.writeAtomically("{}\n", to: "schemas/test/v/gone.schema.json")
        let drifts = try FixtureCheck.compare(generated, with: directory)
        #expect(drifts.map(\.relativePath) == ["schemas/test/v/gone.schema.json"])
    }
}
