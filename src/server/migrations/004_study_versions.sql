-- A study file edited while sessions exist: the definition it replaces is kept here, so the
-- results of sessions run under it can still be read against the steps and conditions they saw.
CREATE TABLE study_versions (
  study_id text NOT NULL REFERENCES studies (id),
  definition jsonb NOT NULL,
  replaced_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX study_versions_by_study ON study_versions (study_id, replaced_at);
