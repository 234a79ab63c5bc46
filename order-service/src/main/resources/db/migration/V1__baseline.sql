-- Baseline of the orders database, owned by order-service alone. Features add their tables in V2 onwards.
comment on schema public is 'order-service';
