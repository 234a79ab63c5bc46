-- One payment per order (order_id is UNIQUE: the database, not only the code, refuses a second one).
-- A payment is the join of two streams that arrive in either order: order-events' OrderCreated (who,
-- how much, which card token) and inventory-events' StockReserved (go ahead). The *_at columns of
-- what was seen double as the join's flags.
CREATE TABLE payment (
    id                  UUID PRIMARY KEY,
    order_id            UUID        NOT NULL UNIQUE,
    user_id             UUID,        -- null while only StockReserved has been seen
    amount_minor        BIGINT      CHECK (amount_minor >= 0),
    currency            TEXT        CHECK (currency ~ '^[A-Z]{3}$'),
    payment_token       TEXT,
    status              TEXT        NOT NULL CHECK (status IN (
                            'AWAITING_ORDER', 'AWAITING_STOCK', 'CANCELLED', 'CHARGE_REQUESTED',
                            'CHARGED', 'DECLINED', 'FAILED', 'REFUND_REQUESTED', 'REFUNDED')),
    order_created_at    TIMESTAMPTZ,
    stock_reserved_at   TIMESTAMPTZ,
    order_cancelled_at  TIMESTAMPTZ,
    cancellation_reason TEXT,
    charge_requested_at TIMESTAMPTZ,
    charged_at          TIMESTAMPTZ,
    charge_reference    TEXT,
    failure_reason      TEXT        CHECK (failure_reason IN ('DECLINED', 'PROVIDER_ERROR')),
    failed_at           TIMESTAMPTZ,
    refund_requested_at TIMESTAMPTZ,
    refunded_at         TIMESTAMPTZ,
    refund_reference    TEXT,
    -- When a provider call for this payment was last scheduled or started: the lease the sweep
    -- honours before it re-submits a charge or refund that no instance seems to be working on.
    provider_call_at    TIMESTAMPTZ,
    provider_attempts   INTEGER     NOT NULL DEFAULT 0,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    CONSTRAINT charged_has_reference CHECK (charged_at IS NULL OR charge_reference IS NOT NULL),
    CONSTRAINT refunded_has_reference CHECK (refunded_at IS NULL OR refund_reference IS NOT NULL)
);

-- What the sweep looks for: provider work whose lease ran out. Small, because settled payments leave it.
CREATE INDEX payment_provider_work ON payment (provider_call_at)
    WHERE status IN ('CHARGE_REQUESTED', 'REFUND_REQUESTED');

-- A customer's own payments (GET /api/v1/payments).
CREATE INDEX payment_user ON payment (user_id, order_id);
