import OracleFixtures

/// `latent-oracle groups`: every group that `compute` and `serve` answer, with its declaration.
struct GroupsCommand: Command {
    let name = "groups"
    let summary = "list the groups compute and serve answer, with their declared inputs and outputs"
    let help = """
        Usage: latent-oracle groups [--json]

        Lists every group that has an evaluator: family/variant/group, what it computes, and its
        inputs and outputs with kind, shape (in named sizes such as K and d) and meaning.
        --json prints the same as one JSON document.
        """

    func run(_ arguments: [String]) throws(CommandError) -> Int32 {
        let options = try Options(arguments, command: name, valued: [], flags: ["json"])
        let evaluators = EvaluatorRegistry.all
        if options.isSet("json") {
            print(JSONWriter.write(.array(evaluators.map(Self.json))), terminator: "")
            return ExitStatus.success
        }
        for evaluator in evaluators {
            print("\(evaluator.path)  \(evaluator.summary)  (sizes ≤ \(evaluator.sizeLimit))")
            for field in evaluator.inputs { print("  in   \(Self.line(field))") }
            for field in evaluator.outputs { print("  out  \(Self.line(field))") }
        }
        print("\(evaluators.count) group(s)")
        return ExitStatus.success
    }

    static func line(_ field: FieldDeclaration) -> String {
        let shape = field.shape.isEmpty ? "" : "[\(field.shape.joined(separator: ", "))]"
        let optional = field.isRequired ? "" : " (optional)"
        return "\(field.name): \(field.kind.rawValue)\(shape)\(optional) — \(field.meaning)"
    }

    static func json(_ field: FieldDeclaration) -> JSON {
        .object([
            JSONMember("name", .string(field.name)), JSONMember("kind", .string(field.kind.rawValue)),
            JSONMember("shape", .array(field.shape.map(JSON.string))),
            JSONMember("required", .bool(field.isRequired)),
            JSONMember("meaning", .string(field.meaning)),
        ])
    }

    static func json(_ evaluator: any GroupEvaluator) -> JSON {
        .object([
            JSONMember("group", .string(evaluator.path.description)),
            JSONMember("summary", .string(evaluator.summary)),
            JSONMember("sizeLimit", .integer(evaluator.sizeLimit)),
            JSONMember("inputs", .array(evaluator.inputs.map(json))),
            JSONMember("outputs", .array(evaluator.outputs.map(json))),
        ])
    }
}
