-- result-poll at scale. spot_updated: Spot's own "updated" of the order when Spotlink last retrieved it, so a change
-- list (GET /orders/?updated_after=) leads to a retrieve only for the orders whose "updated" moved. checked_at: when
-- the order was last retrieved, so the reconciliation sweep takes the oldest-checked first.
ALTER TABLE spot_order ADD COLUMN spot_updated TIMESTAMP WITH TIME ZONE;
ALTER TABLE spot_order ADD COLUMN checked_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX ix_spot_order_checked ON spot_order (status, checked_at);

-- Watermarks of result-poll, by name: "change-list" is the start of the last cycle that read Spot's change list to
-- its end and retrieved every order it named; the next cycle lists from one day before it.
CREATE TABLE result_poll_state (
    name       VARCHAR(64) PRIMARY KEY,
    value_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
