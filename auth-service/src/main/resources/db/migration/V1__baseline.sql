-- Baseline of the auth database, owned by auth-service alone. Features add their tables in V2 onwards.
comment on schema public is 'auth-service';
