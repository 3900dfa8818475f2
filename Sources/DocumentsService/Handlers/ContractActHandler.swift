import CommonContracts
import DocumentsContracts
import DocumentsDomain
import Foundation
import Messaging
import ProcurementContracts
import ServiceRuntime

/// Domain §2.10, §8 flow 4: a contract a local authority signed above the threshold goes to the prefecture as
/// nature 4 (CC), matter 1.1, the acte d'engagement as the act and the other pieces as annexes, within 15 days of
/// the signature. Its outcome events carry `origin = procurement/<contractId>`. A buyer that has not joined ACTES
/// is refused with that reason (the event is parked with it, for an operator).
struct ContractActHandler: Sendable {
    let settings: DocumentsSettings

    func signed(_ event: ContractSigned, _ context: HandlerContext) async throws {
        guard event.actesRequired else { return }
        let reader = ClaimCheckReader(allowedRoots: self.settings.claimRoots, maxBytes: 160 << 20)
        var pieces = event.pieces
        guard let main = pieces.firstIndex(where: { $0.kind == .acteEngagement }) ?? pieces.indices.first else {
            throw ServiceProblem(
                .invalid, code: "contractWithoutPieces", field: "pieces", rule: "R2131-5: the contract's pieces are transmitted",
                "the signed contract has no piece")
        }
        let act = pieces.remove(at: main)
        func read(_ piece: ContractSigned.Piece, _ field: String) throws -> ActRequest.File {
            .init(
                name: piece.file.fileName,
                content: try reader.read(uri: piece.file.uri, sha256: piece.file.sha256, sizeBytes: piece.file.sizeBytes, field: field))
        }
        let request = ActRequest(
            actId: DerivedID.uuid("contract|\(event.contractId)"), siren: String(event.buyer.siret.prefix(9)),
            origin: Origin(service: .procurement, reference: event.contractId),
            numeroInterne: Self.numero(contractId: event.contractId), decisionDate: event.signatureDate, natureCode: ActNature.contract.code,
            matter: "1.1", classificationDate: nil, object: String("Marché \(event.reference) — \(event.object)".prefix(499)),
            act: try read(act, "pieces[\(main)].file"),
            annexes: try pieces.enumerated().map { try read($1, "pieces[\($0)].file") }, signature: nil, paperDocument: false,
            requestedBy: "procurement contract \(event.contractId)")
        try await ActIntake(settings: self.settings).submit(request, context.transaction)
        if let due = event.actesDueBy, ParisCalendar.date(of: self.settings.clock.now()) > due {
            try await OperatorAlerts.raise(
                "lateTransmission", subject: event.contractId, detail: "the contract was due at the prefecture by \(due)",
                at: self.settings.clock.now(), cause: context.event.id, context)
        }
    }

    /// `MP` and the first 13 hexadecimal digits of the contract id: within the strict rule, one per contract.
    static func numero(contractId: String) -> String {
        "MP" + String(contractId.replacingOccurrences(of: "-", with: "").prefix(13)).uppercased()
    }
}
