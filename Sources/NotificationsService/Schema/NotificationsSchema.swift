import Storage

/// The migrations of the `notifications` schema (versions ≥ 100; the runtime owns 1–99).
enum NotificationsSchema {
    static let migrations: [PostgresMigration] = [
        PostgresMigration(version: 100, name: "subscriptions and register", sql: subscriptions),
        PostgresMigration(version: 101, name: "notifications and suppressions", sql: notifications),
        PostgresMigration(version: 102, name: "digests and deferred events", sql: digests),
        PostgresMigration(version: 103, name: "subscription confirmation and tender buyers", sql: confirmation),
        PostgresMigration(version: 104, name: "notice calendar parts", sql: calendars),
    ]

    /// The `NOTIFY` channel the handlers ring when they queue a notice.
    static let wakeChannel = "notifications_due"

    private static let subscriptions = """
        CREATE TABLE subscriptions (
            subscription_id  uuid PRIMARY KEY,
            email            text NOT NULL,
            recipient_name   text,
            category         text NOT NULL DEFAULT 'tender-alerts',
            cpv_prefixes     text[] NOT NULL DEFAULT '{}',
            departements     text[] NOT NULL DEFAULT '{}',
            buyer_sirets     text[] NOT NULL DEFAULT '{}',
            procedures       text[] NOT NULL DEFAULT '{}',
            keywords         text[] NOT NULL DEFAULT '{}',
            mode             text NOT NULL CHECK (mode IN ('immediate', 'dailyDigest')),
            digest_hour      integer NOT NULL DEFAULT 8 CHECK (digest_hour BETWEEN 0 AND 23),
            created_at       timestamptz NOT NULL DEFAULT now(),
            unsubscribed_at  timestamptz
        );
        CREATE INDEX subscriptions_email ON subscriptions (email);
        CREATE INDEX subscriptions_active ON subscriptions (category) WHERE unsubscribed_at IS NULL;

        -- One-click unsubscribe tokens (RFC 8058), stored as their SHA-256: one issued with the subscription,
        -- one per optional mail sent.
        CREATE TABLE unsubscribe_tokens (
            token_hash       text PRIMARY KEY,
            subscription_id  uuid NOT NULL REFERENCES subscriptions ON DELETE CASCADE,
            issued_at        timestamptz NOT NULL DEFAULT now()
        );

        -- Who gets the mandatory notices of a tender (domain §2.4, §6.3).
        CREATE TABLE recipient_register (
            tender_id      uuid NOT NULL,
            kind           text NOT NULL CHECK (kind IN ('downloader', 'bidder')),
            entry_id       uuid NOT NULL,
            email          text NOT NULL,
            name           text,
            company        text,
            siret          text,
            bid_id         uuid,
            registered_at  timestamptz NOT NULL,
            PRIMARY KEY (tender_id, kind, entry_id)
        );
        CREATE INDEX recipient_register_time ON recipient_register (tender_id, registered_at);
        CREATE INDEX recipient_register_bid ON recipient_register (bid_id) WHERE bid_id IS NOT NULL;

        -- What the mandatory notices say about a tender, from its publication.
        CREATE TABLE tenders (
            tender_id     uuid PRIMARY KEY,
            reference     text NOT NULL,
            title         text NOT NULL,
            buyer_name    text NOT NULL,
            page_url      text NOT NULL,
            published_at  timestamptz NOT NULL DEFAULT now()
        );
        """

    private static let notifications = """
        CREATE TABLE notifications (
            notification_id      uuid PRIMARY KEY,
            idempotency_key      text NOT NULL UNIQUE,
            template             text NOT NULL,
            category             text NOT NULL,
            mandatory            boolean NOT NULL,
            channel              text NOT NULL DEFAULT 'email',
            recipient_email      text NOT NULL,
            recipient_name       text,
            subject              text NOT NULL,
            body                 text NOT NULL,
            headers              jsonb NOT NULL DEFAULT '[]',
            status               text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'softBounced',
                                     'hardBounced', 'failed', 'suppressed')),
            attempts             integer NOT NULL DEFAULT 0,
            next_attempt_at      timestamptz NOT NULL DEFAULT now(),
            sending_since        timestamptz,
            provider_message_id  text,
            last_error           text,
            in_app_fallback      boolean NOT NULL DEFAULT false,
            report_sent          boolean NOT NULL DEFAULT false,
            related_service      text NOT NULL,
            related_type         text NOT NULL,
            related_id           text NOT NULL,
            related_reference    text,
            tender_id            uuid,
            subscription_id      uuid,
            source_event_id      text NOT NULL,
            source_event_type    text,
            created_at           timestamptz NOT NULL DEFAULT now(),
            sent_at              timestamptz
        );
        CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status IN ('queued', 'softBounced');
        CREATE INDEX notifications_sending ON notifications (sending_since) WHERE status = 'sending';
        CREATE INDEX notifications_tender ON notifications (tender_id) WHERE tender_id IS NOT NULL;
        CREATE INDEX notifications_recipient ON notifications (recipient_email);

        -- Addresses that hard-bounced: no optional mail; mandatory notices fall back in-app.
        CREATE TABLE suppressions (
            email            text PRIMARY KEY,
            reason           text NOT NULL,
            notification_id  uuid,
            suppressed_at    timestamptz NOT NULL DEFAULT now()
        );
        """

    private static let digests = """
        -- Alerts waiting for a subscriber's daily digest (domain §6.2).
        CREATE TABLE digest_items (
            item_id          bigserial PRIMARY KEY,
            subscription_id  uuid NOT NULL REFERENCES subscriptions ON DELETE CASCADE,
            source_event_id  text NOT NULL,
            tender_id        uuid,
            line             text NOT NULL,
            queued_at        timestamptz NOT NULL DEFAULT now(),
            UNIQUE (subscription_id, source_event_id)
        );

        -- Events of other contexts received before their template exists, kept to be sent later.
        CREATE TABLE deferred_events (
            event_id     text PRIMARY KEY,
            event_type   text NOT NULL,
            payload      jsonb NOT NULL,
            received_at  timestamptz NOT NULL DEFAULT now()
        );
        """

    /// Double opt-in (issue 15): a subscription made without proof of its address waits, `confirmed_at` null,
    /// until the link of its confirmation mail is followed; the subscriptions that existed before were
    /// active, so they count as confirmed when they were created. The tenders remember their buyer's SIRET so
    /// the delivery-status routes can let the buyer's agents in (tenders seen before this stay operators-only).
    private static let confirmation = """
        ALTER TABLE subscriptions ADD COLUMN confirmed_at timestamptz;
        UPDATE subscriptions SET confirmed_at = created_at;
        CREATE INDEX subscriptions_confirmed ON subscriptions (category)
            WHERE unsubscribed_at IS NULL AND confirmed_at IS NOT NULL;
        CREATE INDEX subscriptions_pending ON subscriptions (created_at) WHERE confirmed_at IS NULL;

        -- Confirmation tokens, stored as their SHA-256 like unsubscribe_tokens: one issued each time the
        -- confirmation mail is sent, valid until expires_at.
        CREATE TABLE confirmation_tokens (
            token_hash       text PRIMARY KEY,
            subscription_id  uuid NOT NULL REFERENCES subscriptions ON DELETE CASCADE,
            issued_at        timestamptz NOT NULL DEFAULT now(),
            expires_at       timestamptz NOT NULL
        );
        CREATE INDEX confirmation_tokens_subscription ON confirmation_tokens (subscription_id);

        ALTER TABLE tenders ADD COLUMN buyer_siret text;
        """

    /// The iCalendar invitation of a notice request (training): kept with each notice row, so that every
    /// attempt of the delivery worker sends it as the mail's `text/calendar` part, byte for byte.
    private static let calendars = """
        ALTER TABLE notifications
            ADD COLUMN calendar_method text CHECK (calendar_method IN ('REQUEST', 'CANCEL')),
            ADD COLUMN calendar_text text,
            ADD CONSTRAINT notifications_calendar_whole CHECK ((calendar_method IS NULL) = (calendar_text IS NULL));
        """
}
