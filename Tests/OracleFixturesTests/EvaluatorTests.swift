import Foundation
import Testing
import OracleTestSupport
@testable import OracleFixtures

/// The evaluators are the one code path from inputs to golden values: run on a committed case's
/// inputs, each must give that case's expected values and tolerance byte for byte.
struct EvaluatorTests {

    /// Every committed case of a group with an evaluator, with that evaluator's group, by case id.
    static let evaluated = Computed { () throws -> [String: EvaluatedCase] in
        var cases: [String: EvaluatedCase] = [:]
        for file in try TestFixtures.committed {
            for group in file.testGroups {
                let path = GroupPath(file.family, file.variant, group.id)
                guard EvaluatorRegistry.evaluator(path) != nil else { continue }
                for fixtureCase in group.cases {
                    cases[fixtureCase.id] = EvaluatedCase(path: path, fixtureCase: fixtureCase)
                }
            }
        }
        return cases
    }

    struct EvaluatedCase: Sendable {
        let path: GroupPath
        let fixtureCase: FixtureCase
    }

    /// The ids, sorted, so that the test cases run (and report) in a fixed order.
    static var evaluatedIDs: [String] { get throws { try evaluated.get().keys.sorted() } }

    @Test("the committed fixtures load, and most of their cases belong to a group with an evaluator")
    func evaluatedCasesPresent() throws {
        #expect(try TestFixtures.committed.count >= 23, "the committed fixtures could not be loaded")
        #expect(try Self.evaluatedIDs.count >= 24)
    }

    /// One test case per committed case, so that the cases spread over the cores.
    @Test(
        "every committed case of a group with an evaluator is reproduced byte for byte from its inputs",
        arguments: try EvaluatorTests.evaluatedIDs)
    func committedCasesReproduced(id: String) throws {
        let entry = try #require(try Self.evaluated.get()[id])
        let evaluator = try #require(EvaluatorRegistry.evaluator(entry.path))
        let evaluation = try evaluator.evaluate(entry.fixtureCase.inputs)
        let answer = JSONWriter.write(EvaluationRequests.json(evaluation))
        let committed = JSONWriter.write(
            EvaluationRequests.json(
                Evaluation(expected: entry.fixtureCase.expected, tolerance: entry.fixtureCase.tolerance)))
        #expect(answer == committed, "\(id)")
    }

    @Test("every registered evaluator names a committed group, and no two share a path")
    func registryMatchesCorpus() throws {
        let groups = Set(
            try TestFixtures.committed.flatMap { file in
                file.testGroups.map { GroupPath(file.family, file.variant, $0.id) }
            })
        for evaluator in EvaluatorRegistry.all {
            #expect(groups.contains(evaluator.path), "\(evaluator.path) is in no fixture file")
        }
        #expect(Set(EvaluatorRegistry.all.map(\.path)).count == EvaluatorRegistry.all.count)
    }

    static let mixture = GaussianMixtureELBOEvaluator()
    static var goodMixtureInputs: OrderedMap<FixtureValue> {
        ELBOExporter.mixtureInputs(x: [0.25, -0.5], q: [0.375, 0.3125, 0.3125])
    }

    @Test("a missing, extra or mistyped input, a shape mismatch, NaN and an over-limit size name the field")
    func requestErrorsNameTheField() {
        var missing = Self.goodMixtureInputs
        missing["q"] = nil
        var extra = Self.goodMixtureInputs
        extra["sigma"] = .exactReal(1)
        var mistyped = Self.goodMixtureInputs
        mistyped["x"] = .integer(3)
        var mismatched = Self.goodMixtureInputs
        mismatched["q"] = .vector([.exactReal(0.5), .exactReal(0.5)])
        var nan = Self.goodMixtureInputs
        nan["x"] = .vector([.exactReal(.nan), .exactReal(0)])
        var huge = Self.goodMixtureInputs
        huge["x"] = .vector(Array(repeating: .exactReal(0), count: 1000))
        let expectations: [(OrderedMap<FixtureValue>, EvaluationError.Kind, String)] = [
            (missing, .missingInput, "q"), (extra, .extraInput, "sigma"), (mistyped, .mistypedInput, "x"),
            (mismatched, .shapeMismatch, "q"), (nan, .notFinite, "x"), (huge, .sizeLimit, "x"),
        ]
        for (inputs, kind, field) in expectations {
            let error = #expect(throws: EvaluationError.self) { try Self.mixture.evaluate(inputs) }
            #expect(error?.kind == kind && error?.field == field, "\(String(describing: error))")
            #expect(error.map { !$0.description.contains("\n") } == true)
        }
    }

    @Test("the PPCA closed form refuses d over its limit of 100, the factor-model refusal group d over 16")
    func factorModelDimensionLimits() {
        func data(_ d: Int) -> FixtureValue {
            .array(shape: [3, d], data: Array(repeating: .exactReal(0), count: 3 * d))
        }
        let limit = FactorModelsEvaluators.closedFormDimensionLimit
        let closedForm = #expect(throws: EvaluationError.self) {
            try PPCAClosedFormEvaluator().evaluate(["data": data(limit + 1), "latentDimension": .integer(1)])
        }
        #expect(closedForm?.kind == .sizeLimit && closedForm?.field == "data", "\(String(describing: closedForm))")
        let badInput = #expect(throws: EvaluationError.self) {
            try FactorModelsBadInputEvaluator().evaluate([
                "algorithm": .string("ppca-closed-form"), "data": data(FactorModelsEvaluators.dimensionLimit + 1),
                "latentDimension": .integer(1),
            ])
        }
        #expect(badInput?.kind == .sizeLimit && badInput?.field == "data", "\(String(describing: badInput))")
    }

    @Test(
        "EM traces take d ≤ 100 with K·(T + 1)·d³ ≤ 4·10⁶ (refused: fa-em d = 100, T = 4; mppca-em K = 2, T = 2)"
    )
    func factorModelTraceLimits() throws {
        func data(_ n: Int, _ d: Int) -> FixtureValue {
            .array(shape: [n, d], data: (0..<(n * d)).map { .exactReal(Double(($0 * 7) % 11) / 4) })
        }
        func constant(_ shape: [Int], _ x: Double) -> FixtureValue {
            .array(shape: shape, data: Array(repeating: .exactReal(x), count: shape.reduce(1, *)))
        }
        func fa(d: Int, iterations: Int) -> OrderedMap<FixtureValue> {
            [
                "data": data(3, d), "latentDimension": .integer(1), "initialLoadings": constant([d, 1], 0.5),
                "initialNoiseVariances": constant([d], 1), "iterations": .integer(iterations),
                "noise": .string("diagonal"),
            ]
        }
        func mixture(d: Int, iterations: Int) -> OrderedMap<FixtureValue> {
            [
                "data": data(4, d), "latentDimension": .integer(1), "initialWeights": constant([2], 0.5),
                "initialMeans": constant([2, d], 0), "initialLoadings": constant([2, d, 1], 1),
                "initialNoiseVariances": constant([2], 1), "iterations": .integer(iterations),
            ]
        }
        let refusals: [(String, OrderedMap<FixtureValue>, any GroupEvaluator, String)] = [
            ("fa-em d = 100, T = 4", fa(d: 100, iterations: 4), FactorAnalysisEMTraceEvaluator(), "iterations"),
            ("fa-em d = 101", fa(d: 101, iterations: 0), FactorAnalysisEMTraceEvaluator(), "data"),
            (
                "mppca-em K = 2, d = 100, T = 2", mixture(d: 100, iterations: 2), MixturePPCAEMTraceEvaluator(),
                "iterations"
            ),
        ]
        for (label, inputs, evaluator, field) in refusals {
            let error = #expect(throws: EvaluationError.self, "\(label)") { try evaluator.evaluate(inputs) }
            #expect(error?.kind == .sizeLimit && error?.field == field, "\(label): \(String(describing: error))")
        }
    }

    @Test("a stream count below 0 or over the limit names the count; a count within it draws that many")
    func streamCountIsChecked() throws {
        let words = SplitMix64StreamEvaluator(.words)
        let cases: [(Int, EvaluationError.Kind)] = [
            (-1, .mistypedInput), (RandomnessEvaluators.streamLimit + 1, .sizeLimit),
        ]
        for (count, kind) in cases {
            let error = #expect(throws: EvaluationError.self) {
                try words.evaluate(["seed": .word(7), "count": .integer(count)])
            }
            #expect(error?.kind == kind && error?.field == "count", "\(String(describing: error))")
        }
        let evaluation = try words.evaluate(["seed": .word(7), "count": .integer(1000)])
        guard case .values(let expected) = evaluation.expected, case .array(let shape, _)? = expected["words"] else {
            Issue.record("no words in \(evaluation.expected)")
            return
        }
        #expect(shape == [1000])
    }

    @Test("a refusal evaluates to the refusal's kind; the catalogue's claimed kind is checked")
    func refusalsAreAnswers() throws {
        var offSimplex = Self.goodMixtureInputs
        offSimplex["q"] = .vector([.exactReal(0.5), .exactReal(0.5), .exactReal(0.5)])
        #expect(try Self.mixture.evaluate(offSimplex).expected == .error(kind: "not-a-probability"))
        let wrongClaim = CatalogueEntry("wrong", comment: "", inputs: offSimplex, refusal: "not-positive")
        #expect(throws: CatalogueInconsistency.self) { try Self.mixture.fixtureCase(wrongClaim) }
        let missedRefusal = CatalogueEntry(
            "accepted", comment: "", inputs: Self.goodMixtureInputs,
            refusal: "not-positive")
        #expect(throws: CatalogueInconsistency.self) { try Self.mixture.fixtureCase(missedRefusal) }
    }

    @Test("serve answers a mixed stream of 2,000 good and bad requests, one line each, in order")
    func mixedRequestStream() throws {
        let good = JSONWriter.writeLine(
            .object([
                JSONMember("group", .string("elbo/elbo-identity/gaussian-mixture")),
                JSONMember("inputs", Self.goodMixtureInputs.json),
            ]))
        let bad = [
            "", "{", "[]", "null", "{\"group\": 3}", "{\"group\": \"elbo/elbo-identity/nothing\", \"inputs\": {}}",
            "{\"group\": \"elbo/elbo-identity/logistic-latent\", \"inputs\": {\"ones\": 1}}",
            "{\"group\": \"elbo/elbo-identity/logistic-latent\", \"inputs\": {}, \"extra\": 1}",
            String(repeating: "[", count: 100_000), "\u{FEFF}{}", "{\"a\": 1, \"a\": 2}",
        ]
        var goodAnswer: String?
        for i in 0..<2000 {
            let request =
                i % 7 == 0
                ? good.replacingOccurrences(of: "{\"group\"", with: "{\"id\": \(i), \"group\"")
                : bad[i % bad.count]
            let answer = EvaluationRequests.answerLine(Array(request.utf8), lineNumber: i + 1)
            #expect(!answer.contains("\n"))
            let node = try JSONParser.parse(Array(answer.utf8), source: "answer")
            guard case .object(let members) = node.kind else {
                Issue.record("answer \(i) is not an object")
                continue
            }
            let keys = members.map(\.key)
            if i % 7 == 0 {
                #expect(keys == ["id", "expected", "tolerance"], "\(answer)")
                let body = answer.replacingOccurrences(of: "\"id\": \(i), ", with: "")
                #expect(goodAnswer == nil || goodAnswer == body)
                goodAnswer = body
            } else {
                #expect(keys == ["id", "error"], "request \(request.prefix(60)) → \(answer)")
            }
        }
    }
}
