import CommonContracts
import DeskContracts
import DocumentsContracts
import DocumentsDomain
import Foundation
import ServiceRuntime

/// Domain §8 flow 7: an aid granted by deliberation goes to the prefecture as nature 1 (DE), matter 7.4 or 7.5,
/// through the same entry point as every other act; its outcome events carry `origin = desk/<decisionId>`. An
/// aid decided without a deliberation (a refusal, a decision by delegation) has nothing to transmit.
struct AidActHandler: Sendable {
    let settings: DocumentsSettings

    func decided(_ event: AidDecided, _ context: HandlerContext) async throws {
        guard event.outcome == .accepte, let deliberation = event.deliberation, let aid = event.aid else { return }
        let reader = ClaimCheckReader(allowedRoots: self.settings.claimRoots, maxBytes: 160 << 20)
        let document = deliberation.document
        let request = ActRequest(
            actId: DerivedID.uuid("aid|\(event.decisionId)"), siren: deliberation.authority.siren,
            origin: Origin(service: .desk, reference: event.decisionId), numeroInterne: deliberation.numeroInterne,
            decisionDate: aid.votedAt, natureCode: ActNature.deliberation.code, matter: deliberation.matter.rawValue,
            classificationDate: nil, object: deliberation.object,
            act: .init(
                name: document.fileName,
                content: try reader.read(
                    uri: document.uri, sha256: document.sha256, sizeBytes: document.sizeBytes, field: "deliberation.document")),
            annexes: [], signature: nil, paperDocument: false, requestedBy: "desk decision \(event.decisionId)")
        try await ActIntake(settings: self.settings).submit(request, context.transaction)
    }
}
