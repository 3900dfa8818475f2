import ArgumentParser
import Foundation
import Logging

/// The whole `main` of `passerelle` and `passerelle-bench`: logs to standard error (at
/// `PASSERELLE_LOG_LEVEL`, default `warning`), then parse, run and exit with the project's codes: 0 ok,
/// 1 a failure was found, 2 a usage error (argument-parser's 64, `EX_USAGE`, becomes 2 as for most Unix tools).
package enum CommandRunner {
    package static func run<Root: ParsableCommand>(_ root: Root.Type) async -> Never {
        let level = ProcessInfo.processInfo.environment["PASSERELLE_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level ?? .warning
            return handler
        }
        do {
            var command = try Root.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            exit(0)
        } catch {
            if Root.exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((Root.fullMessage(for: error) + "\n").utf8))
                exit(2)
            }
            Root.exit(withError: error)
        }
    }
}
