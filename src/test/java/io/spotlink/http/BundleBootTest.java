package io.spotlink.http;

import io.spotlink.support.RunningBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BundleBootTest {

    @TempDir
    Path dir;

    @Test
    void bootsFromConfigAndRoutesAndRejectsABadOrderWithEveryProblem() throws Exception {
        try (RunningBundle bundle = RunningBundle.start(dir, "http://127.0.0.1:1", "k", Map.of())) {
            assertThat(bundle.context().getRoutes()).extracting(r -> r.getRouteId())
                    .contains("order-intake-http", "order-submit", "order-lookup-http");
            var response = bundle.post("/orders", "{\"source_order_id\":\"\",\"recipient\":{}}");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("\"recipient.first_name\"", "\"recipient.address\"",
                    "\"source_order_id\"", "\"test_codes\"");
            assertThat(bundle.post("/orders", "{not json").statusCode()).isEqualTo(400);
            assertThat(bundle.get("/orders/NOPE").statusCode()).isEqualTo(404);
        }
    }
}
