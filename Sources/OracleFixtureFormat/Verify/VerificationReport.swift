/// A flag of a case and what its note says.
public struct FlagNote: Sendable, Equatable {
    public var flag: String
    public var note: String
}

/// The verdict on one expected output of a case (or on the refusal of a refusal case, named
/// `"error"`).
public struct OutputVerdict: Sendable {
    public enum Status: String, Sendable {
        case passed = "PASS", failed = "FAIL", notChecked = "NOT-CHECKED"
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
        case passed = "PASS", failed = "FAIL", missing = "MISSING"
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

    public init(id: String, kind: Kind, status: Status, flags: [FlagNote], worst: Double?, measure: String,
                bound: String, detail: String) {
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

    public var passed: Int { verdicts.count { $0.status == .passed } }
    public var failed: Int { verdicts.count { $0.status == .failed } }
    public var missing: Int { verdicts.count { $0.status == .missing } }
    public var notAttempted: Int { verdicts.count { $0.status == .notAttempted } }
    public var notCheckedAtFloat32: Int { verdicts.count { $0.status == .notCheckedAtFloat32 } }
    /// Expected outputs of the numerics cases with a result, and how many of them were checked.
    public var outputsExpected: Int { verdicts.reduce(0) { $0 + ($1.kind == .numerics ? $1.outputs.count : 0) } }
    public var outputsChecked: Int {
        verdicts.reduce(0) { $0 + ($1.kind == .numerics ? $1.outputs.count { $0.status != .notChecked } : 0) }
    }

    public func count(_ kind: CaseVerdict.Kind, _ status: CaseVerdict.Status) -> Int {
        verdicts.count { $0.kind == kind && $0.status == status }
    }

    /// No case failed, none is missing or not attempted, and at least one passed.
    public var isSuccess: Bool { failed == 0 && missing == 0 && notAttempted == 0 && passed > 0 }

    /// `numerics: N passed, M failed, K missing, J not attempted (C of E outputs checked);
    /// validation: …; float64`, with the counts that are not zero among the rarer ones.
    public var summary: String {
        Self.summary(of: [self])
    }

    /// The summary line over several reports (a folder of results files).
    public static func summary(of reports: [VerificationReport]) -> String {
        func total(_ f: (VerificationReport) -> Int) -> Int { reports.reduce(0) { $0 + f($1) } }
        var numerics = "numerics: \(total { $0.count(.numerics, .passed) }) passed,"
            + " \(total { $0.count(.numerics, .failed) }) failed, \(total { $0.count(.numerics, .missing) }) missing,"
            + " \(total(\.notAttempted)) not attempted"
        let unchecked32 = total(\.notCheckedAtFloat32)
        if unchecked32 > 0 { numerics += ", \(unchecked32) not checked at float32" }
        numerics += " (\(total(\.outputsChecked)) of \(total(\.outputsExpected)) outputs checked)"
        var validation = "validation: \(total { $0.count(.validation, .passed) }) passed,"
            + " \(total { $0.count(.validation, .failed) }) failed, \(total { $0.count(.validation, .missing) }) missing"
        let numbers = total { r in r.verdicts.count { $0.mismatch == .numbersForRefusal } }
        let kinds = total { r in r.verdicts.count { $0.mismatch == .wrongErrorKind } }
        var notes: [String] = []
        if numbers > 0 { notes.append("\(numbers) returned numbers") }
        if kinds > 0 { notes.append("\(kinds) with another error kind") }
        if reports.contains(where: \.options.lenientErrorKinds) { notes.append("error kinds not compared") }
        if !notes.isEmpty { validation += " (\(notes.joined(separator: ", ")))" }
        let refusedNumbers = total { r in r.verdicts.count { $0.mismatch == .refusalForNumbers } }
        if refusedNumbers > 0 { numerics += "; \(refusedNumbers) refused where numbers are expected" }
        var parts = [numerics, validation]
        let precisions = Set(reports.map(\.precision.rawValue)).sorted()
        parts.append("precision \(precisions.joined(separator: ", "))")
        let outOfScope = total(\.outOfScope)
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
        return .object([
            JSONMember("schema", .string("latent-oracle-report")),
            JSONMember("schemaVersion", .integer(OracleVersion.schemaVersion)),
            JSONMember("family", .string(family)),
            JSONMember("variant", .string(variant)),
            JSONMember("implementation", .string(implementation)),
            JSONMember("precision", .string(precision.rawValue)),
            JSONMember("requireAllOutputs", .bool(options.requireAllOutputs)),
            JSONMember("lenientErrorKinds", .bool(options.lenientErrorKinds)),
            JSONMember("passed", .integer(passed)),
            JSONMember("failed", .integer(failed)),
            JSONMember("missing", .integer(missing)),
            JSONMember("notAttempted", .integer(notAttempted)),
            JSONMember("notCheckedAtFloat32", .integer(notCheckedAtFloat32)),
            JSONMember("outOfScope", .integer(outOfScope)),
            JSONMember("outputsChecked", .integer(outputsChecked)),
            JSONMember("outputsExpected", .integer(outputsExpected)),
            JSONMember("unknown", .array(unknownCaseIDs.map(JSON.string))),
            JSONMember("cases", .array(verdicts.map { v in
                .object([
                    JSONMember("id", .string(v.id)),
                    JSONMember("kind", .string(v.kind.rawValue)),
                    JSONMember("status", .string(v.status.rawValue)),
                    JSONMember("flags", flags(v.flags)),
                    JSONMember("worst", number(v.worst)),
                    JSONMember("measure", .string(v.measure)),
                    JSONMember("detail", .string(v.detail)),
                    JSONMember("mismatch", v.mismatch.map { .string($0.rawValue) } ?? .null),
                    JSONMember("outputs", .array(v.outputs.map { o in
                        .object([
                            JSONMember("name", .string(o.name)),
                            JSONMember("status", .string(o.status.rawValue)),
                            JSONMember("worst", number(o.worst)),
                            JSONMember("worstIndex", o.worstIndex.map { .array($0.map(JSON.integer)) } ?? .null),
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
