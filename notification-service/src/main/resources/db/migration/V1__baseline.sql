-- Baseline of the notifications database, owned by notification-service alone. Features add their tables in V2 onwards.
comment on schema public is 'notification-service';
