-- An order carrying a specimen barcode may go to Spot as a requisition (spotlink.requisitions.enabled): spot_kind
-- says which one spot_order_id names, 'order' or 'requisition'. A requisition id is a UUID (36 characters), so the
-- columns holding Spot's id grow to 64.
ALTER TABLE spot_order ADD COLUMN spot_kind VARCHAR(16) DEFAULT 'order' NOT NULL;
ALTER TABLE spot_order ALTER COLUMN spot_order_id SET DATA TYPE VARCHAR(64);
ALTER TABLE spot_kit ALTER COLUMN spot_order_id SET DATA TYPE VARCHAR(64);
ALTER TABLE oru_delivery ALTER COLUMN spot_order_id SET DATA TYPE VARCHAR(64);
