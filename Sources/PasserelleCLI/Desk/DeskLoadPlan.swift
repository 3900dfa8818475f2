import Foundation

/// The requests `passerelle bench desk` sends, chosen so that the desk's duplicate rule (the same SIRET, or the same
/// e-mail without one, on the same subject within 24 h is cancelled) never fires:
/// - a few requests carry a SIRET: each a distinct (SIRET, subject) pair of the active recorded establishments,
///   skipping the pairs the desk already holds from the last 24 h (an earlier run);
/// - the others use the subjects that need no SIRET (creation, takeover), each with an e-mail of its own.
/// The share with a SIRET stays small because the desk's Sirene client keeps INSEE's limit (30 lookups a minute) and
/// its worker waits for it: more lookups would measure the limiter, not the desk.
package struct DeskLoadPlan: Sendable {
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    /// Communes of Bourgogne-Franche-Comté (INSEE codes) for the requests that give one.
    package static let communes = ["21231", "25056", "89024", "71270", "90010", "58194", "70550", "39300", "21054"]

    /// The bodies of `POST /solicitations`, in sending order.
    package var submissions: [DeskAPI.Submission]

    /// How many requests carry a SIRET (each one Sirene lookup).
    package var withSiret: Int { self.submissions.count { $0.siret != nil } }

    /// - Parameters:
    ///   - count: The requests to send.
    ///   - siretRequests: How many of them should carry a SIRET (fewer when fewer pairs are free).
    ///   - subjects: The catalogue's subjects (`GET /subjects`).
    ///   - activeSIRETs: SIRETs of active establishments Sirene knows (``activeSIRETs(in:)``).
    ///   - livePairs: `SIRET|subject` pairs the desk already holds within its duplicate window (``livePairs(_:now:)``).
    ///   - runId: A token of this run, part of every e-mail address.
    /// - Throws: ``Failure`` when the catalogue cannot give `count` requests that are not duplicates.
    package init(
        count: Int, siretRequests: Int, subjects: [DeskAPI.Subject], activeSIRETs: [String], livePairs: Set<String>,
        runId: String
    ) throws(Failure) {
        let open = subjects.filter { !$0.requiresSiret }
        let pairs = Self.pairs(subjects: subjects.filter(\.requiresSiret), sirets: activeSIRETs, excluding: livePairs)
        var siretCount = min(siretRequests, pairs.count, count)
        if open.isEmpty {
            guard count <= pairs.count else {
                throw Failure(
                    description:
                        "the catalogue has no subject without SIRET and only \(pairs.count) free (SIRET, subject) pairs "
                        + "for \(count) requests; the rest would be cancelled as duplicates")
            }
            siretCount = count
        }
        var submissions: [DeskAPI.Submission] = []
        var nextPair = 0
        for index in 0..<count {
            // Spreads the SIRET requests evenly over the run.
            let carriesSiret = (index + 1) * siretCount / count > index * siretCount / count
            let subject: DeskAPI.Subject
            var siret: String?
            if carriesSiret {
                (siret, subject) = pairs[nextPair]
                nextPair += 1
            } else {
                subject = open[(index - nextPair) % open.count]
            }
            submissions.append(Self.submission(index, subject: subject, siret: siret, runId: runId))
        }
        self.submissions = submissions
    }

    /// Every (SIRET, subject) pair not in `excluding`, each round giving every SIRET a different subject.
    static func pairs(
        subjects: [DeskAPI.Subject], sirets: [String], excluding: Set<String>
    ) -> [(siret: String, subject: DeskAPI.Subject)] {
        guard !subjects.isEmpty else { return [] }
        var pairs: [(siret: String, subject: DeskAPI.Subject)] = []
        for round in 0..<subjects.count {
            for (index, siret) in sirets.enumerated() {
                let subject = subjects[(index + round) % subjects.count]
                if !excluding.contains("\(siret)|\(subject.id)") { pairs.append((siret, subject)) }
            }
        }
        return pairs
    }

    static func submission(_ index: Int, subject: DeskAPI.Subject, siret: String?, runId: String) -> DeskAPI.Submission
    {
        let answers = Dictionary(
            subject.questions.enumerated().map { offset, question in (question.id, (index + offset) % 2 == 0) }
        ) { first, _ in first }
        return DeskAPI.Submission(
            applicationId: UUID().uuidString.lowercased(), landingSubjectId: subject.id,
            description: "Demande n° \(index + 1) du banc d'essai \(runId) : \(subject.label.lowercased()), "
                + "pour mesurer l'accueil et l'orientation.",
            fullName: "Banc d'essai \(index + 1)", email: "bench-desk-\(runId)-\(index + 1)@passerelle.example",
            siret: siret,
            requestedHelpAmountCents: subject.requiresRequestedHelpAmount
                ? 1_000_000 + Int64(index % 50) * 100_000 : nil,
            communeInsee: subject.requiresLocation || siret == nil ? Self.communes[index % Self.communes.count] : nil,
            formInfo: answers.isEmpty ? nil : answers)
    }

    /// The SIRETs of `directory`'s recordings that Sirene answers as active establishments (status 200, current
    /// period `A`), in ascending order.
    package static func activeSIRETs(in directory: URL) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }
            .sorted()
        return names.compactMap { name in
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path),
                let file = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
                file["status"] as? Int == 200,
                let body = file["body"] as? [String: Any], let establishment = body["etablissement"] as? [String: Any],
                let siret = establishment["siret"] as? String,
                let periods = establishment["periodesEtablissement"] as? [[String: Any]],
                periods.first?["etatAdministratifEtablissement"] as? String == "A"
            else { return nil }
            return siret
        }
    }

    /// The `SIRET|subject` pairs of the live requests (not cancelled) created within `window` before `now`.
    package static func livePairs(_ requests: [DeskAPI.Solicitation], now: Date, window: TimeInterval = 86_400) -> Set<
        String
    > {
        Set(
            requests.compactMap { request in
                guard request.status != "canceled", let siret = request.draft.siret,
                    let created = Self.date(request.createdAt),
                    now.timeIntervalSince(created) < window
                else { return nil }
                return "\(siret)|\(request.draft.landingSubjectId)"
            })
    }

    /// An RFC 3339 date-time as the services send it, with or without fractional seconds.
    package static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
