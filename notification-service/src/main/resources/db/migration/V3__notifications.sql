-- One notification per event (event_id UNIQUE backs the processed-event claim). Delivery is the
-- e-mail state: RECORDED until it is mailed (or for good when no SMTP server is configured), SENT,
-- or FAILED after the last allowed attempt. next_attempt_at is when the mail sweep may take a
-- RECORDED row next: a retry's backoff, or the lease of the sweep that is sending it right now.
CREATE TABLE notification (
    id              UUID PRIMARY KEY,
    seq             BIGINT GENERATED ALWAYS AS IDENTITY,
    user_id         UUID        NOT NULL,
    event_id        UUID        NOT NULL UNIQUE,
    kind            TEXT        NOT NULL
        CHECK (kind IN ('WELCOME', 'ORDER_CONFIRMED', 'ORDER_CANCELLED', 'PAYMENT_REFUNDED')),
    subject         TEXT        NOT NULL,
    body            TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    delivery        TEXT        NOT NULL CHECK (delivery IN ('RECORDED', 'SENT', 'FAILED')),
    sent_at         TIMESTAMPTZ,
    attempts        INTEGER     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at TIMESTAMPTZ,
    last_error      TEXT,
    CHECK ((delivery = 'SENT') = (sent_at IS NOT NULL))
);

-- A user's own list, newest first (seq breaks ties between equal timestamps).
CREATE INDEX notification_by_user ON notification (user_id, created_at DESC, seq DESC);

-- What the mail sweep looks for; SENT and FAILED rows never need it.
CREATE INDEX notification_due ON notification (next_attempt_at) WHERE delivery = 'RECORDED';
