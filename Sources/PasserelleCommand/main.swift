import ArgumentParser
import Foundation
import Logging
import PasserelleCLI

// The whole `passerelle` executable: route logs to standard error, then parse and run the command tree.
// `Passerelle.main()` prints any error and exits with its code (`ExitCode`, or 64 for usage errors).

/// Parses the arguments and runs the chosen subcommand.
///
/// > Note: This must be an `async` function. In top-level code the compiler picks the synchronous
/// > `ParsableCommand.main()`, which cannot run an `AsyncParsableCommand`; inside an `async` function
/// > it picks `AsyncParsableCommand.main()`.
func runPasserelle() async {
    await Passerelle.main()
}

let level = ProcessInfo.processInfo.environment["PASSERELLE_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) }
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = level ?? .warning
    return handler
}
await runPasserelle()
