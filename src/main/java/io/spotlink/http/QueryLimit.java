package io.spotlink.http;

/** The ?limit= of a list endpoint: a whole number from 1 to a ceiling, or the default when absent (400 otherwise). */
final class QueryLimit {

    private QueryLimit() {
    }

    static int parse(String text, int defaultLimit, int max) {
        if (text == null || text.isBlank()) {
            return defaultLimit;
        }
        int limit;
        try {
            limit = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > max) {
            throw HttpProblem.of(400, "limit must be a whole number from 1 to " + max);
        }
        return limit;
    }
}
