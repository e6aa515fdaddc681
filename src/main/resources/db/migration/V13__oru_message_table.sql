-- Issue 15: the ORU text in a table of its own. Every status change of a delivery (claim, outcome, release) used to
-- rewrite the whole row, 2 KB of message included; now it rewrites a row of ids, statuses and times. The text is
-- written once (with its delivery, in one transaction) and read when the row is claimed; retention deletes it when
-- the content clock runs out, and it goes with its delivery row.
CREATE TABLE oru_message (
    delivery_id     BIGINT PRIMARY KEY REFERENCES oru_delivery (id) ON DELETE CASCADE,
    message         TEXT NOT NULL
);
INSERT INTO oru_message (delivery_id, message) SELECT id, message FROM oru_delivery WHERE message IS NOT NULL;
ALTER TABLE oru_delivery DROP COLUMN message;
