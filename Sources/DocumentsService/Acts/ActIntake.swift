import CommonContracts
import ContractTypes
import DocumentsContracts
import DocumentsDomain
import Foundation
import Identifiers
import ServiceRuntime
import Storage

/// Accepts an act (domain §3.5, each refusal naming its field and rule), names it (§3.4), stores its files, and
/// books its transmission window. Idempotent on `actId`.
struct ActIntake: Sendable {
    let settings: DocumentsSettings
    var store: FileStore { FileStore(directory: self.settings.storeDirectory) }

    /// - Returns: false when the act was already accepted (same `actId`).
    @discardableResult
    func submit(_ request: ActRequest, _ transaction: ServiceTransaction) async throws -> Bool {
        let existing = try await transaction.query("SELECT 1 FROM acts WHERE act_id = \(request.actId)::uuid")
        guard existing.isEmpty else { return false }
        let authority = try await AuthorityStore.requireActes(request.siren, lock: true, in: transaction)
        let now = self.settings.clock.now()
        let today = ParisCalendar.date(of: now)
        guard let current = authority.classificationDate, let tree = try await AuthorityStore.tree(authority.siren, date: current, in: transaction) else {
            throw ServiceProblem(
                .invalid, code: "classificationMissing", field: "classificationDate",
                rule: "domain §3.3: an act is built on its authority's classification, requested from the prefecture (type 7)",
                "the authority \(authority.siren) has no classification yet")
        }
        let draft = ActDraft(
            numeroInterne: request.numeroInterne, decisionDate: request.decisionDate, natureCode: request.natureCode,
            matter: request.matter, classificationDate: request.classificationDate ?? current, object: request.object,
            act: .init(fileName: request.act.name, head: Array(request.act.content.prefix(64)), sizeBytes: request.act.content.count),
            annexes: request.annexes.map { .init(fileName: $0.name, head: Array($0.content.prefix(64)), sizeBytes: $0.content.count) })
        let act: ValidatedAct
        do { act = try ActRules.validate(draft, today: today, tree: tree) } catch { throw ServiceProblem(error) }
        let taken = try await transaction.query(
            "SELECT act_id FROM acts WHERE siren = \(authority.siren) AND numero_interne = \(act.numero.value)")
        guard taken.isEmpty else {
            throw ServiceProblem(
                .conflict, code: "numeroInterneTaken", field: "numeroInterne",
                rule: "domain §3.5: the numéro interne is unique per authority, over every act ever sent",
                "\(act.numero) was already used by this authority")
        }
        if let signature = request.signature {
            try ActSignature.verify(signature, of: request.act.content, settings: self.settings)
        }
        let id = ActIdentifier(
            departement: try Departement(authority.departement), siren: try SIREN(authority.siren), decisionDate: request.decisionDate,
            numero: act.numero, nature: act.nature)
        let type = tree.attachmentType(for: act.nature)
        var files: [FileStore.Stored] = []
        files.append(try self.store.put(
            request.act.content, fileName: ActesNames.file(id, attachmentType: type, index: 1, kind: act.actKind),
            mediaType: act.actKind.mediaType))
        for (index, annex) in request.annexes.enumerated() {
            let kind = act.annexKinds[index]
            files.append(try self.store.put(
                annex.content, fileName: ActesNames.file(id, attachmentType: type, index: index + 2, kind: kind), mediaType: kind.mediaType))
        }
        let at = try await TransmissionSchedule(settings: self.settings).slot(bytes: act.totalSizeBytes, now: now, transaction)
        try await transaction.execute(
            """
            INSERT INTO acts (act_id, siren, numero_interne, id_acte, origin_service, origin_reference, nature, matter,
                classification_date, object, decision_date, paper_document, signed, files, total_bytes, transmit_at,
                status, status_at, submitted_by, submitted_at)
            VALUES (\(request.actId)::uuid, \(authority.siren), \(act.numero.value), \(id.description),
                \(request.origin.service.rawValue), \(request.origin.reference), \(act.nature.code), \(act.matter.description),
                \(draft.classificationDate.description)::date, \(request.object), \(request.decisionDate.description)::date,
                \(request.paperDocument), \(request.signature != nil), \(PostgresJSON(files)), \(act.totalSizeBytes), \(at),
                \(ActStatus.posted.rawValue), \(now), \(request.requestedBy), \(now))
            """)
        try await ActHistory.record(request.actId, .posted, at: now, message: "accepted: \(id)", in: transaction)
        try await transaction.publish(
            ActSubmitted(
                actId: request.actId, idActe: id.description, origin: request.origin,
                authority: Authority(
                    siren: authority.siren, name: authority.name, departement: authority.departement,
                    arrondissement: authority.arrondissement, nature: authority.nature),
                numeroInterne: act.numero.value, decisionDate: request.decisionDate,
                natureCode: try ContractValue.converted(act.nature.code, field: "natureCode"),
                natureAbbrev: try ContractValue.converted(act.nature.abbreviation, field: "natureAbbrev"),
                matter: act.matter.description, classificationDate: draft.classificationDate, object: request.object,
                act: files[0].reference, annexes: files.count > 1 ? files.dropFirst().map(\.reference) : nil,
                totalSizeBytes: act.totalSizeBytes, submittedAt: now),
            aggregate: request.actId, subject: id.description)
        try await ActTransmitter(settings: self.settings).send(request.actId, at: at, transaction)
        return true
    }
}

/// Calendar dates as the prefecture counts them (Europe/Paris).
enum ParisCalendar {
    static let zone = TimeZone(identifier: "Europe/Paris")!

    static func date(of instant: Date) -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = self.zone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}

/// Converts between string codes and the generated contract enums.
enum ContractValue {
    static func converted<Target: RawRepresentable>(_ value: String, field: String) throws -> Target where Target.RawValue == String {
        guard let converted = Target(rawValue: value) else {
            throw ServiceProblem(.internal, code: "contractValue", field: field, rule: "a value of the contract's enum", value)
        }
        return converted
    }
}
