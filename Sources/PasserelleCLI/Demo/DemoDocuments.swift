import Foundation

/// The document-exchange part of `passerelle demo`: Dijon joins ACTES and HELIOS and gets its classification
/// from the prefecture, then sends a deliberation (answered by a letter of observations), a budget in XML, an
/// order the prefecture refuses (an anomaly), its contract (signed by the procurement story) and a PES file.
/// The prefecture and the treasury are the partner simulators, through the bridges.
struct DemoDocuments: Sendable {
    let url: String
    let operatorToken: String
    /// An agent of Dijon.
    let agentToken: String
    /// The prefecture simulator's control file (scripts/up passes it), to have it refuse one act on purpose.
    let prefectureControl: URL
    let progress: @Sendable (String) -> Void

    static let siren = String(DemoCast.dijon.siret.prefix(9))

    struct Act: Sendable, Codable {
        var story: String
        var actId: String
        var idActe: String
        var status: Int
        var statusLabel: String
        var detail: String?
    }

    /// Registers Dijon and asks the prefecture for its classification; returns once it is stored.
    func onboard() async throws {
        let authority: [String: Any] = [
            "siren": Self.siren, "name": DemoCast.dijon.name, "departement": DemoCast.dijon.departement, "arrondissement": "1",
            "nature": "31", "actesAgreement": "CONV-ACTES-021-2026-014", "pesDomains": ["depense", "recette"],
            "budgets": [["idColl": DemoCast.dijon.siret, "codCol": "214", "codBud": "01", "label": "Budget principal"]],
            "referentName": "Jeanne Martin", "referentPhone": "+33 3 80 74 51 51", "referentEmail": "actes@mairie-dijon.example",
            "returnAddresses": ["actes@mairie-dijon.example", "secretariat.general@mairie-dijon.example"],
            "broadcastAddresses": ["diffusion.actes@mairie-dijon.example"],
        ]
        try await self.call("POST", "/authorities", authority, token: self.operatorToken, expect: [201])
        try await self.call("POST", "/authorities/\(Self.siren)/classification/refresh", [:], token: self.agentToken, expect: [202])
        self.progress("documents: Dijon joins ACTES and HELIOS; its classification is asked from the prefecture (type 7)")
        try await DemoHTTP.poll("the classification of \(Self.siren)", timeout: .seconds(60)) {
            let reply = try await ServiceHTTP.request("GET", "\(self.url)/authorities/\(Self.siren)", token: self.agentToken)
            let json = try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any]
            return json?["classificationDate"] is String
        }
        self.progress("documents: classification returned by the prefecture (7-2) and stored")
    }

    /// The acts and the PES file; `contractId` is the contract the procurement story signed.
    func story(contractId: String?) async throws -> [Act] {
        var acts: [Act] = []
        // A numéro interne is unique per authority for ever: each run of the demo numbers its own acts.
        let run = String(Int.random(in: 100_000...999_999))
        let deliberation = try await self.submit(
            "DEL_\(run)", nature: "1", matter: "7.5",
            object: "Attribution d'une subvention de 12 000 € à l'association Les Amis du Musée",
            act: Self.pdf("Délibération n° 2026-0142 du conseil municipal"), name: "deliberation-2026-0142.pdf")
        acts.append(try await self.wait(deliberation, story: "deliberation", for: [4]))
        let budget = try await self.submit(
            "BP_\(run)", nature: "5", matter: "7.1", object: "Budget primitif 2027 — budget principal",
            act: Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DocumentBudgetaire><Exer V=\"2027\"/></DocumentBudgetaire>\n".utf8),
            name: "budget-primitif-2027.xml")
        acts.append(try await self.wait(budget, story: "budget (XML, matter 7.1)", for: [4]))

        // An act the prefecture refuses: its simulator is told to, for this one message.
        try Data(#"{"refuse": ["object"]}"#.utf8).write(to: self.prefectureControl)
        let refused = try await self.submit(
            "ARR_\(run)", nature: "3", matter: "4.1", object: "Nomination d'un agent au grade d'attaché territorial",
            act: Self.pdf("Arrêté n° 2026-0088"), name: "arrete-2026-0088.pdf")
        let anomaly = try await self.wait(refused, story: "individual order, refused", for: [-1])
        try? FileManager.default.removeItem(at: self.prefectureControl)
        acts.append(anomaly)

        // The prefecture writes about the deliberation: a letter of observations.
        try self.sendLetter(idActe: acts[0].idActe)
        try await DemoHTTP.poll("the letter about \(acts[0].idActe)", timeout: .seconds(60)) {
            let reply = try await ServiceHTTP.request("GET", "\(self.url)/acts/\(deliberation)", token: self.agentToken)
            let json = try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any]
            return !((json?["letters"] as? [Any]) ?? []).isEmpty
        }
        acts[0] = try await self.status(deliberation, story: "deliberation")
        self.progress("documents: letter of observations received for \(acts[0].idActe) (mandatory notice to Dijon)")
        try await self.answerLetter(deliberation)
        self.progress("documents: Dijon answered the observations; the prefecture acknowledged the answer")

        if let contractId {
            let act = try await self.contractAct(contractId)
            acts.append(try await self.wait(act, story: "contract (from procurement)", for: [4]))
        }
        acts.append(try await self.pes())
        return acts
    }

    /// A spending PES_Aller for the treasury, acknowledged (PES_Acquit) through the treasury bridge.
    private func pes() async throws -> Act {
        let nomFic = "PESALR2_\(Self.today().replacingOccurrences(of: "-", with: ""))_\(Int.random(in: 1000...9999))"
        let content = Data("""
            <?xml version="1.0" encoding="ISO-8859-1"?>
            <n:PES_Aller xmlns:n="http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/aller">
              <Enveloppe><Parametres><Version V="2"/><TypFic V="PESALR2"/><NomFic V="\(nomFic)"/></Parametres></Enveloppe>
              <EnTetePES><DteStr V="\(Self.today())"/><IdPost V="021000"/><IdColl V="\(DemoCast.dijon.siret)"/><CodCol V="214"/><CodBud V="01"/><LibelleColBud V="Dijon budget principal"/></EnTetePES>
              <PES_DepenseAller><Bordereau><BlocBordereau><Exer V="2026"/><IdBord V="1042"/><InfoDematerialisee V="0"/></BlocBordereau></Bordereau></PES_DepenseAller>
            </n:PES_Aller>
            """.utf8)
        let file = try await self.upload("\(nomFic).xml", content)
        let pesId = UUID().uuidString.lowercased()
        try await self.call("POST", "/pes", [
            "pesId": pesId, "nomFic": nomFic, "codCol": "214", "codBud": "01", "idPost": "021000", "idColl": DemoCast.dijon.siret,
            "file": file, "signed": false,
        ], token: self.agentToken, expect: [201])
        var json: [String: Any] = [:]
        try await DemoHTTP.poll("the PES file \(nomFic) to be acknowledged", timeout: .seconds(120)) {
            let reply = try await ServiceHTTP.request("GET", "\(self.url)/pes/\(pesId)", token: self.agentToken)
            json = (try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any]) ?? [:]
            return (json["status"] as? Int).map { [4, 6, 8].contains($0) } ?? false
        }
        let act = Act(
            story: "PES_Aller (HELIOS)", actId: pesId, idActe: nomFic, status: json["status"] as? Int ?? 0,
            statusLabel: json["statusLabel"] as? String ?? "", detail: nil)
        self.progress("documents: PES file \(nomFic) → \(act.status) \(act.statusLabel)")
        return act
    }

    /// Answers the act's letter with one PDF and waits for the prefecture's acknowledgement of the answer.
    private func answerLetter(_ actId: String) async throws {
        func letter() async throws -> [String: Any] {
            let reply = try await ServiceHTTP.request("GET", "\(self.url)/acts/\(actId)", token: self.agentToken)
            let json = try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any]
            return ((json?["letters"] as? [[String: Any]]) ?? []).first ?? [:]
        }
        guard let letterId = try await letter()["letterId"] as? String else {
            throw DemoHTTP.Failure(description: "no letter on act \(actId)")
        }
        let file = try await self.upload("reponse-observations.pdf", Self.pdf("Réponse de la commune aux observations du préfet"))
        try await self.call(
            "POST", "/acts/\(actId)/letters/\(letterId)/answer", ["answerType": 4, "files": [file]], token: self.agentToken, expect: [202])
        try await DemoHTTP.poll("the acknowledgement of the answer to the letter", timeout: .seconds(60)) {
            try await letter()["answerAcknowledgedAt"] is String
        }
    }

    private func submit(_ numero: String, nature: String, matter: String, object: String, act: Data, name: String) async throws -> String {
        let file = try await self.upload(name, act)
        let actId = UUID().uuidString.lowercased()
        try await self.call("POST", "/acts", [
            "actId": actId, "siren": Self.siren, "numeroInterne": numero, "decisionDate": Self.today(), "natureCode": nature,
            "matter": matter, "object": object, "act": file,
        ], token: self.agentToken, expect: [201])
        return actId
    }

    private func upload(_ name: String, _ content: Data) async throws -> [String: String] {
        let reply = try await ServiceHTTP.request(
            "POST", "\(self.url)/files?name=\(name)", body: content, contentType: "application/octet-stream", token: self.agentToken)
        guard reply.status == 201, let json = try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any],
            let sha = json["sha256"] as? String, let fileName = json["fileName"] as? String
        else { throw DemoHTTP.Failure(description: "upload of \(name): documents answered \(reply.status): \(reply.text)") }
        return ["sha256": sha, "fileName": fileName]
    }

    private func wait(_ actId: String, story: String, for statuses: Set<Int>) async throws -> Act {
        try await DemoHTTP.poll("act \(actId) (\(story)) to reach \(statuses.sorted())", timeout: .seconds(120)) {
            statuses.contains(try await self.status(actId).status)
        }
        let act = try await self.status(actId, story: story)
        self.progress("documents: \(story) \(act.idActe) → \(act.status) \(act.statusLabel)\(act.detail.map { " (\($0))" } ?? "")")
        return act
    }

    private func status(_ actId: String, story: String = "") async throws -> Act {
        let reply = try await ServiceHTTP.request("GET", "\(self.url)/acts/\(actId)", token: self.agentToken)
        guard reply.status == 200, let json = try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any] else {
            throw DemoHTTP.Failure(description: "act \(actId): documents answered \(reply.status): \(reply.text)")
        }
        return Act(
            story: story, actId: actId, idActe: json["idActe"] as? String ?? "", status: json["status"] as? Int ?? 99,
            statusLabel: json["statusLabel"] as? String ?? "", detail: json["detail"] as? String)
    }

    /// The act documents made for the signed contract (its origin is the contract).
    private func contractAct(_ contractId: String) async throws -> String {
        var found: String?
        try await DemoHTTP.poll("the act of contract \(contractId)", timeout: .seconds(120)) {
            let reply = try await ServiceHTTP.request("GET", "\(self.url)/acts?siren=\(Self.siren)", token: self.agentToken)
            let acts = (try? JSONSerialization.jsonObject(with: reply.body) as? [[String: Any]]) ?? []
            found = acts.first { ($0["origin"] as? [String: Any])?["reference"] as? String == contractId }?["actId"] as? String
            return found != nil
        }
        return found!
    }

    private func sendLetter(idActe: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["partners/prefecture/simulator.py", "send-letter", "--id-acte", idActe, "--letter-type", "4"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw DemoHTTP.Failure(description: "the prefecture simulator could not send its letter") }
    }

    @discardableResult
    private func call(_ method: String, _ path: String, _ body: [String: Any], token: String, expect: Set<Int>) async throws -> Data {
        let reply = try await ServiceHTTP.request(
            method, "\(self.url)\(path)", body: try JSONSerialization.data(withJSONObject: body), contentType: "application/json",
            token: token)
        guard expect.contains(reply.status) else {
            throw DemoHTTP.Failure(description: "\(method) \(path): documents answered \(reply.status): \(reply.text)")
        }
        return reply.body
    }

    static func pdf(_ text: String) -> Data {
        Data("%PDF-1.4\n% \(text)\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)
    }

    static func today() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Europe/Paris")
        return formatter.string(from: Date())
    }
}
