-- A user's profile: created from auth-service's UserRegistered, then edited by its owner.
-- email is a copy for display; auth-service owns credentials and the address used to log in.
CREATE TABLE profile (
    id                  UUID PRIMARY KEY,
    email               TEXT        NOT NULL,
    name                TEXT        NOT NULL,
    address_line1       TEXT,
    address_line2       TEXT,
    address_city        TEXT,
    address_postal_code TEXT,
    address_country     TEXT,
    registered_at       TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    version             BIGINT      NOT NULL
);
