import ContractTypes
import DocumentsDomain
import Foundation
import ServiceRuntime
import Storage

/// Reads and writes the registry.
enum AuthorityStore {
    static func upsert(_ authority: AuthorityRecord, by actor: String, at now: Date, in transaction: ServiceTransaction) async throws {
        try await transaction.execute(
            """
            INSERT INTO authorities (siren, name, departement, arrondissement, nature, actes_agreement, pes_domains,
                referent_name, referent_phone, referent_email, return_addresses, broadcast_addresses, onboarded_at,
                onboarded_by, updated_at)
            VALUES (\(authority.siren), \(authority.name), \(authority.departement), \(authority.arrondissement),
                \(authority.nature), \(authority.actesAgreement), \(authority.pesDomains), \(authority.referentName),
                \(authority.referentPhone), \(authority.referentEmail), \(authority.returnAddresses),
                \(authority.broadcastAddresses), \(now), \(actor), \(now))
            ON CONFLICT (siren) DO UPDATE SET name = EXCLUDED.name, departement = EXCLUDED.departement,
                arrondissement = EXCLUDED.arrondissement, nature = EXCLUDED.nature, actes_agreement = EXCLUDED.actes_agreement,
                pes_domains = EXCLUDED.pes_domains, referent_name = EXCLUDED.referent_name,
                referent_phone = EXCLUDED.referent_phone, referent_email = EXCLUDED.referent_email,
                return_addresses = EXCLUDED.return_addresses, broadcast_addresses = EXCLUDED.broadcast_addresses,
                updated_at = EXCLUDED.updated_at
            """)
        try await transaction.execute("DELETE FROM pes_budgets WHERE siren = \(authority.siren)")
        for budget in authority.budgets {
            try await transaction.execute(
                """
                INSERT INTO pes_budgets (id_coll, siren, cod_col, cod_bud, label)
                VALUES (\(budget.idColl), \(authority.siren), \(budget.codCol), \(budget.codBud), \(budget.label ?? ""))
                ON CONFLICT (id_coll) DO UPDATE SET siren = EXCLUDED.siren, cod_col = EXCLUDED.cod_col,
                    cod_bud = EXCLUDED.cod_bud, label = EXCLUDED.label
                """)
        }
    }

    static func load(_ siren: String, lock: Bool = false, in transaction: ServiceTransaction) async throws -> AuthorityRecord? {
        let rows = try await transaction.query(
            """
            SELECT siren, name, departement, arrondissement, nature, actes_agreement, pes_domains, referent_name,
                   referent_phone, referent_email, return_addresses, broadcast_addresses, classification_date::text
            FROM authorities WHERE siren = \(siren) \(unescaped: lock ? "FOR UPDATE" : "")
            """)
        guard let row = rows.first else { return nil }
        let budgets = try await transaction.query(
            "SELECT id_coll, cod_col, cod_bud, label FROM pes_budgets WHERE siren = \(siren) ORDER BY id_coll")
        return AuthorityRecord(
            siren: try row.decode(String.self, at: 0), name: try row.decode(String.self, at: 1),
            departement: try row.decode(String.self, at: 2), arrondissement: try row.decode(String.self, at: 3),
            nature: try row.decode(String.self, at: 4), actesAgreement: try row.decode(String?.self, at: 5),
            pesDomains: try row.decode([String].self, at: 6),
            budgets: try budgets.map {
                .init(idColl: try $0.decode(String.self, at: 0), codCol: try $0.decode(String.self, at: 1),
                      codBud: try $0.decode(String.self, at: 2), label: try $0.decode(String.self, at: 3))
            },
            referentName: try row.decode(String.self, at: 7), referentPhone: try row.decode(String?.self, at: 8),
            referentEmail: try row.decode(String.self, at: 9), returnAddresses: try row.decode([String].self, at: 10),
            broadcastAddresses: try row.decode([String].self, at: 11),
            classificationDate: try row.decode(String?.self, at: 12).flatMap(CalendarDate.init))
    }

    /// The authority, or the refusal that says it has not joined ACTES.
    static func requireActes(_ siren: String, lock: Bool = false, in transaction: ServiceTransaction) async throws -> AuthorityRecord {
        guard let authority = try await self.load(siren, lock: lock, in: transaction), authority.actesAgreement != nil else {
            throw ServiceProblem(
                .invalid, code: "authorityNotJoined", field: "authority.siren",
                rule: "domain §3.5: an authority sends acts once its ACTES agreement is registered (onboarding)",
                "the authority \(siren) has not joined ACTES on Passerelle")
        }
        return authority
    }

    static func tree(_ siren: String, date: CalendarDate?, in transaction: ServiceTransaction) async throws -> ClassificationTree? {
        guard let date else { return nil }
        let rows = try await transaction.query(
            "SELECT tree FROM classifications WHERE siren = \(siren) AND classification_date = \(date.description)::date")
        return try rows.first?.decode(PostgresJSON<ClassificationTree>.self, at: 0).value
    }

    static func storeTree(_ siren: String, _ tree: ClassificationTree, at now: Date, in transaction: ServiceTransaction) async throws {
        try await transaction.execute(
            """
            INSERT INTO classifications (siren, classification_date, tree, received_at)
            VALUES (\(siren), \(tree.date.description)::date, \(PostgresJSON(tree)), \(now))
            ON CONFLICT (siren, classification_date) DO UPDATE SET tree = EXCLUDED.tree, received_at = EXCLUDED.received_at
            """)
        try await transaction.execute(
            """
            UPDATE authorities SET classification_date = \(tree.date.description)::date
            WHERE siren = \(siren) AND (classification_date IS NULL OR classification_date <= \(tree.date.description)::date)
            """)
    }

    /// The next envelope serial of the authority (the `{serial}` of the envelope's name).
    static func nextSerial(_ siren: String, in transaction: ServiceTransaction) async throws -> Int {
        let rows = try await transaction.query(
            "UPDATE authorities SET envelope_serial = envelope_serial + 1 WHERE siren = \(siren) RETURNING envelope_serial")
        return try rows.first?.decode(Int.self, at: 0) ?? 1
    }
}
