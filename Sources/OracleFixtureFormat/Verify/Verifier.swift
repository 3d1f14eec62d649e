import Foundation
import OracleArithmetic

/// Compares a consumer's results file against a fixture file, case by case and output by output.
///
/// Rules (the contract `latent-oracle verify` prints):
/// - only the cases in scope are judged: those matching the options' scope and the results
///   file's own `scope` (glob patterns over groups and cases); the others are out of scope,
///   neither missing nor failed;
/// - reals are compared with the case's tolerance (`toleranceFloat32` for a float32 results
///   file): `exact` bitwise (NaN matches NaN, −0 does not match +0), `ulps` by ulp distance,
///   `relative`/`absolute` by those errors; a real outside an `ulps` or `relative` bound still
///   passes when the tolerance has an absolute floor and |observed − expected| ≤ floor, and the
///   report counts the reals that passed that way;
/// - integers, 64-bit words, strings and booleans must be equal;
/// - arrays must have the expected shape (nested lists) or be flat with ∏shape elements;
/// - an expected output that a result omits is not checked (it fails with
///   `requireAllOutputs`); a case with no checked output is not attempted;
/// - a case that expects an error passes only when the result is `{"error": kind}` with the
///   expected kind (any kind with `lenientErrorKinds`);
/// - a case with no result is MISSING; a result for an unknown case id is listed as unknown;
/// - at float32, a case without `toleranceFloat32`, or marked float64-only, is not checked.
public enum Verifier {
    /// The output name under which a refusal (an `error` result or expectation) is reported,
    /// and under which a fixture's `flagOutputs` lists the flags whose bug breaks a refusal.
    public static let refusalOutput = "error"

    public static func verify(
        _ results: ResultsFile, against fixture: FixtureFile, resultsSource: String,
        options: VerificationOptions = VerificationOptions()
    ) throws(FixtureError) -> VerificationReport {
        guard results.family == fixture.family, results.variant == fixture.variant else {
            throw FixtureError(
                .wrongFamily, location: resultsSource,
                problem:
                    """
                    the results are for \(results.family)/\(results.variant), not \(fixture.family)/\(fixture.variant)
                    """,
                remedy: "check the results against Fixtures/\(results.family)/\(results.variant).json")
        }
        var verdicts: [CaseVerdict] = []
        verdicts.reserveCapacity(fixture.testGroups.reduce(0) { $0 + $1.cases.count })
        var outOfScope = 0
        // Results that answer a case of the fixture; when every result does, none is unknown.
        var answered = 0
        var firstPosition = 0
        for group in fixture.testGroups {
            let judged = judge(
                group, firstPosition: firstPosition, results: results, fixture: fixture, options: options)
            firstPosition += group.cases.count
            verdicts += judged.verdicts
            answered += judged.answered
            outOfScope += judged.outOfScope
        }
        var unknown: [String] = []
        if answered < results.results.count {
            var known = Set<String>(minimumCapacity: verdicts.count + outOfScope)
            for group in fixture.testGroups {
                for fixtureCase in group.cases { known.insert(fixtureCase.id) }
            }
            unknown = results.results.keys.filter { !known.contains($0) }
        }
        return VerificationReport(
            family: fixture.family, variant: fixture.variant, implementation: results.implementation,
            precision: results.precision, options: options, scope: results.scope, verdicts: verdicts,
            outOfScope: outOfScope, unknownCaseIDs: unknown)
    }

    /// The verdicts on one group's cases in scope, in case order, with how many cases have a
    /// result and how many are out of scope; `firstPosition` is the position of the group's first
    /// case in the fixture file. A large group is judged on every core in contiguous
    /// chunks: the verdicts are independent of each other.
    static func judge(
        _ group: TestGroup, firstPosition: Int, results: ResultsFile, fixture: FixtureFile, options: VerificationOptions
    ) -> (verdicts: [CaseVerdict], answered: Int, outOfScope: Int) {
        let entries = results.results.entries
        @Sendable func judge(_ range: Range<Int>) -> (verdicts: [CaseVerdict], answered: Int, outOfScope: Int) {
            var verdicts: [CaseVerdict] = []
            verdicts.reserveCapacity(range.count)
            var answered = 0, outOfScope = 0
            for c in range {
                let fixtureCase = group.cases[c]
                // Results written in the fixture's order hold case c at position first + c: one
                // comparison instead of a hash lookup.
                let position = firstPosition + c
                let result =
                    position < entries.count && entries[position].key == fixtureCase.id
                    ? entries[position].value : results.results[fixtureCase.id]
                if result != nil { answered += 1 }
                let inScope = [options.scope, results.scope].allSatisfy { scope in
                    scope?.contains(
                        caseID: fixtureCase.id, group: group.id, family: fixture.family,
                        variant: fixture.variant) ?? true
                }
                guard inScope else {
                    outOfScope += 1
                    continue
                }
                verdicts.append(
                    verdict(
                        for: fixtureCase, result: result, fixture: fixture, precision: results.precision,
                        options: options))
            }
            return (verdicts, answered, outOfScope)
        }
        let count = group.cases.count
        let chunkCount = count < 4096 ? 1 : 4 * ProcessInfo.processInfo.activeProcessorCount
        guard chunkCount > 1 else { return judge(0..<count) }
        let chunkSize = (count + chunkCount - 1) / chunkCount
        let slots = ResultSlots<(verdicts: [CaseVerdict], answered: Int, outOfScope: Int)>(count: chunkCount)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let range = min(chunk * chunkSize, count)..<min((chunk + 1) * chunkSize, count)
            slots.store(.success(judge(range)), at: chunk)
        }
        var all: (verdicts: [CaseVerdict], answered: Int, outOfScope: Int) = ([], 0, 0)
        all.verdicts.reserveCapacity(count)
        for case .success(let chunk) in slots.values {
            all.verdicts += chunk.verdicts
            all.answered += chunk.answered
            all.outOfScope += chunk.outOfScope
        }
        return all
    }

    /// The flags of `fixtureCase` whose bug can explain a miss in `output`: those the fixture
    /// links to that output, and those it links to no output at all.
    static func explaining(_ output: String, _ fixtureCase: FixtureCase, _ fixture: FixtureFile) -> [FlagNote] {
        fixtureCase.flags.filter { fixture.flagOutputs[$0]?.contains(output) ?? true }
            .map { FlagNote(flag: $0, note: fixture.notes[$0] ?? "") }
    }

    static func verdict(
        for fixtureCase: FixtureCase, result: ResultsFile.CaseResult?, fixture: FixtureFile,
        precision: ResultsFile.Precision, options: VerificationOptions
    ) -> CaseVerdict {
        let flagNotes = fixtureCase.flags.map { FlagNote(flag: $0, note: fixture.notes[$0] ?? "") }
        let isRefusal: Bool
        if case .error = fixtureCase.expected { isRefusal = true } else { isRefusal = false }
        var verdict = CaseVerdict(
            id: fixtureCase.id, kind: isRefusal ? .validation : .numerics, status: .missing, flags: flagNotes,
            worst: nil, measure: fixtureCase.tolerance.measureName, bound: fixtureCase.tolerance.boundDescription,
            detail: "no result for this case")
        guard let result else { return verdict }
        /// The one failed output of a refused or wrongly refused case, the refusal itself.
        func refusalFailure(_ detail: String) -> OutputVerdict {
            OutputVerdict(
                name: refusalOutput, status: .failed, detail: detail,
                flags: explaining(refusalOutput, fixtureCase, fixture))
        }

        switch (fixtureCase.expected, result) {
        case (.error(let kind), .error(let got)):
            if got == kind {
                verdict.status = .passed
                verdict.detail = "refused with \(kind)"
            } else if options.lenientErrorKinds {
                verdict.status = .passed
                verdict.detail =
                    "refused with \(FixtureError.quoted(got)), the fixture names \(kind)"
                    + " (kinds not compared: --lenient-error-kinds)"
            } else {
                verdict.status = .failed
                verdict.mismatch = .wrongErrorKind
                verdict.detail =
                    "refused with the error kind \(FixtureError.quoted(got)), but the fixture expects \(kind)"
            }
            if verdict.status == .failed { verdict.outputs = [refusalFailure(verdict.detail)] }
            return verdict
        case (.error(let kind), .outputs):
            verdict.status = .failed
            verdict.mismatch = .numbersForRefusal
            verdict.detail = "returned numbers, but the input must be refused with error \(kind)"
            verdict.outputs = [refusalFailure(verdict.detail)]
            return verdict
        case (.values, .error(let got)):
            // At float32 a float64-only case (its inputs may underflow or overflow in float32) is not
            // judged, whatever the library answered.
            if precision == .float32, case .float64Only(let reason)? = fixtureCase.toleranceFloat32 {
                verdict.status = .notCheckedAtFloat32
                verdict.detail = "not checked at float32: float64 only (\(reason))"
                return verdict
            }
            verdict.status = .failed
            verdict.mismatch = .refusalForNumbers
            verdict.detail = "refused the input with error \(FixtureError.quoted(got)), but numbers are expected"
            verdict.outputs = [refusalFailure(verdict.detail)]
            return verdict
        case (.values(let expected), .outputs(let outputs)):
            let spec: ToleranceSpec
            switch precision {
            case .float64: spec = fixtureCase.tolerance
            case .float32:
                switch fixtureCase.toleranceFloat32 {
                case nil:
                    verdict.status = .notCheckedAtFloat32
                    verdict.detail = "not checked at float32: the case gives no float32 tolerance"
                    return verdict
                case .float64Only(let reason)?:
                    verdict.status = .notCheckedAtFloat32
                    verdict.detail = "not checked at float32: float64 only (\(reason))"
                    return verdict
                case .tolerance(let float32)?:
                    spec = float32
                }
            }
            let tolerance = PrecisionTolerance(spec: spec, precision: precision)
            verdict.measure = tolerance.measureName
            verdict.bound = spec.boundDescription
            compareOutputs(
                expected, outputs, tolerance: tolerance, into: &verdict, fixtureCase: fixtureCase,
                fixture: fixture, options: options)
            return verdict
        }
    }

    static func compareOutputs(
        _ expected: OrderedMap<FixtureValue>, _ outputs: OrderedMap<ResultsFile.Value>, tolerance: PrecisionTolerance,
        into verdict: inout CaseVerdict, fixtureCase: FixtureCase, fixture: FixtureFile, options: VerificationOptions
    ) {
        var flooredCount = 0, worstFloored = 0.0
        for entry in expected.entries {
            guard let observed = outputs[entry.key] else {
                if options.requireAllOutputs {
                    verdict.outputs.append(
                        OutputVerdict(
                            name: entry.key, status: .failed, detail: "the output \(entry.key) is missing",
                            flags: explaining(entry.key, fixtureCase, fixture)))
                } else {
                    verdict.outputs.append(OutputVerdict(name: entry.key, status: .notChecked, detail: "not checked"))
                }
                continue
            }
            var check = OutputCheck(name: entry.key, tolerance: tolerance)
            check.compare(observed, entry.value)
            flooredCount += check.flooredCount
            worstFloored = max(worstFloored, check.worstFloored)
            if let w = check.worst { verdict.worst = max(verdict.worst ?? 0, w) }
            var output = OutputVerdict(
                name: entry.key, status: check.failed ? .failed : .passed,
                detail: check.failureDetail ?? "", flags: [])
            output.worst = check.worst
            output.worstIndex = check.worstIndex
            if let w = check.worstFailure {
                output.worstObserved = w.observed
                output.worstExpected = w.expected.value
            }
            if check.failed { output.flags = explaining(entry.key, fixtureCase, fixture) }
            verdict.outputs.append(output)
        }
        // An output the case does not have is a misspelt or misplaced one: the output meant is
        // then unchecked without a word, so the case fails and names both.
        for entry in outputs.entries where expected[entry.key] == nil {
            let name = entry.key
            verdict.outputs.append(
                OutputVerdict(
                    name: name, status: .failed,
                    detail: """
                        \(name) is not an output of this case (its outputs: \(expected.keys.joined(separator: ", "))); \
                        check the name
                        """,
                    flags: []))
        }
        let checked = verdict.outputs.count { $0.status != .notChecked }
        let failing = verdict.outputs.filter { $0.status == .failed }
        if !failing.isEmpty {
            verdict.status = .failed
            verdict.detail = failing.map(\.detail).joined(separator: "; ")
        } else if checked == 0 {
            verdict.status = .notAttempted
            verdict.detail = "no expected output was given (expected: \(expected.keys.joined(separator: ", ")))"
        } else {
            verdict.status = .passed
            var remark =
                verdict.worst.map { "worst \(format($0)) \(tolerance.measureName), \(verdict.bound)" } ?? "equal"
            if flooredCount > 0 {
                let noun = flooredCount == 1 ? "real" : "reals"
                remark +=
                    "; \(flooredCount) \(noun) within the absolute floor only (worst absolute \(format(worstFloored)))"
            }
            if checked < expected.count {
                let unchecked = verdict.outputs.filter { $0.status == .notChecked }.map(\.name)
                remark +=
                    """
                    ; \(checked) of \(expected.count) outputs checked (not checked: \
                    \(unchecked.joined(separator: ", ")))
                    """
            }
            verdict.detail = remark
        }
    }

    /// A distance for reports: integers without a fraction, others in shortest form.
    static func format(_ d: Double) -> String {
        if d.isInfinite { return "∞" }
        if d == d.rounded() && d < 0x1p53 { return String(Int(d)) }
        return d.description
    }
}
