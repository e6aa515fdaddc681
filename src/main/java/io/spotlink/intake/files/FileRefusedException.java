package io.spotlink.intake.files;

import io.spotlink.intake.FieldError;

/** The whole file is refused before any of its orders is submitted: why, in words that never quote its content. */
public class FileRefusedException extends RuntimeException {

    private final transient FieldError error;

    public FileRefusedException(String message) {
        super(message);
        this.error = new FieldError("file", message);
    }

    public FieldError error() {
        return error;
    }
}
