import ArgumentParser
import Foundation
import Logging

// `passerelle-bench`: logs to standard error, exit codes as `passerelle` (0 ok, 1 failure found, 2 usage error).

/// Parses the arguments, runs the chosen benchmark and exits (argument-parser's usage exit code 64 becomes 2).
func runBench() async -> Never {
    do {
        var command = try PasserelleBench.parseAsRoot()
        if var asyncCommand = command as? any AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            try command.run()
        }
        exit(0)
    } catch {
        if PasserelleBench.exitCode(for: error) == .validationFailure {
            FileHandle.standardError.write(Data((PasserelleBench.fullMessage(for: error) + "\n").utf8))
            exit(2)
        }
        PasserelleBench.exit(withError: error)
    }
}

let level = ProcessInfo.processInfo.environment["PASSERELLE_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) }
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = level ?? .warning
    return handler
}
await runBench()
