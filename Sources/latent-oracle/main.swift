// latent-oracle: the command-line face of LatentOracle. Dispatch only; each command lives in
// its own file and parses its own options.
import Foundation

let commands: [any Command] = [
    AboutCommand(),
    ExportCommand(),
    CheckCommand(),
    VerifyCommand(),
    ComputeCommand(),
    GroupsCommand(),
    ServeCommand(),
    ListCommand(),
    PlotCommand(),
    BenchCommand(),
    StrdCommand(),
]

exit(Dispatcher(commands: commands).run(Array(CommandLine.arguments.dropFirst())))
