-- Baseline of the payments database, owned by payment-service alone. Features add their tables in V2 onwards.
comment on schema public is 'payment-service';
