package io.spotlink.oru;

/** An ORU could not be built (bad input value, PDF not fetchable in ED mode). The caller dead-letters the report. */
public class OruBuildException extends RuntimeException {

    public OruBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
