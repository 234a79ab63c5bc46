-- What the saga reserved per order, all lines or none. One row per order, ever: it is also how a
-- redelivered or late OrderCreated is recognised (a cancelled-first order leaves a RELEASED row
-- without lines, so its OrderCreated reserves nothing).
CREATE TABLE reservation (
    order_id   UUID        PRIMARY KEY,
    status     TEXT        NOT NULL CHECK (status IN ('RESERVED', 'COMMITTED', 'RELEASED', 'REJECTED')),
    reason     TEXT        CHECK (reason IN ('OUT_OF_STOCK', 'UNKNOWN_PRODUCT')),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT reservation_reason_only_when_rejected CHECK ((status = 'REJECTED') = (reason IS NOT NULL))
);

-- The lines as the order asked for them (merged per product). No foreign key to product: a rejected
-- order may name a product that does not exist.
CREATE TABLE reservation_line (
    order_id   UUID    NOT NULL REFERENCES reservation (order_id),
    product_id UUID    NOT NULL,
    quantity   INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, product_id)
);
