-- Fixture: records each run, so tests can check that a migration ran exactly once.
CREATE TABLE applied_log (note text NOT NULL);
INSERT INTO applied_log VALUES ('0002 ran');
