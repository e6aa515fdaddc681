-- Who holds an order's claim while it is SUBMITTING: the instance id of the process calling Spot (host name plus a
-- random id per start). Rows claimed before this column existed keep NULL and are judged by their age alone.
ALTER TABLE spot_order ADD COLUMN claimed_by VARCHAR(128);

-- Every running instance writes its heartbeat here every few seconds. A SUBMITTING claim whose owner's heartbeat is
-- older than spotlink.intake.recovery.owner-timeout (or whose owner is absent) was left by a dead process, and
-- order-recover takes it over; a live instance's claims are never taken.
CREATE TABLE ledger_instance (
    instance_id     VARCHAR(128) PRIMARY KEY,
    heartbeat_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
