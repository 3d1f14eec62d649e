import OracleFixtures

/// `latent-oracle list`: the fixture files with their groups, case counts and flags.
struct ListCommand: Command {
    let name = "list"
    let summary = "list fixture families, variants, groups, case counts and flags"
    let help = """
        Usage: latent-oracle list [--fixtures DIR]

        Lists every fixture file in DIR: family/variant, its test groups with case counts, and
        the bug-class flags its cases carry.

        Options:
          --fixtures DIR   the fixtures directory (default: Fixtures)
        """

    func run(_ arguments: [String]) throws(CommandError) -> Int32 {
        let options = try Options(arguments, command: name, valued: ["fixtures"])
        let directory = try fixturesDirectory(options)
        let files: [FixtureFile]
        do { files = try directory.loadAll() } catch { throw CommandError(error) }
        for file in files {
            print("\(file.family)/\(file.variant)  \(file.cases.count) cases  (\(file.proof.file))")
            for group in file.testGroups {
                print("  \(group.id): \(group.cases.count) cases")
            }
            print("  flags: \(file.flagsUsed.joined(separator: ", "))")
        }
        let total = files.reduce(0) { $0 + $1.cases.count }
        print("\(files.count) file(s), \(total) cases, \(Set(files.flatMap(\.flagsUsed)).count) flags")
        return ExitStatus.success
    }
}
