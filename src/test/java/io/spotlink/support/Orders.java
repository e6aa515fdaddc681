package io.spotlink.support;

import io.spotlink.intake.CanonicalOrder;
import io.spotlink.spot.model.Address;
import io.spotlink.spot.model.Recipient;

import java.util.List;
import java.util.Map;

/** Fictional, valid canonical orders for tests. The names and contacts are distinctive so log scans can find them. */
public final class Orders {

    public static final String FIRST = "Zerelda";
    public static final String LAST = "Quigglesworth";
    public static final String EMAIL = "zerelda.q@example.org";
    public static final String PHONE = "4155550187";
    public static final String STREET = "742 Evergreen Terrace";
    public static final String BIRTH_DATE = "1984-07-19";

    private Orders() {
    }

    public static CanonicalOrder valid(String sourceOrderId) {
        return new CanonicalOrder(sourceOrderId, "EPIC-TEST", List.of("LIPID"), List.of(),
                new Recipient(FIRST, LAST, EMAIL, "(415) 555-0187",
                        new Address(STREET, "Apt 4", "San Francisco", "CA", "US", "94105")),
                new CanonicalOrder.Patient("MRN-" + sourceOrderId, BIRTH_DATE, "F"),
                new CanonicalOrder.Provider("1234567893", "House", "Gregory"),
                Map.of("department", "cardiology"));
    }
}
