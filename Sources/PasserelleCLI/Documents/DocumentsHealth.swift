import ArgumentParser
import Foundation

/// The documents service's stuck acts as `passerelle status` and `passerelle doctor` show them.
enum DocumentsHealth {
    /// What the service said about its stuck acts, or why it could not be asked.
    enum Reading: Sendable {
        case stuck(DocumentsAPI.Stuck)
        /// No operator token could be found or minted.
        case noToken(String)
        case failed(DocumentsFailure)
    }

    /// Reads `GET /operations/stuck` with the default connection (environment, development identity).
    static func read() async -> Reading {
        guard let connection = try? DocumentsConnection.parse([]) else { return .noToken("cannot read the options") }
        let client: DocumentsClient
        do {
            client = try await connection.client()
        } catch {
            return .noToken("no operator token (PASSERELLE_TOKEN, or the development identity provider in \(connection.identity.url.path))")
        }
        do {
            return .stuck(try await client.call(DocumentsAPI.Stuck.self, "GET", "/operations/stuck").value)
        } catch {
            return .failed(error)
        }
    }

    /// The `documents` section of `passerelle status`: a table of the two buckets, or a note.
    static func statusSection(_ reading: Reading) -> String {
        switch reading {
        case .stuck(let stuck):
            var table = TextTable(columns: [
                .init("DOCUMENTS"), .init("STATUS"), .init("OLDER THAN", alignment: .right), .init("STUCK", alignment: .right),
                .init("THRESHOLD", alignment: .right), .init("ALERT"),
            ])
            for (name, bucket) in stuck.buckets {
                table.append([
                    name, DocumentsRendering.status(bucket.status, bucket.label), DocumentsRendering.age(bucket.olderThanSeconds),
                    "\(bucket.count)", "\(bucket.threshold)", bucket.alert ? "yes" : "no",
                ])
            }
            return "\n" + table.render()
        case .noToken(let reason):
            return "\nDocuments: not read, \(reason) (passerelle documents stuck --token T)\n"
        case .failed(.unreachable):
            return "\nDocuments: the documents service does not answer (passerelle documents stuck)\n"
        case .failed(let failure):
            return "\nDocuments: \(failure.description.split(separator: "\n").first ?? "") (passerelle documents stuck)\n"
        }
    }

    /// The `documents.stuck` row of `passerelle doctor`: ok, or a warning when a bucket alerts, the service does not
    /// answer (scripts/up starts it after the doctor) or cannot be read.
    static func doctorCheck(_ reading: Reading) -> DoctorCheck {
        let name = "documents.stuck"
        switch reading {
        case .stuck(let stuck) where stuck.alert:
            return .warn(
                name, DocumentsRendering.stuckSummary(stuck),
                fix: "passerelle documents stuck, then documents show ACT_ID / documents alerts (domain §3.7)")
        case .stuck(let stuck):
            return .ok(name, DocumentsRendering.stuckSummary(stuck))
        case .noToken(let reason):
            return .warn(name, "not checked: \(reason)", fix: "set PASSERELLE_TOKEN to an operator's token, or run passerelle token keygen")
        case .failed(.unreachable(let url, _)):
            return .warn(name, "the documents service does not answer at \(url)", fix: "start passerelle-documents (scripts/up does)")
        case .failed(let failure):
            return .warn(
                name, String(failure.description.split(separator: "\n").first ?? ""),
                fix: "passerelle documents stuck shows the whole answer")
        }
    }
}

extension Passerelle.Status {
    /// The documents section of `passerelle status` (stuck acts against their thresholds), or a note.
    static func documentsTable() async -> String {
        DocumentsHealth.statusSection(await DocumentsHealth.read())
    }
}

extension Passerelle.Doctor {
    /// The `documents.stuck` row.
    static func documentsChecks() async -> [DoctorCheck] {
        [DocumentsHealth.doctorCheck(await DocumentsHealth.read())]
    }
}
