import Foundation
import Logging
import Testing

@testable import Mailer

/// SMTPMailer against a real SMTP server: a private `scripts/lib/smtp_sink.py` per test.
@Suite(.enabled(if: SinkEnvironment.enabled, "needs /usr/bin/python3 with aiosmtpd (python3-aiosmtpd)"))
struct SMTPMailerIntegrationTests {
    func mailer(_ url: String, configure: (inout SMTPMailer.Configuration) -> Void = { _ in }) throws -> SMTPMailer {
        var configuration = SMTPMailer.Configuration(url: url)
        configuration.connectTimeout = .seconds(2)
        configuration.timeout = .seconds(10)
        configure(&configuration)
        return try SMTPMailer(configuration: configuration, logger: Logger(label: "passerelle.tests.mail"))
    }

    func message(to recipients: [String], subject: String = "Avis", text: String = "Bonjour\n") -> MailMessage {
        MailMessage(
            from: MailAddress("alertes@passerelle.example.fr", name: "Passerelle"),
            to: recipients.map { MailAddress($0) },
            subject: subject,
            textBody: text,
            headers: [
                MailHeader("List-Unsubscribe", "<https://passerelle.example.fr/u/0f1e2d3c4b5a>"),
                MailHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
            ],
            messageID: "\(UUID().uuidString.lowercased())@passerelle.local"
        )
    }

    @Test func deliveredMessageLandsOnDiskWithItsEnvelopeAndHeaders() async throws {
        try await withSMTPSink { sink in
            let message = self.message(to: ["jeanne.martin@example.fr", "paul.durand@example.fr"])
            let receipt = try await self.mailer(sink.url).send(message)
            #expect(receipt == MailReceipt(messageID: message.messageID, replyCode: 250))

            let stored = try #require(try sink.messages().first)
            #expect(try sink.messages().count == 1)
            #expect(stored.mailFrom == "alertes@passerelle.example.fr")
            #expect(stored.rcptTos == ["jeanne.martin@example.fr", "paul.durand@example.fr"])
            #expect(stored.messageID == message.messageID)
            #expect(stored.size == stored.raw.utf8.count)
            let headers = MIMETestDecoding.split(stored.raw).headers
            #expect(MIMETestDecoding.field("To", in: headers) == "<jeanne.martin@example.fr>, <paul.durand@example.fr>")
            #expect(MIMETestDecoding.field("List-Unsubscribe", in: headers) == "<https://passerelle.example.fr/u/0f1e2d3c4b5a>")
            #expect(MIMETestDecoding.field("List-Unsubscribe-Post", in: headers) == "List-Unsubscribe=One-Click")
        }
    }

    @Test func bounceRecipientIsAPermanent550() async throws {
        try await withSMTPSink { sink in
            let error = await #expect(throws: MailError.self) {
                try await self.mailer(sink.url).send(self.message(to: ["bounce-jeanne@example.fr"]))
            }
            #expect(error?.kind == .permanent)
            #expect(error?.replyCode == 550)
            #expect(error?.enhancedStatus == "5.1.1")
            #expect(error?.isRetryable == false)
            let stored = try sink.messages()
            #expect(stored.isEmpty)
        }
    }

    @Test func tempfailRecipientIsTemporaryTwiceThenDelivered() async throws {
        try await withSMTPSink { sink in
            let mailer = try self.mailer(sink.url)
            let message = self.message(to: ["tempfail2-jeanne@example.fr"])
            for _ in 1...2 {
                let error = await #expect(throws: MailError.self) { try await mailer.send(message) }
                #expect(error?.kind == .temporary)
                #expect(error?.replyCode == 451)
                #expect(error?.enhancedStatus == "4.3.0")
                #expect(error?.isRetryable == true)
            }
            #expect(try sink.messages().isEmpty)
            #expect(try await mailer.send(message).replyCode == 250)
            #expect(try sink.messages().map(\.rcptTos) == [["tempfail2-jeanne@example.fr"]])
        }
    }

    @Test func stoppedSinkIsAConnectionFailure() async throws {
        try await withSMTPSink { sink in
            await sink.stop()
            let error = await #expect(throws: MailError.self) {
                try await self.mailer(sink.url).send(self.message(to: ["jeanne.martin@example.fr"]))
            }
            #expect(error?.kind == .connection)
            #expect(error?.replyCode == nil)
            #expect(error?.isRetryable == true)
        }
    }

    @Test func bodyLinesStartingWithADotArriveIntact() async throws {
        try await withSMTPSink { sink in
            let text = ".\n.hidden file\n..two dots\nend\n."
            _ = try await self.mailer(sink.url).send(self.message(to: ["a@example.fr"], text: text))
            let stored = try #require(try sink.messages().first)
            #expect(MIMETestDecoding.quotedPrintable(MIMETestDecoding.split(stored.raw).body)
                == text.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n")

            // A raw text whose very first line is a dot: libcurl stuffs that one too.
            let raw = Array(".first\r\n.\r\nSubject: x\r\n".utf8)
            _ = try await self.mailer(sink.url).transfer(payload: raw, from: "a@example.fr", to: ["b@example.fr"], messageID: "r@x")
            #expect(try sink.messages().last?.raw == ".first\r\n.\r\nSubject: x\r\n")
        }
    }

    @Test func utf8SubjectAndNameSurviveTheRoundTrip() async throws {
        try await withSMTPSink { sink in
            let subject = "Réponse publiée : « Réfection de la voirie » — délai prolongé jusqu'au 15 août 2025 à 12 h"
            var message = self.message(to: ["helene@example.fr"], subject: subject)
            message.to[0].name = "Hélène Dubois"
            _ = try await self.mailer(sink.url).send(message)
            let stored = try #require(try sink.messages().first)
            #expect(stored.subject == subject)
            let to = MIMETestDecoding.field("To", in: MIMETestDecoding.split(stored.raw).headers)
            #expect(to == "=?UTF-8?Q?H=C3=A9l=C3=A8ne_Dubois?= <helene@example.fr>")
        }
    }

    @Test func requiredSTARTTLSRefusesAServerWithoutIt() async throws {
        try await withSMTPSink { sink in
            let mailer = try self.mailer(sink.url) { $0.startTLS = .required }
            let error = await #expect(throws: MailError.self) { try await mailer.send(self.message(to: ["a@example.fr"])) }
            #expect(error?.kind == .connection)
            #expect(try sink.messages().isEmpty)
            // The default (.ifOffered) goes on in plain text with this sink.
            #expect(try await self.mailer(sink.url).send(self.message(to: ["a@example.fr"])).replyCode == 250)
        }
    }

    @Test func invalidMessageIsRefusedBeforeConnecting() async throws {
        // Port 9 (discard) is never contacted: validation fails first.
        let mailer = try self.mailer("smtp://127.0.0.1:9")
        let error = await #expect(throws: MailError.self) {
            try await mailer.send(self.message(to: ["jeanne@example.fr\r\nDATA"]))
        }
        #expect(error?.kind == .invalid)
    }

    @Test func concurrentSendsAllArrive() async throws {
        try await withSMTPSink { sink in
            let mailer = try self.mailer(sink.url)
            try await withThrowingTaskGroup(of: MailReceipt.self) { group in
                for index in 0..<8 {
                    group.addTask { try await mailer.send(self.message(to: ["r\(index)@example.fr"])) }
                }
                for try await receipt in group {
                    #expect(receipt.replyCode == 250)
                }
            }
            #expect(Set(try sink.messages().flatMap(\.rcptTos)) == Set((0..<8).map { "r\($0)@example.fr" }))
        }
    }
}
