import Foundation
import Mailer
import Testing

/// 2025-07-01 08:30:00 UTC, a Tuesday.
let july1st: Double = 1_751_358_600

func sampleMessage(
    subject: String = "Nouvel appel d'offres",
    text: String = "Bonjour,\nUn avis vous concerne.\n",
    html: String? = nil,
    headers: [MailHeader] = []
) -> MailMessage {
    MailMessage(
        from: MailAddress("alertes@passerelle.example.fr", name: "Passerelle"),
        to: [MailAddress("jeanne.martin@example.fr", name: "Jeanne Martin")],
        subject: subject,
        textBody: text,
        htmlBody: html,
        headers: headers,
        messageID: "n-42@passerelle.local"
    )
}

@Suite struct MailComposerTests {
    let composer = MailComposer()

    @Test func writesTheFieldsInOrderWithCRLF() throws {
        let text = try self.composer.compose(sampleMessage(), secondsSince1970: july1st)
        let (headers, body) = MIMETestDecoding.split(text)
        #expect(MIMETestDecoding.rawFields(headers) == [
            "Date: Tue, 01 Jul 2025 08:30:00 +0000",
            "From: Passerelle <alertes@passerelle.example.fr>",
            "To: Jeanne Martin <jeanne.martin@example.fr>",
            "Subject: Nouvel appel d'offres",
            "Message-ID: <n-42@passerelle.local>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
        ])
        #expect(body == "Bonjour,\r\nUn avis vous concerne.\r\n")
        // Every line ends in CRLF: no bare CR or LF anywhere.
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains { $0 == "\r" || $0 == "\n" })
        #expect(text.utf8.allSatisfy { $0 < 0x80 })
    }

    @Test func listUnsubscribeHeadersComeAsGivenAfterTheMessageID() throws {
        let headers = [
            MailHeader("List-Unsubscribe", "<https://passerelle.example.fr/u/8f3a9c2e71d04b6a>"),
            MailHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
            MailHeader("X-Passerelle-Category", "tender-alerts"),
        ]
        let text = try self.composer.compose(sampleMessage(headers: headers), secondsSince1970: july1st)
        let fields = MIMETestDecoding.rawFields(MIMETestDecoding.split(text).headers)
        let index = try #require(fields.firstIndex(of: "Message-ID: <n-42@passerelle.local>"))
        #expect(Array(fields[(index + 1)...(index + 3)]) == [
            "List-Unsubscribe: <https://passerelle.example.fr/u/8f3a9c2e71d04b6a>",
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
            "X-Passerelle-Category: tender-alerts",
        ])
    }

    @Test func nonASCIISubjectBecomesEncodedWordsThatDecodeBack() throws {
        let subject = "Réponse publiée : « Réfection de la voirie communale » — délai prolongé jusqu'au 15 août"
        let text = try self.composer.compose(sampleMessage(subject: subject), secondsSince1970: july1st)
        let headers = MIMETestDecoding.split(text).headers
        let raw = try #require(MIMETestDecoding.rawFields(headers).first { $0.hasPrefix("Subject:") })
        let lines = raw.components(separatedBy: "\r\n")
        #expect(lines.count > 1, "a subject this long is folded")
        #expect(lines.allSatisfy { $0.count <= 76 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" =?UTF-8?Q?") })
        let value = String(raw.dropFirst("Subject: ".count))
        #expect(MIMETestDecoding.encodedWords(value) == subject)
    }

    @Test func shortFrenchSubjectIsOneEncodedWord() throws {
        let text = try self.composer.compose(sampleMessage(subject: "Nouvel avis : réfection de la voirie"), secondsSince1970: july1st)
        #expect(MIMETestDecoding.rawFields(MIMETestDecoding.split(text).headers).contains(
            "Subject: =?UTF-8?Q?Nouvel_avis_=3A_r=C3=A9fection_de_la_voirie?="))
    }

    @Test func encodedWordsNeverSplitACharacter() throws {
        let subject = String(repeating: "é", count: 40) + String(repeating: "👩🏽‍💼", count: 5)
        let text = try self.composer.compose(sampleMessage(subject: subject), secondsSince1970: july1st)
        let value = try #require(MIMETestDecoding.field("Subject", in: MIMETestDecoding.split(text).headers))
        // Each word decodes on its own to valid UTF-8 (no replacement character).
        for word in value.split(separator: " ") {
            #expect(!MIMETestDecoding.encodedWords(String(word)).contains("\u{FFFD}"))
        }
        #expect(MIMETestDecoding.encodedWords(value) == subject)
    }

    @Test func longASCIISubjectIsFoldedAtSpaces() throws {
        let subject = (1...20).map { "mot\($0)" }.joined(separator: " ") + "  double  espaces"
        let text = try self.composer.compose(sampleMessage(subject: subject), secondsSince1970: july1st)
        let raw = try #require(MIMETestDecoding.rawFields(MIMETestDecoding.split(text).headers).first {
            $0.hasPrefix("Subject:")
        })
        #expect(raw.components(separatedBy: "\r\n").count > 1)
        #expect(raw.components(separatedBy: "\r\n").allSatisfy { $0.count <= 76 })
        // Unfolding (removing each CRLF) gives the subject back, spaces included.
        #expect(raw.replacingOccurrences(of: "\r\n", with: "") == "Subject: " + subject)
    }

    @Test func frenchBodyIsQuotedPrintable() throws {
        let message = sampleMessage(text: "Été à Dijon — réunion reportée.\nÀ bientôt ")
        let body = MIMETestDecoding.split(try self.composer.compose(message, secondsSince1970: july1st)).body
        #expect(body == "=C3=89t=C3=A9 =C3=A0 Dijon =E2=80=94 r=C3=A9union report=C3=A9e.\r\n=C3=80 bient=C3=B4t=20\r\n")
    }

    @Test func displayNamesAreQuotedOrEncodedAsNeeded() throws {
        var message = sampleMessage()
        message.from = MailAddress("dce@passerelle.example.fr", name: "Mairie de Dijon, service \"marchés\"")
        message.to = [
            MailAddress("a@example.fr", name: "Martin, Jeanne"),
            MailAddress("b@example.fr"),
            MailAddress("c@example.fr", name: "Hélène Dubois"),
        ]
        let headers = MIMETestDecoding.split(try self.composer.compose(message, secondsSince1970: july1st)).headers
        let from = try #require(MIMETestDecoding.field("From", in: headers))
        #expect(from.hasSuffix(" <dce@passerelle.example.fr>"))
        #expect(MIMETestDecoding.encodedWords(String(from.dropLast(" <dce@passerelle.example.fr>".count)))
            == "Mairie de Dijon, service \"marchés\"")
        let to = try #require(MIMETestDecoding.field("To", in: headers))
        #expect(to.hasPrefix("\"Martin, Jeanne\" <a@example.fr>, <b@example.fr>, =?UTF-8?Q?H=C3=A9l=C3=A8ne_Dubois?="))
        #expect(to.hasSuffix(" <c@example.fr>"))
    }

    @Test func htmlBodyMakesAMultipartAlternative() throws {
        let message = sampleMessage(text: "Texte brut é", html: "<p>Texte <b>riche</b> é</p>")
        let text = try self.composer.compose(message, secondsSince1970: july1st, boundary: "=_test_boundary")
        let (headers, body) = MIMETestDecoding.split(text)
        #expect(MIMETestDecoding.field("Content-Type", in: headers)
            == "multipart/alternative; boundary=\"=_test_boundary\"")
        #expect(MIMETestDecoding.field("Content-Transfer-Encoding", in: headers) == nil)
        #expect(body == """
            --=_test_boundary\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: quoted-printable\r
            \r
            Texte brut =C3=A9\r
            \r
            --=_test_boundary\r
            Content-Type: text/html; charset=utf-8\r
            Content-Transfer-Encoding: quoted-printable\r
            \r
            <p>Texte <b>riche</b> =C3=A9</p>\r
            \r
            --=_test_boundary--\r

            """)
    }

    @Test func defaultBoundaryCannotOccurInQuotedPrintable() throws {
        let text = try self.composer.compose(sampleMessage(html: "<p>x</p>"), secondsSince1970: july1st)
        let contentType = try #require(MIMETestDecoding.field("Content-Type", in: MIMETestDecoding.split(text).headers))
        #expect(contentType.hasPrefix("multipart/alternative; boundary=\"=_passerelle_"))
    }

    @Test(arguments: [
        ("subject", sampleMessage(subject: "Alerte\r\nBcc: victim@example.org")),
        ("subject", sampleMessage(subject: "Alerte\nX-Injected: 1")),
        ("headers[0].value", sampleMessage(headers: [MailHeader("List-Unsubscribe", "<https://x>\r\nBcc: a@b.fr")])),
        ("headers[0].name", sampleMessage(headers: [MailHeader("X-Bad\r\nBcc", "1")])),
        ("headers[0].name", sampleMessage(headers: [MailHeader("Bcc", "victim@example.org")])),
        ("headers[0].value", sampleMessage(headers: [MailHeader("X-Note", "non-ASCII é")])),
    ])
    func headerInjectionIsRefused(field: String, message: MailMessage) {
        #expect {
            try self.composer.compose(message, secondsSince1970: july1st)
        } throws: { error in
            let error = error as? MailError
            return error?.kind == .invalid && error?.detail.hasPrefix(field + ":") == true
        }
    }

    @Test func badAddressesAndEnvelopesAreRefused() {
        let cases: [(String, (inout MailMessage) -> Void)] = [
            ("to[0].address", { $0.to = [MailAddress("jeanne.martin.example.fr")] }),
            ("to[0].address", { $0.to = [MailAddress("jeanne@example.fr\r\nRCPT TO:<x@y.fr>")] }),
            ("to[1].address", { $0.to.append(MailAddress("a@b@example.fr")) }),
            ("to[0].address", { $0.to = [MailAddress("jeanne@exa mple.fr")] }),
            ("to[0].address", { $0.to = [MailAddress("hélène@example.fr")] }),
            ("to[0].name", { $0.to = [MailAddress("a@example.fr", name: "A\rB")] }),
            ("from.address", { $0.from = MailAddress("@example.fr") }),
            ("to", { $0.to = [] }),
            ("messageID", { $0.messageID = "<n-42@passerelle.local>" }),
            ("messageID", { $0.messageID = "n-42" }),
        ]
        for (field, mutate) in cases {
            var message = sampleMessage()
            mutate(&message)
            #expect(throws: MailError.self, "\(field)") { try self.composer.compose(message, secondsSince1970: july1st) }
            do {
                _ = try self.composer.compose(message, secondsSince1970: july1st)
            } catch {
                #expect(error.kind == .invalid)
                #expect(error.detail.hasPrefix(field + ":"), "\(error.detail)")
                // The detail names the rule, never the value (addresses are personal data).
                #expect(!error.detail.contains("example.fr"))
            }
        }
    }
}
