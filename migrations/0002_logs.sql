-- One row per request, written in batches by the logging built-in (client.enable_logging).
CREATE TABLE logs (
  id              TEXT    PRIMARY KEY,          -- the request id
  created_at      INTEGER NOT NULL,             -- ms since the epoch, when the request arrived
  method          TEXT    NOT NULL,
  path            TEXT    NOT NULL,
  provider        TEXT,
  model           TEXT,
  requested_model TEXT,
  virtual_key     TEXT,
  status          INTEGER NOT NULL,
  stream          INTEGER NOT NULL DEFAULT 0,
  latency_ms      INTEGER NOT NULL,
  input_tokens    INTEGER,
  output_tokens   INTEGER,
  cost            REAL,
  fallback_index  INTEGER NOT NULL DEFAULT 0,
  cache_hit       INTEGER NOT NULL DEFAULT 0,
  error_type      TEXT,
  error_message   TEXT,
  request_body    TEXT,                         -- NULL when client.disable_content_logging
  response_text   TEXT,                         -- NULL when client.disable_content_logging
  headers         TEXT                          -- JSON of client.logging_headers, never secrets
);
CREATE INDEX logs_created ON logs (created_at DESC, id DESC);
CREATE INDEX logs_provider ON logs (provider, created_at DESC);
CREATE INDEX logs_model ON logs (model, created_at DESC);
CREATE INDEX logs_virtual_key ON logs (virtual_key, created_at DESC);
CREATE INDEX logs_status ON logs (status, created_at DESC);
