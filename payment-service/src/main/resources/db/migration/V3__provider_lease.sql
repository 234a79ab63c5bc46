-- Who holds the lease on a payment's provider call: a token the work that makes the call carries.
-- With several instances, provider_call_at alone says when a lease was taken but not by whom, so a
-- holder could not renew its own lease between retries without also renewing someone else's.
ALTER TABLE payment ADD COLUMN provider_lease UUID;
