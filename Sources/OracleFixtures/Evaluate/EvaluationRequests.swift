/// Requests to the evaluators in the fixture value format: the parsing and answering shared by
/// `latent-oracle compute` and `latent-oracle serve`.
///
/// A request never traps: every malformed request becomes an `EvaluationError`, and the work
/// is linear in the request's size (the parser is linear; the evaluators bound their sizes).
public enum EvaluationRequests {
    /// The largest request, in bytes: 64 MiB.
    public static let maximumRequestBytes = 64 << 20

    /// Decodes an inputs object in the fixture value format.
    public static func inputs(_ node: JSONNode, source: String, path: String = "inputs") throws(EvaluationError)
        -> OrderedMap<FixtureValue>
    {
        do {
            return try FixtureValue.decodeMap(node, path: path, context: DecodingContext(source: source))
        } catch {
            throw malformed(error)
        }
    }

    /// Parses a request document of at most `maximumRequestBytes`.
    public static func parse(_ bytes: [UInt8], source: String) throws(EvaluationError) -> JSONNode {
        guard bytes.count <= maximumRequestBytes else {
            throw EvaluationError(
                .malformedRequest, group: "",
                problem: "\(source) has \(bytes.count) bytes, over the limit of \(maximumRequestBytes)",
                remedy: "send smaller requests")
        }
        do {
            return try JSONParser.parse(bytes, source: source)
        } catch {
            throw malformed(error)
        }
    }

    static func malformed(_ error: FixtureError) -> EvaluationError {
        EvaluationError(
            .malformedRequest, group: "", problem: "\(error.location): \(error.problem)",
            remedy: error.remedy)
    }

    /// `{ "expected": …, "tolerance": … }` of one evaluation, in the fixture format.
    public static func json(_ evaluation: Evaluation) -> JSON {
        let expected: JSON
        switch evaluation.expected {
        case .values(let map): expected = map.json
        case .error(let kind): expected = .object([JSONMember("error", .string(kind))])
        }
        return .object([JSONMember("expected", expected), JSONMember("tolerance", evaluation.tolerance.json)])
    }

    /// `{ "kind", "group", "field", "message" }` of a request error.
    public static func json(_ error: EvaluationError) -> JSON {
        .object([
            JSONMember("kind", .string(error.kind.rawValue)), JSONMember("group", .string(error.group)),
            JSONMember("field", .string(error.field)), JSONMember("message", .string(error.description)),
        ])
    }

    /// Answers one JSON-lines request `{ "group", "inputs", "id"? }` with one line:
    /// `{ "id", "expected", "tolerance" }` or `{ "id", "error": { kind, group, field, message } }`.
    /// A request that is not even an object gets `"id": null`.
    public static func answerLine(_ bytes: [UInt8], lineNumber: Int) -> String {
        var id = JSON.null
        do {
            let node = try parse(bytes, source: "request \(lineNumber)")
            guard case .object(let members) = node.kind else {
                throw EvaluationError(
                    .malformedRequest, group: "",
                    problem: "request \(lineNumber) is not a JSON object",
                    remedy: "send { \"group\": \"family/variant/group\", \"inputs\": { … }, \"id\": … }")
            }
            if let idNode = members.first(where: { $0.key == "id" })?.value { id = plain(idNode) }
            for member in members where !["group", "inputs", "id"].contains(member.key) {
                throw EvaluationError(
                    .malformedRequest, group: "", field: member.key,
                    problem: "a request has no field \(FixtureError.quoted(member.key))",
                    remedy: "send only group, inputs and id")
            }
            guard let groupNode = members.first(where: { $0.key == "group" })?.value,
                case .string(let group) = groupNode.kind
            else {
                throw EvaluationError(
                    .malformedRequest, group: "", field: "group",
                    problem: "the request has no group string",
                    remedy: "add \"group\": \"family/variant/group\"")
            }
            let evaluator = try EvaluatorRegistry.evaluator(named: group)
            guard let inputsNode = members.first(where: { $0.key == "inputs" })?.value else {
                throw EvaluationError(
                    .malformedRequest, group: group, field: "inputs",
                    problem: "the request has no inputs", remedy: "add \"inputs\": { … }")
            }
            let evaluation = try evaluator.evaluate(inputs(inputsNode, source: "request \(lineNumber)"))
            guard case .object(let fields) = json(evaluation) else { return "" }
            return JSONWriter.writeLine(.object([JSONMember("id", id)] + fields))
        } catch let error as EvaluationError {
            return JSONWriter.writeLine(.object([JSONMember("id", id), JSONMember("error", json(error))]))
        } catch {
            let unexpected = EvaluationError.defect(group: "", "\(error)", reportWith: "the request")
            return JSONWriter.writeLine(.object([JSONMember("id", id), JSONMember("error", json(unexpected))]))
        }
    }

    /// The answer to a request line over `maximumRequestBytes`, which is never parsed.
    public static func tooLongLine(byteCount: Int, lineNumber: Int) -> String {
        let error = EvaluationError(
            .malformedRequest, group: "",
            problem: "request \(lineNumber) has \(byteCount) bytes, over the limit of \(maximumRequestBytes)",
            remedy: "send smaller requests")
        return JSONWriter.writeLine(.object([JSONMember("id", .null), JSONMember("error", json(error))]))
    }

    /// A parsed node back as a `JSON` value (for echoing a request's id).
    static func plain(_ node: JSONNode) -> JSON {
        switch node.kind {
        case .object(let members): return .object(members.map { JSONMember($0.key, plain($0.value)) })
        case .array(let elements): return .array(elements.map(plain))
        case .string(let s): return .string(s)
        case .number(let token): return .number(token)
        case .bool(let b): return .bool(b)
        case .null: return .null
        }
    }
}

extension EvaluationRequests {
    /// Fills in a fixture-shaped document whose cases lack `expected` (and `tolerance`): every case
    /// of every group is run through the group's evaluator, and the document is returned in the
    /// canonical form with each case's `expected` and `tolerance` after its `inputs`.
    public static func fillCases(_ bytes: [UInt8], source: String) throws(EvaluationError) -> String {
        let root = try parse(bytes, source: source)
        guard case .object(let top) = root.kind else {
            throw EvaluationError(
                .malformedRequest, group: "", problem: "\(source) is not a JSON object",
                remedy: "give a fixture-shaped file: { \"family\", \"variant\", \"testGroups\": [ … ] }")
        }
        func text(_ key: String) -> String? {
            if case .string(let s)? = top.first(where: { $0.key == key })?.value.kind { return s }
            return nil
        }
        guard let family = text("family"), let variant = text("variant"),
            case .array(let groups)? = top.first(where: { $0.key == "testGroups" })?.value.kind
        else {
            throw EvaluationError(
                .malformedRequest, group: "",
                problem: "\(source) lacks family, variant or testGroups",
                remedy: "give a fixture-shaped file: { \"family\", \"variant\", \"testGroups\": [ … ] }")
        }
        var filledGroups: [JSON] = []
        for (g, groupNode) in groups.enumerated() {
            guard case .object(let groupMembers) = groupNode.kind,
                case .string(let groupID)? = groupMembers.first(where: { $0.key == "id" })?.value.kind,
                case .array(let cases)? = groupMembers.first(where: { $0.key == "cases" })?.value.kind
            else {
                throw EvaluationError(
                    .malformedRequest, group: "", field: "testGroups[\(g)]",
                    problem: "a test group needs an id string and a cases array", remedy: "add them")
            }
            let evaluator = try EvaluatorRegistry.evaluator(named: "\(family)/\(variant)/\(groupID)")
            var filledCases: [JSON] = []
            for (c, caseNode) in cases.enumerated() {
                let path = "testGroups[\(g)].cases[\(c)]"
                guard case .object(let caseMembers) = caseNode.kind,
                    let inputsNode = caseMembers.first(where: { $0.key == "inputs" })?.value
                else {
                    throw EvaluationError(
                        .malformedRequest, group: evaluator.path.description, field: path,
                        problem: "a case needs an inputs object", remedy: "add \"inputs\": { … }")
                }
                let evaluation = try evaluator.evaluate(inputs(inputsNode, source: source, path: path + ".inputs"))
                guard case .object(let answer) = json(evaluation) else { continue }
                var members: [JSONMember] = []
                for member in caseMembers where !["expected", "tolerance"].contains(member.key) {
                    members.append(JSONMember(member.key, plain(member.value)))
                    if member.key == "inputs" { members += answer }
                }
                filledCases.append(.object(members))
            }
            filledGroups.append(
                .object(
                    groupMembers.map {
                        JSONMember($0.key, $0.key == "cases" ? .array(filledCases) : plain($0.value))
                    }))
        }
        return JSONWriter.write(
            .object(
                top.map {
                    JSONMember($0.key, $0.key == "testGroups" ? .array(filledGroups) : plain($0.value))
                }))
    }
}
