import Storage

/// The migrations of the `procurement` schema (versions ≥ 100; 1–99 are the runtime's).
///
/// Bid content is only ever stored sealed (`bids.sealed`, AES-GCM under the tender's data key, itself
/// wrapped by the master key in `tenders.wrapped_key`); no column holds plaintext.
enum ProcurementSchema {
    static let migrations: [PostgresMigration] = [
        PostgresMigration(
            version: 100, name: "tenders",
            sql: """
                CREATE TABLE tenders (
                    tender_id            uuid PRIMARY KEY,
                    reference            text NOT NULL,
                    title                text NOT NULL,
                    description          text,
                    buyer_siret          text NOT NULL,
                    buyer_name           text NOT NULL,
                    buyer_kind           text NOT NULL,
                    nature               text NOT NULL,
                    procedure            text NOT NULL,
                    procedure_family     text NOT NULL,
                    publicity            text NOT NULL,
                    main_cpv             text NOT NULL,
                    additional_cpv       text[] NOT NULL DEFAULT '{}',
                    estimated_cents      bigint NOT NULL,
                    departement          text,
                    commune_insee        text,
                    urgency              boolean NOT NULL DEFAULT false,
                    status               text NOT NULL,
                    published_at         timestamptz,
                    deadline             timestamptz NOT NULL,
                    questions_close_at   timestamptz,
                    answers_due_by       timestamptz,
                    dce_version          integer NOT NULL DEFAULT 1,
                    electronic_mandatory boolean NOT NULL DEFAULT true,
                    standstill_required  boolean NOT NULL DEFAULT false,
                    actes_required       boolean NOT NULL DEFAULT false,
                    legal_challenge      boolean NOT NULL DEFAULT false,
                    deadline_timer       uuid,
                    key_id               text NOT NULL,
                    wrapped_key          bytea NOT NULL,
                    cancel_reason        text,
                    updated_at           timestamptz NOT NULL DEFAULT now()
                );
                CREATE TABLE lots (
                    tender_id       uuid NOT NULL REFERENCES tenders,
                    lot_number      integer NOT NULL,
                    title           text NOT NULL,
                    cpv             text,
                    estimated_cents bigint,
                    status          text NOT NULL,
                    PRIMARY KEY (tender_id, lot_number)
                );
                CREATE TABLE dce_files (
                    tender_id   uuid NOT NULL REFERENCES tenders,
                    version     integer NOT NULL,
                    file_name   text NOT NULL,
                    kind        text NOT NULL,
                    sha256      text NOT NULL,
                    size_bytes  bigint NOT NULL,
                    media_type  text,
                    content     bytea NOT NULL,
                    PRIMARY KEY (tender_id, version, file_name)
                );
                CREATE TABLE downloads (
                    download_id   uuid PRIMARY KEY,
                    tender_id     uuid NOT NULL REFERENCES tenders,
                    dce_version   integer NOT NULL,
                    downloaded_at timestamptz NOT NULL,
                    files         text[] NOT NULL,
                    siret         text,
                    company       text,
                    email         text,
                    contact_name  text
                );
                CREATE INDEX downloads_tender ON downloads (tender_id, downloaded_at);
                CREATE TABLE amendments (
                    amendment_id     uuid PRIMARY KEY,
                    tender_id        uuid NOT NULL REFERENCES tenders,
                    amended_at       timestamptz NOT NULL,
                    dce_version      integer NOT NULL,
                    summary          text NOT NULL,
                    deadline_before  timestamptz NOT NULL,
                    deadline_after   timestamptz NOT NULL
                );
                CREATE TABLE questions (
                    question_id    uuid PRIMARY KEY,
                    tender_id      uuid NOT NULL REFERENCES tenders,
                    lot_number     integer,
                    asked_at       timestamptz NOT NULL,
                    text           text NOT NULL,
                    asker_email    text NOT NULL,
                    asker_name     text,
                    asker_company  text,
                    asker_siret    text,
                    answer         text,
                    answered_at    timestamptz,
                    answered_late  boolean
                );
                CREATE TABLE bids (
                    bid_id            uuid PRIMARY KEY,
                    tender_id         uuid NOT NULL REFERENCES tenders,
                    bidder_siret      text NOT NULL,
                    company           text NOT NULL,
                    lot_numbers       integer[] NOT NULL,
                    contact_name      text NOT NULL,
                    email             text NOT NULL,
                    received_at       timestamptz NOT NULL,
                    upload_started_at timestamptz,
                    late              boolean NOT NULL,
                    status            text NOT NULL,
                    content_sha256    text NOT NULL,
                    size_bytes        bigint NOT NULL,
                    sealed            bytea NOT NULL,
                    receipt           jsonb NOT NULL
                );
                CREATE INDEX bids_tender ON bids (tender_id, bidder_siret, received_at);
                CREATE TABLE openings (
                    opening_id  uuid PRIMARY KEY,
                    tender_id   uuid NOT NULL REFERENCES tenders,
                    opened_at   timestamptz NOT NULL,
                    opened_by   text NOT NULL
                );
                CREATE TABLE awards (
                    award_id            uuid PRIMARY KEY,
                    tender_id           uuid NOT NULL REFERENCES tenders,
                    lot_number          integer NOT NULL,
                    awardee_bid_id      uuid NOT NULL REFERENCES bids,
                    amount_cents        bigint NOT NULL,
                    reasons             text NOT NULL,
                    decided_at          timestamptz NOT NULL,
                    standstill_required boolean NOT NULL,
                    letters_sent_at     timestamptz,
                    standstill_ends_at  timestamptz,
                    status              text NOT NULL,
                    UNIQUE (tender_id, lot_number)
                );
                CREATE TABLE rejection_letters (
                    letter_id   uuid PRIMARY KEY,
                    award_id    uuid NOT NULL REFERENCES awards,
                    bid_id      uuid NOT NULL REFERENCES bids,
                    email       text NOT NULL,
                    text        text NOT NULL,
                    sha256      text NOT NULL,
                    sent_at     timestamptz,
                    bounced     boolean NOT NULL DEFAULT false
                );
                CREATE TABLE contracts (
                    contract_id     uuid PRIMARY KEY,
                    tender_id       uuid NOT NULL REFERENCES tenders,
                    award_id        uuid NOT NULL UNIQUE REFERENCES awards,
                    reference       text NOT NULL,
                    signed_at       timestamptz NOT NULL,
                    amount_cents    bigint NOT NULL,
                    duration_months integer NOT NULL,
                    actes_required  boolean NOT NULL,
                    acknowledged_at timestamptz,
                    actes_status    text
                );
                -- The scheduled messages (durable timers): each row is also an outbox row with deliver_at.
                CREATE TABLE timers (
                    timer_id    uuid PRIMARY KEY,
                    tender_id   uuid NOT NULL REFERENCES tenders,
                    kind        text NOT NULL,
                    lot_number  integer,
                    due_at      timestamptz NOT NULL,
                    state       text NOT NULL DEFAULT 'scheduled'
                );
                -- Who did what to a tender, refusals included (bid openings before the deadline, …).
                CREATE TABLE audit (
                    id         bigserial PRIMARY KEY,
                    tender_id  uuid,
                    at         timestamptz NOT NULL DEFAULT now(),
                    actor      text NOT NULL,
                    action     text NOT NULL,
                    outcome    text NOT NULL,
                    detail     text
                );
                -- The tender's history as published (OCDS export, demo timeline).
                CREATE TABLE history (
                    id         bigserial PRIMARY KEY,
                    tender_id  uuid NOT NULL,
                    at         timestamptz NOT NULL,
                    kind       text NOT NULL,
                    detail     jsonb NOT NULL
                );
                CREATE INDEX history_tender ON history (tender_id, id);
                """),
        // Notification of a signed contract to its holder (domain §2.3, §2.10): after the ACTES acknowledgement
        // when ACTES applies, at signature otherwise. Lots and awards then read `contractNotified`.
        PostgresMigration(
            version: 101, name: "contract notification",
            sql: """
                ALTER TABLE contracts
                    ADD COLUMN notified_at    timestamptz,
                    ADD COLUMN enforceable_on date,
                    ADD COLUMN id_acte        text;
                """),
    ]
}
