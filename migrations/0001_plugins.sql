-- The plugin sequence: one row per plugin, edited by the management API and synced from the
-- config file at startup (a higher config `version` wins; otherwise this table wins).
CREATE TABLE plugins (
  name        TEXT PRIMARY KEY,
  enabled     INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  placement   TEXT    NOT NULL CHECK (placement IN ('pre_builtin', 'builtin', 'post_builtin')),
  "order"     INTEGER NOT NULL DEFAULT 0,
  config      TEXT    NOT NULL DEFAULT '{}',
  version     INTEGER NOT NULL DEFAULT 1,
  config_hash TEXT    NOT NULL,
  is_custom   INTEGER NOT NULL DEFAULT 1 CHECK (is_custom IN (0, 1)),
  -- NULL: the plugin's own default (governance and auth plugins fail closed).
  fail_closed INTEGER CHECK (fail_closed IN (0, 1)),
  updated_at  TEXT    NOT NULL
);

-- Bumped by the triggers below in the same transaction as every change to `plugins`, whoever makes
-- it (the API, the startup sync, or a hand-written `wrangler d1 execute`); isolates compare it to
-- know when to rebuild their plugin set.
CREATE TABLE plugin_generation (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  generation INTEGER NOT NULL
);
INSERT INTO plugin_generation (id, generation) VALUES (1, 0);

CREATE TRIGGER plugins_insert_bumps_generation AFTER INSERT ON plugins
BEGIN UPDATE plugin_generation SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER plugins_update_bumps_generation AFTER UPDATE ON plugins
BEGIN UPDATE plugin_generation SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER plugins_delete_bumps_generation AFTER DELETE ON plugins
BEGIN UPDATE plugin_generation SET generation = generation + 1 WHERE id = 1; END;
