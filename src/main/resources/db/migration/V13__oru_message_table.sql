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

-- Fewer indexes that hold status: H2 rewrites an index entry only when one of its columns changed, and every status
-- change (PENDING -> SENDING -> DELIVERED) changed four. Now two:
-- - the queue, status first: due() reads a destination's PENDING (or SENDING) rows in id order from it, and "which
--   orders have an undelivered delivery" (result-poll's followed orders, open orders, the oldest-undelivered gauge
--   and alert) reads the undelivered statuses from it, so ix_oru_delivery_open_order is no longer needed;
-- - ix_oru_delivery_patient_open (destination, patient_key, status, id), the per-patient order check (kept).
-- Retention's "accepted before the cutoff" reads delivered_at alone: only an accepted row has one.
CREATE INDEX ix_oru_delivery_waiting ON oru_delivery (status, destination, id);
CREATE INDEX ix_oru_delivery_delivered_at ON oru_delivery (delivered_at);
DROP INDEX ix_oru_delivery_queue;
DROP INDEX ix_oru_delivery_open_order;
DROP INDEX ix_oru_delivery_status_delivered;
