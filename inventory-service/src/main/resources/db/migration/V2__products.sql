-- The catalogue and its stock. stock is what can still be reserved (the API's "stock"); reserved is
-- what orders hold until they are confirmed (committed: gone for good) or cancelled (released: back
-- to stock). version goes up with every change of the row, reservations included.
CREATE TABLE product (
    id                 UUID        PRIMARY KEY,
    name               TEXT        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description        TEXT        CHECK (length(description) <= 2000),
    price_amount_minor BIGINT      NOT NULL CHECK (price_amount_minor >= 0),
    price_currency     TEXT        NOT NULL CHECK (price_currency ~ '^[A-Z]{3}$'),
    stock              INTEGER     NOT NULL,
    reserved           INTEGER     NOT NULL DEFAULT 0,
    version            BIGINT      NOT NULL DEFAULT 0,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    -- The last line of defence: whatever a bug in the code does, stock is never oversold.
    CONSTRAINT product_stock_not_negative CHECK (stock >= 0),
    CONSTRAINT product_reserved_not_negative CHECK (reserved >= 0)
);

-- The listing's order: oldest first, so pages stay put while products are added.
CREATE INDEX product_listing ON product (created_at, id);
