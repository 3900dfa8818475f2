-- Fixture: the transactional outbox of a service. Unqualified names land in the service schema.
CREATE TABLE outbox (
    id uuid PRIMARY KEY,
    topic text NOT NULL,
    payload jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz
);
