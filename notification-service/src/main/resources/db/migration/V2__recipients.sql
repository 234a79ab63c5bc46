-- Who a notification goes to: kept from user-events (UserRegistered, UserUpdated), so that mailing
-- never calls another service. updated_at is the time of the event that last changed the row, which
-- lets an older event that arrives late never overwrite a newer one.
CREATE TABLE recipient (
    user_id    UUID PRIMARY KEY,
    email      TEXT        NOT NULL,
    name       TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
