-- What an event's data counts against the storage limits, as the server counted it when it
-- stored it (the length of its JSON as received). Counted again from jsonb's own text after a
-- restart, the same data came out at another size (spaces, characters against UTF-16 units),
-- so a session refused at its limit was let through again. Older rows keep that estimate.
ALTER TABLE events ADD COLUMN data_chars integer;
UPDATE events SET data_chars = length(data::text);
ALTER TABLE events ALTER COLUMN data_chars SET NOT NULL;
