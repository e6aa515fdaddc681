package io.spotlink.spot;

import com.sun.net.httpserver.HttpServer;
import io.spotlink.spot.model.Address;
import io.spotlink.spot.model.CreateOrder;
import io.spotlink.spot.model.Order;
import io.spotlink.spot.model.Recipient;
import io.spotlink.support.SpotRoutes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A Spot that created the order but answered with a body Spotlink cannot read: the order id is kept, not failed. */
class SpotClientUnreadableAnswerTest {

    private HttpServer spot;
    private SpotRoutes routes;
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
    }

    @AfterEach
    void stop() {
        if (routes != null) {
            routes.close();
        }
        spot.stop(0);
    }

    @Test
    void aCreatedOrderWhoseAnswerCannotBeReadKeepsItsIdAndIsNotResent() {
        routes = SpotRoutes.start("http://127.0.0.1:" + spot.getAddress().getPort(), "key");
        SpotClient client = routes.client;
        CreateOrder request = new CreateOrder(List.of("health_kit_1"), new Recipient("A", "B", "a@example.org",
                "4155550100", new Address("1 Main", null, "Austin", "TX", "US", "78701")), Map.of());

        Order created = client.createOrder(request);

        assertThat(created.orderId()).isEqualTo("O1234567");
        assertThat(creates.get()).as("one create at Spot, not a retry").isEqualTo(1);
    }
}
