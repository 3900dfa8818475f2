CREATE INDEX outbox_unsent ON outbox (created_at) WHERE sent_at IS NULL;
INSERT INTO applied_log VALUES ('0003 ran');
