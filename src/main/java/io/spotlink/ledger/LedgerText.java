package io.spotlink.ledger;

/** Texts stored in the ledger's bounded columns (errors, ACK texts: 2000 characters). */
public final class LedgerText {

    private static final int MAX = 2000;

    private LedgerText() {
    }

    public static String fit(String text) {
        return text == null || text.length() <= MAX ? text : text.substring(0, MAX - 3) + "...";
    }
}
