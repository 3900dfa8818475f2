public import Identifiers

/// Looks establishments up by SIRET: INSEE's API (``SireneClient``) or recorded answers (``RecordedDirectory``).
public protocol EstablishmentDirectory: Sendable {
    /// The establishment with this SIRET, active or closed.
    ///
    /// - Throws: ``SireneError``; its ``SireneError/code`` tells the outcomes apart: `notFound`, `rateLimited`
    ///   (with ``SireneError/retryAfter``), `unavailable`, `unauthorized`, `malformed` (with
    ///   ``SireneError/field``).
    func establishment(siret: SIRET) async throws(SireneError) -> Establishment
}
