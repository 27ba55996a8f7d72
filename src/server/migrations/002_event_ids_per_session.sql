-- The page makes each event's id, so an id is the session's own: keyed by (session, id), one
-- participant's ids can't keep another's events out, and a retry still changes nothing.
ALTER TABLE events DROP CONSTRAINT events_pkey;
ALTER TABLE events ADD PRIMARY KEY (session_id, id);
