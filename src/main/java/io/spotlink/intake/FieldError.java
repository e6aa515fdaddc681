package io.spotlink.intake;

/** One problem with one field of an order, e.g. {@code recipient.email: is required}. */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
