package io.spotlink.support;

import io.spotlink.sim.ExchangeObserver;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Fails any test during which a simulator started through {@link Simulators} saw a request, or gave an answer, that
 * Spot's contract ({@link SpotContract}) does not allow. Registered for every test (META-INF/services, with
 * junit.jupiter.extensions.autodetection.enabled); tests that start no simulator are not affected.
 */
public final class ContractViolations implements BeforeEachCallback, AfterEachCallback {

    private static final List<String> FOUND = new ArrayList<>();

    /** The observer {@link Simulators} gives every simulator. */
    static final ExchangeObserver OBSERVER = exchange -> {
        List<String> problems = SpotContract.check(exchange);
        if (!problems.isEmpty()) {
            synchronized (FOUND) {
                FOUND.addAll(problems);
            }
        }
    };

    /** The violations seen since the test began, and forgets them (for a test that expects some). */
    public static List<String> drain() {
        synchronized (FOUND) {
            List<String> found = List.copyOf(FOUND);
            FOUND.clear();
            return found;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        drain();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> found = drain();
        if (!found.isEmpty()) {
            throw new AssertionError("Spot contract violated (" + found.size() + "), first ones:\n  "
                    + String.join("\n  ", found.subList(0, Math.min(10, found.size()))));
        }
    }
}
