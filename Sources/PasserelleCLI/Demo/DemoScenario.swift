import CommonContracts
import ContractMessaging
import Foundation
import Identity
import Logging
import Messaging
import ProcurementContracts
import ProcurementDomain

/// The story `passerelle demo` (and the end-to-end test) drives through the real commands and HTTP
/// endpoints: alert subscriptions; a formalised tender of the Région (a deadline refused, then accepted;
/// identified downloads; a question and its answer; an amendment); an adapted works tender of Dijon run to
/// the end (downloads, a refused late amendment, deposits incl. a superseded and a late one, closing by the
/// timer, a refused and an accepted opening, awards with rejection letters, the contract); a third tender
/// cancelled.
struct DemoScenario: Sendable {
    struct Environment: Sendable {
        /// Mints the tokens of the people the demo acts for, as the portal would.
        var identity: DemoIdentity
        /// An operator's token, for the reads reserved to the buyer's agents and operators.
        var operatorToken: String
        var procurementURL: String
        var notificationsURL: String
        /// nil: the story without the documents service (the slice tests run procurement and notifications only).
        var documentsURL: String? = nil
        /// The prefecture simulator's control file (`$PASSERELLE_HOME/partners/prefecture/control.json`).
        var prefectureControl: URL? = nil
        /// nil: the story without the support desk.
        var deskURL: String? = nil
        /// nil: the story without the training scheduler.
        var trainingURL: String? = nil
        /// The claims folder the desk and documents share (`$PASSERELLE_HOME/claims`) and the SMTP sink's folder.
        var sharedClaims: URL? = nil
        var mail: URL? = nil
        var amqp: AMQPConfiguration
        var catalog: MessageCatalog
        var claims: URL
        /// Seconds between the adapted tender's publication and its deadline.
        var biddingSeconds: Int
        var progress: @Sendable (String) -> Void
    }

    /// What happened, for the summary and the tests.
    struct Report: Sendable, Codable {
        var formalisedTenderId: String
        var adaptedTenderId: String
        var cancelledTenderId: String
        var refusals: [Refusal]
        var bids: [String: String]
        var awardLot1: String
        var contractId: String
        var documents: [DemoDocuments.Act] = []
        var desk: DemoDesk.Report? = nil
        var training: DemoTraining.Report? = nil
    }

    struct Refusal: Sendable, Codable {
        var commandType: String
        var commandId: String?
        var code: String
        var rule: String
        var message: String
    }

    let environment: Environment

    func run() async throws -> Report {
        var logger = Logger(label: "passerelle.demo")
        logger.logLevel = .warning
        let connection = try await AMQPConnection.connect(self.environment.amqp, logger: logger)
        do {
            let report = try await self.run(connection)
            await connection.close()
            return report
        } catch {
            await connection.close()
            throw error
        }
    }

    private func run(_ connection: AMQPConnection) async throws -> Report {
        let env = self.environment
        let send = DemoSender(
            publisher: TypedPublisher(publisher: try await connection.makePublisher(), catalog: env.catalog, source: "/cli/demo"))
        let refusals = try await RefusalWatcher.start(connection)
        let http = DemoHTTP(procurement: env.procurementURL, notifications: env.notificationsURL, operatorToken: env.operatorToken)
        let id = env.identity
        let claims = DemoClaims(directory: env.claims)
        let portal = "portal:demo-agent"

        var documents: DemoDocuments?
        if let url = env.documentsURL, let control = env.prefectureControl {
            documents = DemoDocuments(
                url: url, operatorToken: env.operatorToken,
                agentToken: try await id.agent("portal:greffe-dijon", of: DemoCast.dijon, roles: []),
                prefectureControl: control, progress: env.progress)
            // Dijon's contract goes to the prefecture once signed: Dijon joins ACTES first.
            try await documents?.onboard()
        }

        env.progress("subscriptions: tender alerts for works in Côte-d'Or and IT services")
        // Signed in with their e-mail: active at once (an anonymous sign-up waits for its confirmation link).
        let watcher = try await id.provider.issue(subject: DemoCast.watcher.email, email: DemoCast.watcher.email)
        try await http.subscribe(
            email: DemoCast.watcher.email, name: DemoCast.watcher.name, cpv: ["45"], departements: ["021"], token: watcher)
        try await http.subscribe(
            email: DemoCast.numerique.email, name: DemoCast.numerique.contact, cpv: ["72"], departements: [],
            token: try await id.company(DemoCast.numerique))

        // 1. The Région's formalised open procedure: 29 days refused, the legal minimum accepted.
        let regionTender = UUID().uuidString.lowercased()
        let now = Date()
        let regionDCE = try claims.dce(
            String(regionTender.prefix(8)), "Infogérance du parc informatique des lycées",
            kinds: [(.rc, "RC.pdf"), (.ccap, "CCAP.pdf"), (.cctp, "CCTP.pdf"), (.ae, "AE.pdf")])
        var publish = TenderPublish(
            tenderId: regionTender, reference: "2026-INFO-LYC", title: "Infogérance du parc informatique des lycées",
            description: "Maintenance et support des postes de travail de 12 lycées de la région.",
            buyerSiret: DemoCast.region.siret, buyerName: DemoCast.region.name, buyerKind: .local, nature: .services,
            procedure: .open, mainCpv: "72000000", estimatedValueHtCents: 48_000_000,
            lots: [.init(lotNumber: 1, title: "Postes de travail", cpv: "72000000"), .init(lotNumber: 2, title: "Maintenance du matériel", cpv: "50320000")],
            executionPlace: .init(departement: DemoCast.region.departement, communeInsee: DemoCast.region.commune),
            tenderDeadline: now.addingTimeInterval(29 * 86_400), dceFiles: regionDCE, requestedBy: .init(userId: portal))
        env.progress("Région: open procedure published with 29 days to answer (expect a refusal)")
        try await send.send(publish)
        let refused = try await refusals.wait(for: regionTender)
        env.progress("  refused: \(refused.rule): \(refused.message)")
        let minimum = DeadlineCalculator().minimumDeadline(procedure: .open, sentOn: CalendarDate(Date()))!
            .earliestDate
        publish.tenderDeadline = minimum.adding(days: 1).start().addingTimeInterval(12 * 3600)
        env.progress(
            "Région: published again with the deadline \(ContractCoding.format(publish.tenderDeadline)) (minimum \(minimum))")
        try await send.send(publish)
        try await http.waitForStatus(regionTender, "published")

        for company in [DemoCast.btp, DemoCast.numerique, DemoCast.routes] {
            try await http.download(regionTender, identified: company, token: try await id.company(company))
        }
        try await http.download(regionTender, identified: nil)
        env.progress("Région: 3 identified downloads and 1 anonymous")
        let question = UUID().uuidString.lowercased()
        try await send.send(QuestionAsk(
            tenderId: regionTender, questionId: question, lotNumber: 1,
            text: "Les postes des CDI sont-ils inclus dans le lot 1 ?",
            asker: .init(email: DemoCast.numerique.email, contactName: DemoCast.numerique.contact, company: DemoCast.numerique.name, siret: DemoCast.numerique.siret),
            requestedBy: .init(userId: "portal:company-12", siret: DemoCast.numerique.siret)),
            actor: try await id.company(DemoCast.numerique, subject: "portal:company-12"))
        try await http.waitForHistory(regionTender, "questionAsked")
        try await send.send(QuestionAnswer(
            tenderId: regionTender, questionId: question, answer: "Oui, les 140 postes des CDI font partie du lot 1.",
            requestedBy: .init(userId: portal)))
        try await http.waitForHistory(regionTender, "questionAnswered")
        env.progress("Région: a question answered (mandatory notice to every identified downloader)")
        let cctp2 = try claims.file("\(regionTender.prefix(8))-CCTP-v2.pdf", "CCTP v2 — inventaire corrigé\n")
        try await send.send(TenderAmend(
            tenderId: regionTender, amendmentId: UUID().uuidString.lowercased(), basedOnDceVersion: 1,
            summary: "Inventaire des postes corrigé (CCTP §2.1).",
            fileChanges: [
                .addedOrReplaced(.init(
                    change: .replaced, kind: .cctp, fileName: "CCTP.pdf", uri: cctp2.uri, sha256: cctp2.sha256,
                    sizeBytes: cctp2.sizeBytes))
            ],
            requestedBy: .init(userId: portal)))
        try await http.waitForHistory(regionTender, "amended")
        env.progress("Région: CCTP amended, DCE v2 (mandatory notice)")

        // 2. Dijon's adapted works tender, run to the contract.
        let works = UUID().uuidString.lowercased()
        let deadline = Date().addingTimeInterval(TimeInterval(env.biddingSeconds))
        try await send.send(TenderPublish(
            tenderId: works, reference: "2026-VOIRIE-07", title: "Réfection de voiries communales",
            buyerSiret: DemoCast.dijon.siret, buyerName: DemoCast.dijon.name, buyerKind: .local, nature: .works,
            procedure: .adapted, mainCpv: "45233000", estimatedValueHtCents: 30_000_000,
            lots: [.init(lotNumber: 1, title: "Chaussées"), .init(lotNumber: 2, title: "Trottoirs et signalisation")],
            executionPlace: .init(departement: DemoCast.dijon.departement, communeInsee: DemoCast.dijon.commune),
            tenderDeadline: deadline,
            dceFiles: try claims.dce(String(works.prefix(8)), "Réfection de voiries", kinds: [(.rc, "RC.pdf"), (.cctp, "CCTP.pdf"), (.dqe, "DQE.pdf")]),
            requestedBy: .init(userId: portal)))
        try await http.waitForStatus(works, "published")
        env.progress("Dijon: adapted works tender published, deadline in \(env.biddingSeconds) s")
        for company in [DemoCast.btp, DemoCast.routes] {
            try await http.download(works, identified: company, token: try await id.company(company))
        }
        let lateAmendment = UUID().uuidString.lowercased()
        let dqe2 = try claims.file("\(works.prefix(8))-DQE-v2.pdf", "DQE v2\n")
        try await send.send(TenderAmend(
            tenderId: works, amendmentId: lateAmendment, basedOnDceVersion: 1, summary: "Quantités du DQE corrigées.",
            fileChanges: [
                .addedOrReplaced(.init(
                    change: .replaced, kind: .dqe, fileName: "DQE.pdf", uri: dqe2.uri, sha256: dqe2.sha256,
                    sizeBytes: dqe2.sizeBytes))
            ],
            requestedBy: .init(userId: portal)))
        let amendmentRefusal = try await refusals.wait(for: lateAmendment)
        env.progress("Dijon: amendment without a later deadline refused: \(amendmentRefusal.message)")

        var bids: [String: String] = [:]
        let btp = try await id.company(DemoCast.btp)
        let routes = try await id.company(DemoCast.routes)
        bids["btp-1"] = try await http.deposit(works, DemoCast.btp, token: btp, lots: [1, 2], content: "Offre BTP Bourgogne, version 1")
        bids["btp-2"] = try await http.deposit(
            works, DemoCast.btp, token: btp, lots: [1, 2], content: "Offre BTP Bourgogne, version 2 (remplace la 1)")
        bids["routes"] = try await http.deposit(works, DemoCast.routes, token: routes, lots: [1], content: "Offre Routes et Réseaux de Saône")
        env.progress("Dijon: 3 deposits sealed (AES-GCM) with timestamped receipts")

        env.progress("Dijon: waiting for the deadline; the closing timer fires by itself")
        try await http.waitForStatus(works, "closed", timeout: .seconds(env.biddingSeconds + 60))
        bids["late"] = try await http.deposit(works, DemoCast.routes, token: routes, lots: [1], content: "Offre tardive")
        env.progress("Dijon: closed; a late deposit is kept sealed and will never be opened")

        try await send.send(
            BidsOpen(tenderId: works, openingId: UUID().uuidString.lowercased(), requestedBy: .init(userId: portal, role: .buyer)),
            actor: try await id.agent(portal, of: DemoCast.dijon, roles: ["buyer"]))
        _ = try await refusals.wait(forType: BidsOpen.messageType)
        env.progress("Dijon: opening by a buyer without the opener role refused and audited")
        try await send.send(
            BidsOpen(
                tenderId: works, openingId: UUID().uuidString.lowercased(), requestedBy: .init(userId: "portal:opener-1", role: .opener)),
            actor: try await id.agent("portal:opener-1", of: DemoCast.dijon, roles: ["opener"]))
        try await http.waitForStatus(works, "evaluation")
        env.progress("Dijon: bids opened (the last in-time deposit per bidder; SHA-256 checked after decryption)")

        let award1 = UUID().uuidString.lowercased()
        try await send.send(AwardDecide(
            tenderId: works, lotNumber: 1, awardId: award1, awardeeBidId: bids["routes"]!, amountHtCents: 9_850_000,
            awardReasons: "Offre économiquement la plus avantageuse (prix 60 %, valeur technique 40 %).",
            rejectedBids: [.init(bidId: bids["btp-2"]!, reasons: "Classée deuxième : prix plus élevé de 8 %.")],
            requestedBy: .init(userId: portal)))
        try await http.waitForHistory(works, "rejectionsIssued")
        let award2 = UUID().uuidString.lowercased()
        try await send.send(AwardDecide(
            tenderId: works, lotNumber: 2, awardId: award2, awardeeBidId: bids["btp-2"]!,
            amountHtCents: 6_400_000, awardReasons: "Seule offre, conforme.", rejectedBids: [], requestedBy: .init(userId: portal)))
        env.progress("Dijon: lots awarded; a rejection letter goes to the other bidder of lot 1")
        let signed = try claims.file("\(works.prefix(8))-AE-signe-lot1.pdf", "Acte d'engagement signé — lot 1\n")
        let contract = UUID().uuidString.lowercased()
        try await http.waitForHistory(works, "awarded", count: 2)
        try await send.send(ContractSign(
            tenderId: works, contractId: contract, awardId: award1, reference: "M2026VOIRIE07L1", durationMonths: 12,
            pieces: [.init(kind: .acteEngagement, file: signed)], requestedBy: .init(userId: portal)))
        try await http.waitForHistory(works, "contractSigned")
        let signed2 = try claims.file("\(works.prefix(8))-AE-signe-lot2.pdf", "Acte d'engagement signé — lot 2\n")
        try await send.send(ContractSign(
            tenderId: works, contractId: UUID().uuidString.lowercased(), awardId: award2, reference: "M2026VOIRIE07L2", durationMonths: 12,
            pieces: [.init(kind: .acteEngagement, file: signed2)], requestedBy: .init(userId: portal)))
        try await http.waitForHistory(works, "contractSigned", count: 2)
        env.progress(
            "Dijon: contracts of lots 1 and 2 signed (adapted procedure: no standstill; over 221 k€, they go to the prefecture and are "
                + "notified to their holders once acknowledged)")

        // 3. A tender declared "sans suite".
        let cancelled = UUID().uuidString.lowercased()
        try await send.send(TenderPublish(
            tenderId: cancelled, reference: "2026-ESP-VERTS", title: "Entretien des espaces verts",
            buyerSiret: DemoCast.morvan.siret, buyerName: DemoCast.morvan.name, buyerKind: .local, nature: .services,
            procedure: .adapted, mainCpv: "77000000", estimatedValueHtCents: 4_500_000,
            lots: [.init(lotNumber: 1, title: "Entretien annuel")],
            executionPlace: .init(departement: DemoCast.morvan.departement, communeInsee: DemoCast.morvan.commune),
            tenderDeadline: Date().addingTimeInterval(21 * 86_400),
            dceFiles: try claims.dce(String(cancelled.prefix(8)), "Espaces verts", kinds: [(.rc, "RC.pdf")]),
            requestedBy: .init(userId: portal)))
        try await http.waitForStatus(cancelled, "published")
        try await http.download(cancelled, identified: DemoCast.routes, token: routes)
        try await send.send(TenderCancel(
            tenderId: cancelled, reason: .budgetUnavailable, reasonText: "Crédits non inscrits au budget 2026.",
            requestedBy: .init(userId: portal)))
        try await http.waitForStatus(cancelled, "cancelled")
        env.progress("Morvan: tender cancelled; its identified downloader is told (mandatory)")

        let acts = try await documents?.story(contractId: contract) ?? []
        var desk: DemoDesk.Report?
        if let url = env.deskURL, let documentsURL = env.documentsURL, let claims = env.sharedClaims, let mail = env.mail {
            desk = try await DemoDesk(
                url: url, documentsURL: documentsURL, operatorToken: env.operatorToken, identity: id, claims: claims, mail: mail,
                progress: env.progress
            ).story()
        }
        var training: DemoTraining.Report?
        if let url = env.trainingURL, let mail = env.mail {
            training = try await DemoTraining(url: url, operatorToken: env.operatorToken, identity: id, mail: mail, progress: env.progress).story()
        }
        return Report(
            formalisedTenderId: regionTender, adaptedTenderId: works, cancelledTenderId: cancelled,
            refusals: await refusals.all(), bids: bids, awardLot1: award1, contractId: contract, documents: acts, desk: desk,
            training: training)
    }
}

/// Publishes typed commands with confirms.
struct DemoSender: Sendable {
    let publisher: TypedPublisher

    /// Publishes as the operator (the CLI's broker user); `actor` is the token of the person the command is
    /// made for, when it is a person's act (a question, an opening).
    func send<Message: ContractMessage>(_ message: Message, actor: String? = nil) async throws {
        var envelope = TypedPublisher.Envelope()
        if let actor { envelope.headers["x-passerelle-actor-token"] = actor }
        _ = try await self.publisher.publish(message, envelope: envelope)
    }
}
