import ContractMessaging
import Foundation
import Hummingbird
import ProcurementContracts
import ProcurementDomain
import ServiceRuntime
import Storage

/// `GET /tenders/{id}/ocds`: the tender's history as an OCDS 1.1 record package (releases tender,
/// tenderAmendment, award, contract, and tenderCancellation), built from the published events kept in
/// `history`. `passerelle procurement ocds TENDER_ID` prints it.
enum OCDSExport {
    static func add(to routes: ServiceRoutes, host: ServiceHost, settings: ProcurementSettings) {
        routes.get(
            "/tenders/:id/ocds",
            .anonymous(sees: "the published notices, amendments, awards and contracts (public by law), no bid")
        ) { _, context, _ in
            let id = context.parameters.get("id") ?? ""
            let rows = try await host.withTransaction { transaction in
                guard try await TenderRecord.load(id, lock: .none, in: transaction) != nil else {
                    throw ServiceProblem.tenderNotFound(id)
                }
                let rows = try await transaction.query(
                    "SELECT kind, detail::text FROM history WHERE tender_id = \(id)::uuid ORDER BY id")
                return try rows.map { (try $0.decode(String.self, at: 0), try $0.decode(String.self, at: 1)) }
            }
            let history = try rows.compactMap { try Self.entry(kind: $0.0, json: Data($0.1.utf8)) }
            let record = try OCDSRecordBuilder().record(tenderID: id, history: history)
            let package = OCDSRecordPackage(
                uri: "\(settings.publicURL)/tenders/\(id)/ocds", publishedDate: OCDSDateTime(settings.clock.now()),
                publisher: OCDSPublisher(name: "Passerelle"), records: [record])
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: try package.jsonData())))
        }
    }

    static func entry(kind: String, json: Data) throws -> TenderHistoryEntry? {
        let decoder = ContractCoding.makeDecoder()
        switch kind {
        case "published":
            let event = try decoder.decode(TenderPublished.self, from: json)
            return .published(.init(
                date: event.publishedAt, title: event.title, description: event.description,
                buyer: .init(name: event.buyer.name, siret: event.buyer.siret), procedure: Self.procedure(event.procedure),
                nature: Self.nature(event.nature), estimatedValueCents: Int64(event.estimatedValueHtCents),
                mainCPV: .init(code: event.mainCpv),
                lots: event.lots.map {
                    .init(
                        id: String($0.lotNumber), title: $0.title, estimatedValueCents: $0.estimatedValueHtCents.map(Int64.init),
                        cpv: $0.cpv.map { .init(code: $0) })
                },
                deadline: event.tenderDeadline, dceVersion: event.dceVersion,
                documents: event.dceFiles.map { .init(id: $0.sha256, title: $0.fileName, url: $0.uri, format: $0.mediaType) }))
        case "amended":
            let event = try decoder.decode(TenderAmended.self, from: json)
            return .amended(.init(
                id: event.amendmentId, date: event.amendedAt, summary: event.summary,
                newDeadline: event.deadlineExtended ? event.tenderDeadline : nil, dceVersion: event.dceVersion,
                changedDocuments: event.changedFiles.map { .init(id: $0.sha256 ?? $0.fileName, title: $0.fileName) }))
        case "deadlineChanged":
            let event = try decoder.decode(TenderDeadlineChanged.self, from: json)
            return .deadlineChanged(.init(date: event.changedAt, newDeadline: event.newDeadline, reason: event.reason.rawValue))
        case "cancelled":
            let event = try decoder.decode(TenderCancelled.self, from: json)
            return .cancelled(.init(date: event.cancelledAt, reason: event.reasonText))
        case "lotUnsuccessful":
            let event = try decoder.decode(LotUnsuccessful.self, from: json)
            return .lotUnsuccessful(.init(date: event.declaredAt, lotID: String(event.lotNumber), reason: event.reason.rawValue))
        case "awarded":
            let event = try decoder.decode(AwardDecided.self, from: json)
            return .awarded(.init(
                id: event.awardId, date: event.decidedAt, lotIDs: [String(event.lotNumber)],
                supplier: .init(name: event.awardee.name, siret: event.awardee.siret), amountCents: Int64(event.amountHtCents)))
        case "contractSigned":
            let event = try decoder.decode(ContractSigned.self, from: json)
            let awardID = try Self.awardID(json)
            return .contractSigned(.init(
                id: event.contractId, awardID: awardID ?? event.contractId, date: event.signedAt,
                amountCents: Int64(event.amountHtCents), lotIDs: event.lotNumbers.map(String.init)))
        default:
            return nil
        }
    }

    private static func awardID(_ json: Data) throws -> String? {
        (try JSONSerialization.jsonObject(with: json) as? [String: Any])?["awardId"] as? String
    }

    private static func procedure(_ procedure: TenderPublished.Procedure) -> TenderHistoryEntry.Procedure {
        switch procedure {
        case .open: .openCallForTenders
        case .restricted: .restrictedCallForTenders
        case .competitiveNegotiation: .competitiveWithNegotiation
        case .competitiveDialogue: .competitiveDialogue
        case .negotiatedWithoutPublicity: .negotiatedWithoutNotice
        case .adapted: .adaptedOpen
        }
    }

    private static func nature(_ nature: TenderPublished.Nature) -> TenderHistoryEntry.Nature {
        switch nature {
        case .works: .works
        case .supplies: .supplies
        case .services: .services
        }
    }
}
