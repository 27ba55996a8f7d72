-- Studies, participant sessions and their events. The same SQL runs on PGlite and PostgreSQL.
CREATE TABLE studies (
  id text PRIMARY KEY,
  definition jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE meta (
  key text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE sessions (
  id text PRIMARY KEY,
  study_id text NOT NULL REFERENCES studies (id),
  participant text NOT NULL,
  condition text NOT NULL,
  assignment jsonb NOT NULL,
  token_hash text NOT NULL,
  ordinal integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_by_study ON sessions (study_id, condition);

-- The page makes each event's id: a retried batch hits the primary key and changes nothing.
CREATE TABLE events (
  id text PRIMARY KEY,
  session_id text NOT NULL REFERENCES sessions (id),
  seq bigint NOT NULL,
  type text NOT NULL,
  step text,
  wall text NOT NULL,
  mono double precision NOT NULL,
  data jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_by_session ON events (session_id, seq);
