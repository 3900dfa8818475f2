import Foundation
import ProcurementContracts
import ProcurementDomain
import ServiceRuntime
import Storage

/// `procurement.tender.amend.v1`: a new DCE version (old files kept), the amendment rule of domain §2.5
/// (fewer than 7 days left → the deadline must move), `procurement.tender.amended.v1` with the register
/// counts (a mandatory notice to every identified downloader and bidder), and
/// `procurement.tender.deadline-changed.v1` plus a new closing timer when the deadline moves.
struct AmendHandler: Sendable {
    let settings: ProcurementSettings

    func handle(_ command: TenderAmend, _ transaction: ServiceTransaction) async throws {
        let tender = try await TenderRecord.require(command.tenderId, lock: .update, in: transaction)
        guard tender.status == "published" else {
            throw ServiceProblem.invalidTransition(tender.status, expected: ["published"], action: "amend")
        }
        guard command.basedOnDceVersion == tender.dceVersion else {
            throw ServiceProblem(
                .invalid, code: "staleDceVersion", field: "basedOnDceVersion",
                rule: "an amendment edits the current DCE version",
                "the current version is \(tender.dceVersion), not \(command.basedOnDceVersion)")
        }
        let now = self.settings.clock.now()
        let deadline: Date
        do {
            deadline = try AmendmentRule(rules: self.settings.rules).effectiveDeadline(
                amendedAt: now, currentDeadline: tender.deadline, newDeadline: command.newTenderDeadline)
        } catch {
            throw ServiceProblem.domain(error, field: "newTenderDeadline")
        }
        let version = tender.dceVersion + 1
        try await transaction.execute(
            """
            INSERT INTO dce_files (tender_id, version, file_name, kind, sha256, size_bytes, media_type, content)
            SELECT tender_id, \(version), file_name, kind, sha256, size_bytes, media_type, content
            FROM dce_files WHERE tender_id = \(command.tenderId)::uuid AND version = \(tender.dceVersion)
            """)
        let reader = ClaimCheckReader(allowedRoots: self.settings.claimRoots)
        var changed: [TenderAmended.ChangedFile] = []
        for (index, fileChange) in command.fileChanges.enumerated() {
            let kindRows = try await transaction.query(
                """
                SELECT kind FROM dce_files WHERE tender_id = \(command.tenderId)::uuid AND version = \(version)
                  AND file_name = \(fileChange.fileName)
                """)
            let existingKind: DceFileKind? = try kindRows.first.map {
                try ContractEnum.stored(try $0.decode(String.self, at: 0), column: "dce_files.kind")
            }
            switch fileChange {
            case .removed(let change):
                guard let existingKind else {
                    throw ServiceProblem(
                        .notFound, code: "fileNotFound", field: "fileChanges[\(index)].fileName",
                        rule: "a removed file exists", change.fileName)
                }
                guard existingKind != .rc else {
                    throw ServiceProblem(
                        .invalid, code: "missingRc", field: "fileChanges[\(index)]",
                        rule: "domain §2.3: the DCE keeps its RC", "the RC cannot be removed; replace it")
                }
                try await transaction.execute(
                    """
                    DELETE FROM dce_files WHERE tender_id = \(command.tenderId)::uuid AND version = \(version)
                      AND file_name = \(change.fileName)
                    """)
                changed.append(.init(change: .removed, kind: existingKind, fileName: change.fileName, sha256: nil))
            case .addedOrReplaced(let change):
                let kind: DceFileKind = try ContractEnum.converted(change.kind, field: "fileChanges[\(index)].kind")
                if change.change == .replaced && existingKind == nil {
                    throw ServiceProblem(
                        .notFound, code: "fileNotFound", field: "fileChanges[\(index)].fileName",
                        rule: "a replaced file exists", change.fileName)
                }
                if change.change == .added && existingKind != nil {
                    throw ServiceProblem(
                        .invalid, code: "fileExists", field: "fileChanges[\(index)].fileName",
                        rule: "an added file is new; use replaced", change.fileName)
                }
                let data = try reader.read(
                    uri: change.uri, sha256: change.sha256, sizeBytes: change.sizeBytes, field: "fileChanges[\(index)].uri")
                try await transaction.execute(
                    """
                    INSERT INTO dce_files (tender_id, version, file_name, kind, sha256, size_bytes, media_type, content)
                    VALUES (\(command.tenderId)::uuid, \(version), \(change.fileName), \(kind.rawValue),
                            \(change.sha256.lowercased()), \(Int64(data.count)), \(change.mediaType), \(data))
                    ON CONFLICT (tender_id, version, file_name) DO UPDATE
                    SET kind = EXCLUDED.kind, sha256 = EXCLUDED.sha256, size_bytes = EXCLUDED.size_bytes,
                        media_type = EXCLUDED.media_type, content = EXCLUDED.content
                    """)
                changed.append(.init(
                    change: try ContractEnum.converted(change.change, field: "fileChanges[\(index)].change"), kind: kind,
                    fileName: change.fileName, sha256: change.sha256.lowercased()))
            }
        }
        let extended = deadline != tender.deadline
        try await transaction.execute(
            """
            UPDATE tenders SET dce_version = \(version), deadline = \(deadline), updated_at = now(),
                answers_due_by = \(deadline.addingParisDays(-(tender.urgency ? self.settings.rules.answersBeforeDeadlineUrgencyDays : self.settings.rules.answersBeforeDeadlineDays)))
            WHERE tender_id = \(command.tenderId)::uuid
            """)
        try await transaction.execute(
            """
            INSERT INTO amendments (amendment_id, tender_id, amended_at, dce_version, summary, deadline_before, deadline_after)
            VALUES (\(command.amendmentId)::uuid, \(command.tenderId)::uuid, \(now), \(version), \(command.summary),
                    \(tender.deadline), \(deadline))
            """)
        let recipients = try await Register.recipients(command.tenderId, asOf: now, in: transaction)
        let event = TenderAmended(
            tenderId: command.tenderId, amendmentId: command.amendmentId, amendedAt: now,
            dceVersion: version, previousDceVersion: tender.dceVersion, summary: command.summary, changedFiles: changed,
            tenderDeadline: deadline, deadlineExtended: extended, mandatoryRecipients: recipients)
        try await transaction.publish(event, aggregate: command.tenderId)
        try await Journal.record(command.tenderId, "amended", at: now, event, in: transaction)
        if extended {
            try await DeadlineMove.apply(
                tender: tender, to: deadline, reason: .amendment, amendmentId: command.amendmentId, questionId: nil,
                at: now, recipients: recipients, settings: self.settings, in: transaction)
        }
    }
}

/// Moving a deadline later: a new closing timer (the old one goes stale) and the mandatory
/// `procurement.tender.deadline-changed.v1`.
enum DeadlineMove {
    static func apply(
        tender: TenderRecord, to deadline: Date, reason: TenderDeadlineChanged.Reason, amendmentId: String?,
        questionId: String?, at now: Date, recipients: MandatoryRecipients, settings: ProcurementSettings,
        in transaction: ServiceTransaction
    ) async throws {
        try await transaction.execute(
            """
            UPDATE tenders SET deadline = \(deadline), updated_at = now(),
                answers_due_by = \(deadline.addingParisDays(-(tender.urgency ? settings.rules.answersBeforeDeadlineUrgencyDays : settings.rules.answersBeforeDeadlineDays)))
            WHERE tender_id = \(tender.tenderId)::uuid
            """)
        try await Timers.schedule(.tenderDeadline, tenderId: tender.tenderId, lot: nil, dueAt: deadline, settings: settings, in: transaction)
        let event = TenderDeadlineChanged(
            tenderId: tender.tenderId, previousDeadline: tender.deadline, newDeadline: deadline, changedAt: now,
            reason: reason, amendmentId: amendmentId, questionId: questionId, mandatoryRecipients: recipients)
        try await transaction.publish(event, aggregate: tender.tenderId)
        try await Journal.record(tender.tenderId, "deadlineChanged", at: now, event, in: transaction)
    }
}

extension TenderAmend.FileChange {
    /// The file the change is about.
    fileprivate var fileName: String {
        switch self {
        case .addedOrReplaced(let change): change.fileName
        case .removed(let change): change.fileName
        }
    }
}
