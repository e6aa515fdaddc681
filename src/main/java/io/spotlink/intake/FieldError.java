package io.spotlink.intake;

/** One problem with one field of an order, e.g. {@code recipient.email: is required}. */
public record FieldError(String field, String message) {

    /** As the channels write it in JSON answers: {"field": ..., "message": ...}. */
    public java.util.Map<String, String> asMap() {
        return java.util.Map.of("field", field, "message", message);
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
