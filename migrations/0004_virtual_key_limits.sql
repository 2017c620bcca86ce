-- Budgets and rate limits per virtual key. The counters themselves live in a Durable Object per
-- key (exact under concurrency); these are the limits it is asked to enforce.
ALTER TABLE virtual_keys ADD COLUMN budget_max_usd REAL;
ALTER TABLE virtual_keys ADD COLUMN budget_reset TEXT;
ALTER TABLE virtual_keys ADD COLUMN token_max INTEGER;
ALTER TABLE virtual_keys ADD COLUMN token_window TEXT;
ALTER TABLE virtual_keys ADD COLUMN request_max INTEGER;
ALTER TABLE virtual_keys ADD COLUMN request_window TEXT;
