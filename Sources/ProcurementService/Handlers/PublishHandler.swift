import ContractMessaging
import Foundation
import Identifiers
import ProcurementContracts
import ProcurementDomain
import ServiceRuntime
import Storage

/// `procurement.tender.publish.v1`: checks the guards of domain §2.3 (identifiers, CPV codes, the threshold
/// engine, the legal minimum deadline, a DCE with its RC), stores the DCE files and a fresh wrapped data
/// key, schedules the closing timer and publishes `procurement.tender.published.v1`.
struct PublishHandler: Sendable {
    let settings: ProcurementSettings
    let keys: TenderKeyCache

    func handle(_ command: TenderPublish, _ transaction: ServiceTransaction) async throws {
        if let existing = try await TenderRecord.load(command.tenderId, lock: .update, in: transaction) {
            throw ServiceProblem(
                .invalid, code: "alreadyPublished", field: "tenderId", rule: "publish is idempotent on tenderId",
                "tender \(command.tenderId) is already \(existing.status)")
        }
        let now = self.settings.clock.now()
        let checked = try Self.check(command, at: now, rules: self.settings.rules)
        let reader = ClaimCheckReader(allowedRoots: self.settings.claimRoots)
        var files: [(TenderPublish.DceFile, Data)] = []
        for (index, file) in command.dceFiles.enumerated() {
            let data = try reader.read(uri: file.uri, sha256: file.sha256, sizeBytes: file.sizeBytes, field: "dceFiles[\(index)].uri")
            files.append((file, data))
        }
        let (_, wrapped) = try self.keys.newKey()
        let buyerName = command.buyerName ?? "Acheteur \(command.buyerSiret)"
        try await transaction.execute(
            """
            INSERT INTO tenders (tender_id, reference, title, description, buyer_siret, buyer_name, buyer_kind, nature,
                procedure, procedure_family, publicity, main_cpv, additional_cpv, estimated_cents, departement,
                commune_insee, urgency, status, published_at, deadline, questions_close_at, answers_due_by,
                electronic_mandatory, standstill_required, actes_required, key_id, wrapped_key)
            VALUES (\(command.tenderId)::uuid, \(command.reference), \(command.title), \(command.description),
                \(command.buyerSiret), \(buyerName), \(checked.buyerKind.rawValue), \(checked.nature.rawValue),
                \(checked.procedure.rawValue), \(checked.family.rawValue), \(checked.publicity.rawValue), \(command.mainCpv), \(command.additionalCpv ?? []),
                \(command.estimatedValueHtCents), \(command.executionPlace?.departement), \(command.executionPlace?.communeInsee),
                \(command.urgency ?? false), 'published', \(now), \(checked.deadline), \(checked.questionsCloseAt),
                \(checked.answersDueBy), \(checked.assessment.electronicProcedureMandatory),
                \(checked.assessment.standstillRequired), \(checked.assessment.actesTransmissionRequired),
                \(wrapped.keyID), \(wrapped.wrapped))
            """)
        for lot in command.lots {
            try await transaction.execute(
                """
                INSERT INTO lots (tender_id, lot_number, title, cpv, estimated_cents, status)
                VALUES (\(command.tenderId)::uuid, \(lot.lotNumber), \(lot.title), \(lot.cpv), \(lot.estimatedValueHtCents), 'open')
                """)
        }
        for (file, data) in files {
            try await transaction.execute(
                """
                INSERT INTO dce_files (tender_id, version, file_name, kind, sha256, size_bytes, media_type, content)
                VALUES (\(command.tenderId)::uuid, 1, \(file.fileName), \(file.kind.rawValue), \(file.sha256.lowercased()),
                        \(Int64(data.count)), \(file.mediaType), \(data))
                """)
        }
        try await Timers.schedule(
            .tenderDeadline, tenderId: command.tenderId, lot: nil, dueAt: checked.deadline, settings: self.settings,
            in: transaction)
        let event = TenderPublished(
            tenderId: command.tenderId, reference: command.reference, title: command.title,
            description: command.description,
            buyer: ProcurementContracts.Buyer(
                siret: command.buyerSiret, name: buyerName, kind: checked.buyerKind,
                departement: command.executionPlace?.departement),
            nature: checked.nature, procedure: checked.procedure, procedureFamily: checked.family,
            publicity: checked.publicity, mainCpv: command.mainCpv, additionalCpv: command.additionalCpv,
            estimatedValueHtCents: command.estimatedValueHtCents,
            lots: command.lots.map { .init(lotNumber: $0.lotNumber, title: $0.title, cpv: $0.cpv, estimatedValueHtCents: $0.estimatedValueHtCents) },
            executionPlace: command.executionPlace.map { .init(departement: $0.departement, communeInsee: $0.communeInsee) },
            publishedAt: now, tenderDeadline: checked.deadline, questionsCloseAt: checked.questionsCloseAt,
            answersDueBy: checked.answersDueBy, urgency: command.urgency ?? false, dceVersion: 1,
            dceFiles: try files.enumerated().map { index, entry in
                let (file, data) = entry
                return ProcurementContracts.DceFile(
                    kind: try ContractEnum.converted(file.kind, field: "dceFiles[\(index)].kind"), fileName: file.fileName,
                    uri: "\(self.settings.publicURL)/tenders/\(command.tenderId)/documents/\(Self.pathComponent(file.fileName))",
                    sha256: file.sha256.lowercased(), sizeBytes: data.count, mediaType: file.mediaType)
            },
            electronicProcedureMandatory: checked.assessment.electronicProcedureMandatory,
            standstillRequired: checked.assessment.standstillRequired,
            actesTransmissionRequired: checked.assessment.actesTransmissionRequired,
            buyerProfileUrl: "\(self.settings.publicURL)/tenders/\(command.tenderId)")
        try await transaction.publish(event, aggregate: command.tenderId)
        try await Journal.record(command.tenderId, "published", at: now, event, in: transaction)
    }

    static func pathComponent(_ name: String) -> String {
        name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? name
    }

    struct Checked {
        var deadline: Date
        var questionsCloseAt: Date
        var answersDueBy: Date
        var assessment: ThresholdAssessment
        var buyerKind: ProcurementContracts.Buyer.Kind
        var nature: TenderPublished.Nature
        var procedure: TenderPublished.Procedure
        var family: TenderPublished.ProcedureFamily
        var publicity: TenderPublished.Publicity
    }

    static func check(_ command: TenderPublish, at now: Date, rules: ProcurementRules) throws -> Checked {
        do {
            _ = try SIRET(command.buyerSiret)
        } catch {
            throw ServiceProblem(
                .invalid, code: "invalidSiret", field: "buyerSiret",
                rule: "SIRET: 14 digits, SIREN and SIRET Luhn-valid", "\(error)")
        }
        for (field, code) in [("mainCpv", command.mainCpv)] + (command.additionalCpv ?? []).enumerated().map({ ("additionalCpv[\($0)]", $1) })
            + command.lots.enumerated().compactMap({ index, lot in lot.cpv.map { ("lots[\(index)].cpv", $0) } })
        {
            do {
                _ = try CPVCode(code)
            } catch {
                throw ServiceProblem(
                    .invalid, code: "invalidCpv", field: field, rule: "CPV 2008 code from the shipped list", "\(error)")
            }
        }
        if let departement = command.executionPlace?.departement {
            do {
                _ = try Departement(departement)
            } catch {
                throw ServiceProblem(
                    .invalid, code: "invalidDepartement", field: "executionPlace.departement",
                    rule: "a French département", "\(error)")
            }
        }
        let numbers = command.lots.map(\.lotNumber)
        guard Set(numbers).count == numbers.count else {
            throw ServiceProblem(
                .invalid, code: "duplicateLot", field: "lots", rule: "lot numbers are unique",
                "lot numbers repeat: \(numbers)")
        }
        guard command.dceFiles.contains(where: { $0.kind == .rc }) else {
            throw ServiceProblem(
                .invalid, code: "missingRc", field: "dceFiles",
                rule: "domain §2.3: the DCE contains at least the RC (règlement de la consultation)",
                "no file of kind rc")
        }
        let names = command.dceFiles.map(\.fileName)
        guard Set(names).count == names.count, !names.contains(where: { $0.contains("/") }) else {
            throw ServiceProblem(
                .invalid, code: "invalidFileNames", field: "dceFiles",
                rule: "DCE file names are unique and have no '/'", "\(names)")
        }
        let deadline = command.tenderDeadline
        let published: TenderPublished.Procedure = try ContractEnum.converted(command.procedure, field: "procedure")
        let buyerKind: ProcurementContracts.Buyer.Kind = try ContractEnum.converted(command.buyerKind, field: "buyerKind")
        let nature: TenderPublished.Nature = try ContractEnum.converted(command.nature, field: "nature")
        let procedure = try ProcedureMapping.procedure(published)
        let assessment: ThresholdAssessment
        do {
            assessment = try ThresholdEngine(rules: rules).assess(
                ThresholdInput(
                    buyerKind: ProcedureMapping.buyerKind(buyerKind), nature: ProcedureMapping.nature(nature),
                    estimatedValue: AmountHT(cents: Int64(command.estimatedValueHtCents)),
                    date: CalendarDate(now)))
        } catch {
            throw ServiceProblem.domain(error, field: "estimatedValueHtCents")
        }
        let urgency = command.urgency ?? false
        // The lifecycle's publish guards (deadline ≥ legal minimum, main CPV, RC, thresholds vs procedure).
        let draft = Tender(
            id: command.tenderId, procedure: procedure,
            lots: command.lots.map { Lot(id: String($0.lotNumber), title: $0.title) },
            conditions: DeadlineConditions(electronicSubmission: true, urgency: urgency),
            mainCPV: try? CPVCode(command.mainCpv), thresholds: assessment, deadline: deadline, dceContainsRC: true)
        do {
            _ = try TenderStateMachine(rules: rules).publish(draft, at: now)
        } catch {
            let field: String? =
                switch error.code {
                case .procedureNotAllowed: "procedure"
                case .deadlineTooShort: "tenderDeadline"
                default: nil
                }
            throw ServiceProblem.domain(error, field: field)
        }
        let answersDue = deadline.addingParisDays(-(urgency ? rules.answersBeforeDeadlineUrgencyDays : rules.answersBeforeDeadlineDays))
        var questionsClose = deadline.addingParisDays(-rules.questionsCloseBeforeDeadlineDays)
        if let date = command.questionsCloseAt {
            guard date <= deadline else {
                throw ServiceProblem(
                    .invalid, code: "invalidQuestionsClose", field: "questionsCloseAt",
                    rule: "questions close before the deadline", ContractCoding.format(date))
            }
            questionsClose = date
        }
        if questionsClose < now { questionsClose = min(deadline, answersDue) }
        return Checked(
            deadline: deadline, questionsCloseAt: questionsClose, answersDueBy: answersDue, assessment: assessment,
            buyerKind: buyerKind, nature: nature, procedure: published,
            family: procedure == .adapted && assessment.procedureFamily == .exempt ? .exempt : (procedure == .adapted ? .adapted : .formalised),
            publicity: ProcedureMapping.publicity(assessment.publicity))
    }
}
