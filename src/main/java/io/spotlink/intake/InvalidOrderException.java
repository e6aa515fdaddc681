package io.spotlink.intake;

import java.util.List;

/** An order that could not even be read (bad JSON, wrong types): what was wrong, per field. */
public class InvalidOrderException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidOrderException(List<FieldError> errors) {
        super(errors.size() + " problem(s) reading the order: " + errors.stream().map(FieldError::field).toList());
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
