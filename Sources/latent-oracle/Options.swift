import OracleFixtures

/// Hand-written option parsing: `--name VALUE`, `--name=VALUE` and boolean `--name`.
/// Unknown options, missing values, repeats and positional arguments are refused.
struct Options {
    private var values: [String: String] = [:]
    private var switches: Set<String> = []

    /// - Parameters:
    ///   - valued: options that take a value (without the leading `--`).
    ///   - flags: options that take none.
    init(_ arguments: [String], command: String, valued: [String], flags: [String] = []) throws(CommandError) {
        var i = 0
        let helpHint = "run 'latent-oracle \(command) --help'"
        while i < arguments.count {
            let argument = arguments[i]
            guard argument.hasPrefix("--") else {
                throw CommandError("unexpected argument '\(argument)' to \(command)", helpHint)
            }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if flags.contains(name) {
                guard inlineValue == nil else { throw CommandError("--\(name) takes no value", helpHint) }
                switches.insert(name)
            } else if valued.contains(name) {
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    i += 1
                    guard i < arguments.count, !arguments[i].hasPrefix("--") else {
                        throw CommandError("--\(name) needs a value", helpHint)
                    }
                    value = arguments[i]
                }
                guard !value.isEmpty else { throw CommandError("--\(name) has an empty value", helpHint) }
                guard values[name] == nil else { throw CommandError("--\(name) is given twice", "give it once") }
                values[name] = value
            } else {
                throw CommandError("unknown option '--\(name)' for \(command)", helpHint)
            }
            i += 1
        }
    }

    func value(_ name: String) -> String? { values[name] }
    func isSet(_ name: String) -> Bool { switches.contains(name) }
}

/// The fixtures directory from `--fixtures`, which must exist; by default the repository's
/// `Fixtures/` (found from any folder, see `Repository`).
func fixturesDirectory(_ options: Options, option: String = "fixtures") throws(CommandError) -> FixtureDirectory {
    let given = options.value(option)
    var path = given ?? ""
    if given == nil { path = try Repository.path("Fixtures", option: option) }
    let directory = FixtureDirectory(path: path)
    guard directory.exists else {
        let remedy =
            given == nil
            ? "run from the repository root or pass --\(option) DIR" : "check the path, or pass --\(option) DIR"
        throw CommandError("no fixtures directory at '\(directory.path)'", remedy)
    }
    return directory
}
