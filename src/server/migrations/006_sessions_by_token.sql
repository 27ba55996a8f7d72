-- A page that made its session's token itself sends it again when its first request may have
-- been made but not answered (a dropped connection, a 503): the server finds that session by
-- the token's hash instead of making a second one for the same participant.
CREATE INDEX sessions_by_token ON sessions (study_id, token_hash);
