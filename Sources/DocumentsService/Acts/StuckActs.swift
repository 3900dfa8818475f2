import DocumentsDomain
import Foundation
import ServiceRuntime
import Storage

/// Acts stuck in "transmitted" (no answer from the prefecture) or in error, against the thresholds of domain §3.7
/// (S²LOW's: more than 50 type 1/6 transactions in "Transmis" for over 4 h, more than 75 in "Erreur" for over 2 h).
struct StuckActs: Codable, Sendable, Hashable {
    struct Bucket: Codable, Sendable, Hashable {
        var status: Int
        var label: String
        var olderThanSeconds: Int
        var count: Int
        var threshold: Int
        var alert: Bool
        var oldest: [String]
    }

    var transmitted: Bucket
    var error: Bucket

    static func measure(settings: DocumentsSettings, at now: Date, _ transaction: ServiceTransaction) async throws -> StuckActs {
        func bucket(_ status: ActStatus, age: Duration, threshold: Int) async throws -> Bucket {
            let seconds = Int(age.components.seconds)
            let before = now.addingTimeInterval(-Double(seconds))
            let count = try await transaction.query(
                "SELECT count(*)::bigint FROM acts WHERE status = \(status.rawValue) AND status_at < \(before)")
            let oldest = try await transaction.query(
                "SELECT id_acte FROM acts WHERE status = \(status.rawValue) AND status_at < \(before) ORDER BY status_at LIMIT 10")
            let total = try count.first?.decode(Int.self, at: 0) ?? 0
            return Bucket(
                status: status.rawValue, label: status.label, olderThanSeconds: seconds, count: total, threshold: threshold,
                alert: total > threshold, oldest: try oldest.map { try $0.decode(String.self, at: 0) })
        }
        return StuckActs(
            transmitted: try await bucket(.transmitted, age: settings.stuckTransmittedAge, threshold: settings.stuckTransmittedCount),
            error: try await bucket(.error, age: settings.stuckErrorAge, threshold: settings.stuckErrorCount))
    }
}
