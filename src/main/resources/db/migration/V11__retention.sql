-- Retention (route retention-prune, io.spotlink.retention). content_pruned_at: when the PHI of a finished record
-- (the canonical order and MRN; the ORU text, ACK text and patient key) was removed; NULL while it is kept. The
-- record's metadata (ids, statuses, times, outcome) stays until its metadata clock runs out, then the row goes.
ALTER TABLE spot_order ADD COLUMN content_pruned_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE oru_delivery ADD COLUMN content_pruned_at TIMESTAMP WITH TIME ZONE;
-- The pruner's batches: rows whose content is still there by age (already pruned rows are not scanned again),
-- records by status and age, and an order's deliveries.
CREATE INDEX ix_spot_order_content_age ON spot_order (content_pruned_at, updated_at);
CREATE INDEX ix_spot_order_status_updated ON spot_order (status, updated_at);
CREATE INDEX ix_oru_delivery_content_age ON oru_delivery (content_pruned_at, delivered_at);
CREATE INDEX ix_oru_delivery_status_delivered ON oru_delivery (status, delivered_at);
CREATE INDEX ix_oru_delivery_spot_order ON oru_delivery (spot_order_id);
