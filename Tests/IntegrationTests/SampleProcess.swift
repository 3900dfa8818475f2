import Foundation
import ServiceRuntimeTesting
import Messaging
import Storage

/// A sample service (`passerelle-sample alpha|beta`) running as its own process, for kill -9 and SIGTERM.
final class SampleProcess: @unchecked Sendable {
    let process = Process()
    let log: URL

    /// The built `passerelle-sample`, next to the test bundle.
    static func binary() throws -> URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("passerelle-sample")
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        for candidate in [besideTests, root.appendingPathComponent(".build/debug/passerelle-sample")]
        where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        throw IntegrationEnvironment.CommandFailure(command: "find passerelle-sample", status: -1, output: "not built")
    }

    /// Starts `passerelle-sample <service>` for the bed's vhost and database.
    init(_ service: String, bed: RuntimeTestBed) throws {
        let amqp = try bed.topologyBed.amqp(service, as: service)
        let vhost = amqp.virtualHost.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? amqp.virtualHost
        let password = amqp.password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? amqp.password
        // The service's own login role, and its owner role for the migrations, as in production.
        let postgres = try bed.roles.login(service, admin: RuntimeTestBed.postgres(database: bed.database))
        let pgPassword = (postgres.password ?? "").addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        var environment = ProcessInfo.processInfo.environment
        let upper = service.uppercased()
        environment["PASSERELLE_\(upper)_AMQP_URL"] =
            "amqp://\(amqp.username):\(password)@\(amqp.host):\(amqp.port)/\(vhost)"
        environment["PASSERELLE_\(upper)_PG_URL"] =
            "postgres://\(postgres.user ?? ""):\(pgPassword)@\(postgres.host ?? "127.0.0.1"):\(postgres.port ?? 5432)/\(bed.database)"
        environment["PASSERELLE_\(upper)_PG_OWNER"] = bed.roles.names(service)?.owner
        environment["PASSERELLE_CONTRACTS"] = RuntimeTestBed.samplesURL.path
        environment["PASSERELLE_LOG_LEVEL"] = "warning"
        environment.removeValue(forKey: "PASSERELLE_TOPOLOGY")
        self.log = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-sample-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: self.log.path, contents: nil)
        self.process.executableURL = try Self.binary()
        self.process.arguments = [service]
        self.process.environment = environment
        self.process.standardOutput = FileHandle.nullDevice
        self.process.standardError = try FileHandle(forWritingTo: self.log)
        try self.process.run()
    }

    var pid: Int32 { self.process.processIdentifier }

    /// Sends a signal.
    func signal(_ signal: Int32) {
        kill(self.pid, signal)
    }

    /// Waits for the exit and returns the exit code, 128 + the signal when killed (or `nil` after `timeout`).
    func waitForExit(timeout: Duration) async -> Int32? {
        await ChildExit.wait(for: self.process, timeout: timeout)
    }

    /// What the process wrote on standard error.
    var output: String {
        (try? String(contentsOf: self.log, encoding: .utf8)) ?? ""
    }

    /// Kills it if still running and removes the log.
    func cleanUp() {
        if kill(self.pid, 0) == 0 {
            kill(self.pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(self.pid, &status, 0)
        }
        try? FileManager.default.removeItem(at: self.log)
    }
}

/// Waits for a child with `waitpid`: Foundation's `Process` on Linux does not always reap a child that
/// started a daemon (observed with `scripts/infra restart-postgres`), so `isRunning` can stay true.
enum ChildExit {
    static func wait(for process: Process, timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            var status: Int32 = 0
            let result = waitpid(process.processIdentifier, &status, WNOHANG)
            if result == process.processIdentifier {
                let signal = status & 0x7f
                return signal == 0 ? (status >> 8) & 0xff : 128 + signal
            }
            if result == -1 {
                // Foundation reaped it first.
                while process.isRunning && ContinuousClock.now < deadline {
                    try? await Task.sleep(for: .milliseconds(20))
                }
                return process.isRunning ? nil : process.terminationStatus
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }
}
