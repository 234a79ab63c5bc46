-- Idempotent consumption (dev.bulkhead.resilience.consumer.ProcessedEvents). Added to every
-- service's Flyway locations by ConsumerAutoConfiguration. Repeatable and idempotent on purpose: it
-- never takes a version number from the service's own migrations; change it only additively.
CREATE TABLE IF NOT EXISTS bulkhead_processed_event (
    consumer      TEXT        NOT NULL,
    event_id      UUID        NOT NULL,
    processed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
-- The retention sweep deletes claims by age (bulkhead.consumer.processed-retention).
CREATE INDEX IF NOT EXISTS bulkhead_processed_event_processed_at ON bulkhead_processed_event (processed_at);
