import ContractTypes
import DocumentsContracts
import DocumentsDomain
import Foundation
import ServiceRuntime

/// An act to send, whoever asks (an agent over HTTP, `documents.act.submit.v1`, a signed contract, an aid
/// decision): the entry point is the same for every service, which gets the outcome events back by `origin`.
struct ActRequest: Sendable {
    struct File: Sendable {
        var name: String
        var content: Data
    }

    var actId: String
    var siren: String
    var origin: Origin
    var numeroInterne: String
    var decisionDate: CalendarDate
    var natureCode: String
    var matter: String
    /// nil: the authority's current classification.
    var classificationDate: CalendarDate?
    var object: String
    var act: File
    var annexes: [File]
    /// A detached PKCS#7 (DER) signature of the act, verified before anything is sent.
    var signature: Data?
    var paperDocument: Bool
    var requestedBy: String
}

extension ServiceProblem {
    init(_ refusal: DocumentRefusal) {
        self.init(.invalid, code: refusal.code, field: refusal.field, rule: refusal.rule, refusal.message)
    }
}
