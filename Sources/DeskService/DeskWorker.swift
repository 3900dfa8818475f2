import DeskDomain
import Foundation
import Logging
import ServiceRuntime
import Storage

/// The service's background loop, on the desk's clock: the Sirene lookups that are due (then the routing), the
/// confirmations that expired (the request is cancelled, `emailNotConfirmed`), and the follow-up timers. It runs
/// again at once while there is work, and otherwise sleeps until woken by an intake or the poll interval.
struct DeskWorker: Sendable {
    let settings: DeskSettings
    let catalogue: Catalogue

    func run(host: ServiceHost) async throws {
        let lookup = CompanyLookup(settings: self.settings, catalogue: self.catalogue, logger: Logger(label: "passerelle.desk"))
        let followUps = FollowUps(settings: self.settings, catalogue: self.catalogue)
        while !Task.isCancelled {
            var handled = try await lookup.runDue(host: host)
            handled += try await self.expireConfirmations(host: host)
            handled += try await followUps.fireDue(host: host)
            if handled == 0 { _ = await self.settings.wake.wait(timeout: self.settings.pollInterval) }
        }
    }

    func expireConfirmations(host: ServiceHost) async throws -> Int {
        let now = self.settings.clock.now()
        return try await host.withTransaction { transaction in
            let expired = try await transaction.query(
                """
                SELECT \(unescaped: Solicitation.columns) FROM solicitations
                WHERE status = 'awaitingConfirmation' AND confirmation_expires <= \(now)
                ORDER BY confirmation_expires LIMIT 100 FOR UPDATE SKIP LOCKED
                """
            ).map(Solicitation.init(row:))
            for solicitation in expired {
                try await Solicitation.cancel(
                    solicitation, reason: .emailNotConfirmed, comment: "the e-mail address was not confirmed in time",
                    settings: self.settings, at: now, in: transaction)
            }
            return expired.count
        }
    }
}
