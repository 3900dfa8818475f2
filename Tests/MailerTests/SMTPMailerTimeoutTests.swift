import Foundation
import Logging
import Testing

@testable import Mailer

/// SMTPMailer against a server that never greets: the total timeout and task cancellation both end the
/// blocking transfer with `.connection`.
@Suite(.enabled(if: SinkEnvironment.enabled, "needs /usr/bin/python3"))
struct SMTPMailerTimeoutTests {
    func message() -> MailMessage {
        MailMessage(
            from: MailAddress("alertes@passerelle.example.fr"),
            to: [MailAddress("jeanne.martin@example.fr")],
            subject: "Avis",
            textBody: "Bonjour",
            messageID: "t-1@passerelle.local"
        )
    }

    @Test func silentServerTimesOut() async throws {
        let server = try await SMTPSink.startSilent()
        var configuration = SMTPMailer.Configuration(url: server.url)
        configuration.timeout = .milliseconds(800)
        let mailer = try SMTPMailer(configuration: configuration, logger: Logger(label: "test"))
        let started = ContinuousClock.now
        let error = await #expect(throws: MailError.self) { try await mailer.send(self.message()) }
        #expect(error?.kind == .connection)
        #expect(error?.detail.hasPrefix("timed out") == true)
        #expect(ContinuousClock.now - started < .seconds(5))
        await server.shutdown()
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        let server = try await SMTPSink.startSilent()
        var configuration = SMTPMailer.Configuration(url: server.url)
        configuration.timeout = .seconds(60)
        let mailer = try SMTPMailer(configuration: configuration, logger: Logger(label: "test"))
        let message = self.message()
        let started = ContinuousClock.now
        let send = Task { try await mailer.send(message) }
        try await Task.sleep(for: .milliseconds(300))
        send.cancel()
        let result = await send.result
        guard case .failure(let error as MailError) = result else {
            Issue.record("expected a MailError, got \(result)")
            await server.shutdown()
            return
        }
        #expect(error.kind == .connection)
        #expect(error.detail == "send cancelled")
        // Well before the 60 s timeout: the cancellation ended it (a loaded 2-core CI run once took 6.6 s).
        #expect(ContinuousClock.now - started < .seconds(30))
        await server.shutdown()
    }
}
