import ArgumentParser
import Foundation
import Logging
import PasserelleCLI

// The whole `passerelle` executable: route logs to standard error, then parse and run the command tree.
// Exit codes follow the project's convention: 0 ok, 1 a failure was found, 2 a usage error.

/// Parses the arguments, runs the chosen subcommand and exits.
///
/// argument-parser exits with 64 (`EX_USAGE`) on a usage error; Passerelle's convention is 2, as for
/// most Unix tools, so usage errors are mapped here. Every other outcome keeps argument-parser's code.
func runPasserelle() async -> Never {
    do {
        var command = try Passerelle.parseAsRoot()
        if var asyncCommand = command as? any AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            try command.run()
        }
        exit(0)
    } catch {
        if Passerelle.exitCode(for: error) == .validationFailure {
            FileHandle.standardError.write(Data((Passerelle.fullMessage(for: error) + "\n").utf8))
            exit(2)
        }
        Passerelle.exit(withError: error)
    }
}

let level = ProcessInfo.processInfo.environment["PASSERELLE_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) }
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = level ?? .warning
    return handler
}
await runPasserelle()
