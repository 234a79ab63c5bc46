-- Baseline of the inventory database, owned by inventory-service alone. Features add their tables in V2 onwards.
comment on schema public is 'inventory-service';
