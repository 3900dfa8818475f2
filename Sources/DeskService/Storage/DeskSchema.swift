import Storage

/// The migrations of the `desk` schema (versions ≥ 100; 1–99 are the runtime's). Histories are append-only
/// (`match_history`, `dossier_history`); the `status` and `state` columns repeat their latest row for queries.
enum DeskSchema {
    static let migrations: [PostgresMigration] = [
        PostgresMigration(
            version: 100, name: "solicitations and routing",
            sql: """
                -- A company's request (domain §5.1). status: awaitingConfirmation → awaitingCompany → inProgress →
                -- processed, or canceled (with cancel_reason) from any of the first three.
                CREATE TABLE solicitations (
                    application_id      uuid PRIMARY KEY,
                    landing_subject     text NOT NULL,
                    description         text NOT NULL,
                    full_name           text NOT NULL,
                    email               text NOT NULL,
                    phone               text,
                    siret               text,
                    amount_cents        bigint,
                    commune_insee       text,
                    region_code         text NOT NULL,
                    form_info           jsonb NOT NULL DEFAULT '{}',
                    status              text NOT NULL,
                    cancel_reason       text,
                    cancel_comment      text,
                    -- Who sent it: a token's subject, a broker user, or 'anonymous <address>'.
                    submitted_by        text NOT NULL,
                    -- A company signed in with a token for this SIRET (its e-mail needs no confirmation).
                    trusted             boolean NOT NULL,
                    client_address      text,
                    confirmation_hash   text,
                    confirmation_expires timestamptz,
                    confirmed_at        timestamptz,
                    lookup_attempts     integer NOT NULL DEFAULT 0,
                    next_lookup_at      timestamptz,
                    lookup_error        text,
                    facility            jsonb,
                    company_name        text,
                    created_at          timestamptz NOT NULL,
                    completed_at        timestamptz
                );
                CREATE INDEX solicitations_lookup ON solicitations (next_lookup_at) WHERE status = 'awaitingCompany';
                CREATE INDEX solicitations_email ON solicitations (lower(email), created_at);
                CREATE INDEX solicitations_siret ON solicitations (siret, created_at);
                -- One need per subject of a diagnosis (domain §5.2); the routing decision is kept, explained.
                CREATE TABLE needs (
                    need_id         uuid PRIMARY KEY,
                    application_id  uuid NOT NULL REFERENCES solicitations,
                    subject_id      text NOT NULL,
                    status          text NOT NULL,
                    default_desk    boolean NOT NULL,
                    decision        jsonb NOT NULL,
                    routed_at       timestamptz NOT NULL,
                    closed_at       timestamptz,
                    UNIQUE (application_id, subject_id)
                );
                CREATE TABLE matches (
                    match_id        uuid PRIMARY KEY,
                    need_id         uuid NOT NULL REFERENCES needs,
                    expert_key      text NOT NULL,
                    expert_name     text NOT NULL,
                    expert_email    text NOT NULL,
                    institution     text NOT NULL,
                    antenne         text NOT NULL,
                    manager_email   text,
                    manager_name    text,
                    status          text NOT NULL,
                    sent_at         timestamptz NOT NULL,
                    taken_care_at   timestamptz,
                    closed_at       timestamptz,
                    UNIQUE (expert_key, need_id)
                );
                CREATE INDEX matches_expert ON matches (lower(expert_email), status);
                CREATE TABLE match_history (
                    id          bigserial PRIMARY KEY,
                    match_id    uuid NOT NULL REFERENCES matches,
                    status      text NOT NULL,
                    at          timestamptz NOT NULL,
                    actor       text NOT NULL,
                    comment     text
                );
                -- Durable follow-up timers (domain §5.4): a reminder at 7 days in quo, an escalation at 14.
                CREATE TABLE follow_ups (
                    match_id    uuid NOT NULL REFERENCES matches,
                    kind        text NOT NULL,
                    due_at      timestamptz NOT NULL,
                    fired_at    timestamptz,
                    cancelled   boolean NOT NULL DEFAULT false,
                    PRIMARY KEY (match_id, kind)
                );
                CREATE INDEX follow_ups_due ON follow_ups (due_at) WHERE fired_at IS NULL AND NOT cancelled;
                CREATE TABLE surveys (
                    need_id             uuid PRIMARY KEY REFERENCES needs,
                    token_hash          text NOT NULL,
                    sent_at             timestamptz NOT NULL,
                    contacted_by_expert boolean,
                    useful_exchange     boolean,
                    comment             text,
                    answered_at         timestamptz
                );
                """),
        PostgresMigration(
            version: 101, name: "aid applications",
            sql: """
                -- An aid application (démarches-simplifiées' dossier): state brouillon → enConstruction →
                -- enInstruction → accepte / refuse / sansSuite; a correction request sends it back to enConstruction.
                CREATE TABLE dossiers (
                    application_id      uuid PRIMARY KEY,
                    siret               text NOT NULL,
                    company_name        text NOT NULL,
                    applicant_subject   text NOT NULL,
                    applicant_name      text NOT NULL,
                    applicant_email     text NOT NULL,
                    funder_siren        text NOT NULL,
                    aid_form            text NOT NULL,
                    amount_cents        bigint NOT NULL,
                    project             text NOT NULL,
                    documents           jsonb NOT NULL DEFAULT '[]',
                    state               text NOT NULL,
                    correction_requested boolean NOT NULL DEFAULT false,
                    corrections         jsonb,
                    created_at          timestamptz NOT NULL,
                    updated_at          timestamptz NOT NULL
                );
                CREATE TABLE dossier_history (
                    id              bigserial PRIMARY KEY,
                    application_id  uuid NOT NULL REFERENCES dossiers,
                    state           text NOT NULL,
                    at              timestamptz NOT NULL,
                    actor           text NOT NULL,
                    detail          text
                );
                CREATE TABLE aid_decisions (
                    decision_id         uuid PRIMARY KEY,
                    application_id      uuid NOT NULL UNIQUE REFERENCES dossiers,
                    outcome             text NOT NULL,
                    aid_form            text,
                    amount_cents        bigint,
                    voted_at            date,
                    decision_body       text,
                    motivation          text,
                    de_minimis_before   bigint,
                    de_minimis_exceeded boolean NOT NULL DEFAULT false,
                    by_deliberation     boolean NOT NULL,
                    numero_interne      text,
                    act_status          text,
                    id_acte             text,
                    act_detail          text,
                    acknowledged_at     timestamptz,
                    enforceable_at      timestamptz,
                    decided_by          text NOT NULL,
                    -- The instructor's e-mail (from the token), told when the prefecture refuses the deliberation.
                    decided_by_email    text,
                    decided_at          timestamptz NOT NULL
                );
                -- The de minimis ledger: every aid granted per SIREN (a single undertaking, simplified to the SIREN).
                CREATE TABLE aid_ledger (
                    decision_id     uuid PRIMARY KEY,
                    siren           text NOT NULL,
                    granted_on      date NOT NULL,
                    amount_cents    bigint NOT NULL,
                    source          text NOT NULL
                );
                CREATE INDEX aid_ledger_siren ON aid_ledger (siren, granted_on);
                """),
    ]
}
