-- Baseline of the users database, owned by user-service alone. Features add their tables in V2 onwards.
comment on schema public is 'user-service';
