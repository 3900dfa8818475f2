import Foundation
import ServiceRuntime

/// The text `passerelle desk` prints for people; pure functions of the service's answers, so tests check them.
enum DeskRendering {
    /// `processed`, `canceled (duplicate)`, `awaitingCompany (lookup error)`.
    static func status(_ request: DeskAPI.Solicitation) -> String {
        if let reason = request.cancelReason { return "\(request.status) (\(reason))" }
        if request.lookupError != nil { return "\(request.status) (lookup error)" }
        return request.status
    }

    /// `2500000` → `25000.00 €`.
    static func euros(_ cents: Int64) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        return "\(sign)\(magnitude / 100).\(String(format: "%02d", Int(magnitude % 100))) €"
    }

    static func list(_ requests: [DeskAPI.Solicitation]) -> String {
        guard !requests.isEmpty else { return "No requests.\n" }
        var table = TextTable(columns: [
            .init("ID"), .init("CREATED"), .init("SUBJECT", maxWidth: 36), .init("STATUS", maxWidth: 40),
            .init("SIRET"),
            .init("COMPANY", maxWidth: 30),
        ])
        for request in requests {
            table.append([
                request.applicationId, DocumentsRendering.time(request.createdAt), request.draft.landingSubjectId,
                Self.status(request),
                request.draft.siret ?? "-", request.companyName ?? "-",
            ])
        }
        return table.render() + "\(requests.count) request(s)\n"
    }

    static func detail(_ detail: DeskAPI.Detail) -> String {
        var text = Self.request(detail.solicitation)
        guard !detail.needs.isEmpty else {
            return text + "\nNo needs yet: the request is \(Self.status(detail.solicitation)).\n"
        }
        for need in detail.needs {
            text += "\n" + Self.need(need)
        }
        return text
    }

    static func request(_ request: DeskAPI.Solicitation) -> String {
        let draft = request.draft
        var since = ""
        if let completed = request.completedAt { since = " since \(DocumentsRendering.time(completed))" }
        var lines: [(String, String)] = [
            ("request", request.applicationId), ("subject", draft.landingSubjectId),
            ("status", Self.status(request) + since),
            ("created", DocumentsRendering.time(request.createdAt)),
            ("applicant", "\(draft.fullName) <\(draft.email)>" + (draft.phone.map { ", \($0)" } ?? "")),
        ]
        if let siret = draft.siret { lines.append(("SIRET", siret + (request.companyName.map { " (\($0))" } ?? ""))) }
        if let facility = request.facility, draft.siret != nil {
            lines.append(("establishment", Self.facility(facility)))
        }
        if let commune = draft.communeInsee { lines.append(("commune", commune)) }
        if let cents = draft.requestedHelpAmountCents { lines.append(("amount asked", Self.euros(cents))) }
        if let comment = request.cancelComment { lines.append(("cancel comment", comment)) }
        if let error = request.lookupError {
            let attempts = request.lookupAttempts.map { "\($0) attempt(s), " } ?? ""
            let next = request.nextLookupAt.map { ", next \(DocumentsRendering.time($0))" } ?? ""
            lines.append(("Sirene lookup", "\(attempts)\(error)\(next)"))
        }
        if let submitter = request.submittedBy {
            lines.append(("submitted by", submitter + (request.trusted == true ? " (trusted for the SIRET)" : "")))
        }
        lines.append(("description", draft.description.replacingOccurrences(of: "\n", with: " ")))
        return DocumentsRendering.fields(lines)
    }

    /// `NAF 56.10A, band 03, legal category 5499, commune 21231, active`.
    static func facility(_ facility: DeskAPI.Facility) -> String {
        var parts: [String] = []
        if let naf = facility.nafCode { parts.append("NAF \(naf)") }
        if let band = facility.headcountBand { parts.append("band \(band)") }
        if let category = facility.legalCategory { parts.append("legal category \(category)") }
        if let created = facility.creationDate { parts.append("created \(created)") }
        if let commune = facility.communeInsee, !commune.isEmpty { parts.append("commune \(commune)") }
        if let active = facility.active { parts.append(active ? "active" : "closed") }
        return parts.isEmpty ? "-" : parts.joined(separator: ", ")
    }

    static func need(_ need: DeskAPI.Need) -> String {
        var heading =
            "Need \(need.needId): \(need.subjectId), \(need.status), routed \(DocumentsRendering.time(need.routedAt))"
        if need.defaultDesk { heading += " to the default desk" }
        if let closed = need.closedAt { heading += ", closed \(DocumentsRendering.time(closed))" }
        var text = heading + "\n"
        if need.matches.isEmpty {
            text += "  (no match)\n"
        } else {
            var table = TextTable(columns: [
                .init("EXPERT", maxWidth: 60), .init("INSTITUTION", maxWidth: 40), .init("ANTENNE", maxWidth: 40),
                .init("STATUS"),
            ])
            for match in need.matches {
                table.append([
                    "\(match.expertName) <\(match.expertEmail)>", match.institution, match.antenne, match.status,
                ])
            }
            text += table.render().split(separator: "\n", omittingEmptySubsequences: false).dropLast().map {
                "  \($0)\n"
            }.joined()
        }
        text += "  Routing:\n" + need.explanation.map { "    \($0)\n" }.joined()
        return text
    }

    static func summary(_ summary: DeskAPI.Summary) -> String {
        var table = TextTable(columns: [.init("KIND"), .init("STATUS"), .init("COUNT", alignment: .right)])
        let kinds = [
            ("requests", summary.solicitations), ("needs", summary.needs), ("matches", summary.matches),
            ("aid applications", summary.dossiers),
        ]
        for (kind, counts) in kinds {
            if counts.isEmpty { table.append([kind, "-", "0"]) }
            for (status, count) in counts.sorted(by: { $0.key < $1.key }) {
                table.append([kind, status, String(count)])
            }
        }
        return table.render()
            + DocumentsRendering.fields([
                (
                    "awaiting the Sirene lookup",
                    "\(summary.awaitingLookup) (\(summary.lookupErrors) after a lookup error)"
                ),
                ("follow-ups due", String(summary.followUpsDue)), ("surveys answered", String(summary.surveysAnswered)),
            ])
    }

}
