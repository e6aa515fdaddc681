package io.spotlink.sim;

import java.util.Properties;

/**
 * Shares of orders and kits that do not end in a result, as at Spot (probabilities 0..1, drawn from the seed): the
 * order canceled while its kits are out; a kit canceled, or lost on its way to the patient; a sample that could not
 * be collected, was lost on its way to the lab, or was canceled at the lab. With {@code replacement} on, Spot sends a
 * new kit of the same type when a kit or sample fails (not when it is canceled), and that kit results normally.
 * The kit shares are exclusive: their sum is the share of kits that fail.
 */
public record SimExceptions(double orderCanceled, double kitCanceled, double kitDeliveryException,
                            double sampleCollectionException, double sampleDeliveryException, double sampleCanceled,
                            boolean replacement) {

    public static final SimExceptions NONE = new SimExceptions(0, 0, 0, 0, 0, 0, true);

    public SimExceptions {
        double kits = kitCanceled + kitDeliveryException + sampleCollectionException + sampleDeliveryException
                + sampleCanceled;
        if (orderCanceled < 0 || orderCanceled > 1 || kitCanceled < 0 || kitDeliveryException < 0
                || sampleCollectionException < 0 || sampleDeliveryException < 0 || sampleCanceled < 0 || kits > 1) {
            throw new IllegalArgumentException("sim.exception.* rates must be 0..1, and the kit rates at most 1 "
                    + "together");
        }
    }

    static SimExceptions fromProperties(Properties p) {
        return new SimExceptions(rate(p, "sim.exception.order-canceled-rate"), rate(p, "sim.exception.kit-canceled-rate"),
                rate(p, "sim.exception.kit-delivery-rate"), rate(p, "sim.exception.sample-collection-rate"),
                rate(p, "sim.exception.sample-delivery-rate"), rate(p, "sim.exception.sample-canceled-rate"),
                Boolean.parseBoolean(p.getProperty("sim.exception.replacement", "true").trim()));
    }

    /** Whether any share is set: with none, planning draws nothing more, so a seed replays as before. */
    boolean any() {
        return orderCanceled > 0 || kitCanceled > 0 || kitDeliveryException > 0 || sampleCollectionException > 0
                || sampleDeliveryException > 0 || sampleCanceled > 0;
    }

    /** The kit failure a draw from 0..1 falls on, or null for a kit that results. */
    SimFailure kitFailure(double draw) {
        double[] shares = {kitCanceled, kitDeliveryException, sampleCollectionException, sampleDeliveryException,
                sampleCanceled};
        double upTo = 0;
        for (int i = 0; i < shares.length; i++) {
            upTo += shares[i];
            if (draw < upTo) {
                return SimFailure.values()[i];
            }
        }
        return null;
    }

    private static double rate(Properties p, String key) {
        return Double.parseDouble(p.getProperty(key, "0").trim());
    }
}
