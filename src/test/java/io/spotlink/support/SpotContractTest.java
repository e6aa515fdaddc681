package io.spotlink.support;

import io.spotlink.sim.ExchangeObserver;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract check itself catches a bad request the client sent and a bad answer the simulator gave. */
class SpotContractTest {

    private static ExchangeObserver.Exchange exchange(String method, String path, String request, int status,
                                                      String response) {
        return new ExchangeObserver.Exchange(method, path, null, Map.of("Authorization", "Token k",
                "Content-Type", "application/json"), request.getBytes(StandardCharsets.UTF_8), status,
                "application/json", response.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCreateWithoutRecipientThatWasAcceptedIsARequestViolation() {
        assertThat(SpotContract.check(exchange("POST", "/api/v2/orders/", "{\"kit_types\":[\"k\"]}", 201,
                "{\"order_id\":\"O1\",\"status\":\"pending\",\"kits\":[]}")))
                .anyMatch(v -> v.contains("request") && v.contains("recipient"));
    }

    @Test
    void aNumericRangeMinimumIsAResponseViolationAndATextOneIsNot() {
        String kit = "{\"kit_id\":\"SPOT1\",\"type\":\"t\",\"status\":\"registered\",\"sample\":{\"reports\":[null,"
                + "{\"report_id\":\"R\",\"results\":[{\"result_type\":\"quantity\",\"result\":5,\"range_minimum\":%s,"
                + "\"range_maximum\":9}]}]}}";
        assertThat(SpotContract.check(exchange("GET", "/api/v2/kits/SPOT1/", "", 200, kit.formatted("1"))))
                .anyMatch(v -> v.contains("response"));
        assertThat(SpotContract.check(exchange("GET", "/api/v2/kits/SPOT1/", "", 200, kit.formatted("\"1\""))))
                .isEmpty();
    }
}
