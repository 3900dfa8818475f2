import Storage

/// The migrations of the `documents` schema (versions ≥ 100; 1–99 are the runtime's). Statuses are
/// append-only histories (`act_status`, `pes_status`); the `status` columns repeat the latest row for queries.
enum DocumentsSchema {
    static let migrations: [PostgresMigration] = [
        PostgresMigration(
            version: 100, name: "authorities",
            sql: """
                CREATE TABLE authorities (
                    siren               text PRIMARY KEY,
                    name                text NOT NULL,
                    departement         text NOT NULL,
                    arrondissement      text NOT NULL,
                    nature              text NOT NULL,
                    actes_agreement     text,
                    pes_domains         text[] NOT NULL DEFAULT '{}',
                    referent_name       text NOT NULL,
                    referent_phone      text,
                    referent_email      text NOT NULL,
                    return_addresses    text[] NOT NULL,
                    broadcast_addresses text[] NOT NULL DEFAULT '{}',
                    classification_date date,
                    envelope_serial     integer NOT NULL DEFAULT 0,
                    onboarded_at        timestamptz NOT NULL,
                    onboarded_by        text NOT NULL,
                    updated_at          timestamptz NOT NULL
                );
                CREATE TABLE pes_budgets (
                    id_coll  text PRIMARY KEY,
                    siren    text NOT NULL REFERENCES authorities,
                    cod_col  text NOT NULL,
                    cod_bud  text NOT NULL,
                    label    text NOT NULL DEFAULT ''
                );
                CREATE INDEX pes_budgets_siren ON pes_budgets (siren);
                CREATE TABLE classifications (
                    siren               text NOT NULL REFERENCES authorities,
                    classification_date date NOT NULL,
                    tree                jsonb NOT NULL,
                    received_at         timestamptz NOT NULL,
                    PRIMARY KEY (siren, classification_date)
                );
                CREATE TABLE stored_files (
                    sha256      text PRIMARY KEY,
                    size_bytes  bigint NOT NULL,
                    media_type  text,
                    stored_at   timestamptz NOT NULL
                );
                CREATE TABLE acts (
                    act_id              uuid PRIMARY KEY,
                    siren               text NOT NULL REFERENCES authorities,
                    numero_interne      text NOT NULL,
                    id_acte             text NOT NULL UNIQUE,
                    origin_service      text NOT NULL,
                    origin_reference    text NOT NULL,
                    nature              text NOT NULL,
                    matter              text NOT NULL,
                    classification_date date NOT NULL,
                    object              text NOT NULL,
                    decision_date       date NOT NULL,
                    paper_document      boolean NOT NULL DEFAULT false,
                    signed              boolean NOT NULL DEFAULT false,
                    files               jsonb NOT NULL,
                    total_bytes         bigint NOT NULL,
                    package             jsonb,
                    package_bytes       bigint,
                    transmission_id     uuid,
                    transmit_at         timestamptz,
                    transmitted_at      timestamptz,
                    acknowledged_at     timestamptz,
                    reception_date      date,
                    legality_deadline   date,
                    detail              text,
                    cancellation_id     uuid,
                    cancel_reason       text,
                    status              integer NOT NULL,
                    status_at           timestamptz NOT NULL,
                    submitted_by        text NOT NULL,
                    submitted_at        timestamptz NOT NULL,
                    UNIQUE (siren, numero_interne)
                );
                CREATE INDEX acts_status ON acts (status, status_at);
                CREATE INDEX acts_origin ON acts (origin_service, origin_reference);
                CREATE TABLE act_status (
                    id          bigserial PRIMARY KEY,
                    act_id      uuid NOT NULL REFERENCES acts,
                    status      integer NOT NULL,
                    at          timestamptz NOT NULL,
                    message     text,
                    return_flux text
                );
                CREATE INDEX act_status_act ON act_status (act_id, id);
                CREATE TABLE letters (
                    letter_id    uuid PRIMARY KEY,
                    act_id       uuid NOT NULL REFERENCES acts,
                    letter_ref   text NOT NULL UNIQUE,
                    letter_type  integer NOT NULL,
                    document     jsonb NOT NULL,
                    received_at  timestamptz NOT NULL
                );
                CREATE TABLE pes_files (
                    pes_id           uuid PRIMARY KEY,
                    siren            text NOT NULL REFERENCES authorities,
                    origin_service   text NOT NULL,
                    origin_reference text NOT NULL,
                    nom_fic          text NOT NULL,
                    cod_col          text NOT NULL,
                    cod_bud          text NOT NULL,
                    id_post          text NOT NULL,
                    id_coll          text NOT NULL,
                    domains          text[] NOT NULL,
                    file             jsonb NOT NULL,
                    signed           boolean NOT NULL,
                    transmission_id  uuid NOT NULL,
                    status           integer NOT NULL,
                    status_at        timestamptz NOT NULL,
                    detail           jsonb,
                    submitted_by     text NOT NULL,
                    submitted_at     timestamptz NOT NULL,
                    UNIQUE (cod_col, nom_fic)
                );
                CREATE INDEX pes_files_status ON pes_files (status, status_at);
                CREATE TABLE pes_status (
                    id          bigserial PRIMARY KEY,
                    pes_id      uuid NOT NULL REFERENCES pes_files,
                    status      integer NOT NULL,
                    at          timestamptz NOT NULL,
                    message     text
                );
                CREATE INDEX pes_status_pes ON pes_status (pes_id, id);
                CREATE TABLE unattributed_returns (
                    return_id    uuid PRIMARY KEY,
                    kind         text NOT NULL,
                    key          text NOT NULL,
                    reason       text NOT NULL,
                    payload      jsonb NOT NULL,
                    received_at  timestamptz NOT NULL,
                    resolved_at  timestamptz,
                    resolution   text
                );
                CREATE TABLE alerts (
                    alert_id     uuid PRIMARY KEY,
                    kind         text NOT NULL,
                    subject      text NOT NULL,
                    detail       text NOT NULL,
                    raised_at    timestamptz NOT NULL
                );
                """),
        PostgresMigration(
            version: 101, name: "letter answers",
            sql: """
                ALTER TABLE letters ADD COLUMN sent_at timestamptz;
                ALTER TABLE letters ADD COLUMN answer_type integer;
                ALTER TABLE letters ADD COLUMN answer_files jsonb;
                ALTER TABLE letters ADD COLUMN answered_at timestamptz;
                ALTER TABLE letters ADD COLUMN answered_by text;
                ALTER TABLE letters ADD COLUMN answer_acknowledged_at timestamptz;
                """),
            PostgresMigration(
            version: 102, name: "pes returns",
            sql: """
                CREATE TABLE pes_returns (
                    return_id    uuid PRIMARY KEY,
                    siren        text NOT NULL REFERENCES authorities,
                    nom_fic      text NOT NULL,
                    typ_fic      text NOT NULL,
                    id_coll      text NOT NULL,
                    cod_col      text NOT NULL,
                    file         jsonb NOT NULL,
                    received_at  timestamptz NOT NULL,
                    UNIQUE (cod_col, nom_fic)
                );
                CREATE INDEX pes_returns_siren ON pes_returns (siren, received_at);
                """),
            PostgresMigration(
            version: 103, name: "publication",
            sql: """
                ALTER TABLE acts ADD COLUMN published_on date;
                """),
    ]
}
