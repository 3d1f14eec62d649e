/// A flag of a case and what its note says.
public struct FlagNote: Sendable, Equatable {
    public var flag: String
    public var note: String
}

/// The verdict on one expected output of a case (or on the refusal of a refusal case, named
/// `"error"`).
public struct OutputVerdict: Sendable {
    public enum Status: String, Sendable {
        case passed = "PASS"
        case failed = "FAIL"
        case notChecked = "NOT-CHECKED"
    }
    public var name: String
    public var status: Status
    /// For a failed output: its worst element, that element's error against the tolerance,
    /// and how many elements failed.
    public var detail: String
    /// For a failed output: the case's flags whose bug can explain it.
    public var flags: [FlagNote]
    /// The worst distance over the output's reals, in the case's measure.
    public var worst: Double?
    /// The index of the worst failing element in the output's shape (empty for a scalar).
    public var worstIndex: [Int]?
    /// The worst failing real and its expected value.
    public var worstObserved: Double?
    public var worstExpected: Double?

    public init(name: String, status: Status, detail: String, flags: [FlagNote] = []) {
        self.name = name
        self.status = status
        self.detail = detail
        self.flags = flags
    }
}

/// The verdict on one case.
public struct CaseVerdict: Sendable {
    public enum Status: String, Sendable {
        case passed = "PASS"
        case failed = "FAIL"
        case missing = "MISSING"
        /// The result gives none of the case's expected outputs.
        case notAttempted = "NOT-ATTEMPTED"
        /// A float32 results file, and the case has no float32 tolerance (or is float64-only).
        case notCheckedAtFloat32 = "NOT-CHECKED-FLOAT32"
    }
    /// Numerics cases expect values; validation cases expect a refusal.
    public enum Kind: String, Sendable {
        case numerics, validation
    }
    /// How a result's type differs from what the case expects.
    public enum Mismatch: String, Sendable {
        /// A refusal with another error kind than the fixture's.
        case wrongErrorKind = "wrong-error-kind"
        /// Numbers where the fixture expects a refusal.
        case numbersForRefusal = "numbers-for-refusal"
        /// A refusal where the fixture expects numbers.
        case refusalForNumbers = "refusal-for-numbers"
    }
    public var id: String
    public var kind: Kind
    public var status: Status
    /// All the case's flags with their notes.
    public var flags: [FlagNote]
    /// The worst distance over the case's checked reals in `measure`.
    public var worst: Double?
    public var measure: String
    public var bound: String
    /// The failing outputs' details for a failed case, a short remark otherwise.
    public var detail: String
    /// One verdict per expected output (per refusal for a failed refusal case).
    public var outputs: [OutputVerdict] = []
    public var mismatch: Mismatch?

    public init(
        id: String, kind: Kind, status: Status, flags: [FlagNote], worst: Double?, measure: String,
        bound: String, detail: String
    ) {
        self.id = id
        self.kind = kind
        self.status = status
        self.flags = flags
        self.worst = worst
        self.measure = measure
        self.bound = bound
        self.detail = detail
    }
}

/// Every verdict for one results file.
public struct VerificationReport: Sendable {
    public var family: String
    public var variant: String
    public var implementation: String
    public var precision: ResultsFile.Precision
    public var options: VerificationOptions
    /// The results file's own scope.
    public var scope: VerificationScope?
    /// The verdicts on the cases in scope, in fixture order.
    public var verdicts: [CaseVerdict]
    /// How many cases of the fixture are out of scope.
    public var outOfScope: Int
    /// Ids in the results file that no case of the fixture has.
    public var unknownCaseIDs: [String]

    /// The counts of the report's verdicts, taken in one pass.
    public struct Tally: Sendable, Equatable {
        /// Cases by kind and status: `cases[kind][status]`.
        var cases: [CaseVerdict.Kind: [CaseVerdict.Status: Int]] = [:]
        var mismatches: [CaseVerdict.Mismatch: Int] = [:]
        public var outputsExpected = 0
        public var outputsChecked = 0

        public func count(_ kind: CaseVerdict.Kind, _ status: CaseVerdict.Status) -> Int {
            cases[kind]?[status] ?? 0
        }
        public func count(_ status: CaseVerdict.Status) -> Int {
            count(.numerics, status) + count(.validation, status)
        }
        public func count(_ mismatch: CaseVerdict.Mismatch) -> Int { mismatches[mismatch] ?? 0 }

        mutating func add(_ other: Tally) {
            for (kind, statuses) in other.cases {
                for (status, n) in statuses { cases[kind, default: [:]][status, default: 0] += n }
            }
            for (mismatch, n) in other.mismatches { mismatches[mismatch, default: 0] += n }
            outputsExpected += other.outputsExpected
            outputsChecked += other.outputsChecked
        }
    }

    /// Every count of the summary, in one pass over the verdicts (O(cases + outputs)).
    public var tally: Tally {
        var byKind: [[Int]] = [[Int](repeating: 0, count: 5), [Int](repeating: 0, count: 5)]
        let statuses: [CaseVerdict.Status] = [.passed, .failed, .missing, .notAttempted, .notCheckedAtFloat32]
        var mismatches = [0, 0, 0]
        let mismatchKinds: [CaseVerdict.Mismatch] = [.wrongErrorKind, .numbersForRefusal, .refusalForNumbers]
        var tally = Tally()
        for i in verdicts.indices {
            let kind = verdicts[i].kind == .numerics ? 0 : 1
            byKind[kind][statuses.firstIndex(of: verdicts[i].status)!] += 1
            if let mismatch = verdicts[i].mismatch {
                mismatches[mismatchKinds.firstIndex(of: mismatch)!] += 1
            } else if kind == 0 {
                // A refusal where numbers are expected has no output of the case to count.
                tally.outputsExpected += verdicts[i].outputs.count
                for j in verdicts[i].outputs.indices where verdicts[i].outputs[j].status != .notChecked {
                    tally.outputsChecked += 1
                }
            }
        }
        for (k, kind) in [CaseVerdict.Kind.numerics, .validation].enumerated() {
            for (s, status) in statuses.enumerated() where byKind[k][s] > 0 {
                tally.cases[kind, default: [:]][status] = byKind[k][s]
            }
        }
        for (m, mismatch) in mismatchKinds.enumerated() where mismatches[m] > 0 {
            tally.mismatches[mismatch] = mismatches[m]
        }
        return tally
    }

    public var passed: Int { tally.count(.passed) }
    public var failed: Int { tally.count(.failed) }
    public var missing: Int { tally.count(.missing) }
    public var notAttempted: Int { tally.count(.notAttempted) }
    public var notCheckedAtFloat32: Int { tally.count(.notCheckedAtFloat32) }
    /// Expected outputs of the numerics cases with a result of outputs, and how many of them
    /// were checked.
    public var outputsExpected: Int { tally.outputsExpected }
    public var outputsChecked: Int { tally.outputsChecked }

    public func count(_ kind: CaseVerdict.Kind, _ status: CaseVerdict.Status) -> Int {
        tally.count(kind, status)
    }

    /// No case failed, none is missing or not attempted, and at least one passed.
    public var isSuccess: Bool { Self.isSuccess(tally) }

    static func isSuccess(_ t: Tally) -> Bool {
        t.count(.failed) == 0 && t.count(.missing) == 0 && t.count(.notAttempted) == 0 && t.count(.passed) > 0
    }

    /// `numerics: N passed, M failed, K missing, J not attempted (C of E outputs checked);
    /// validation: …; float64`, with the counts that are not zero among the rarer ones.
    public var summary: String {
        Self.summary(of: [self])
    }

    /// The summary line over several reports (a folder of results files).
    public static func summary(of reports: [VerificationReport]) -> String {
        var t = Tally()
        for report in reports { t.add(report.tally) }
        var numerics =
            "numerics: \(t.count(.numerics, .passed)) passed,"
            + " \(t.count(.numerics, .failed)) failed, \(t.count(.numerics, .missing)) missing,"
            + " \(t.count(.notAttempted)) not attempted"
        let unchecked32 = t.count(.notCheckedAtFloat32)
        if unchecked32 > 0 { numerics += ", \(unchecked32) not checked at float32" }
        numerics += " (\(t.outputsChecked) of \(t.outputsExpected) outputs checked)"
        var validation =
            "validation: \(t.count(.validation, .passed)) passed,"
            + " \(t.count(.validation, .failed)) failed, \(t.count(.validation, .missing)) missing"
        let numbers = t.count(.numbersForRefusal)
        let kinds = t.count(.wrongErrorKind)
        var notes: [String] = []
        if numbers > 0 { notes.append("\(numbers) returned numbers") }
        if kinds > 0 { notes.append("\(kinds) with another error kind") }
        if reports.contains(where: \.options.lenientErrorKinds) { notes.append("error kinds not compared") }
        if !notes.isEmpty { validation += " (\(notes.joined(separator: ", ")))" }
        let refusedNumbers = t.count(.refusalForNumbers)
        if refusedNumbers > 0 { numerics += "; \(refusedNumbers) refused where numbers are expected" }
        var parts = [numerics, validation]
        let precisions = Set(reports.map(\.precision.rawValue)).sorted()
        parts.append("precision \(precisions.joined(separator: ", "))")
        let outOfScope = reports.reduce(0) { $0 + $1.outOfScope }
        if outOfScope > 0 { parts.append("\(outOfScope) cases out of scope") }
        return parts.joined(separator: "; ")
    }

    /// The machine-readable report (for the mutant runner): canonical JSON.
    public var json: JSON {
        func number(_ d: Double?) -> JSON {
            guard let d else { return .null }
            if d.isNaN { return .string("NaN") }
            return d.isFinite ? .number(d.description) : .string(d > 0 ? "Infinity" : "-Infinity")
        }
        func flags(_ notes: [FlagNote]) -> JSON { .array(notes.map { JSON.string($0.flag) }) }
        let t = tally
        return .object([
            JSONMember("schema", .string("latent-oracle-report")),
            JSONMember("schemaVersion", .integer(OracleVersion.schemaVersion)),
            JSONMember("family", .string(family)),
            JSONMember("variant", .string(variant)),
            JSONMember("implementation", .string(implementation)),
            JSONMember("precision", .string(precision.rawValue)),
            JSONMember("requireAllOutputs", .bool(options.requireAllOutputs)),
            JSONMember("lenientErrorKinds", .bool(options.lenientErrorKinds)),
            JSONMember("passed", .integer(t.count(.passed))),
            JSONMember("failed", .integer(t.count(.failed))),
            JSONMember("missing", .integer(t.count(.missing))),
            JSONMember("notAttempted", .integer(t.count(.notAttempted))),
            JSONMember("notCheckedAtFloat32", .integer(t.count(.notCheckedAtFloat32))),
            JSONMember("outOfScope", .integer(outOfScope)),
            JSONMember("outputsChecked", .integer(t.outputsChecked)),
            JSONMember("outputsExpected", .integer(t.outputsExpected)),
            JSONMember("unknown", .array(unknownCaseIDs.map(JSON.string))),
            JSONMember(
                "cases",
                .array(
                    verdicts.map { v in
                        .object([
                            JSONMember("id", .string(v.id)),
                            JSONMember("kind", .string(v.kind.rawValue)),
                            JSONMember("status", .string(v.status.rawValue)),
                            JSONMember("flags", flags(v.flags)),
                            JSONMember("worst", number(v.worst)),
                            JSONMember("measure", .string(v.measure)),
                            JSONMember("detail", .string(v.detail)),
                            JSONMember("mismatch", v.mismatch.map { .string($0.rawValue) } ?? .null),
                            JSONMember(
                                "outputs",
                                .array(
                                    v.outputs.map { o in
                                        .object([
                                            JSONMember("name", .string(o.name)),
                                            JSONMember("status", .string(o.status.rawValue)),
                                            JSONMember("worst", number(o.worst)),
                                            JSONMember(
                                                "worstIndex", o.worstIndex.map { .array($0.map(JSON.integer)) } ?? .null
                                            ),
                                            JSONMember("worstObserved", number(o.worstObserved)),
                                            JSONMember("worstExpected", number(o.worstExpected)),
                                            JSONMember("flags", flags(o.flags)),
                                        ])
                                    })),
                        ])
                    })),
        ])
    }
}
