-- Governance: customers own teams, teams own virtual keys. Keys are stored as SHA-256 hashes; the
-- plaintext is shown once, when the key is created.
CREATE TABLE customers (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE teams (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  customer_id TEXT REFERENCES customers (id) ON DELETE SET NULL,
  created_at  TEXT NOT NULL
);

CREATE TABLE virtual_keys (
  id                TEXT PRIMARY KEY,
  name              TEXT NOT NULL,
  key_hash          TEXT NOT NULL UNIQUE,
  key_prefix        TEXT NOT NULL,               -- first characters, to recognise a key in lists
  team_id           TEXT REFERENCES teams (id) ON DELETE SET NULL,
  customer_id       TEXT REFERENCES customers (id) ON DELETE SET NULL,
  is_active         INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  allowed_providers TEXT NOT NULL DEFAULT '[]',  -- JSON list; empty = all
  allowed_models    TEXT NOT NULL DEFAULT '[]',  -- JSON list of "provider/model" or "model"; empty = all
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
);

-- Isolates cache keys; this counter, bumped on every change, tells them to drop the cache.
CREATE TABLE governance_generation (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  generation INTEGER NOT NULL
);
INSERT INTO governance_generation (id, generation) VALUES (1, 0);

CREATE TRIGGER virtual_keys_insert_bumps AFTER INSERT ON virtual_keys
BEGIN UPDATE governance_generation SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER virtual_keys_update_bumps AFTER UPDATE ON virtual_keys
BEGIN UPDATE governance_generation SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER virtual_keys_delete_bumps AFTER DELETE ON virtual_keys
BEGIN UPDATE governance_generation SET generation = generation + 1 WHERE id = 1; END;
