import Foundation
import ServiceRuntime

/// The text `passerelle documents` prints for people; pure functions of the service's answers, so tests check them.
enum DocumentsRendering {
    /// `2025-03-04T10:00:00.123Z` → `2025-03-04 10:00:00Z` (seconds are enough on a terminal).
    static func time(_ text: String) -> String {
        var result = text.replacingOccurrences(of: "T", with: " ")
        if let dot = result.firstIndex(of: ".") {
            let end = result[dot...].dropFirst().firstIndex { !$0.isNumber } ?? result.endIndex
            result.removeSubrange(dot..<end)
        }
        return result
    }

    /// `172800` → `2d`, `7200` → `2h`, `90` → `90s`.
    static func age(_ seconds: Int) -> String {
        if seconds > 0, seconds % 86_400 == 0 { return "\(seconds / 86_400)d" }
        if seconds > 0, seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds > 0, seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }

    static func status(_ code: Int, _ label: String) -> String { "\(code) \(label)" }

    // MARK: Acts

    static func actList(_ acts: [DocumentsAPI.Act]) -> String {
        guard !acts.isEmpty else { return "No acts.\n" }
        var table = TextTable(columns: [
            .init("ACT ID"), .init("IDACTE"), .init("STATUS"), .init("SINCE"), .init("OBJECT", maxWidth: 40), .init("ORIGIN", maxWidth: 30),
        ])
        for act in acts {
            table.append([
                act.actId, act.idActe, Self.status(act.status, act.statusLabel) + (act.cancellationPending ? " (cancelling)" : ""),
                Self.time(act.statusAt), act.object, "\(act.origin.service) \(act.origin.reference)",
            ])
        }
        return table.render() + "\(acts.count) act(s)\n"
    }

    static func act(_ act: DocumentsAPI.Act) -> String {
        var lines: [(String, String)] = [
            ("act", act.actId), ("IDActe", act.idActe), ("authority", act.siren),
            ("origin", "\(act.origin.service) \(act.origin.reference)"), ("object", act.object),
            ("status", "\(Self.status(act.status, act.statusLabel)) since \(Self.time(act.statusAt))"),
        ]
        if let date = act.receptionDate { lines.append(("received", date)) }
        if let date = act.legalityDeadline { lines.append(("legality deadline", date)) }
        if let detail = act.detail { lines.append(("detail", detail)) }
        if act.cancellationPending { lines.append(("cancellation", "pending")) }
        for file in act.files ?? [] {
            lines.append(("file", Self.file(file)))
        }
        if let package = act.package { lines.append(("package", Self.file(package))) }
        var text = Self.fields(lines)
        text += "\nHistory:\n" + Self.history(act.history ?? [], flux: true)
        return text
    }

    static func pes(_ pes: DocumentsAPI.Pes) -> String {
        var lines: [(String, String)] = [
            ("PES file", pes.pesId), ("authority", pes.siren), ("NomFic", pes.nomFic), ("CodCol", pes.codCol),
            ("IdColl", pes.idColl), ("status", Self.status(pes.status, pes.statusLabel)),
        ]
        for detail in pes.detail ?? [] {
            lines.append(("detail", detail))
        }
        return Self.fields(lines) + "\nHistory:\n" + Self.history(pes.history, flux: false)
    }

    static func history(_ entries: [DocumentsAPI.Entry], flux: Bool) -> String {
        guard !entries.isEmpty else { return "(none)\n" }
        var table = TextTable(columns: [.init("AT"), .init("STATUS")] + (flux ? [.init("FLUX")] : []) + [.init("MESSAGE", maxWidth: 80)])
        for entry in entries {
            table.append(
                [Self.time(entry.at), Self.status(entry.status, entry.label)] + (flux ? [entry.flux ?? "-"] : []) + [entry.message ?? "-"])
        }
        return table.render()
    }

    static func file(_ file: DocumentsAPI.StoredFile) -> String {
        "\(file.fileName) (\(file.sizeBytes) bytes\(file.mediaType.map { ", \($0)" } ?? ""), sha256 \(file.sha256.prefix(12))…)"
    }

    /// `name: value` lines, the values lined up.
    static func fields(_ lines: [(String, String)]) -> String {
        let width = (lines.map(\.0.count).max() ?? 0) + 1
        return lines.map { name, value in
            (name + ":").padding(toLength: width, withPad: " ", startingAt: 0) + " " + value + "\n"
        }.joined()
    }

    // MARK: Operations

    static func stuck(_ stuck: DocumentsAPI.Stuck) -> String {
        var table = TextTable(columns: [
            .init("BUCKET"), .init("STATUS"), .init("OLDER THAN", alignment: .right), .init("COUNT", alignment: .right),
            .init("THRESHOLD", alignment: .right), .init("ALERT"), .init("OLDEST", maxWidth: 80),
        ])
        for (name, bucket) in stuck.buckets {
            table.append([
                name, Self.status(bucket.status, bucket.label), Self.age(bucket.olderThanSeconds), "\(bucket.count)", "\(bucket.threshold)",
                bucket.alert ? "yes" : "no", bucket.oldest.isEmpty ? "-" : bucket.oldest.joined(separator: ", "),
            ])
        }
        let verdict =
            stuck.alert
            ? "ALERT: more stuck acts than the threshold allows (passerelle documents show ACT_ID; passerelle documents alerts)"
            : "No alert: stuck acts are within their thresholds."
        return table.render() + verdict + "\n"
    }

    /// One line for `passerelle status` and `passerelle doctor`.
    static func stuckSummary(_ stuck: DocumentsAPI.Stuck) -> String {
        stuck.buckets.map { name, bucket in
            "\(name) \(bucket.count)/\(bucket.threshold) over \(Self.age(bucket.olderThanSeconds))\(bucket.alert ? " ALERT" : "")"
        }.joined(separator: ", ")
    }

    static func alerts(_ alerts: [DocumentsAPI.Alert]) -> String {
        guard !alerts.isEmpty else { return "No alerts.\n" }
        var table = TextTable(columns: [.init("RAISED"), .init("KIND"), .init("SUBJECT", maxWidth: 40), .init("DETAIL", maxWidth: 80)])
        for alert in alerts {
            table.append([Self.time(alert.raisedAt), alert.kind, alert.subject, alert.detail])
        }
        return table.render() + "\(alerts.count) alert(s)\n"
    }

    static func returns(_ returns: [DocumentsAPI.Return], all: Bool) -> String {
        guard !returns.isEmpty else { return all ? "No unattributed returns.\n" : "No unresolved returns.\n" }
        var table = TextTable(columns: [
            .init("RETURN ID"), .init("KIND"), .init("KEY", maxWidth: 40), .init("REASON", maxWidth: 60), .init("RECEIVED"),
        ] + (all ? [.init("RESOLVED"), .init("RESOLUTION", maxWidth: 60)] : []))
        for entry in returns {
            table.append(
                [entry.returnId, entry.kind, entry.key, entry.reason, Self.time(entry.receivedAt)]
                    + (all ? [entry.resolvedAt.map(Self.time) ?? "-", entry.resolution ?? "-"] : []))
        }
        let unresolved = returns.filter { $0.resolvedAt == nil }.count
        return table.render() + "\(returns.count) return(s), \(unresolved) unresolved\n"
    }

    // MARK: Authorities

    static func authority(_ authority: DocumentsAPI.Authority) -> String {
        var lines: [(String, String)] = [
            ("SIREN", authority.siren), ("name", authority.name),
            ("département", "\(authority.departement), arrondissement \(authority.arrondissement), nature \(authority.nature)"),
            ("ACTES agreement", authority.actesAgreement ?? "none (not joined to ACTES)"),
            ("PES domains", authority.pesDomains.isEmpty ? "none (not joined to HELIOS)" : authority.pesDomains.joined(separator: ", ")),
            ("referent", "\(authority.referentName) <\(authority.referentEmail)>\(authority.referentPhone.map { " \($0)" } ?? "")"),
            ("return addresses", authority.returnAddresses.joined(separator: ", ")),
            ("broadcast addresses", authority.broadcastAddresses.isEmpty ? "-" : authority.broadcastAddresses.joined(separator: ", ")),
            ("classification", authority.classificationDate.map { "dated \($0)" } ?? "none yet"),
        ]
        if authority.budgets.isEmpty { lines.append(("budgets", "-")) }
        var text = Self.fields(lines)
        if !authority.budgets.isEmpty {
            var table = TextTable(headers: ["IDCOLL", "CODCOL", "CODBUD", "LABEL"])
            for budget in authority.budgets {
                table.append([budget.idColl, budget.codCol, budget.codBud, budget.label ?? "-"])
            }
            text += "\nBudgets:\n" + table.render()
        }
        return text
    }

    // MARK: Failures

}
