package io.spotlink.config;

import java.util.List;

/** The settings cannot work; the message names every problem, one per line. */
public final class InvalidSettingsException extends IllegalStateException {

    private final List<String> problems;

    public InvalidSettingsException(List<String> problems) {
        super("Spotlink cannot start; fix these settings (config/application.properties or the environment):\n - "
                + String.join("\n - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
