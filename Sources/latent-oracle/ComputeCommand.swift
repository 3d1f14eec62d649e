import OracleFixtures

/// `latent-oracle compute`: certified expected outputs for the user's own inputs.
struct ComputeCommand: Command {
    let name = "compute"
    let summary = "certified expected outputs for your own inputs, by the code path that made the golden files"
    let help = """
        Usage: latent-oracle compute --group FAMILY/VARIANT/GROUP --inputs FILE [--out FILE]
               latent-oracle compute --cases FILE [--out FILE]

        --inputs FILE holds one input set as a JSON object in the fixture value format (reals as
        { "double", "hex", "accuracy" }, arrays as { "shape", "data" }; Fixtures/README.md), or a
        JSON array of such objects. The answer is { "expected": …, "tolerance": … } (an array for an
        array), where "expected" is the fixture's expected object with each real's accuracy, and
        "tolerance" the one the golden files attach. Inputs the model must refuse answer
        { "expected": { "error": KIND } } like a refusal case.

        --cases FILE takes a whole fixture-shaped file whose cases have no "expected" and fills
        every case in, in the canonical form.

        'latent-oracle groups' lists the groups with their declared inputs and outputs.
        Exit status: 0 when answered, 2 with one line on standard error for a bad request.

        Options:
          --group G      the group, as family/variant/group
          --inputs FILE  one input set, or an array of them
          --cases FILE   a fixture-shaped file to fill in
          --out FILE     write the answer there (atomically) instead of standard output
        """

    func run(_ arguments: [String]) throws(CommandError) -> Int32 {
        let options = try Options(arguments, command: name, valued: ["group", "inputs", "cases", "out"])
        let text: String
        switch (options.value("group"), options.value("inputs"), options.value("cases")) {
        case (let group?, let inputsPath?, nil):
            text = try answer(group: group, bytes: try read(inputsPath), source: inputsPath)
        case (nil, nil, let casesPath?):
            let bytes = try read(casesPath)
            do {
                text = try EvaluationRequests.fillCases(bytes, source: casesPath)
            } catch {
                throw CommandError(error)
            }
        default:
            throw CommandError("give --group with --inputs, or --cases alone", "run 'latent-oracle compute --help'")
        }
        if let out = options.value("out") {
            do { try FixtureDirectory.writeFileAtomically(text, to: out) } catch { throw CommandError(error) }
        } else {
            print(text, terminator: "")
        }
        return ExitStatus.success
    }

    func read(_ path: String) throws(CommandError) -> [UInt8] {
        let bytes: [UInt8]?
        do { bytes = try FixtureDirectory.readFile(path) } catch { throw CommandError(error) }
        guard let bytes else { throw CommandError("no file at '\(path)'", "give the path of an existing JSON file") }
        return bytes
    }

    func answer(group: String, bytes: [UInt8], source: String) throws(CommandError) -> String {
        do {
            let evaluator = try EvaluatorRegistry.evaluator(named: group)
            let root = try EvaluationRequests.parse(bytes, source: source)
            if case .array(let sets) = root.kind {
                var answers: [JSON] = []
                for (i, set) in sets.enumerated() {
                    let inputs = try EvaluationRequests.inputs(set, source: source, path: "[\(i)]")
                    answers.append(EvaluationRequests.json(try evaluator.evaluate(inputs)))
                }
                return JSONWriter.write(.array(answers))
            }
            let inputs = try EvaluationRequests.inputs(root, source: source)
            return JSONWriter.write(EvaluationRequests.json(try evaluator.evaluate(inputs)))
        } catch {
            throw CommandError(error)
        }
    }
}

extension CommandError {
    /// A request error keeps its group, field, problem and remedy on one line.
    init(_ error: EvaluationError) {
        let place = [error.group, error.field].filter { !$0.isEmpty }.joined(separator: ": ")
        self.init((place.isEmpty ? "" : place + ": ") + error.problem, error.remedy)
    }
}
