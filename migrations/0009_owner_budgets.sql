-- Budgets for teams and customers (Bifrost's hierarchy): a virtual key's spend counts against its
-- own budget, its team's and its customer's (the key's, else its team's); the tightest refuses.
-- The counters live in a Durable Object per scope; these are the limits it is asked to enforce.
ALTER TABLE teams ADD COLUMN budget_max_usd REAL;
ALTER TABLE teams ADD COLUMN budget_reset TEXT;
ALTER TABLE customers ADD COLUMN budget_max_usd REAL;
ALTER TABLE customers ADD COLUMN budget_reset TEXT;

-- Isolates cache each key with its owners' budgets: a change to either drops the cache.
CREATE TRIGGER teams_insert_bumps AFTER INSERT ON teams
BEGIN UPDATE governance_generation SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER teams_update_bumps AFTER UPDATE ON teams
BEGIN UPDATE governance_generation SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER teams_delete_bumps AFTER DELETE ON teams
BEGIN UPDATE governance_generation SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER customers_insert_bumps AFTER INSERT ON customers
BEGIN UPDATE governance_generation SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER customers_update_bumps AFTER UPDATE ON customers
BEGIN UPDATE governance_generation SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER customers_delete_bumps AFTER DELETE ON customers
BEGIN UPDATE governance_generation SET generation = generation + 1 WHERE id = 1; END;
