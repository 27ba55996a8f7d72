-- Which client address made each session, as a keyed hash (HMAC-SHA256 with the storage's own
-- secret, meta's address_key), never the address: the sessions of one address may store only
-- their share of the study together. Sessions made before are counted under no address.
ALTER TABLE sessions ADD COLUMN address_hash text;
CREATE INDEX sessions_by_address ON sessions (study_id, address_hash) WHERE address_hash IS NOT NULL;
