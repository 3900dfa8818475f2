import CommonContracts
import ContractMessaging
import ContractTypes
import DocumentsDomain
import Foundation
import Messaging
import Identifiers
import PrefectureContracts
import ServiceRuntime
import Storage

/// The classification's round trip with the prefecture (domain §3.3): a type 7 request (`DemandeClassification`,
/// with the date of the tree the authority has) and the `RetourClassification`, stored as the authority's current
/// tree when it is not older than the one it has.
struct ClassificationExchange: Sendable {
    let settings: DocumentsSettings

    @discardableResult
    func request(_ siren: String, _ transaction: ServiceTransaction) async throws -> String {
        let authority = try await AuthorityStore.requireActes(siren, lock: true, in: transaction)
        let now = self.settings.clock.now()
        let emitter = try authority.emitter
        let package = try ActesPackage(
            emitter: emitter, date: ParisCalendar.date(of: now), serial: try await AuthorityStore.nextSerial(siren, in: transaction),
            businessName: ActesNames.classificationRequest(departement: emitter.departement, siren: emitter.siren),
            business: ActesXML.classificationRequest(current: authority.classificationDate), files: [], at: now)
        let stored = try FileStore(directory: self.settings.storeDirectory).put(
            package.data, fileName: package.archiveName, mediaType: "application/gzip")
        let requestId = UUID().uuidString.lowercased()
        try await transaction.publish(
            ClassificationRequest(
                requestId: requestId,
                emitter: .init(siren: siren, departement: authority.departement, arrondissement: authority.arrondissement, nature: authority.nature),
                lastClassificationDate: authority.classificationDate, package: stored.closedReference, sentAt: now),
            aggregate: siren, subject: siren)
        return requestId
    }

    /// A classification that arrived before its authority was registered (kept aside as unattributed) is applied
    /// when the authority registers: the same tree returned again would be a duplicate for the hub and never come.
    func adoptPending(_ siren: String, at now: Date, _ transaction: ServiceTransaction) async throws {
        let rows = try await transaction.query(
            """
            SELECT return_id::text, payload FROM unattributed_returns
            WHERE kind = 'actes.classification' AND key = \(siren) AND resolved_at IS NULL ORDER BY received_at
            """)
        for row in rows {
            let payload = try row.decode(PostgresRawJSON.self, at: 1)
            guard let answer = try? ContractCoding.makeDecoder().decode(ClassificationReturned.self, from: Data(payload.bytes)) else { continue }
            try await AuthorityStore.storeTree(siren, Self.tree(answer), at: now, in: transaction)
            try await transaction.execute(
                """
                UPDATE unattributed_returns SET resolved_at = \(now), resolution = 'applied when the authority registered'
                WHERE return_id = \(try row.decode(String.self, at: 0))::uuid
                """)
        }
    }

    static func tree(_ answer: ClassificationReturned) -> ClassificationTree {
        var matters: [String: String] = [:]
        for matter in answer.matters { matters[matter.path] = matter.label }
        return ClassificationTree(
            date: answer.classificationDate,
            natures: answer.natures.map { .init(code: $0.code.rawValue, label: $0.label, attachmentTypes: $0.attachmentTypes.map(\.code)) },
            matters: matters)
    }

    func returned(_ answer: ClassificationReturned, _ context: HandlerContext) async throws {
        let now = self.settings.clock.now()
        guard try await AuthorityStore.load(answer.siren, in: context.transaction) != nil else {
            try await OperatorAlerts.unattributed(
                "actes.classification", key: answer.siren, reason: "no authority \(answer.siren) in the registry",
                payload: context.event.data, at: now, context)
            return
        }
        try await AuthorityStore.storeTree(answer.siren, Self.tree(answer), at: now, in: context.transaction)
    }
}
