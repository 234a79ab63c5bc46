-- The retention sweep deletes idempotency keys by age (bulkhead.order.idempotency.key-retention).
CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at);
