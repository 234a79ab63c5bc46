-- Accounts, refresh-token families and the access-token denylist. The outbox table comes from
-- resilience-lib's own Flyway location (db/outbox).

CREATE TABLE account (
    id             UUID         PRIMARY KEY,
    email          VARCHAR(254) NOT NULL,   -- stored lower-case: one account per address, whatever the case
    name           VARCHAR(100) NOT NULL,
    password_hash  VARCHAR(255) NOT NULL,   -- Argon2id, PHC string format with its parameters
    roles          VARCHAR(100) NOT NULL,   -- comma-separated: USER, ADMIN
    registered_at  TIMESTAMPTZ  NOT NULL,
    version        BIGINT       NOT NULL
);
CREATE UNIQUE INDEX account_email_key ON account (lower(email));

-- One family per login; every refresh replaces the current token and spends the previous one.
CREATE TABLE refresh_family (
    id                  UUID        PRIMARY KEY,
    account_id          UUID        NOT NULL REFERENCES account (id),
    current_token_hash  CHAR(64)    NOT NULL UNIQUE,  -- SHA-256 hex of the opaque token; the token itself is never stored
    created_at          TIMESTAMPTZ NOT NULL,
    expires_at          TIMESTAMPTZ NOT NULL,
    revoked_at          TIMESTAMPTZ,
    revoked_because     VARCHAR(20),
    version             BIGINT      NOT NULL
);
CREATE INDEX refresh_family_account ON refresh_family (account_id);

-- Tokens that were rotated away: presenting one again is reuse, and revokes its family.
CREATE TABLE spent_refresh_token (
    token_hash  CHAR(64)    PRIMARY KEY,
    family_id   UUID        NOT NULL REFERENCES refresh_family (id) ON DELETE CASCADE,
    spent_at    TIMESTAMPTZ NOT NULL
);

-- The denylist: access tokens revoked before their exp. Rows past expires_at are useless and deleted.
CREATE TABLE revoked_access_token (
    jti         UUID        PRIMARY KEY,
    expires_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX revoked_access_token_revoked_at ON revoked_access_token (revoked_at);
CREATE INDEX revoked_access_token_expires_at ON revoked_access_token (expires_at);
