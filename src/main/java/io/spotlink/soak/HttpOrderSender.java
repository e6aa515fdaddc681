package io.spotlink.soak;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * POST /orders, resent on 5xx, 409 (a copy still in flight), a timeout or a refused connection. With several
 * instances the attempts go round them, as a load balancer would spread them.
 */
final class HttpOrderSender {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final java.util.List<URI> instances;
    private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();

    HttpOrderSender(java.util.List<Integer> ports) {
        this.instances = ports.stream().map(p -> URI.create("http://127.0.0.1:" + p + "/orders")).toList();
    }

    Resender.Outcome attempt(SoakOrder order, StringBuilder detail) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                instances.get(Math.floorMod(next.getAndIncrement(), instances.size()))).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(order.json()))
                .build(), HttpResponse.BodyHandlers.ofString());
        int status = answer.statusCode();
        detail.append("HTTP ").append(status);
        if (status == 200 || status == 201) {
            return Resender.Outcome.ACCEPTED;
        }
        return status == 400 || status == 413 || status == 415 ? Resender.Outcome.REFUSED : Resender.Outcome.RETRY;
    }
}
