-- The write model: the order aggregate (root row, its lines, its saga timeline) and the
-- idempotency keys of POST /api/v1/orders. Lines are a snapshot of inventory's names and prices
-- at placing time: later price changes never touch an order.
CREATE TABLE orders (
    id                  UUID        PRIMARY KEY,
    user_id             UUID        NOT NULL,
    status              TEXT        NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'CANCELLED')),
    cancellation_reason TEXT        CHECK (cancellation_reason IN ('OUT_OF_STOCK', 'PAYMENT_DECLINED', 'PAYMENT_FAILED', 'TIMEOUT')),
    total_minor         BIGINT      NOT NULL CHECK (total_minor >= 0),
    currency            CHAR(3)     NOT NULL,
    payment_id          UUID,
    deadline            TIMESTAMPTZ NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    version             BIGINT      NOT NULL,
    -- a reason exactly when cancelled: the aggregate guarantees it, the database keeps it so
    CONSTRAINT orders_reason_iff_cancelled CHECK ((status = 'CANCELLED') = (cancellation_reason IS NOT NULL))
);

-- The deadline job reads only what may time out; the partial index stays small.
CREATE INDEX orders_pending_deadline ON orders (deadline) WHERE status = 'PENDING';

CREATE TABLE order_line (
    order_id         UUID    NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line_no          INTEGER NOT NULL,
    product_id       UUID    NOT NULL,
    product_name     TEXT    NOT NULL,
    quantity         INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
    unit_price_minor BIGINT  NOT NULL CHECK (unit_price_minor >= 0),
    currency         CHAR(3) NOT NULL,
    PRIMARY KEY (order_id, line_no),
    UNIQUE (order_id, product_id)
);

-- Append-only: a step is never changed once written.
CREATE TABLE order_step (
    order_id UUID        NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    seq      INTEGER     NOT NULL,
    step     TEXT        NOT NULL,
    at       TIMESTAMPTZ NOT NULL,
    detail   TEXT,
    PRIMARY KEY (order_id, seq)
);

-- One row per (caller, Idempotency-Key): the primary key is what makes two concurrent requests with
-- one key create one order (the second insert waits for the first and then conflicts). The key row is
-- written before its order in the same transaction, so the foreign key is checked at commit.
CREATE TABLE idempotency_key (
    user_id         UUID        NOT NULL,
    idempotency_key TEXT        NOT NULL,
    request_hash    TEXT        NOT NULL,
    order_id        UUID        NOT NULL REFERENCES orders (id) DEFERRABLE INITIALLY DEFERRED,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);
