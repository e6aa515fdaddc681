package io.spotlink.intake.jms;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The one JMS user of the embedded broker (and the client's login to an external one). When none is configured the
 * embedded broker gets a random password at start: kept in memory only, never logged, so the bundle works with no
 * extra step and nobody can connect without being given credentials.
 */
public record JmsCredentials(String username, String password) {

    static final String DEFAULT_USERNAME = "spotlink";

    /** The configured user and password, each generated when not given. */
    public static JmsCredentials orGenerated(Optional<String> username, Optional<String> password) {
        return new JmsCredentials(username.orElse(DEFAULT_USERNAME), password.orElseGet(JmsCredentials::randomPassword));
    }

    private static String randomPassword() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "JmsCredentials[username=" + username + ", password=****]";
    }
}
