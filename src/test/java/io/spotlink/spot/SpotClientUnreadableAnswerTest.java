package io.spotlink.spot;

import com.sun.net.httpserver.HttpServer;
import io.spotlink.spot.model.Address;
import io.spotlink.spot.model.CreateOrder;
import io.spotlink.spot.model.Order;
import io.spotlink.spot.model.Recipient;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A Spot that created the order but answered with a body Spotlink cannot read: the order id is kept, not failed. */
class SpotClientUnreadableAnswerTest {

    private HttpServer spot;
    private DefaultCamelContext camel;
    private final AtomicInteger creates = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        spot = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        spot.createContext("/api/v2/orders/", exchange -> {
            creates.incrementAndGet();
            byte[] body = "{\"order_id\":\"O1234567\",\"status\":\"pending\",\"kits\":[{\"kit_id\":"
                    .getBytes(StandardCharsets.UTF_8); // cut off mid-body, as a proxy might
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        spot.start();
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
        spot.stop(0);
    }

    @Test
    void aCreatedOrderWhoseAnswerCannotBeReadKeepsItsIdAndIsNotResent() {
        SpotClient client = new SpotClient(camel, new SpotClientConfig("http://127.0.0.1:" + spot.getAddress().getPort(),
                "key", Duration.ofSeconds(2), Duration.ofSeconds(2),
                new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5)), 10, Set.of()), d -> { });
        CreateOrder request = new CreateOrder(List.of("health_kit_1"), new Recipient("A", "B", "a@example.org",
                "4155550100", new Address("1 Main", null, "Austin", "TX", "US", "78701")), Map.of());

        Order created = client.createOrder(request, Optional::empty);

        assertThat(created.orderId()).isEqualTo("O1234567");
        assertThat(creates.get()).as("one create at Spot, not a retry").isEqualTo(1);
    }
}
