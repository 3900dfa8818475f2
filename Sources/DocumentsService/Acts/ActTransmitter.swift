import CommonContracts
import ContractTypes
import DocumentsContracts
import DocumentsDomain
import Foundation
import Identifiers
import PrefectureContracts
import ServiceRuntime
import Storage

/// Packs an accepted act (envelope, business XML, act and annexes in a `.tar.gz`, domain §3.4), keeps the package
/// in the store and hands `prefecture.act.transmit.v1` to the outbox, due at the act's window: the relay sends it
/// to the prefecture bridge then. Status 2 until the window opens, 3 once it has.
struct ActTransmitter: Sendable {
    let settings: DocumentsSettings

    func send(_ actId: String, at slot: Date, _ transaction: ServiceTransaction) async throws {
        let act = try await ActRecord.require(actId, lock: true, in: transaction)
        let authority = try await AuthorityStore.requireActes(act.siren, in: transaction)
        let store = FileStore(directory: self.settings.storeDirectory)
        let now = self.settings.clock.now()
        let id = try ActIdentifier(parsing: act.idActe)
        let business = ActesXML.act(ActesXML.Act(
            decisionDate: act.decisionDate, numero: id.numero, nature: id.nature, matter: try MatterPath(act.matter),
            object: act.object, classificationDate: act.classificationDate, documentFileName: act.files[0].fileName,
            annexFileNames: act.files.dropFirst().map(\.fileName), paperDocument: act.paperDocument))
        var contents: [(name: String, content: Data)] = []
        for file in act.files {
            let (_, data) = try store.get(sha256: file.sha256, fileName: file.fileName, field: "files")
            contents.append((file.fileName, data))
        }
        let emitter = try authority.emitter
        let package = try ActesPackage(
            emitter: emitter, date: ParisCalendar.date(of: now), serial: try await AuthorityStore.nextSerial(act.siren, in: transaction),
            businessName: ActesNames.businessXML(id, flux: "1-1"), business: business, files: contents, at: now)
        let stored = try store.put(package.data, fileName: package.archiveName, mediaType: "application/gzip")
        let transmissionId = UUID().uuidString.lowercased()
        try await transaction.execute(
            """
            UPDATE acts SET package = \(PostgresJSON(stored)), package_bytes = \(stored.sizeBytes),
                transmission_id = \(transmissionId)::uuid WHERE act_id = \(actId)::uuid
            """)
        let sentAt = max(slot, now)
        try await transaction.publish(
            ActTransmit(
                transmissionId: transmissionId, idActe: act.idActe,
                emitter: .init(siren: authority.siren, departement: authority.departement, arrondissement: authority.arrondissement, nature: authority.nature),
                referent: .init(name: authority.referentName, phone: authority.referentPhone, email: authority.referentEmail),
                returnAddresses: emitter.returnAddresses,
                act: .init(
                    decisionDate: act.decisionDate, numeroInterne: id.numero.value,
                    natureCode: try ContractValue.converted(id.nature.code, field: "natureCode"), matter: act.matter,
                    classificationDate: act.classificationDate, object: act.object, documentFileName: act.files[0].fileName,
                    annexFileNames: act.files.dropFirst().map(\.fileName), signed: act.signed, paperDocument: act.paperDocument),
                package: stored.closedReference, sentAt: sentAt),
            aggregate: actId, subject: act.idActe, deliverAt: slot > now ? slot : nil)
        if slot > now {
            try await ActHistory.record(
                actId, .awaitingTransmission, at: now, message: "window opens at \(ISO8601DateFormatter().string(from: slot))", in: transaction)
        } else {
            try await ActHistory.record(actId, .awaitingTransmission, at: now, message: "window open", in: transaction)
            try await self.transmitted(act, envelope: package.envelopeName, archive: package.archiveName, at: now, transaction)
        }
    }

    /// Status 3 and `documents.act.transmitted.v1`, once the act's window has opened.
    func transmitted(_ act: ActRecord, envelope: String, archive: String, at now: Date, _ transaction: ServiceTransaction) async throws {
        try await transaction.execute("UPDATE acts SET transmitted_at = \(now) WHERE act_id = \(act.actId)::uuid")
        try await ActHistory.record(act.actId, .transmitted, at: now, message: archive, flux: "1-1", in: transaction)
        try await transaction.publish(
            ActTransmitted(
                actId: act.actId, idActe: act.idActe, origin: act.origin, transmittedAt: now, envelopeFileName: envelope,
                archiveFileName: archive),
            aggregate: act.actId, subject: act.idActe)
    }
}
