-- The retention sweep deletes expired refresh families (their spent tokens go with them, ON DELETE
-- CASCADE) and forgotten login failures by age.
CREATE INDEX refresh_family_expires_at ON refresh_family (expires_at);
