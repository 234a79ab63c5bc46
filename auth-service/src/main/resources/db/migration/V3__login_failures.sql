-- Failed logins per account, shared by every instance of auth-service: the back-off that follows them
-- holds whichever instance the next attempt reaches. Keyed by the SHA-256 of the normalised email, for
-- addresses with no account as well (so the back-off says nothing about which accounts exist), and
-- without storing addresses nobody registered.
CREATE TABLE login_failure (
    account_key     CHAR(64)    PRIMARY KEY,
    failures        INT         NOT NULL,
    last_failed_at  TIMESTAMPTZ NOT NULL,
    blocked_until   TIMESTAMPTZ
);
CREATE INDEX login_failure_last_failed_at ON login_failure (last_failed_at);
