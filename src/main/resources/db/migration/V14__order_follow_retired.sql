-- Issue 15: the result poll's sweep reads only the orders it may still follow. An order that finished at Spot and
-- whose watch period passed is marked retired once (FollowUpLedger.retireFinished), and the sweep walks the index
-- below from the not-retired ones, so its cost follows the open orders, not months of finished ones. A retrieve
-- that sees Spot's "updated" move brings an order back.
ALTER TABLE spot_order ADD COLUMN follow_retired BOOLEAN DEFAULT FALSE NOT NULL;
CREATE INDEX ix_spot_order_sweep ON spot_order (status, follow_retired, checked_at, id);
