import OracleArithmetic

/// Compares a consumer's results file against a fixture file, case by case.
///
/// Rules (the contract `latent-oracle verify` prints):
/// - reals are compared with the case's tolerance: `exact` bitwise (NaN matches NaN, −0 does
///   not match +0), `ulps` by ulp distance, `relative`/`absolute` by those errors; a real
///   outside an `ulps` or `relative` bound still passes when the tolerance has an absolute floor
///   and |observed − expected| ≤ floor, and the report counts the reals that passed that way;
/// - integers, 64-bit words, strings and booleans must be equal;
/// - arrays must have the expected shape (nested lists) or be flat with ∏shape elements;
/// - a case that expects an error passes only when the result is `{"error": …}` (a different
///   error kind still passes, and is mentioned in the detail);
/// - a case with no result is MISSING; a result for an unknown case id is listed as unknown.
public enum Verifier {
    public static func verify(_ results: ResultsFile, against fixture: FixtureFile, resultsSource: String) throws(FixtureError) -> VerificationReport {
        guard results.family == fixture.family, results.variant == fixture.variant else {
            throw FixtureError(
                .wrongFamily, location: resultsSource,
                problem: "the results are for \(results.family)/\(results.variant), not \(fixture.family)/\(fixture.variant)",
                remedy: "check the results against Fixtures/\(results.family)/\(results.variant).json")
        }
        var verdicts: [CaseVerdict] = []
        for fixtureCase in fixture.cases {
            let flagNotes = fixtureCase.flags.map { FlagNote(flag: $0, note: fixture.notes[$0] ?? "") }
            var verdict = CaseVerdict(id: fixtureCase.id, status: .missing, flags: flagNotes, worst: nil,
                                      measure: fixtureCase.tolerance.measureName, bound: fixtureCase.tolerance.boundDescription, detail: "no result for this case")
            if let result = results.results[fixtureCase.id] {
                let outcome = compare(result, with: fixtureCase)
                verdict.status = outcome.failure == nil ? .passed : .failed
                verdict.worst = outcome.worst
                verdict.detail = outcome.failure ?? outcome.remark
            }
            verdicts.append(verdict)
        }
        let known = Set(fixture.cases.map(\.id))
        let unknown = results.results.keys.filter { !known.contains($0) }
        return VerificationReport(family: fixture.family, variant: fixture.variant, implementation: results.implementation,
                                  verdicts: verdicts, unknownCaseIDs: unknown)
    }

    /// The result of comparing one case: the first failure (nil when it passes), the worst
    /// distance over its reals, and a remark for passing cases.
    struct Outcome {
        var failure: String?
        var worst: Double?
        var remark: String = ""
    }

    static func compare(_ result: ResultsFile.CaseResult, with fixtureCase: FixtureCase) -> Outcome {
        switch (fixtureCase.expected, result) {
        case (.error(let kind), .error(let got)):
            return Outcome(failure: nil, worst: nil, remark: got == kind ? "refused with \(kind)" : "refused with \(FixtureError.quoted(got)) (the fixture names \(kind))")
        case (.error(let kind), .outputs):
            return Outcome(failure: "returned outputs, but the input must be refused with error \(kind)", worst: nil)
        case (.values, .error(let got)):
            return Outcome(failure: "refused the input with error \(FixtureError.quoted(got)), but outputs were expected", worst: nil)
        case (.values(let expected), .outputs(let outputs)):
            var accumulator = Accumulator(tolerance: fixtureCase.tolerance)
            for entry in expected.entries {
                guard let observed = outputs[entry.key] else {
                    accumulator.fail("the output \(entry.key) is missing")
                    continue
                }
                accumulator.compare(observed, entry.value, name: entry.key)
            }
            let bound = fixtureCase.tolerance.boundDescription
            let measure = fixtureCase.tolerance.measureName
            var remark = accumulator.worst.map { "worst \(format($0)) \(measure), \(bound)" } ?? "equal"
            if accumulator.flooredCount > 0 {
                let noun = accumulator.flooredCount == 1 ? "real" : "reals"
                remark += "; \(accumulator.flooredCount) \(noun) within the absolute floor only"
                    + " (worst absolute \(format(accumulator.worstFloored)))"
            }
            return Outcome(failure: accumulator.summary, worst: accumulator.worst, remark: remark)
        }
    }

    /// Collects the first failure and the worst real distance over a case's outputs.
    struct Accumulator {
        let tolerance: ToleranceSpec
        var failure: String?
        /// The worst distance in the tolerance's measure over the reals judged by the kind's
        /// bound (those that passed by the absolute floor alone are counted apart).
        var worst: Double?
        /// How many reals were outside the kind's bound but within the absolute floor.
        var flooredCount = 0
        /// The worst absolute distance among those reals.
        var worstFloored = 0.0
        /// How many outputs or elements failed (the message names the first).
        var failures = 0

        mutating func fail(_ message: String) {
            failures += 1
            if failure == nil { failure = message }
        }

        /// The first failure, and how many more there were.
        var summary: String? {
            guard let failure else { return nil }
            return failures > 1 ? "\(failure) (and \(failures - 1) more)" : failure
        }

        mutating func compare(_ observed: ResultsFile.Value, _ expected: FixtureValue, name: String) {
            switch expected {
            case .array(let shape, let data):
                guard let flat = flatten(observed, shape: shape) else {
                    fail("\(name) should have shape \(shape), got \(observed.shortDescription)")
                    return
                }
                for (i, (o, e)) in zip(flat, data).enumerated() {
                    compare(o, e, name: "\(name)[\(i)]")
                }
            case .real(let r):
                guard let x = observed.doubleValue else {
                    fail("\(name) should be a real, got \(observed.shortDescription)")
                    return
                }
                let d = tolerance.distance(x, r.value)
                if !tolerance.withinBound(x, r.value) && tolerance.withinFloor(x, r.value) {
                    flooredCount += 1
                    worstFloored = max(worstFloored, FloatingPointDistance.absolute(x, r.value))
                    return
                }
                worst = max(worst ?? 0, d)
                if !tolerance.accepts(x, r.value) {
                    let absolute = tolerance.absoluteFloor == nil
                        ? "" : " (absolute \(Verifier.format(FloatingPointDistance.absolute(x, r.value))))"
                    let observed = "\(RealNumber(x).decimalSpelling) (\(HexFloat.format(x)))"
                    let wanted = "\(r.decimalSpelling) (\(HexFloat.format(r.value)))"
                    let distance = "\(Verifier.format(d)) \(tolerance.measureName)\(absolute)"
                    let allowed = tolerance.boundDescription
                    fail("\(name) = \(observed), expected \(wanted): \(distance), allowed \(allowed)")
                }
            case .integer(let n):
                if observed.integerValue != n { fail("\(name) = \(observed.shortDescription), expected the integer \(n)") }
            case .word(let w):
                if observed.wordValue != w { fail("\(name) = \(observed.shortDescription), expected the word \(FixtureValue.wordSpelling(w))") }
            case .string(let s):
                if observed != .string(s) { fail("\(name) = \(observed.shortDescription), expected \(FixtureError.quoted(s))") }
            case .bool(let b):
                if observed != .bool(b) { fail("\(name) = \(observed.shortDescription), expected \(b)") }
            }
        }

        /// The row-major elements of a nested list of the given shape, or of a flat list of
        /// ∏shape elements; nil for any other shape.
        func flatten(_ value: ResultsFile.Value, shape: [Int]) -> [ResultsFile.Value]? {
            let count = shape.reduce(1, *)
            if case .list(let elements) = value, elements.count == count, count > 0 || shape.count == 1,
               elements.allSatisfy({ if case .list = $0 { return false } else { return true } }) {
                return elements
            }
            return nested(value, shape: shape[...])
        }

        private func nested(_ value: ResultsFile.Value, shape: ArraySlice<Int>) -> [ResultsFile.Value]? {
            guard let extent = shape.first else {
                if case .list = value { return nil }
                return [value]
            }
            guard case .list(let elements) = value, elements.count == extent else { return nil }
            var out: [ResultsFile.Value] = []
            for element in elements {
                guard let inner = nested(element, shape: shape.dropFirst()) else { return nil }
                out += inner
            }
            return out
        }
    }

    /// A distance for reports: integers without a fraction, others in shortest form.
    static func format(_ d: Double) -> String {
        if d.isInfinite { return "∞" }
        if d == d.rounded() && d < 0x1p53 { return String(Int(d)) }
        return d.description
    }
}

/// A flag of a case and what its note says.
public struct FlagNote: Sendable, Equatable {
    public var flag: String
    public var note: String
}

/// The verdict on one case.
public struct CaseVerdict: Sendable {
    public enum Status: String, Sendable {
        case passed = "PASS", failed = "FAIL", missing = "MISSING"
    }
    public var id: String
    public var status: Status
    /// The case's flags with their notes: for a failed case, the bug it likely has.
    public var flags: [FlagNote]
    /// The worst distance over the case's reals in `measure`, when it has reals and a result.
    public var worst: Double?
    public var measure: String
    public var bound: String
    /// The first failure for a failed case, a short remark for a passed one.
    public var detail: String
}

/// Every verdict for one results file.
public struct VerificationReport: Sendable {
    public var family: String
    public var variant: String
    public var implementation: String
    public var verdicts: [CaseVerdict]
    /// Ids in the results file that no case of the fixture has.
    public var unknownCaseIDs: [String]

    public var passed: Int { verdicts.count { $0.status == .passed } }
    public var failed: Int { verdicts.count { $0.status == .failed } }
    public var missing: Int { verdicts.count { $0.status == .missing } }
    /// All cases passed and none is missing.
    public var isSuccess: Bool { failed == 0 && missing == 0 }

    /// `N passed, M failed, K missing`.
    public var summary: String { "\(passed) passed, \(failed) failed, \(missing) missing" }

    /// The machine-readable report (for the mutant runner): canonical JSON.
    public var json: JSON {
        func number(_ d: Double?) -> JSON {
            guard let d else { return .null }
            return d.isFinite ? .number(d.description) : .string("Infinity")
        }
        return .object([
            JSONMember("schema", .string("latent-oracle-report")),
            JSONMember("schemaVersion", .integer(OracleVersion.schemaVersion)),
            JSONMember("family", .string(family)),
            JSONMember("variant", .string(variant)),
            JSONMember("implementation", .string(implementation)),
            JSONMember("passed", .integer(passed)),
            JSONMember("failed", .integer(failed)),
            JSONMember("missing", .integer(missing)),
            JSONMember("unknown", .array(unknownCaseIDs.map(JSON.string))),
            JSONMember("cases", .array(verdicts.map { v in
                .object([
                    JSONMember("id", .string(v.id)),
                    JSONMember("status", .string(v.status.rawValue)),
                    JSONMember("flags", .array(v.flags.map { JSON.string($0.flag) })),
                    JSONMember("worst", number(v.worst)),
                    JSONMember("measure", .string(v.measure)),
                    JSONMember("detail", .string(v.detail)),
                ])
            })),
        ])
    }
}
