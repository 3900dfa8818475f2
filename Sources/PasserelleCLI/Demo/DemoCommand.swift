import ArgumentParser
import ContractMessaging
import Foundation

extension Passerelle {
    /// `passerelle demo`: drives realistic procurement traffic through the running services and prints
    /// what happened.
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo",
            abstract: "Drive a procurement story through the running services and print the timeline.",
            discussion: """
                Needs the procurement, notifications, documents, desk and training services, the bridge, the partner simulators and the \
                Sirene stub \
                running (scripts/up starts them). Dijon joins ACTES and gets its classification from the prefecture. Buyers of \
                Bourgogne-Franche-Comté publish tenders with lots; companies download the DCE, ask a question, \
                deposit sealed bids; a tender is amended, closed by its timer, opened, awarded and signed; \
                another is cancelled. Dijon then sends a deliberation (answered by a letter of observations), a budget in XML, an \
                order the prefecture refuses, its signed contract (nature 4, matter 1.1) and a PES file to the treasury. Refusals \
                show the rule they apply. On the support desk, a project leader confirms an anonymous request from the mail, a \
                workshop is routed to experts (the decision explained) and helped, a closed establishment is turned to the \
                business-transfer subject, and an aid decided by deliberation goes to the prefecture and becomes enforceable. \
                On the training scheduler, three agents sign up for a two-seat session across the daylight-saving change, one \
                withdraws and the waitlisted one is promoted, then the session is cancelled and the iCalendar CANCEL is mailed. \
                The e-mails land in the SMTP sink's folder.
                """)

        @Option(help: "Seconds between the works tender's publication and its deadline.")
        var biddingSeconds = 25

        @Option(
            help: """
                Where the demo writes its documents for the claim checks: a folder inside the procurement service's \
                claims directory (default: $PASSERELLE_PROCUREMENT_CLAIMS_DIR/demo, or \
                $PASSERELLE_HOME/claims/procurement/demo).
                """)
        var claims: String?

        @Flag(help: "Print the report as JSON.")
        var json = false

        @OptionGroup var endpoints: ServiceEndpoints
        @OptionGroup var contracts: ContractsLocation
        @OptionGroup var broker: BrokerOptions

        func validate() throws {
            guard (5...3600).contains(self.biddingSeconds) else { throw ValidationError("--bidding-seconds must be 5–3600") }
        }

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            let home = environment["PASSERELLE_HOME"] ?? ".passerelle"
            // The service reads claim checks only inside its claims directory (the first one listed).
            let serviceClaims =
                environment["PASSERELLE_PROCUREMENT_CLAIMS_DIR"]?.split(separator: ":").first.map(String.init)
                ?? "\(home)/claims/procurement"
            let claims = URL(fileURLWithPath: self.claims ?? "\(serviceClaims)/demo").standardizedFileURL
            let json = self.json
            let identity: DemoIdentity
            do {
                identity = try DemoIdentity.load(home: home)
            } catch {
                throw ValidationError("\(error)")
            }
            let operatorToken = try await identity.operatorToken()
            let scenario = DemoScenario(
                environment: .init(
                    identity: identity, operatorToken: operatorToken,
                    procurementURL: self.endpoints.procurement, notificationsURL: self.endpoints.notifications,
                    documentsURL: self.endpoints.documents,
                    prefectureControl: URL(fileURLWithPath: "\(home)/partners/prefecture/control.json"),
                    deskURL: self.endpoints.desk, trainingURL: self.endpoints.training,
                    sharedClaims: URL(fileURLWithPath: "\(home)/claims").standardizedFileURL,
                    mail: URL(fileURLWithPath: environment["PASSERELLE_MAIL_DIR"] ?? "\(home)/mail"),
                    amqp: try self.broker.configuration(name: "passerelle demo"),
                    catalog: try MessageCatalog.load(contracts: self.contracts.url), claims: claims,
                    biddingSeconds: self.biddingSeconds,
                    progress: { line in if !json { FileHandle.standardError.write(Data("▸ \(line)\n".utf8)) } }))
            let report: DemoScenario.Report
            do {
                report = try await scenario.run()
            } catch {
                FileHandle.standardError.write(Data("demo failed: \(error)\n".utf8))
                throw ExitCode.failure
            }
            let timeline = try await DemoTimeline.collect(
                report, procurement: self.endpoints.procurement, notifications: self.endpoints.notifications,
                token: operatorToken)
            if self.json {
                try JSONOutput.print(timeline)
                return
            }
            print(timeline.table())
            if let desk = report.desk {
                print("""

                    Support desk: anonymous request \(desk.anonymousRequest) confirmed and routed; investment request \(desk.investmentRequest) \
                    matched to \(desk.matchedExperts.joined(separator: ", ")); closed establishment \(desk.closedRequest) cancelled; aid \
                    application \(desk.application) decided by deliberation \(desk.idActe ?? "?"), enforceable: \(desk.enforceable ? "yes" : "no") \
                    (passerelle desk show <id>)
                    """)
            }
            if let training = report.training {
                print("""

                    Training: session \(training.sessionId) across the daylight-saving change; \(training.promoted) promoted from the waitlist; \
                    cancelled, the iCalendar CANCEL received for \(training.cancelledInvitations.count) invitations (passerelle training show <id>)
                    """)
            }
            let mail = environment["PASSERELLE_MAIL_DIR"] ?? "\(home)/mail"
            print("""

                E-mails: \(timeline.notificationsSent) sent, \(timeline.notificationsPending) still queued; the SMTP sink keeps them in \(mail)
                OCDS record of the works tender: passerelle procurement ocds \(report.adaptedTenderId)
                Live messages: passerelle tail
                """)
        }
    }
}
