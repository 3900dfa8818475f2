import Storage

/// The migrations of the `training` schema (versions ≥ 100; 1–99 are the runtime's). `signup_history` is append-only,
/// enforced by a trigger; `signups.status` repeats its latest row for queries.
enum TrainingSchema {
    static let migrations: [PostgresMigration] = [
        PostgresMigration(
            version: 100, name: "sessions, sign-ups and their history",
            sql: """
                CREATE TABLE sessions (
                    session_id          uuid PRIMARY KEY,
                    -- The plan (SessionPlan) as the organiser gave it; the columns below repeat what queries need.
                    plan                jsonb NOT NULL,
                    course_code         text NOT NULL,
                    title               text NOT NULL,
                    dates_known         boolean NOT NULL,
                    starts_at           timestamptz,
                    ends_at             timestamptz,
                    capacity            integer NOT NULL,
                    status              text NOT NULL,
                    -- Bumped at each change the agents see, for the iCalendar SEQUENCE.
                    calendar_sequence   integer NOT NULL DEFAULT 0,
                    organiser           text NOT NULL,
                    organiser_email     text,
                    scheduled_by        text NOT NULL,
                    scheduled_at        timestamptz NOT NULL,
                    updated_at          timestamptz NOT NULL,
                    cancel_reason       text,
                    -- The minimum check found too few bookings and alerted the organiser.
                    minimum_alerted_at  timestamptz
                );
                CREATE INDEX sessions_by_start ON sessions (starts_at);

                -- Who and what a session occupies, for the no-double-booking rule (a trainer or a room).
                CREATE TABLE session_resources (
                    session_id  uuid NOT NULL REFERENCES sessions ON DELETE CASCADE,
                    kind        text NOT NULL CHECK (kind IN ('trainer', 'room')),
                    resource    text NOT NULL,
                    PRIMARY KEY (session_id, kind, resource)
                );
                CREATE INDEX session_resources_by_resource ON session_resources (kind, resource);

                CREATE TABLE signups (
                    signup_id           uuid PRIMARY KEY,
                    -- Arrival order: assigned under the session's row lock, so the waitlist is first in, first out.
                    arrival             bigserial NOT NULL UNIQUE,
                    session_id          uuid NOT NULL REFERENCES sessions,
                    agent_id            text NOT NULL,
                    agent_name          text NOT NULL,
                    agent_email         text NOT NULL,
                    manager_email       text,
                    body_siren          text,
                    status              integer NOT NULL,
                    booked_at           timestamptz,
                    late                boolean NOT NULL DEFAULT false,
                    reminded_at         timestamptz,
                    approval_reminded_at timestamptz,
                    -- The iCalendar SEQUENCE of the last invitation or cancellation sent for this sign-up (-1: none yet).
                    calendar_sequence   integer NOT NULL DEFAULT -1,
                    -- The body that asked for it, to answer a replay with the same sign-up and refuse another body.
                    fingerprint         text NOT NULL,
                    created_at          timestamptz NOT NULL,
                    updated_at          timestamptz NOT NULL
                );
                CREATE INDEX signups_by_session ON signups (session_id, status, arrival);
                CREATE INDEX signups_by_agent ON signups (agent_id);
                CREATE UNIQUE INDEX signups_one_active_per_agent ON signups (session_id, agent_id)
                    WHERE status IN (40, 45, 50, 60, 70);

                CREATE TABLE signup_history (
                    id          bigserial PRIMARY KEY,
                    signup_id   uuid NOT NULL REFERENCES signups,
                    status      integer NOT NULL,
                    at          timestamptz NOT NULL,
                    actor       text NOT NULL,
                    reason      text
                );
                CREATE INDEX signup_history_by_signup ON signup_history (signup_id, id);
                CREATE FUNCTION signup_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'signup_history is append-only';
                END $$;
                CREATE TRIGGER signup_history_append_only BEFORE UPDATE OR DELETE ON signup_history
                    FOR EACH ROW EXECUTE FUNCTION signup_history_append_only();

                -- Durable timers: due rows fire once (fired_at), on the service's clock, with SKIP LOCKED.
                CREATE TABLE timers (
                    session_id  uuid NOT NULL REFERENCES sessions,
                    kind        text NOT NULL,
                    due_at      timestamptz NOT NULL,
                    fired_at    timestamptz,
                    PRIMARY KEY (session_id, kind)
                );
                CREATE INDEX timers_due ON timers (due_at) WHERE fired_at IS NULL;

                CREATE TABLE attendance (
                    signup_id   uuid NOT NULL REFERENCES signups,
                    day         date NOT NULL,
                    period      text NOT NULL CHECK (period IN ('morning', 'afternoon')),
                    present     boolean NOT NULL,
                    recorded_by text NOT NULL,
                    recorded_at timestamptz NOT NULL,
                    PRIMARY KEY (signup_id, day, period)
                );

                CREATE TABLE certificates (
                    signup_id           uuid PRIMARY KEY REFERENCES signups,
                    certificate_id      uuid NOT NULL UNIQUE,
                    status              integer NOT NULL,
                    minutes_attended    integer NOT NULL,
                    minutes_scheduled   integer NOT NULL,
                    sha256              text NOT NULL,
                    pdf                 bytea NOT NULL,
                    issued_at           timestamptz NOT NULL
                );

                -- Bodies that asked for course suggestions after their first tender or act, and what was suggested.
                CREATE TABLE suggestion_opt_ins (
                    siren           text PRIMARY KEY,
                    contact_email   text NOT NULL,
                    enabled_by      text NOT NULL,
                    enabled_at      timestamptz NOT NULL
                );
                CREATE TABLE suggestions (
                    siren           text NOT NULL,
                    eservice        text NOT NULL,
                    trigger_id      text NOT NULL,
                    courses         text[] NOT NULL,
                    suggested_at    timestamptz NOT NULL,
                    PRIMARY KEY (siren, eservice)
                );
                """),
        PostgresMigration(
            version: 101, name: "timers that failed for good",
            sql: """
                -- A timer whose firing fails for a reason retrying cannot cure (a refused move, an invalid notice) is
                -- set aside with that reason instead of being tried again every second.
                ALTER TABLE timers ADD COLUMN error text;
                """),
    ]
}
