public import ContractMessaging

/// A message type of another context that the notifications contract receives but for which this service
/// has no template yet (documents, desk, training): the handler keeps the event in `deferred_events` so it
/// can be sent once the template exists.
public protocol DeferredEventKind: Sendable {
    /// The contract message type.
    static var messageType: String { get }
}

/// Any event of a ``DeferredEventKind``; decodes no field (the runtime has already validated the payload).
public struct DeferredEvent<Kind: DeferredEventKind>: ContractMessage {
    /// The contract message type of `Kind`.
    public static var messageType: String { Kind.messageType }
}

/// The deferred message types, one caseless enum each.
public enum DeferredEvents {
    /// `documents.act.submitted.v1`.
    public enum ActSubmitted: DeferredEventKind { public static let messageType = "documents.act.submitted.v1" }
    /// `documents.act.acknowledged.v1`.
    public enum ActAcknowledged: DeferredEventKind { public static let messageType = "documents.act.acknowledged.v1" }
    /// `documents.act.rejected.v1`.
    public enum ActRejected: DeferredEventKind { public static let messageType = "documents.act.rejected.v1" }
    /// `documents.act.cancelled.v1`.
    public enum ActCancelled: DeferredEventKind { public static let messageType = "documents.act.cancelled.v1" }
    /// `documents.prefecture-letter.received.v1`.
    public enum PrefectureLetterReceived: DeferredEventKind {
        public static let messageType = "documents.prefecture-letter.received.v1"
    }
    /// `documents.pes.acknowledged.v1`.
    public enum PesAcknowledged: DeferredEventKind { public static let messageType = "documents.pes.acknowledged.v1" }
    /// `documents.pes.information-available.v1`.
    public enum PesInformationAvailable: DeferredEventKind {
        public static let messageType = "documents.pes.information-available.v1"
    }
    /// `documents.pes.refused.v1`.
    public enum PesRefused: DeferredEventKind { public static let messageType = "documents.pes.refused.v1" }
    /// `desk.application.submitted.v1`.
    public enum ApplicationSubmitted: DeferredEventKind { public static let messageType = "desk.application.submitted.v1" }
    /// `desk.application.routed.v1`.
    public enum ApplicationRouted: DeferredEventKind { public static let messageType = "desk.application.routed.v1" }
    /// `desk.application.correction-requested.v1`.
    public enum ApplicationCorrectionRequested: DeferredEventKind {
        public static let messageType = "desk.application.correction-requested.v1"
    }
    /// `desk.aid.decided.v1`.
    public enum AidDecided: DeferredEventKind { public static let messageType = "desk.aid.decided.v1" }
    /// `training.signup.booked.v1`.
    public enum SignupBooked: DeferredEventKind { public static let messageType = "training.signup.booked.v1" }
    /// `training.signup.waitlisted.v1`.
    public enum SignupWaitlisted: DeferredEventKind { public static let messageType = "training.signup.waitlisted.v1" }
    /// `training.signup.promoted.v1`.
    public enum SignupPromoted: DeferredEventKind { public static let messageType = "training.signup.promoted.v1" }
    /// `training.signup.cancelled.v1`.
    public enum SignupCancelled: DeferredEventKind { public static let messageType = "training.signup.cancelled.v1" }
    /// `training.session.cancelled.v1`.
    public enum SessionCancelled: DeferredEventKind { public static let messageType = "training.session.cancelled.v1" }
    /// `training.session.reminder-due.v1`.
    public enum SessionReminderDue: DeferredEventKind { public static let messageType = "training.session.reminder-due.v1" }
    /// `training.signup.attendance-recorded.v1`.
    public enum SignupAttendanceRecorded: DeferredEventKind {
        public static let messageType = "training.signup.attendance-recorded.v1"
    }

    /// Every deferred kind.
    static let all: [any DeferredEventKind.Type] = [
        ActSubmitted.self, ActAcknowledged.self, ActRejected.self, ActCancelled.self, PrefectureLetterReceived.self,
        PesAcknowledged.self, PesInformationAvailable.self, PesRefused.self, ApplicationSubmitted.self,
        ApplicationRouted.self, ApplicationCorrectionRequested.self, AidDecided.self, SignupBooked.self,
        SignupWaitlisted.self, SignupPromoted.self, SignupCancelled.self, SessionCancelled.self,
        SessionReminderDue.self, SignupAttendanceRecorded.self,
    ]
}
