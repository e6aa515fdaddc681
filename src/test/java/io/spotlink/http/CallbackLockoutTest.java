package io.spotlink.http;

import io.spotlink.sim.SpotSimulator;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Guessing Spot's callback secret: after too many wrong secrets an address is refused for a while, even with the right one. */
class CallbackLockoutTest {

    @TempDir
    Path dir;

    @Test
    void anAddressIsLockedOutAfterRepeatedWrongSecrets() throws Exception {
        try (SpotSimulator sim = Simulators.start();
             RunningBundle bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.of(
                     "spotlink.results.poll-enabled", "false", "spotlink.callback.secret", "cb-secret",
                     "spotlink.callback.lockout-after", "3", "spotlink.callback.lockout-for", "10m"))) {
            for (int i = 0; i < 3; i++) {
                assertThat(callback(bundle, "wrong-" + i).statusCode()).isEqualTo(401);
            }
            HttpResponse<String> locked = callback(bundle, "cb-secret");
            assertThat(locked.statusCode()).isEqualTo(429);
            assertThat(locked.headers().firstValue("Retry-After")).isPresent();
            assertThat(locked.body()).contains("too many wrong callback secrets");
        }
    }

    @Test
    void theLockEndsAfterItsTimeAndARightSecretClearsTheCount() {
        Instant[] now = {Instant.parse("2026-12-01T10:00:00Z")};
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return now[0];
            }
        };
        FailedSecretLockout lockout = new FailedSecretLockout(2, Duration.ofMinutes(15), clock);
        lockout.failed("10.0.0.1");
        lockout.succeeded("10.0.0.1");
        lockout.failed("10.0.0.1");
        assertThat(lockout.lockedFor("10.0.0.1")).isEmpty();
        lockout.failed("10.0.0.1");
        assertThat(lockout.lockedFor("10.0.0.1")).hasValue(Duration.ofMinutes(15));
        assertThat(lockout.lockedFor("10.0.0.2")).isEmpty();
        now[0] = now[0].plus(Duration.ofMinutes(16));
        assertThat(lockout.lockedFor("10.0.0.1")).isEmpty();
    }

    private static HttpResponse<String> callback(RunningBundle bundle, String secret) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(bundle.baseUrl() + "/spot/callbacks"))
                .header("Content-Type", "application/json").header("X-Spot-Signature", secret)
                .POST(HttpRequest.BodyPublishers.ofString("{\"order_id\":\"O0000001\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
