-- Responses API answers kept for `previous_response_id` and GET/DELETE /v1/responses/{id}.
-- `scope` is the virtual key id the request used (NULL when no key resolved): a key reads only its
-- own. `response` is the response object GET returns; `messages` the canonical conversation
-- (input and answer, without `instructions`, which OpenAI does not carry over) a follow-up continues.
CREATE TABLE responses (
  id         TEXT PRIMARY KEY,
  scope      TEXT,
  response   TEXT NOT NULL,
  messages   TEXT NOT NULL,
  created_at INTEGER NOT NULL, -- ms since the epoch
  expires_at INTEGER NOT NULL  -- ms since the epoch; expired rows are not served and are deleted lazily
);
CREATE INDEX responses_expiry ON responses (expires_at);
