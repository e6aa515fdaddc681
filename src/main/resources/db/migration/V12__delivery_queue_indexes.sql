-- Delivery cost follows what is waiting, not the history (issue 15). DeliveryLedger.due() reads a destination's
-- PENDING rows (and its stale SENDING ones) in id order straight from this index, so delivered rows are never read.
CREATE INDEX ix_oru_delivery_queue ON oru_delivery (destination, status, id);
-- Per-patient order: "has this patient an earlier row not yet delivered?" is a lookup on the patient's undelivered
-- rows (status IN PENDING, SENDING, FAILED), not a walk through all the patient's delivered ones.
CREATE INDEX ix_oru_delivery_patient_open ON oru_delivery (destination, patient_key, status, id);
-- Orders with a delivery not yet accepted (result-poll's followed orders, open orders, the oldest undelivered age):
-- read from the undelivered statuses alone.
CREATE INDEX ix_oru_delivery_open_order ON oru_delivery (status, spot_order_id, created_at);
-- Superseded by the two indexes above (same leading columns, more of the query answered from the index).
DROP INDEX ix_oru_delivery_due;
DROP INDEX ix_oru_delivery_patient;
