import Foundation
import OracleFixtures

/// One subcommand of `latent-oracle`.
protocol Command {
    var name: String { get }
    /// One line for the top-level help.
    var summary: String { get }
    /// The full `--help` text.
    var help: String { get }
    /// Runs with the arguments after the command name; returns the exit status.
    func run(_ arguments: [String]) throws(CommandError) -> Int32
}

/// A failure the user can fix: printed as one line, `latent-oracle: <problem>; <remedy>`.
struct CommandError: Error {
    var problem: String
    var remedy: String
    /// 2 for usage errors and unreadable input, 1 for failed checks.
    var status: Int32 = 2

    init(_ problem: String, _ remedy: String, status: Int32 = 2) {
        self.problem = problem
        self.remedy = remedy
        self.status = status
    }

    /// A fixture-layer error keeps its own location, problem and remedy.
    init(_ error: FixtureError) {
        self.init("\(error.location): \(error.problem)", error.remedy)
    }

    var line: String { "latent-oracle: \(problem); \(remedy)" }
}

/// Exit statuses.
enum ExitStatus {
    static let success: Int32 = 0
    static let failed: Int32 = 1
    static let usage: Int32 = 2
}

/// Top-level dispatch: `latent-oracle <command> [options]`, `help [command]`, `--help`, `--version`.
struct Dispatcher {
    let commands: [any Command]

    func run(_ arguments: [String]) -> Int32 {
        guard let first = arguments.first else {
            print(topLevelHelp)
            return ExitStatus.success
        }
        switch first {
        case "--help", "-h", "help":
            if arguments.count > 1, let command = commands.first(where: { $0.name == arguments[1] }) {
                print(command.help)
            } else {
                print(topLevelHelp)
            }
            return ExitStatus.success
        case "--version":
            print("latent-oracle \(OracleVersion.current)")
            return ExitStatus.success
        default:
            break
        }
        guard let command = commands.first(where: { $0.name == first }) else {
            return report(CommandError("unknown command '\(first)'", "run 'latent-oracle --help' for the commands"))
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            print(command.help)
            return ExitStatus.success
        }
        do {
            return try command.run(rest)
        } catch {
            return report(error)
        }
    }

    private func report(_ error: CommandError) -> Int32 {
        printError(error.line)
        return error.status
    }

    var topLevelHelp: String {
        let width = commands.map(\.name.count).max() ?? 0
        let lines = commands.map {
            "  " + $0.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.summary
        }
        return """
            latent-oracle \(OracleVersion.current): reference implementation and test oracle for latent-variable models

            Usage: latent-oracle <command> [options]
                   latent-oracle <command> --help

            Commands:
            \(lines.joined(separator: "\n"))

            Exit status: 0 success, 1 a check or verification failed, 2 bad usage or unreadable input.
            """
    }
}

/// Writes one line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
