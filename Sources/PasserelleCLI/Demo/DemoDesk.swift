import ServiceRuntime
import Foundation
import Identity

/// The support desk's part of `passerelle demo`: a project leader without a company asks anonymously and confirms
/// the address from the mail the SMTP sink received; a Besançon workshop signed in asks for investment money and
/// is routed (the decision explained), its expert takes care of it and closes it; a closed establishment is
/// turned to the business-transfer subject; the workshop's aid application goes through instruction, a correction
/// and a decision by deliberation, which document exchange sends to the prefecture simulator: its
/// acknowledgement makes the aid enforceable.
struct DemoDesk: Sendable {
    let url: String
    let documentsURL: String
    let operatorToken: String
    let identity: DemoIdentity
    /// The claims folder the desk and documents read claim checks from (`$PASSERELLE_HOME/claims`).
    let claims: URL
    /// The SMTP sink's folder, where the demo reads the confirmation link as the applicant would.
    let mail: URL
    let progress: @Sendable (String) -> Void

    struct Report: Sendable, Codable {
        var anonymousRequest: String
        var investmentRequest: String
        var matchedExperts: [String]
        var closedRequest: String
        var application: String
        var idActe: String?
        var enforceable: Bool
    }

    static let workshop = (siret: "55208131700018", name: "ATELIER EXEMPLE", email: "direction@atelier-exemple.example")
    static let region = "200053726"

    func story() async throws -> Report {
        let anonymous = try await self.anonymousProject()
        let (investment, experts) = try await self.investment()
        let closed = try await self.closedEstablishment()
        let (application, idActe) = try await self.aidApplication()
        return Report(
            anonymousRequest: anonymous, investmentRequest: investment, matchedExperts: experts, closedRequest: closed,
            application: application, idActe: idActe, enforceable: idActe != nil)
    }

    /// Anonymous: the request waits for the applicant to follow the link of the confirmation mail.
    private func anonymousProject() async throws -> String {
        let id = UUID().uuidString.lowercased()
        let email = "porteur.\(id.prefix(8))@projet-exemple.example"
        try await self.call("POST", "/solicitations", [
            "applicationId": id, "landingSubjectId": "s-installer-creer", "fullName": "Léa Fontaine", "email": email,
            "description": "Je veux ouvrir un atelier de réparation de vélos à Dijon et cherche des conseils pour démarrer.",
            "communeInsee": "21231",
        ], token: nil, expect: [202])
        self.progress("desk: an anonymous project leader asks for help to set up in Dijon; a confirmation mail is sent")
        var token = ""
        try await DemoHTTP.poll("the confirmation mail to \(email)", timeout: .seconds(60)) {
            guard let found = self.confirmationToken(to: email) else { return false }
            token = found
            return true
        }
        try await self.call("POST", "/solicitations/\(id)/confirm", ["token": token], token: nil, expect: [200])
        let detail = try await self.settled(id)
        self.progress("desk: address confirmed from the mail; routed to \(Self.experts(detail).joined(separator: ", "))")
        return id
    }

    private func investment() async throws -> (String, [String]) {
        let id = UUID().uuidString.lowercased()
        // A request the desk has not seen in the last 24 hours, or it would be cancelled as a duplicate of the
        // previous run's: the first free (establishment, subject) pair.
        let recent = try await ServiceHTTP.request("GET", "\(self.url)/solicitations?limit=1000", token: self.operatorToken)
        let rows = (try? JSONSerialization.jsonObject(with: recent.body) as? [[String: Any]]) ?? []
        let taken = Set(rows.compactMap { row -> String? in
            guard row["status"] as? String != "canceled", let draft = row["draft"] as? [String: Any] else { return nil }
            return "\(draft["siret"] as? String ?? "")|\(draft["landingSubjectId"] as? String ?? "")"
        })
        let pairs = ["55208131700018", "89123456900012", "35600000000048"].flatMap { siret in
            ["financer-un-projet-d-investissement", "innover"].map { (siret: siret, subject: $0) }
        }
        let pair = pairs.first { !taken.contains("\($0.siret)|\($0.subject)") } ?? pairs[0]
        let company = try await self.identity.provider.issue(
            subject: Self.workshop.email, email: Self.workshop.email, roles: ["company"], siret: pair.siret)
        try await self.call("POST", "/solicitations", [
            "applicationId": id, "landingSubjectId": pair.subject, "fullName": "Julien Perrin",
            "email": Self.workshop.email, "siret": pair.siret, "requestedHelpAmountCents": 12_000_000,
            "description": "Nous voulons acquérir une presse plieuse à commande numérique pour notre atelier.",
            "formInfo": ["projectAbove50k": true],
        ], token: company, expect: [202])
        let detail = try await self.settled(id)
        let experts = Self.experts(detail)
        let name = (detail["solicitation"] as? [String: Any])?["companyName"] as? String ?? pair.siret
        self.progress("desk: \(name) (signed in, SIRET checked in Sirene) asks for investment money; matched to \(experts.joined(separator: ", "))")
        for need in (detail["needs"] as? [[String: Any]]) ?? [] {
            for line in ((need["explanation"] as? [String]) ?? []).filter({ $0.hasPrefix("excluded") }).prefix(3) {
                self.progress("  \(line)")
            }
        }
        let matches = (((detail["needs"] as? [[String: Any]])?.first?["matches"]) as? [[String: Any]]) ?? []
        if let match = matches.first, let matchId = match["matchId"] as? String, let email = match["expertEmail"] as? String {
            let expert = try await self.identity.provider.issue(subject: "expert:\(email)", email: email, roles: ["expert"])
            try await self.call("POST", "/matches/\(matchId)/take-care", [:], token: expert, expect: [200])
            try await self.call("POST", "/matches/\(matchId)/close", ["status": "done", "comment": "Dossier de subvention monté."], token: expert, expect: [200])
            self.progress("desk: \(email) takes care of it, then closes it done; the company gets the satisfaction survey")
        }
        return (id, experts)
    }

    private func closedEstablishment() async throws -> String {
        let id = UUID().uuidString.lowercased()
        let siret = "83456789300013"
        let company = try await self.identity.provider.issue(subject: "menuiserie", email: "contact@menuiserie.example", roles: ["company"], siret: siret)
        try await self.call("POST", "/solicitations", [
            "applicationId": id, "landingSubjectId": "recruter", "fullName": "Paul Vernier", "email": "contact@menuiserie.example",
            "siret": siret, "description": "Nous souhaitons recruter deux menuisiers et former un apprenti dans notre entreprise.",
        ], token: company, expect: [202])
        let detail = try await self.settled(id)
        let solicitation = detail["solicitation"] as? [String: Any]
        self.progress("desk: a closed establishment (Sirene) is \(solicitation?["status"] as? String ?? "?") (\(solicitation?["cancelReason"] as? String ?? "?")); the business-transfer subject is offered")
        return id
    }

    /// The workshop applies to the Région; the deliberation goes to the prefecture through document exchange.
    private func aidApplication() async throws -> (String, String?) {
        let company = try await self.identity.provider.issue(
            subject: Self.workshop.email, email: Self.workshop.email, roles: ["company"], siret: Self.workshop.siret)
        let instructor = try await self.identity.provider.issue(
            subject: "instruction-region", email: "instruction.aides@region-bfc.example", roles: ["instructor"], siren: Self.region)
        try await self.onboardRegion()
        let id = UUID().uuidString.lowercased()
        try await self.call("POST", "/dossiers", [
            "applicationId": id, "siret": Self.workshop.siret, "companyName": Self.workshop.name, "applicantName": "Julien Perrin",
            "applicantEmail": Self.workshop.email, "funderSiren": Self.region, "aidForm": "subsidy", "amountCents": 3_000_000,
            "project": "Presse plieuse à commande numérique.",
        ], token: company, expect: [201])
        try await self.call("PATCH", "/dossiers/\(id)", ["documents": [
            "sireneExtract", "bankDetails", "lastBalanceSheet", "previousBalanceSheet", "quotes", "businessPlan",
            "taxComplianceCertificate", "socialComplianceCertificate",
        ]], token: company, expect: [200])
        try await self.call("POST", "/dossiers/\(id)/submit", [:], token: company, expect: [200])
        try await self.call("POST", "/dossiers/\(id)/instruct", [:], token: instructor, expect: [200])
        try await self.call("PATCH", "/dossiers/\(id)", ["amountCents": 2_500_000], token: company, expect: [409])
        self.progress("desk: aid application submitted and taken into instruction by the Région (edits now refused)")
        try await self.call(
            "POST", "/dossiers/\(id)/corrections", ["items": [["field": "quotes", "message": "Le devis de la presse n'est pas signé."]]],
            token: instructor, expect: [200])
        try await self.call("POST", "/dossiers/\(id)/submit", [:], token: company, expect: [200])
        try await self.call("POST", "/dossiers/\(id)/instruct", [:], token: instructor, expect: [200])
        self.progress("desk: a correction was requested (mandatory mail), the company answered, instruction resumed")
        let numero = "CP_\(Int.random(in: 100_000...999_999))"
        let pdf = DemoDocuments.pdf("Délibération \(numero) de la commission permanente")
        let folder = self.claims.appendingPathComponent("desk-demo")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("\(numero).pdf")
        try pdf.write(to: file)
        let digest = SHA256Hex.of(pdf)
        try await self.call("POST", "/dossiers/\(id)/decision", [
            "outcome": "accepte", "aid": ["aidForm": "subsidy", "amountCents": 3_000_000, "votedAt": DemoDocuments.today()],
            "deliberation": [
                "numeroInterne": numero, "matter": "7.5", "object": "Subvention d'investissement à \(Self.workshop.name)",
                "document": ["uri": file.absoluteString, "fileName": "\(numero).pdf", "sha256": digest, "sizeBytes": pdf.count,
                             "mediaType": "application/pdf"],
            ],
        ], token: instructor, expect: [200])
        self.progress("desk: the commission permanente grants 30 000 €; its deliberation goes to the prefecture through documents")
        var idActe: String?
        try await DemoHTTP.poll("the prefecture's acknowledgement of \(numero)", timeout: .seconds(90)) {
            let record = try await self.json("GET", "/dossiers/\(id)", token: self.operatorToken)
            let decision = record["decision"] as? [String: Any]
            idActe = decision?["idActe"] as? String
            return decision?["actStatus"] as? String == "acknowledged"
        }
        self.progress("desk: acknowledged by the prefecture as \(idActe ?? "?"); the aid is enforceable and the company is told")
        return (id, idActe)
    }

    /// The Région joins ACTES in document exchange (its deliberations are sent there) and gets its classification.
    private func onboardRegion() async throws {
        let authority: [String: Any] = [
            "siren": Self.region, "name": "Région Bourgogne-Franche-Comté", "departement": "025", "arrondissement": "1", "nature": "11",
            "actesAgreement": "CONV-ACTES-025-2026-003", "referentName": "Service des assemblées",
            "referentEmail": "assemblees@region-bfc.example", "returnAddresses": ["assemblees@region-bfc.example"],
            "pesDomains": [] as [String], "budgets": [] as [[String: String]], "broadcastAddresses": [] as [String],
        ]
        try await self.call("POST", "/authorities", authority, token: self.operatorToken, expect: [201], base: self.documentsURL)
        try await self.call(
            "POST", "/authorities/\(Self.region)/classification/refresh", [:], token: self.operatorToken, expect: [202], base: self.documentsURL)
        try await DemoHTTP.poll("the classification of \(Self.region)", timeout: .seconds(60)) {
            let record = try await self.json("GET", "/authorities/\(Self.region)", token: self.operatorToken, base: self.documentsURL)
            return record["classificationDate"] is String
        }
    }

    // MARK: Helpers

    private func settled(_ id: String) async throws -> [String: Any] {
        var detail: [String: Any] = [:]
        try await DemoHTTP.poll("the routing of \(id)", timeout: .seconds(60)) {
            detail = try await self.json("GET", "/solicitations/\(id)", token: self.operatorToken)
            let status = (detail["solicitation"] as? [String: Any])?["status"] as? String
            return status == "processed" || status == "canceled"
        }
        return detail
    }

    static func experts(_ detail: [String: Any]) -> [String] {
        ((detail["needs"] as? [[String: Any]]) ?? []).flatMap { ($0["matches"] as? [[String: Any]]) ?? [] }
            .compactMap { $0["expertKey"] as? String }.sorted()
    }

    /// The secret of the newest confirmation mail to `email` in the SMTP sink (quoted-printable soft breaks undone).
    private func confirmationToken(to email: String) -> String? {
        let files = (try? FileManager.default.contentsOfDirectory(at: self.mail, includingPropertiesForKeys: nil)) ?? []
        for file in files.filter({ $0.pathExtension == "eml" }).sorted(by: { $0.lastPathComponent > $1.lastPathComponent }) {
            guard let text = try? String(contentsOf: file, encoding: .utf8), text.contains(email) else { continue }
            let joined = text.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=\n", with: "")
                .replacingOccurrences(of: "=3D", with: "=")
            guard let range = joined.range(of: "confirm?token=") else { continue }
            let token = joined[range.upperBound...].prefix { $0.isHexDigit }
            if token.count == 64 { return String(token) }
        }
        return nil
    }

    private func json(_ method: String, _ path: String, token: String, base: String? = nil) async throws -> [String: Any] {
        let reply = try await ServiceHTTP.request(method, "\(base ?? self.url)\(path)", token: token)
        guard reply.status == 200 else { throw DemoHTTP.Failure(description: "\(method) \(path): \(reply.status): \(reply.text)") }
        return (try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any]) ?? [:]
    }

    @discardableResult
    private func call(
        _ method: String, _ path: String, _ body: [String: Any], token: String?, expect: Set<Int>, base: String? = nil
    ) async throws -> Data {
        let reply = try await ServiceHTTP.request(
            method, "\(base ?? self.url)\(path)", body: try JSONSerialization.data(withJSONObject: body), contentType: "application/json",
            token: token)
        guard expect.contains(reply.status) else {
            throw DemoHTTP.Failure(description: "\(method) \(path): answered \(reply.status): \(reply.text)")
        }
        return reply.body
    }
}
