package io.spotlink.oru;

/** An encoded ORU failed HAPI validation; the message lists what, without the values. */
public class OruValidationException extends Exception {

    public OruValidationException(String message, Throwable cause) {
        super(message, cause);
    }

    public OruValidationException(String message) {
        super(message);
    }
}
