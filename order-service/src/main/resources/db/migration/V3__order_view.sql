-- The read model (CQRS), fed only by events: order-events for the orders, user-events for the names.
-- Nothing here is written by the request path, so listing orders never waits for, or calls, anyone.
CREATE TABLE user_name (
    user_id    UUID        PRIMARY KEY,
    name       TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE order_view (
    order_id            UUID        PRIMARY KEY,
    user_id             UUID        NOT NULL,
    user_name           TEXT,
    status              TEXT        NOT NULL,
    cancellation_reason TEXT,
    total_minor         BIGINT      NOT NULL,
    currency            CHAR(3)     NOT NULL,
    item_summary        TEXT        NOT NULL,
    item_count          INTEGER     NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);

-- "My orders, newest first" is the only query.
CREATE INDEX order_view_user_newest ON order_view (user_id, created_at DESC, order_id DESC);
