import Logging
import Testing

@testable import Mailer

@Suite struct SMTPClassificationTests {
    @Test func replyLinesGiveCodeAndEnhancedStatus() {
        #expect(SMTPReplyLine(Array("550 5.1.1 mailbox unavailable\r\n".utf8)) == SMTPReplyLine(code: 550, enhancedStatus: "5.1.1"))
        #expect(SMTPReplyLine(Array("451 4.3.0 try again later\r\n".utf8)) == SMTPReplyLine(code: 451, enhancedStatus: "4.3.0"))
        #expect(SMTPReplyLine(Array("250-SIZE 33554432\r\n".utf8)) == SMTPReplyLine(code: 250, enhancedStatus: nil))
        #expect(SMTPReplyLine(Array("550 4.1.1 class differs from the code\r\n".utf8))?.enhancedStatus == nil)
        #expect(SMTPReplyLine(Array("220\r\n".utf8)) == SMTPReplyLine(code: 220, enhancedStatus: nil))
        #expect(SMTPReplyLine(Array("hello".utf8)) == nil)
    }

    @Test func repliesAndTransportFailuresAreClassified() throws {
        let ok = try SMTPFailureClassifier.classify(.ok, reply: .init(code: 250, enhancedStatus: "2.0.0"), message: "").get()
        #expect(ok.code == 250)

        let cases: [(CurlStatus, SMTPReplyLine, MailError.Kind, Int?)] = [
            (.other, .init(code: 451, enhancedStatus: "4.3.0"), .temporary, 451),
            (.other, .init(code: 421, enhancedStatus: nil), .temporary, 421),
            (.other, .init(code: 550, enhancedStatus: "5.1.1"), .permanent, 550),
            (.other, .init(code: 535, enhancedStatus: "5.7.8"), .permanent, 535),
            (.other, .init(code: 0, enhancedStatus: nil), .connection, nil),
            (.other, .init(code: 354, enhancedStatus: nil), .connection, nil),
            (.timedOut, .init(code: 0, enhancedStatus: nil), .connection, nil),
            (.timedOut, .init(code: 451, enhancedStatus: nil), .connection, nil),
            (.abortedByCallback, .init(code: 250, enhancedStatus: nil), .connection, nil),
        ]
        for (status, reply, kind, code) in cases {
            let result = SMTPFailureClassifier.classify(status, reply: reply, message: "libcurl says no")
            guard case .failure(let error) = result else {
                Issue.record("\(status) \(reply) succeeded")
                continue
            }
            #expect(error.kind == kind, "\(status) \(reply)")
            #expect(error.replyCode == code, "\(status) \(reply)")
            #expect(error.isRetryable == (kind != .permanent))
        }
        let bounce = SMTPFailureClassifier.classify(.other, reply: .init(code: 550, enhancedStatus: "5.1.1"), message: "RCPT failed: 550")
        guard case .failure(let error) = bounce else { return }
        #expect(error.enhancedStatus == "5.1.1")
        #expect(error.description == "mail permanent (550 5.1.1): server refused: RCPT failed: 550")
    }

    @Test func configurationIsChecked() throws {
        let logger = Logger(label: "test")
        var configuration = SMTPMailer.Configuration(url: "smtp://127.0.0.1:2525")
        #expect(try SMTPEndpoint(configuration).curlURL == "smtp://127.0.0.1:2525/passerelle.local")
        configuration.url = "smtps://mail.example.fr/"
        configuration.heloName = "hub.example.fr"
        #expect(try SMTPEndpoint(configuration).curlURL == "smtps://mail.example.fr/hub.example.fr")
        configuration.url = "smtp://[::1]:2525"
        #expect(try SMTPEndpoint(configuration).host == "[::1]")

        let refused: [(String, (inout SMTPMailer.Configuration) -> Void)] = [
            ("configuration.url", { $0.url = "http://127.0.0.1:2525" }),
            ("configuration.url", { $0.url = "smtp://user:secret@mail.example.fr" }),
            ("configuration.url", { $0.url = "smtp://mail.example.fr/path" }),
            ("configuration.url", { $0.url = "smtp://mail.example.fr:99999" }),
            ("configuration.url", { $0.url = "smtp://:25" }),
            ("configuration.heloName", { $0.heloName = "hub example" }),
            ("configuration.credentials", {
                $0.url = "smtp://mail.example.fr:587"
                $0.credentials = .init(username: "hub", password: "s3cret")
            }),
        ]
        for (field, mutate) in refused {
            var configuration = SMTPMailer.Configuration(url: "smtp://127.0.0.1:2525")
            mutate(&configuration)
            do {
                _ = try SMTPMailer(configuration: configuration, logger: logger)
                Issue.record("accepted: \(field)")
            } catch {
                #expect(error.kind == .invalid)
                #expect(error.detail.hasPrefix(field + ":"), "\(error.detail)")
                #expect(!error.detail.contains("s3cret") && !error.detail.contains("secret"))
            }
        }
    }

    @Test func loginIsAllowedOverTLSOrLoopbackAndNeverShown() throws {
        var configuration = SMTPMailer.Configuration(url: "smtp://mail.example.fr:587")
        configuration.credentials = .init(username: "hub", password: "s3cret")
        configuration.startTLS = .required
        _ = try SMTPMailer(configuration: configuration, logger: Logger(label: "test"))
        configuration.url = "smtps://mail.example.fr"
        configuration.startTLS = .never
        _ = try SMTPMailer(configuration: configuration, logger: Logger(label: "test"))
        configuration.url = "smtp://localhost:2525"
        _ = try SMTPMailer(configuration: configuration, logger: Logger(label: "test"))

        let shown = "\(configuration)" + String(reflecting: configuration.credentials!)
        #expect(!shown.contains("s3cret"))
        #expect(!shown.contains("hub"))
    }
}
