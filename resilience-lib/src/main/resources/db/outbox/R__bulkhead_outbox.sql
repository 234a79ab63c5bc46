-- The transactional outbox of resilience-lib (dev.bulkhead.resilience.outbox). Added to every
-- service's Flyway locations by OutboxAutoConfiguration. Repeatable and idempotent on purpose: it
-- never takes a version number from the service's own migrations; change it only additively.
CREATE TABLE IF NOT EXISTS bulkhead_outbox (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic         TEXT        NOT NULL,
    message_key   TEXT        NOT NULL,
    payload       TEXT        NOT NULL,
    traceparent   TEXT,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at  TIMESTAMPTZ,
    attempts      INTEGER     NOT NULL DEFAULT 0,
    last_error    TEXT
);

-- What the relay reads, oldest first; stays small because published rows leave it.
CREATE INDEX IF NOT EXISTS bulkhead_outbox_pending ON bulkhead_outbox (id) WHERE published_at IS NULL;
-- Housekeeping deletes published rows past their retention.
CREATE INDEX IF NOT EXISTS bulkhead_outbox_published ON bulkhead_outbox (published_at) WHERE published_at IS NOT NULL;
